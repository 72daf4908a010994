"""US state names, and USPS state codes where an address shows them."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.city_recognizer import CITY_WORDS, LIVES_WITH, SAFE_CODE, STATE_CODE, STATE_NAMES


@register
class StateRecognizer(ClinicalPatternRecognizer):
    """State names; codes in ``Boston, MA 02118`` and ``lives in Salem, OR`` (not "OR" the room)."""

    CASE_SENSITIVE = True

    ENTITY = "STATE"
    PATTERNS = [
        Pattern("state name", rf"(?<![\w-]){STATE_NAMES}(?![\w-])", 0.6),
        Pattern(
            "code after city",
            # After a town's name ("Hartford, CT"), not after a clinical word ("febrile, CT surgery").
            rf"(?<=(?:[A-Z][a-z'’]+|[A-Z]{{3,}}|\.),[ \t]?)(?P<phi>{SAFE_CODE})"
            r"(?=[ \t]+\d{5}|\s*$|[\s.,;)])",
            0.8,
        ),
        Pattern(
            "code after lives-in city",
            r"(?i:\b(?:lives|living|resides|residing|moved|relocated)" + LIVES_WITH + r"\s+(?:in|to)\s+)"
            rf"{CITY_WORDS},[ \t]*(?P<phi>{STATE_CODE})(?![\w-])",
            0.8,
        ),
        Pattern(
            "code before zip",
            rf"(?<=[A-Za-z.],?[ \t])(?P<phi>{STATE_CODE})"
            r"(?=[ \t]+\d{5}(?:-\d{4})?\b)",
            0.85,
        ),
    ]
    CONTEXT = ["state", "lives", "moved", "from", "resident"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """A state in a university's name ("University of Vermont", "U Vermont") is the hospital's, not a place."""
        return bool(_UNIVERSITY_BEFORE.search(text[max(0, start - 16) : start]))


_UNIVERSITY_BEFORE = re.compile(r"(?i)(?:\buniversity|\buniv\.?|(?<![\w-])u\.?)[ \t]+(?:of[ \t]+)?$|\buof[ \t]*$")
