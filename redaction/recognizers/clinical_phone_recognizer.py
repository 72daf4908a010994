"""US telephone and pager numbers (fax numbers go to FaxRecognizer)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

AREA = r"(?:\(\s?[2-9]\d\d\s?\)|[2-9]\d\d)"
# "x22", "ext. 22", ", extension 221", "EXT 22": an extension stays part of the number.
EXTENSION = r"(?:,?\s?(?i:x|ext\.?|extension)\s?\d{1,5})?"
NUMBER = rf"(?<![\w.+-])(?:\+?1[\s.\-]?)?{AREA}[\s.\-]?[2-9]\d\d[\s.\-]\d{{4}}{EXTENSION}(?![\w-])"
# Made-up and test numbers often have an exchange starting 0 or 1 ("555.123.4567"), which the NANP never
# assigns; with one separator used twice (or a bracketed area code) the shape is still plainly a phone.
ANY_EXCHANGE = (
    rf"(?<![\w.+/-])(?:\+?1[\s.\-]?)?(?:\(\s?[2-9]\d\d\s?\)\s?[01]\d\d[\s.\-]|[2-9]\d\d(?P<sep>[.\-])[01]\d\d(?P=sep))"
    rf"\d{{4}}{EXTENSION}(?![\w-])"
)
FAX_BEFORE = 18  # characters before a number searched for "fax"


_FAX_LABEL = re.compile(r"(?i)\bfax|\bF\s*[:#]\s*$|\bfacsimile")


def is_fax(text: str, start: int) -> bool:
    """True when 'fax' (or an 'F:' label) introduces the number starting at ``start``."""
    window = text[max(0, start - FAX_BEFORE) : start]
    labels = list(_FAX_LABEL.finditer(window))
    if not labels:
        return False
    between = window[labels[-1].end() :].lower()
    return not any(word in between for word in ("phone", "tel", "call", "cell", "ph "))


@register
class ClinicalPhoneRecognizer(ClinicalPatternRecognizer):
    """``(617) 555-0134 ext. 22``, ``617-555-0134``, ``555.123.4567``, ``+1 617 555 0134``, ``pager 4-5678``.

    International numbers (``+44 20 7946 0958``) go to InternationalPhoneRecognizer.
    """

    ENTITY = "PHONE_NUMBER"
    PATTERNS = [
        Pattern("nanp", NUMBER, 0.75),
        Pattern("nanp any exchange", ANY_EXCHANGE, 0.5),
        Pattern("ten digits", r"(?<![\w.+/-])[2-9]\d\d[2-9]\d{6}(?![\w-])", 0.5),
        Pattern("local", r"(?<![\w.+/-])[2-9]\d\d-\d{4}(?![\w-])", 0.3),
        Pattern(
            "pager",
            r"(?i:\b(?:pager|beeper|pgr|bpr|ext|extension)\b\.?\s*#?:?\s*)(?P<phi>\d{1,3}-?\d{3,5})"
            r"(?![\w-])",
            0.6,
        ),
    ]
    CONTEXT = [
        "phone",
        "tel",
        "telephone",
        "call",
        "cell",
        "mobile",
        "home",
        "work",
        "contact",
        "pager",
        "reached",
        "number",
        "ph",
        "text",
        "at",
        "t",
    ]

    def reject(self, text: str, start: int, end: int) -> bool:
        """Numbers labelled as fax belong to FaxRecognizer."""
        return is_fax(text, start)
