"""Keyed choices (HMAC-SHA256).

The same secret and value always give the same pick; without the secret nobody can invert or predict it.
"""

from __future__ import annotations

import hashlib
import hmac
import string
from collections.abc import Sequence


def digest(secret: bytes, *parts: str) -> bytes:
    """HMAC-SHA256 of the parts, separated so that ('ab','c') and ('a','bc') differ."""
    return hmac.new(secret, "\x1f".join(parts).encode("utf-8"), hashlib.sha256).digest()


def number(secret: bytes, *parts: str) -> int:
    """A large non-negative integer derived from the parts."""
    return int.from_bytes(digest(secret, *parts)[:8], "big")


def choose(secret: bytes, options: Sequence[str], *parts: str) -> str:
    """One of ``options``, picked by the keyed hash of the parts."""
    return options[number(secret, *parts) % len(options)]


def reshape(secret: bytes, value: str, *parts: str) -> str:
    """Replace each digit by a digit and each letter by a letter of the same case; keep punctuation.

    Identifiers keep their look (length, dashes, prefixes' case) while losing their value.
    """
    stream = digest(secret, *parts, value) + digest(secret, "more", *parts, value)
    out = []
    for i, char in enumerate(value):
        byte = stream[i % len(stream)] ^ (i // len(stream))
        if char.isdigit():
            out.append(str(byte % 10))
        elif char.isupper():
            out.append(string.ascii_uppercase[byte % 26])
        elif char.islower():
            out.append(string.ascii_lowercase[byte % 26])
        else:
            out.append(char)
    return "".join(out)
