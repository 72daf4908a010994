"""Dates that give away an age over 89.

Safe Harbor lets a year stand alone ("diagnosed in 2019"), but not when it is an element of a date
"indicative of" an age over 89: "born in 1931", "DOB 1930", "polio in 1929" in a record written in 2025
all say the patient is 90 or older, and ages over 89 must collapse into one "90 or older" category. So a
year more than 89 years before the document's *reference year* is redacted as AGE, even where the policy
keeps years; and a full date that old is not merely shifted (a shifted 1930 birthday still says 94).

The reference year is the policy's ``reference_year`` when set; else the later of the current year and the
latest year among the document's full dates. The current year is the floor because the text is released
now: "born in 1930" in a 2013 note says the patient is 96 today. A later document year wins for records
whose dates were moved into the future (de-identified corpora often shift them by decades).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import regex as re

from redaction.entities import MAX_SAFE_AGE

#: A year standing alone, as the date recognizer reports it ("2019", "'19").
YEAR_ONLY = re.compile(r"(?:19|20)\d\d|'\d\d")
_FOUR_DIGIT_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|21\d\d)(?!\d)")
_NUMERIC_SHORT_YEAR = re.compile(r"\d{1,2}([/\-.])\d{1,2}\1(\d{2})")
_APOSTROPHE_YEAR = re.compile(r"['’](\d\d)")


def year_of(value: str, reference: int | None = None) -> int | None:
    """The year a date's text names (``1931``, ``03/04/1930``, ``04/07/69``, ``'31``), or None.

    Two-digit years are read as the latest year ending in those digits that is not after ``reference``
    (the current year when None): with reference 2025, ``'31`` is 1931 and ``'19`` is 2019.
    """
    found = _FOUR_DIGIT_YEAR.search(value)
    if found:
        return int(found.group(1))
    short = _NUMERIC_SHORT_YEAR.fullmatch(value) or _APOSTROPHE_YEAR.fullmatch(value)
    if not short:
        return None
    two = int(short.groups()[-1])
    ref = reference if reference is not None else dt.date.today().year
    year = ref - (ref - two) % 100
    return year


def reference_year(date_values: Iterable[str], configured: int | None = None) -> int:
    """The year ages are measured from: ``configured``, else max(this year, latest year of a full date).

    Lone years ("1931") are skipped: they are what gets measured.
    """
    if configured is not None:
        return configured
    years = [
        int(m.group(1))
        for value in date_values
        if not YEAR_ONLY.fullmatch(value)
        for m in _FOUR_DIGIT_YEAR.finditer(value)
    ]
    return max([dt.date.today().year, *years])


def implies_age_over_89(year: int | None, reference: int) -> bool:
    """True when an event in ``year`` means someone alive in ``reference`` is at least 90 (or may be).

    A birth year 90 years back may still be an 89-year-old (birthday later in the year); counting it as
    over 89 errs on the side of removing it.
    """
    return year is not None and reference - year > MAX_SAFE_AGE
