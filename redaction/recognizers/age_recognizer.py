"""Ages over 89 (HIPAA: ages 90 and above are identifying; younger ages are not PHI)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction.entities import MAX_SAFE_AGE
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

_AGE = r"(?P<phi>(?:9\d|1[01]\d))(?!\.\d)"
_MEASUREMENT_BEFORE = re.compile(
    r"(?i)(?:\b(?:t|tmax|temp|temperature|fever|febrile|wt|weight|hr|bp|rr|spo2|"
    r"o2|sat|pulse|glucose|hgb|plt|wbc|na|k|cl)\b[\s:=>]*|[<>]\s*)$"
)
_UNIT = r"(?i:\s*-?\s*(?:years?|yrs?|y\.?o\.?|y/o|yo|year-old|years-old)\b)"


@register
class AgeRecognizer(ClinicalPatternRecognizer):
    """``92-year-old``, ``age 94``, ``aged 101``, ``97 yo``, ``93F``, ``in her 90s``; only ages >= 90."""

    ENTITY = "AGE"
    PATTERNS = [
        Pattern("age with unit", rf"(?<![\w.]){_AGE}{_UNIT}", 0.9),
        Pattern("labelled age", rf"(?i:\b(?:age|aged|ages|age:))\s*:?\s*{_AGE}\b", 0.9),
        Pattern("age and sex", rf"(?<![\w.]){_AGE}\s?(?:M|F|yo\s?[MF]|y/o\s?[MF])\b", 0.8),
        Pattern("at age", r"(?i:\b(?:at|died at|age of|at age))\s+(?P<phi>(?:9\d|1[01]\d))(?=\s*(?:[.,;)\n]|$))", 0.7),
        Pattern("decade", r"(?i:\b(?:in\s+(?:his|her|their)\s+))(?P<phi>(?:9|1[01])0'?s)\b", 0.8),
        Pattern("nonagenarian", r"(?i)\b(?P<phi>nonagenarian|centenarian)\b", 0.6),
    ]
    CONTEXT = ["age", "aged", "old", "year", "years", "yo"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """Temperatures (T 99 F, fever > 101 F) and weights are not ages."""
        return bool(_MEASUREMENT_BEFORE.search(text[max(0, start - 16) : start]))

    def validate_result(self, pattern_text: str) -> bool | None:
        """Drop anything that is not an age above 89."""
        digits = "".join(c for c in pattern_text.split(".")[0] if c.isdigit())
        if digits and int(digits) <= MAX_SAFE_AGE:
            return False
        return None
