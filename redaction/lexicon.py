"""Word lists shipped in ``redaction/data/``: names, places, facility words, and allow-lists.

Each file holds one entry a line; ``#`` starts a comment. Lists are loaded once per process and matched
lower-cased. They are data, not code: extend them without touching a recognizer (docs/redaction.md).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def words(name: str) -> frozenset[str]:
    """The lower-cased entries of ``data/<name>.txt``."""
    entries = set()
    for raw in (DATA_DIR / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip().lower()
        if entry:
            entries.add(entry)
    return frozenset(entries)


def first_names() -> frozenset[str]:
    """Given names of many origins."""
    return words("first_names")


def last_names() -> frozenset[str]:
    """Family names of many origins."""
    return words("last_names")


def ambiguous_names() -> frozenset[str]:
    """Names that are also everyday or clinical words (Will, May, Brown): need more evidence."""
    return words("ambiguous_names")


def allow_terms() -> frozenset[str]:
    """Medical terms, eponyms and clinical vocabulary that are never PHI on their own."""
    return words("medical_terms") | words("eponyms")


def eponyms() -> frozenset[str]:
    """Surnames that name diseases, signs, scores and devices (Parkinson, Foley, Apgar)."""
    return words("eponyms")


def cities() -> frozenset[str]:
    """US city and town names."""
    return words("cities")


def states() -> dict[str, str]:
    """State names and USPS codes, lower-cased, mapped to the USPS code."""
    table: dict[str, str] = {}
    for entry in words("states"):
        name, _, code = entry.rpartition(",")
        table[name.strip()] = code.strip()
        table[code.strip()] = code.strip()
    return table
