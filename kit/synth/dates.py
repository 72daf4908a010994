"""Date surface forms as they appear in clinical text (all are DATE spans except bare years)."""

from __future__ import annotations

import datetime as dt
import random

from kit.synth.text import Phi, Piece

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def ordinal(n: int) -> str:
    """1 -> 1st, 2 -> 2nd, 11 -> 11th, 23 -> 23rd."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _short(d: dt.date) -> str:
    return MONTHS[d.month - 1][:3]


# Each style maps a date to its text; keys name the style so documents can ask for one.
STYLES = {
    "mm/dd/yyyy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "mm/dd/yy": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year % 100:02d}",
    "m/d/yyyy": lambda d: f"{d.month}/{d.day}/{d.year}",
    "m/d/yy": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "iso": lambda d: d.isoformat(),
    "m/d": lambda d: f"{d.month}/{d.day}",
    "month d, yyyy": lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    "mon d, yyyy": lambda d: f"{_short(d)} {d.day}, {d.year}",
    "mon. d, yyyy": lambda d: f"{_short(d)}. {d.day}, {d.year}",
    "month d": lambda d: f"{MONTHS[d.month - 1]} {d.day}",
    "mon d": lambda d: f"{_short(d)} {d.day}",
    "month dth": lambda d: f"{MONTHS[d.month - 1]} {ordinal(d.day)}",
    "d month yyyy": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "dd-mon-yyyy": lambda d: f"{d.day:02d}-{_short(d)}-{d.year}",
    "ddMONyyyy": lambda d: f"{d.day:02d}{_short(d).upper()}{d.year}",
    "mm-dd-yyyy": lambda d: f"{d.month:02d}-{d.day:02d}-{d.year}",
    "mm.dd.yyyy": lambda d: f"{d.month:02d}.{d.day:02d}.{d.year}",
    "month yyyy": lambda d: f"{MONTHS[d.month - 1]} {d.year}",
    "weekday, month d": lambda d: f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}",
    "weekday the dth": lambda d: f"{WEEKDAYS[d.weekday()]} the {ordinal(d.day)}",
    "mm/yyyy": lambda d: f"{d.month:02d}/{d.year}",
}

#: Styles a full date (with year) may take in headers and tables.
FULL_STYLES = (
    "mm/dd/yyyy",
    "mm/dd/yy",
    "m/d/yyyy",
    "m/d/yy",
    "iso",
    "month d, yyyy",
    "mon d, yyyy",
    "mon. d, yyyy",
    "d month yyyy",
    "dd-mon-yyyy",
    "ddMONyyyy",
    "mm-dd-yyyy",
    "mm.dd.yyyy",
)
#: Styles used in running prose, where the year is often left out.
PROSE_STYLES = FULL_STYLES + (
    "m/d",
    "month d",
    "mon d",
    "month dth",
    "weekday, month d",
    "weekday the dth",
    "month yyyy",
)


def date(rng: random.Random, d: dt.date, styles: tuple[str, ...] = FULL_STYLES) -> Phi:
    """A DATE span for ``d`` in a style drawn from ``styles``."""
    return Phi(STYLES[rng.choice(styles)](d), "DATE")


def prose_date(rng: random.Random, d: dt.date) -> Piece:
    """A date in running text: "on 3/12", "on Tuesday the 4th", "on the 4th", "in November"."""
    roll = rng.random()
    if roll < 0.08:
        return ["on the ", Phi(ordinal(d.day), "DATE")]
    if roll < 0.14:
        return ["in ", Phi(MONTHS[d.month - 1], "DATE")]
    return ["on ", date(rng, d, PROSE_STYLES)]


def shift(d: dt.date, days: int) -> dt.date:
    """``d`` moved by ``days`` (negative is earlier)."""
    return d + dt.timedelta(days=days)


def random_date(rng: random.Random, start_year: int, end_year: int) -> dt.date:
    """A uniform random date between Jan 1 of ``start_year`` and Dec 31 of ``end_year``."""
    start = dt.date(start_year, 1, 1).toordinal()
    end = dt.date(end_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(start, end))


def clock(rng: random.Random) -> str:
    """A time of day (not PHI): "14:32", "2:32 PM", "0832"."""
    h, m = rng.randint(0, 23), rng.choice(range(0, 60))
    style = rng.randrange(3)
    if style == 0:
        return f"{h:02d}:{m:02d}"
    if style == 1:
        return f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"
    return f"{h:02d}{m:02d}"
