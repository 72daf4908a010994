"""Regular-expression building blocks shared by several recognizers."""

from __future__ import annotations


def words(*items: str) -> str:
    """An alternation matching each item in Title case or ALL CAPS (clinical headers shout)."""
    forms = []
    for item in items:
        title = " ".join(w if w in ("and", "of", "the") else w[:1].upper() + w[1:] for w in item.split(" "))
        forms.extend({item, item.upper(), item[:1].upper() + item[1:], title})
    return "(?:" + "|".join(sorted(forms, key=len, reverse=True)) + ")"


def label(*items: str) -> str:
    """A case-insensitive label such as ``MRN`` followed by an optional 'no.'/'number'/'#'/'ID' and ':'."""
    names = "|".join(items)
    return rf"(?i:\b(?:{names})\b)(?i:\s*(?:no\.?|number|num|nbr|#|id\b))?\s*[:#=]?\s*(?:is\s+|of\s+)?"


# An identifier value after a label: starts and ends with a letter or digit, holds a digit,
# may contain "-", "/", "."; 3-24 characters.
ID_VALUE = r"(?P<phi>(?=[A-Za-z0-9\-/.]*\d)[A-Za-z0-9][A-Za-z0-9\-/.]{1,22}[A-Za-z0-9])"
# Upper-case groups separated by single spaces ("SDD 4137 6400 00"), at least one digit.
ID_VALUE_SPACED = r"(?P<phi>(?=[A-Z0-9 ]*\d)[A-Z0-9]{2,6}(?: [A-Z0-9]{2,6}){1,4})(?![\w-])"
NOT_WORD_BEFORE = r"(?<![\w/.-])"
NOT_WORD_AFTER = r"(?![\w/-]|\.\d)"
