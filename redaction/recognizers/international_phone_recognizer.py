"""Telephone numbers written with an international prefix: ``+44 20 7946 0958``, ``0049 30 1234567``.

The regular expression only finds where such a number may start; Google's numbering plan (the
``phonenumbers`` package, offline metadata) decides where it ends and whether the country, length and
number range are real. National formats stay with ClinicalPhoneRecognizer (US numbers) on purpose: a
national-format matcher for every region reads doses, times and lab values as phone numbers.
"""

from __future__ import annotations

import phonenumbers
from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

# A region whose international call prefix is "00", so that "0044 20 ..." parses as well as "+44 20 ...".
PARSE_REGION = "GB"
VALID_SCORE = 0.85  # a number the plan holds as assigned, written with its country code
POSSIBLE_SCORE = 0.4  # right length for the country, but in no assigned range: a reviewer decides


@register
class InternationalPhoneRecognizer(ClinicalPatternRecognizer):
    """``+44 20 7946 0958``, ``+49 (0)30 1234567``, ``+33 1 42 68 53 00``, ``0044 20 7946 0958``.

    Scores: 0.85 for a number in an assigned range (1.0 after a word such as "phone" or "call"); 0.4 for
    one of the right length in no assigned range ("+44 7700 900123"), left to a reviewer.
    """

    ENTITY = "PHONE_NUMBER"
    # Where an international number may start: "+" or "00", then a country code (never 0).
    PATTERNS = [Pattern("international prefix", r"(?<![\w+])(?:\+|00)[ \t]?\(?[1-9]", VALID_SCORE)]
    CONTEXT = ["phone", "tel", "telephone", "call", "cell", "mobile", "whatsapp", "number", "reach", "reached"]

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None, regex_flags: int | None = None
    ) -> list[RecognizerResult]:
        """Numbers the numbering plan recognises, where a "+" or "00" prefix starts them."""
        if not any(compiled.search(text) for _, compiled in self._compiled):
            return []  # the matcher costs far more than this scan; most notes hold no "+" number
        results = []
        for match in phonenumbers.PhoneNumberMatcher(text, PARSE_REGION, leniency=phonenumbers.Leniency.POSSIBLE):
            if not match.raw_string.lstrip("(").startswith(("+", "00")):
                continue  # a national format: ClinicalPhoneRecognizer's, or a dose, time or lab value
            score = self.score_number(match.number, match.raw_string)
            if score > 0 and self.has_context(text, match.start):
                score = min(1.0, score + self.CONTEXT_BOOST)
            if score > 0:
                results.append(self._result(match.start, match.end, score))
        return results

    @staticmethod
    def score_number(number: phonenumbers.PhoneNumber, raw: str) -> float:
        """High for an assigned number; low for a merely possible one after "+"; none after a bare "00"."""
        if phonenumbers.is_valid_number(number):
            return VALID_SCORE
        # "0030 0100" are times; a "00" number must be valid to count.
        return POSSIBLE_SCORE if raw.startswith("+") else 0.0
