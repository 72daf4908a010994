"""Dates in the forms clinical text uses: 04/07/69, 2069-04-07, 3/12, Nov 4, November, Tuesday the 4th."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import words

MONTH = words(
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "may",
)
MON = words("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec") + r"\.?"
ANY_MONTH = rf"(?:{MONTH}\.?|{MON})"
WEEKDAY = words("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HOLIDAY = words(
    "christmas",
    "thanksgiving",
    "easter",
    "new year's day",
    "new year's eve",
    "halloween",
    "independence day",
    "labor day",
    "memorial day",
)
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
M = r"(?:0?[1-9]|1[0-2])"
D = r"(?:0?[1-9]|[12]\d|3[01])"
_B = r"(?<![\w/])(?<!\d[.\-])"  # no digit, letter or separator just before ("UO-4/12" is fine, "3-9/10" not)
_A = r"(?![\w/]|-\d|\.\d)"  # nor just after ("5/14-" ends a date, "5/14-9" does not)

_YEAR_OR_NO_DAY = rf"(?:{YEAR}|3[2-9]|[4-9]\d|00)"  # after "m/": a year, or two digits no day can be
# History abbreviations a date is sometimes typed onto without a space ("fx4/97").
_GLUED = r"(?<=(?<![\w/])(?i:fx|dx|hx|tx|sx|mi|cva|cabg|ptca|pci|surg))"

# After a bare m/d these words mean a score or a dose, not a date (5/5 strength, 1/2 tab).
_NOT_A_DATE_AFTER = (
    "strength",
    "motor",
    "power",
    "tab",
    "tabs",
    "tablet",
    "of ",
    "reflex",
    "pulses",
    "murmur",
    "systolic",
    "ratio",
    "scale",
    "score",
    "dose",
    "mg",
    "ml",
    "cm",
    "x ",
    "in ",
    "bilateral",
    "throughout",
    "hpf",
    "lpf",
    "ppd",
    "pack",
    "cup",
    "bottle",
    "bottles",
    "sets",
    "way",
    "hr ",
    "hrs",
    "ns",
    "%",
)
# Ventilator settings and ratios written like dates: "PSV 10/5", "CPAP 5/5", "PEEP/PS 5/8", "flowby 6/3".
_SETTING_BEFORE = re.compile(
    r"(?i)\b(?:ps|psv|peep|cpap|bipap|ipap|epap|vent|vented|settings?|simv|imv|ac|flow-?by|support|nippv|"
    r"mask|fio2|ratio|i:e|ventilation|cvvh\w*)\b(?:[\s:=%.,x\d/&]|of\b){0,28}$"
)
_PAIN = re.compile(r"(?i)\b(?:pain|cp|c/o|ache|hurts?|discomfort|rated?)\b")
# Common fractions: a date only with a date word before ("on 1/2"), never after a whole number ("1 1/2").
_FRACTIONS = frozenset({"1/2", "1/3", "2/3", "1/4", "3/4", "1/8"})
# Words after a bare m/d that suggest a ratio but also follow dates ("on 3/26 and then").
_WEAK_AFTER = ("and ", "in ", "x ", "of ")
# Before a bare m/d these words make it a date despite a weak word after: "started on 3/26 and have",
# unless a unit or score word follows ("on 1/2 tab").
_DATE_WORD_BEFORE = re.compile(r"(?i)\b(?:on|since|from|until|till|starting|started|dated|through)[ \t]+$")
# Around a four-digit number these mean a time of day, not a year.
_CLOCK_BEFORE = re.compile(
    r"(?i)(?:\bat|@|~|\btime:?|\d{1,4}[/\-.]\d{1,2}[/\-.]\d{2,4})[ \t]*"
    r"(?:(?:approx\.?|approximately|about|around)[ \t]*)?$"
)
_CLOCK_AFTER = re.compile(r"(?i)[ \t]*(?:hrs?|hours|h)\b")
# Before a bare m/d these words mean a scale: "pain 6/10", "improved to 3/10".
_SCALE_BEFORE = ("pain", "scale", "score", "rated", "improved to", "down to", "up to", "level")


@register
class ClinicalDateRecognizer(ClinicalPatternRecognizer):
    """Dates with and without years, month names alone, weekdays and holidays.

    Years standing alone are reported too (``keep_years`` in the policy decides whether they stay).
    """

    ENTITY = "DATE"
    PATTERNS = [
        Pattern("m/d/y", rf"{_B}{M}[/\-]{D}[/\-](?:\d{{4}}|\d{{2}}){_A}", 0.95),
        Pattern("m.d.y", rf"{_B}{M}\.{D}\.(?:\d{{4}}|\d{{2}}){_A}", 0.7),
        Pattern("iso", rf"{_B}{YEAR}[\-/.](?:0?[1-9]|1[0-2])[\-/.]{D}{_A}", 0.95),
        Pattern("m/y", rf"{_B}{M}/{YEAR}{_A}", 0.85),
        # A two-digit year that cannot be a day: "CABG 3/84", "fx 6/99".
        Pattern("m/yy", rf"{_B}{M}/(?:3[2-9]|[4-9]\d|00){_A}", 0.7),
        # Typed straight after a history abbreviation: "s/p fx4/97", "MI3/2/98".
        Pattern("glued to an event", rf"{_GLUED}(?:{M}/{D}/(?:\d{{4}}|\d{{2}})|{M}/{_YEAR_OR_NO_DAY}){_A}", 0.7),
        Pattern("m/d-m/d", rf"{_B}{M}/{D}-{M}/{D}{_A}", 0.8),
        Pattern("d mon, yy", rf"\b{DAY}[ \t]+{ANY_MONTH},?[ \t]+'?\d\d\b", 0.85),
        Pattern("m/d", rf"{_B}{M}/{D}{_A}", 0.6),
        Pattern("d-mon-y", rf"{_B}{D}[\-/ ]?{ANY_MONTH}[\-/ ]?(?:{YEAR}|\d\d){_A}", 0.9),
        Pattern("month day year", rf"\b{ANY_MONTH}\s+{DAY}(?:\s*,?\s*{YEAR}|\s*,?\s*'\d\d)?\b", 0.9),
        # Day and month share a line: "8\nJuly 2068" is a lab value ending one line and a date starting the next.
        Pattern("day month year", rf"\b{DAY}(?:[ \t]+of)?[ \t]+{ANY_MONTH}(?:\s*,?\s*{YEAR})?\b", 0.9),
        Pattern("month year", rf"\b{ANY_MONTH}\s*,?\s*(?:of\s+)?(?:{YEAR}|'\d\d)\b", 0.9),
        Pattern("month", rf"\b{MONTH}\b", 0.6),
        # A weekday alone is no date element under Safe Harbor; with its day of the month it is.
        Pattern("weekday the nth", rf"\b{WEEKDAY},?\s+(?:the\s+)?{DAY}(?![\d/])\b", 0.75),
        Pattern(
            "the nth",
            r"(?i:\b(?:on|by|since|until|from|before|after)\s+the\s+)(?P<phi>(?:[12]\d|3[01]|"
            r"0?[1-9])(?:st|nd|rd|th))\b",
            0.6,
        ),
        Pattern("holiday", rf"\b{HOLIDAY}\b", 0.6),
        Pattern("year", rf"{_B}(?:19|20)\d\d{_A}", 0.5),
        Pattern("decade year", r"(?i:\b(?:in|since|from)\s+)(?P<phi>'\d\d)\b", 0.5),
    ]
    CONTEXT = ["date", "dob", "born", "admitted", "discharged", "seen", "visit", "on", "since", "dated"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """A bare m/d followed by a score or dose word is not a date; nor "May" the verb, nor "at 1930" hours."""
        value = text[start:end]
        after = text[end : end + 12].lower().lstrip()
        if value.count("/") == 1 and len(value.split("/")[1]) != 4:
            if _SETTING_BEFORE.search(text[max(0, start - 40) : start]):
                return True
            if value in _FRACTIONS or _same_parts(value):
                if after.startswith(_NOT_A_DATE_AFTER):
                    return True
                return not _DATE_WORD_BEFORE.search(text[max(0, start - 16) : start])
            if value.endswith("/10") and _PAIN.search(text[max(0, start - 30) : end + 6]):
                return True
            before = text[max(0, start - 16) : start].lower().rstrip(" \t:=-")
            out_of_ten = value.endswith("/10") and "pain" in text[max(0, start - 30) : start].lower()
            if after.startswith(_WEAK_AFTER) and _DATE_WORD_BEFORE.search(text[max(0, start - 16) : start]):
                return False  # "started on 3/26 and ...": the preposition settles it
            return (
                after.startswith(_NOT_A_DATE_AFTER)
                or text[end : end + 1] == "+"
                or before.endswith(_SCALE_BEFORE)
                or out_of_ten
            )
        if value.count("/") == 2 and text[end : end + 1] == "%":
            return True  # "12/5/40%": ventilator settings
        if value.lower() in ("may", "march"):
            return not _month_context(text, start, end)
        if len(value) == 4 and value.isdigit():
            return _is_clock_time(text, start, end)
        return False


def _same_parts(value: str) -> bool:
    """Example "5/5", "4/4": a score or a count of bottles, unless a date word precedes it."""
    left, _, right = value.partition("/")
    return left.lstrip("0") == right.lstrip("0") and int(left) <= 5


def _is_clock_time(text: str, start: int, end: int) -> bool:
    """A four-digit number that reads as 24-hour time: "at 1930", "02/26/2017 1931", "1900 hrs"."""
    value = text[start:end]
    if int(value[:2]) > 23 or int(value[2:]) > 59:
        return False
    return bool(_CLOCK_BEFORE.search(text[max(0, start - 16) : start]) or _CLOCK_AFTER.match(text, end))


def _month_context(text: str, start: int, end: int) -> bool:
    """Month words that double as verbs count only next to a number or a date preposition."""
    words = text[max(0, start - 12) : start].lower().split()
    after = text[end : end + 3]
    return (
        any(c.isdigit() for c in after)
        or bool(words)
        and words[-1] in ("in", "of", "since", "until", "early", "late", "mid", "last", "next")
    )
