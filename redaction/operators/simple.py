"""Operators that need no key: placeholder, keep, age aggregation, ZIP3."""

from __future__ import annotations

import re

from redaction.entities import MAX_SAFE_AGE

_OVER_89_WORDS = re.compile(r"(?i)ninet|hundred|nonagenarian|centenarian")


def placeholder(tag: str) -> str:
    """A typed tag such as ``[NAME]``."""
    return f"[{tag}]"


def age(value: str) -> str:
    """Ages over 89 become "90+"; anything else is returned unchanged.

    Over 89: "94", "ninety-four", "90s", "nonagenarian", and a year such as "1931" that implies such an age.
    """
    digits = "".join(c for c in value if c.isdigit())
    if digits:
        return "90+" if int(digits[:3]) > MAX_SAFE_AGE else value
    return "90+" if _OVER_89_WORDS.search(value) else value


def zip3(value: str, restricted: frozenset[str]) -> str:
    """The first three digits of a ZIP code, or "000" where those name a sparsely populated area."""
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) < 3:
        return "000"
    prefix = digits[:3]
    return "000" if prefix in restricted else prefix
