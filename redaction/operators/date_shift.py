"""Per-patient date shifting that keeps intervals and formats.

Every date of one patient moves by the same number of days, so intervals (length of stay, days since
surgery) survive while the calendar dates do not. The output keeps the input's format.
"""

from __future__ import annotations

import calendar
import datetime as dt

import regex as re

from redaction.operators.keyed import number

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_REFERENCE_YEAR = 2000  # a leap year, used when the text gives no year


def shift_days(secret: bytes, patient_key: str | None, min_days: int, max_days: int) -> int:
    """The patient's offset: +-[min_days, max_days], from HMAC(secret, patient_key)."""
    n = number(secret, "date-shift", patient_key or "")
    magnitude = min_days + n % (max_days - min_days + 1)
    return magnitude if (n >> 32) % 2 else -magnitude


def shift_date_text(value: str, days: int) -> str | None:
    """``value`` moved by ``days`` in its own format, or None when the format is not understood."""
    for parse in (_numeric, _iso, _month_year_numeric, _day_mon_year, _month_name, _weekday_date, _weekday, _nth):
        shifted = parse(value, days)
        if shifted is not None:
            return shifted
    return None


def _year(text: str) -> tuple[int, int]:
    """(year, digits written) for a 2- or 4-digit year."""
    y = int(text)
    if len(text) == 2:
        return (2000 + y if y < 50 else 1900 + y), 2
    return y, 4


def _fmt_year(year: int, width: int) -> str:
    return f"{year % 100:02d}" if width == 2 else str(year)


def _pad(value: int, like: str) -> str:
    """Zero-pad only where the original was zero-padded."""
    return f"{value:02d}" if like.startswith("0") else str(value)


def _numeric(value: str, days: int) -> str | None:
    m = re.fullmatch(r"(\d{1,2})([/\-.])(\d{1,2})(?:\2(\d{2}|\d{4}))?", value)
    if not m:
        return None
    month, sep, day, year_text = m.group(1), m.group(2), m.group(3), m.group(4)
    year, width = _year(year_text) if year_text else (_REFERENCE_YEAR, 0)
    try:
        new = dt.date(year, int(month), int(day)) + dt.timedelta(days=days)
    except ValueError:
        return None
    out = f"{_pad(new.month, month)}{sep}{_pad(new.day, day)}"
    return out + (f"{sep}{_fmt_year(new.year, width)}" if year_text else "")


def _iso(value: str, days: int) -> str | None:
    m = re.fullmatch(r"(\d{4})([\-/.])(\d{1,2})\2(\d{1,2})", value)
    if not m:
        return None
    try:
        new = dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4))) + dt.timedelta(days=days)
    except ValueError:
        return None
    sep = m.group(2)
    return f"{new.year}{sep}{_pad(new.month, m.group(3))}{sep}{_pad(new.day, m.group(4))}"


def _month_year_numeric(value: str, days: int) -> str | None:
    m = re.fullmatch(r"(\d{1,2})/(\d{4})", value)
    if not m:
        return None
    new = dt.date(int(m.group(2)), int(m.group(1)), 15) + dt.timedelta(days=days)
    return f"{_pad(new.month, m.group(1))}/{new.year}"


def _month_name(value: str, days: int) -> str | None:
    """'November 4, 2069', 'Nov. 4', '4 November 2069', 'November 2069', 'November' (day 15 assumed)."""
    m = re.fullmatch(
        r"(?i)(?:(\d{1,2})(st|nd|rd|th)?(\s+of)?\s+)?([a-z]+)(\.?)(?:\s+(\d{1,2})(st|nd|rd|th)?)?"
        r"(,?\s*(?:of\s+)?)((?:\d{4})|'\d\d)?",
        value,
    )
    if not m or m.group(4).lower() not in _MONTHS or (m.group(1) and m.group(6)):
        return None
    month = _MONTHS[m.group(4).lower()]
    day_text = m.group(1) or m.group(6)
    year_text = (m.group(9) or "").lstrip("'")
    year, width = _year(year_text) if year_text else (_REFERENCE_YEAR, 0)
    try:
        new = dt.date(year, month, int(day_text) if day_text else 15) + dt.timedelta(days=days)
    except ValueError:
        return None
    name = _month_word(m.group(4), new.month)
    year_out = ("'" if m.group(9) and m.group(9).startswith("'") else "") + _fmt_year(new.year, width)
    suffix = m.group(2) or m.group(7) or ""
    day_out = f"{new.day}{_ordinal(new.day) if suffix else ''}" if day_text else ""
    tail = f"{m.group(8) or ''}{year_out}" if year_text else ""
    if m.group(1):
        return f"{day_out}{m.group(3) or ''} {name}{m.group(5)}{tail}"
    return f"{name}{m.group(5)}{' ' + day_out if day_text else ''}{tail}"


def _month_word(model: str, month: int) -> str:
    word = calendar.month_name[month] if len(model) > 3 and model.lower() != "sept" else calendar.month_abbr[month]
    return word.upper() if model.isupper() else word


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _weekday(value: str, days: int) -> str | None:
    m = re.fullmatch(r"(?i)([a-z]+)(,?\s+(?:the\s+)?)?(\d{1,2})?(st|nd|rd|th)?", value)
    if not m or m.group(1).lower() not in _WEEKDAYS:
        return None
    name = calendar.day_name[(_WEEKDAYS.index(m.group(1).lower()) + days) % 7]
    name = name.upper() if m.group(1).isupper() else name
    if not m.group(3):
        return name
    day = (int(m.group(3)) - 1 + days) % 28 + 1  # no month known: keep it a plausible day of month
    return f"{name}{m.group(2) or ' '}{day}{_ordinal(day) if m.group(4) else ''}"


def _nth(value: str, days: int) -> str | None:
    m = re.fullmatch(r"(?i)(the\s+)?(\d{1,2})(st|nd|rd|th)", value)
    if not m:
        return None
    day = (int(m.group(2)) - 1 + days) % 28 + 1
    return f"{m.group(1) or ''}{day}{_ordinal(day)}"


def _day_mon_year(value: str, days: int) -> str | None:
    """'12-Aug-2012', '08JAN1927', '3 Nov 21'."""
    m = re.fullmatch(r"(\d{1,2})([\-/ ]?)([A-Za-z]{3,9})\.?([\-/ ]?)(\d{4}|\d{2})", value)
    if not m or m.group(3).lower() not in _MONTHS:
        return None
    year, width = _year(m.group(5))
    try:
        new = dt.date(year, _MONTHS[m.group(3).lower()], int(m.group(1))) + dt.timedelta(days=days)
    except ValueError:
        return None
    name = calendar.month_abbr[new.month] if len(m.group(3)) == 3 else calendar.month_name[new.month]
    name = name.upper() if m.group(3).isupper() else name
    return f"{_pad(new.day, m.group(1))}{m.group(2)}{name}{m.group(4)}{_fmt_year(new.year, width)}"


def _weekday_date(value: str, days: int) -> str | None:
    """'Monday, August 6': the date shifts, the weekday moves with it."""
    m = re.fullmatch(r"(?i)([a-z]+)(,?\s+)(.+)", value)
    if not m or m.group(1).lower() not in _WEEKDAYS:
        return None
    rest = _month_name(m.group(3), days)
    if rest is None:
        return None
    return f"{_weekday(m.group(1), days)}{m.group(2)}{rest}"
