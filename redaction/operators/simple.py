"""Operators that need no key: placeholder, keep, age aggregation, ZIP3."""

from __future__ import annotations

from redaction.entities import MAX_SAFE_AGE


def placeholder(tag: str) -> str:
    """A typed tag such as ``[NAME]``."""
    return f"[{tag}]"


def age(value: str) -> str:
    """Ages over 89 become "90+"; anything else is returned unchanged."""
    digits = "".join(c for c in value if c.isdigit())
    if digits and int(digits[:3]) > MAX_SAFE_AGE:
        return "90+" if any(c.isdigit() for c in value) else value
    return value


def zip3(value: str, restricted: frozenset[str]) -> str:
    """The first three digits of a ZIP code, or "000" where those name a sparsely populated area."""
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) < 3:
        return "000"
    prefix = digits[:3]
    return "000" if prefix in restricted else prefix
