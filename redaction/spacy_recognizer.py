"""Presidio's spaCy recognizer, minus two misreadings of the small English model.

* The first word of a list item ("• Treat the fever", "2. Take the medicine", "- Yellowing of the skin")
  is capitalised because it starts the item, and the small model often calls it a PERSON. A lone word
  there, followed by a lower-case word, is the start of a sentence, not a name.
* A "name" made mostly of lower-case words ("Vui lòng liên hệ với") is a misread sentence.
* A PERSON that runs on past a dash, comma or colon into digits ("Ana Okafor- 617- 555- 0134") ends before
  them: the postprocessor drops spans with digits, and the name would go with it.
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
        results = [cut_before_digits(text, r) for r in super().analyze(text, entities, nlp_artifacts)]
        cases = case_map(text)
        return [
            r
            for r in results
            if r is not None and not misread(text, r.start, r.end, r.entity_type) and not cases.caseless(r.start)
        ]


def cut_before_digits(text: str, result: RecognizerResult) -> RecognizerResult | None:
    """A PERSON span ended before its first word holding a digit; None when no name word is left."""
    if result.entity_type != "PERSON":
        return result
    digit = next((i for i in range(result.start, result.end) if text[i].isdigit()), None)
    if digit is None:
        return result
    end = digit
    while end > result.start and text[end - 1].isalnum():
        end -= 1  # back to the start of the word holding the digit
    gap_end = end
    while end > result.start and not text[end - 1].isalpha():
        end -= 1  # and past the dash or comma before it
    if end == result.start:
        return None
    if not text[end:gap_end].strip():
        return result  # "Nasal Cannula 5 lpm": no punctuation sets a number apart from a name
    result.end = end
    return result


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
