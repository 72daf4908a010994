"""Presidio's spaCy recognizer, minus two misreadings of the small English model.

* The first word of a list item ("• Treat the fever", "2. Take the medicine", "- Yellowing of the skin")
  is capitalised because it starts the item, and the small model often calls it a PERSON. A lone word
  there, followed by a lower-case word, is the start of a sentence, not a name.
* A "name" made mostly of lower-case words ("Vui lòng liên hệ với") is a misread sentence.
* Nothing on a caseless line (all capitals or all lower case, :mod:`redaction.casing`): there the small
  model reads case habits ("GALLSTONE PANCREATITIS" as a person), and the cue recognizers take over.

The checks run inside the recognizer, before Presidio removes results contained in others: a dropped
spaCy span then leaves in place what a kit recognizer found inside it ("Maria called" -> NameCue's
"Maria").
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from redaction.casing import case_map

# A list marker at the start of a line: bullet glyphs, dashes, asterisks, "2." / "2)".
_ITEM_START = re.compile(r"(?:^|\n)[ \t]*(?:[-*•◦▪‣·–—]|\d{1,2}[.)])[ \t]*$")
_GLYPHS = "-*•◦▪‣·–— \t"
_NEXT_WORD_LOWER = re.compile(r"[ \t]+\p{Ll}")
# Lower-case words that belong inside names ("Ludwig van Beethoven", "Maria de la Cruz").
NAME_PARTICLES = frozenset(
    "van von der den de da das dos del della di du la le bin ibn al el ten ter y e und st".split()
)


class KitSpacyRecognizer(SpacyRecognizer):
    """``SpacyRecognizer`` that drops list-item first words and lower-case runs (see module docstring)."""

    def __init__(self, supported_entities: list[str]) -> None:
        super().__init__(supported_entities=supported_entities, name="SpacyRecognizer")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """The entities spaCy found, less the misreadings."""
        results = super().analyze(text, entities, nlp_artifacts)
        cases = case_map(text)
        return [r for r in results if not misread(text, r.start, r.end, r.entity_type) and not cases.caseless(r.start)]


def misread(text: str, start: int, end: int, entity_type: str) -> bool:
    """True when the span is a list item's first word (PERSON) or mostly lower-case words (any type)."""
    while start < end and text[start] in _GLYPHS:
        start += 1  # "• Treat": the glyph is part of spaCy's entity
    words = text[start:end].split()
    if not words:
        return True
    if entity_type == "PERSON" and len(words) == 1 and _ITEM_START.search(text, max(0, start - 12), start):
        return bool(_NEXT_WORD_LOWER.match(text, end))
    lower = [w for w in words if w[:1].islower() and w.lower() not in NAME_PARTICLES]
    return len(words) >= 2 and len(lower) * 2 > len(words)
