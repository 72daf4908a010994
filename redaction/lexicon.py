"""Word lists shipped in ``redaction/data/``: names, places, facility words, and allow-lists.

Each file holds one entry a line; ``#`` starts a comment. Lists are loaded once per process and matched
lower-cased. They are data, not code: extend them without touching a recognizer (docs/redaction.md).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# Word endings of diagnoses and procedures (hypothyroidism, dermatitis, cholecystectomy, neuralgia):
# no name on the kit's lists or in the synthetic gold set ends this way, so such a word is clinical.
_MEDICAL_ENDING = re.compile(
    r"(?:ism|itis|osis|emia|aemia|ectomy|otomy|ostomy|plasty|scopy|ology|opathy|algia|iasis|uria|penia|"
    r"trophy|megaly|plegia|phobia)(?:['’]s)?$",
    re.IGNORECASE,
)


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


def common_words() -> frozenset[str]:
    """Header vocabulary, patient-education imperatives and English function words: never a name alone."""
    return words("common_words") | words("function_words")


@cache
def everyday_words() -> frozenset[str]:
    """:func:`allow_terms` and :func:`common_words` together: words that are never a name or a place alone."""
    return allow_terms() | common_words()


def function_words() -> frozenset[str]:
    """Pronouns, question words, auxiliaries, determiners, prepositions, conjunctions, greetings."""
    return words("function_words")


@cache
def medical_phrases() -> tuple[str, ...]:
    """Multi-word medical terms that look like names or places ("Braxton Hicks", "St. John's wort").

    Longest first, with curly apostrophes folded to straight ones (match against folded text).
    """
    return tuple(sorted({p.replace("’", "'") for p in words("medical_phrases")}, key=len, reverse=True))


def looks_medical(word: str) -> bool:
    """True for a word of seven letters or more with a diagnosis or procedure ending (``-itis``, ``-ectomy``)."""
    return len(word) >= 7 and _MEDICAL_ENDING.search(word) is not None


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
