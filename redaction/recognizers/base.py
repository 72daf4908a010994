"""Base class for the kit's regular-expression recognizers.

Differences from Presidio's ``PatternRecognizer``, each for a reason:

* patterns are case-sensitive unless they say ``(?i)``: capitalisation is evidence in clinical text;
* a named group ``phi`` narrows the span, so a label such as ``MRN:`` can anchor a match without being
  redacted itself;
* context words are looked up in a character window before the match (no lemmas needed), and the boost
  is applied here, so Presidio's lemma-based enhancer leaves these results alone.
"""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.casing import case_map

_WORD = re.compile(r"[a-z]+")


class ClinicalPatternRecognizer(PatternRecognizer):
    """A pattern recognizer configured by class attributes.

    Subclasses set ``ENTITY``, ``PATTERNS`` and optionally ``CONTEXT`` and override ``validate_result``
    (True: certain, False: drop, None: keep the pattern's score).
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[list[Pattern]] = []
    CONTEXT: ClassVar[list[str]] = []
    FLAGS: ClassVar[int] = re.MULTILINE
    CONTEXT_WINDOW: ClassVar[int] = 40  # characters before the match searched for context words
    CONTEXT_BOOST: ClassVar[float] = 0.35
    # True for recognizers that read capital letters as evidence: their results on caseless lines (all caps,
    # all lower case) are dropped here, before Presidio's de-duplication could let them hide better ones.
    CASE_SENSITIVE: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__(
            supported_entity=self.ENTITY,
            patterns=list(self.PATTERNS),
            context=list(self.CONTEXT),
            name=type(self).__name__,
            global_regex_flags=self.FLAGS,
        )
        self._compiled = [(p, re.compile(p.regex, self.FLAGS)) for p in self.patterns]
        self._context = frozenset(w.lower() for w in self.CONTEXT)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Run every pattern over ``text``; see the module docstring for the rules."""
        found: dict[tuple[int, int], RecognizerResult] = {}
        for pattern, compiled in self._compiled:
            for match in compiled.finditer(text):
                start, end = match.span("phi") if "phi" in compiled.groupindex else match.span()
                if start < 0 or start == end:
                    continue
                score = self._score(text, start, end, pattern.score)
                if score <= 0:
                    continue
                previous = found.get((start, end))
                if previous is None or previous.score < score:
                    found[(start, end)] = self._result(start, end, score)
        return self.case_gate(text, list(found.values()))

    def case_gate(self, text: str, results: list[RecognizerResult]) -> list[RecognizerResult]:
        """Drop a case-sensitive recognizer's results that lie on caseless lines (see ``CASE_SENSITIVE``)."""
        if not self.CASE_SENSITIVE or not results:
            return results
        cases = case_map(text)
        return [r for r in results if not cases.caseless(r.start)]

    def reject(self, text: str, start: int, end: int) -> bool:
        """Hook for subclasses: True drops a match because of what surrounds it."""
        return False

    def _score(self, text: str, start: int, end: int, base: float) -> float:
        if self.reject(text, start, end):
            return 0.0
        value = text[start:end]
        valid = self.validate_result(value)
        if valid is False or self.invalidate_result(value):
            return 0.0
        if valid is True:
            return 1.0
        if self._context and self.has_context(text, start):
            return min(1.0, base + self.CONTEXT_BOOST)
        return base

    def has_context(self, text: str, start: int) -> bool:
        """True when a context word occurs in the window before ``start``."""
        window = text[max(0, start - self.CONTEXT_WINDOW) : start].lower()
        return any(word in self._context for word in _WORD.findall(window))

    def _result(self, start: int, end: int, score: float) -> RecognizerResult:
        return weighed_result(self, self.ENTITY, start, end, score)


def weighed_result(recognizer: EntityRecognizer, entity: str, start: int, end: int, score: float) -> RecognizerResult:
    """A result marked as already weighed for context, so Presidio's context enhancer leaves it alone."""
    return RecognizerResult(
        entity_type=entity,
        start=start,
        end=end,
        score=score,
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: recognizer.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
        },
    )
