"""Ages over 89 (HIPAA: ages 90 and above are identifying; younger ages are not PHI).

Years that imply such an age ("born in 1931") are found by the date recognizer and re-typed by the
postprocessor (``redaction.age_dates``).
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction.entities import MAX_SAFE_AGE
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

_AGE = r"(?P<phi>(?:9\d|1[01]\d))(?!\.\d)"
_MEASUREMENT_BEFORE = re.compile(
    r"(?i)(?:\b(?:t|tmax|temp|temperature|fever|febrile|hyperthermic|wt|weight|hr|bp|rr|spo2|paced|pacing|rate|"
    r"o2|sat|pulse|glucose|hgb|plt|wbc|na|k|cl)\b"
    r"(?:\s+(?:of|above|over|below|under|to|is|was|at|reached|up to|greater than|higher than|more than))*"
    r"[\s:=>]*|[<>]\s*)$"
)
# "104 F (40 C)": a temperature in both scales.
_TEMPERATURE_AFTER = re.compile(r"\s?°?\s?[FC]\b\s*\(\s*\d")
_UNIT = r"(?i:\s*-?\s*(?:years?|yrs?|y\.?o\.?|y/o|yo|year-old|years-old)\b)"
# After "she is 94" these mean a measurement, not an age: "is 94%", "is 94/60", "is 94 mg/dL".
_NOT_AN_AGE_AFTER = (
    r"(?!\s*(?:%|/|\.\d|(?i:mg|mcg|kg|g|lbs?|pounds?|ml|cc|cm|mm|bpm|mmhg|percent|degrees|units?|times|"
    r"beats|minutes?|hours?|days?|weeks?|months?)\b))"
)
# Who an age in running text belongs to: "she is 94", "I am 94 now", "Mother was 96".
_SUBJECT = (
    r"(?i:\b(?:he|she|they|i|who|patient|pt|mother|father|mom|dad|husband|wife|grandmother|grandfather)"
    r"(?:\s+(?:is|was|am|are|will\s+be)|['’]s)\s+(?:now\s+|almost\s+|nearly\s+|about\s+|just\s+)?)"
)
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
SPELLED = rf"(?i:ninety(?:[- ](?:{_UNITS}))?|(?:one|a)[ ]hundred(?:[ ]and)?(?:[- ](?:{_UNITS}|ten|eleven|twelve))?)"
_SPELLED_UNIT = r"(?=(?i:[- ]years?[- ]old|\s+years?\s+of\s+age|\s+y/?o\b))"


@register
class AgeRecognizer(ClinicalPatternRecognizer):
    """``92-year-old``, ``aged 101``, ``97 yo``, ``93F``, ``she is 94``, ``ninety-two``, ``in her late 90s``."""

    ENTITY = "AGE"
    PATTERNS = [
        Pattern("age with unit", rf"(?<![\w.]){_AGE}{_UNIT}", 0.9),
        Pattern("labelled age", rf"(?i:\b(?:age|aged|ages|age:))\s*:?\s*{_AGE}\b", 0.9),
        Pattern("age and sex", rf"(?<![\w.]){_AGE}\s?(?:M|F|yo\s?[MF]|y/o\s?[MF])\b", 0.8),
        Pattern(
            "at age",
            r"(?i:\b(?:at|died at|age of|at age))\s+(?P<phi>(?:9\d|1[01]\d))(?!\.\d)(?=\s*(?:[.,;)\n]|$))",
            0.7,
        ),
        Pattern("subject is <age>", rf"{_SUBJECT}{_AGE}\b{_NOT_AN_AGE_AFTER}", 0.8),
        Pattern("turned <age>", rf"(?i:\b(?:turned|turns|turning|will\s+turn)\s+){_AGE}\b{_NOT_AN_AGE_AFTER}", 0.8),
        Pattern("birthday", rf"(?<![\w.]){_AGE}(?i:st|nd|rd|th)(?=\s+(?i:birthday))", 0.85),
        Pattern("spelled with unit", rf"(?<![\w-])(?P<phi>{SPELLED}){_SPELLED_UNIT}", 0.85),
        Pattern(
            "spelled after subject",
            rf"(?:{_SUBJECT}|(?i:\b(?:aged|age|turned|turns)\s+))(?P<phi>{SPELLED})(?![\w-])",
            0.8,
        ),
        Pattern(
            "decade",
            r"(?i:\b(?:in\s+(?:his|her|their|my|your)\s+)(?:(?:early|mid|late)[- ]?)?)"
            r"(?P<phi>(?:9|1[01])0['’]?s|nineties)\b",
            0.8,
        ),
        Pattern("nonagenarian", r"(?i)\b(?P<phi>nonagenarian|centenarian|supercentenarian)\b", 0.6),
    ]
    CONTEXT = ["age", "aged", "old", "year", "years", "yo"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """Temperatures (T 99 F, fever > 101 F) and weights are not ages."""
        return bool(_MEASUREMENT_BEFORE.search(text[max(0, start - 24) : start]) or _TEMPERATURE_AFTER.match(text, end))

    def validate_result(self, pattern_text: str) -> bool | None:
        """Drop anything that is not an age above 89."""
        digits = "".join(c for c in pattern_text.split(".")[0] if c.isdigit())
        if digits and int(digits) <= MAX_SAFE_AGE:
            return False
        return None
