"""US telephone and pager numbers (fax numbers go to FaxRecognizer)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer

AREA = r"(?:\(\s?[2-9]\d\d\s?\)|[2-9]\d\d)"
# "x22", "ext. 22", ", extension 221", "EXT 22": an extension stays part of the number.
EXTENSION = r"(?:,?\s?(?i:x|ext\.?|extension)\s?\d{1,5})?"
# Nothing number-like just before; a dash is fine after a word ("CELL-617 555-0134").
BEFORE = r"(?:(?<![\w.+-])|(?<=[^\W\d_]-))"
NUMBER = rf"{BEFORE}(?:\+?1[\s.\-]?)?{AREA}[\s.\-]?[2-9]\d\d[\s.\-]\d{{4}}{EXTENSION}(?![\w-])"
# Typed with a space after (or around) each dash or dot: "617- 555- 0134", "617 - 555 - 0134".
SPACED = rf"{BEFORE}{AREA}[ \t]?[.\-][ \t]?[2-9]\d\d[ \t]?[.\-][ \t]?\d{{4}}(?![\w-])"
# Three, three and four digits with one dash or dot used twice are a phone's shape even where the area code
# is not a valid one ("155-234-0199" in a made-up or mistyped number); slashes too ("617/555/0134").
THREE_THREE_FOUR = r"(?<![\w.+/-])\d{3}(?P<sep3>[.\-/])\d{3}(?P=sep3)\d{4}(?![\w/-]|\.\d)"
# An area code, a space and the seven digits run together: "617 5550134".
AREA_SPACE_SEVEN = rf"{BEFORE}{AREA}[ \t][2-9]\d{{6}}(?![\w-])"
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
        Pattern("spaced", SPACED, 0.6),
        Pattern("three three four", THREE_THREE_FOUR, 0.5),
        Pattern("area space seven", AREA_SPACE_SEVEN, 0.5),
        Pattern("local", r"(?<![\w.+/-])[2-9]\d\d-\d{4}(?![\w-])", 0.3),
        Pattern(
            "pager",
            r"(?i:\b(?:pager|beeper|pgr|bpr|ext|extension)\b\.?(?:\s*[:#=]){0,2}\s*)(?P<phi>\d{1,3}-?\d{3,5})"
            r"(?![\w-])",
            0.6,
        ),
        # "PG 45678", "pg# 4-5678": the pager abbreviation needs four or five digits ("pg 2" is a page).
        Pattern(
            "pg",
            r"(?i:\bpg\b\.?(?:[ \t]*[:#]){0,2}[ \t]*)(?P<phi>\d-?\d{4}|\d{4,5})(?![\w-]|[.,]\d)",
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
