"""Surrogate names that keep the original's shape: Title case, ALL CAPS, "Last, First", initials."""

from __future__ import annotations

from functools import cache

import regex as re

from redaction import lexicon
from redaction.operators.keyed import choose

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*\.?|[^\w]+|\d+")


@cache
def _pool(kind: str) -> tuple[str, ...]:
    names = lexicon.first_names() if kind == "first" else lexicon.last_names()
    return tuple(sorted(n for n in names if n.isalpha() and n not in lexicon.ambiguous_names()))


def with_case_of(model: str, word: str) -> str:
    """``word`` written in the case pattern of ``model``."""
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model.islower():
        return word.lower()
    return word if word[:1].isupper() else word[:1].upper() + word[1:]


def fake_name(secret: bytes, value: str) -> str:
    """A consistent fake for a person's name; each word maps on its own so partial mentions agree.

    In "Last, First" the words before the comma are family names; otherwise the final word is the family
    name and earlier ones given names. A single word is a given name only if the lists know it as one.
    """
    tokens = _TOKEN.findall(value)
    word_positions = [i for i, t in enumerate(tokens) if t[:1].isalpha() and len(t.rstrip(".")) > 1]
    comma_at = next((i for i, t in enumerate(tokens) if "," in t), None)
    out = []
    for i, token in enumerate(tokens):
        core = token.rstrip(".")
        if not token[:1].isalpha():
            out.append(token)
        elif len(core) == 1:  # an initial stays an initial
            letter = choose(secret, "ABCDEFGHJKLMNPRSTW", "initial", core.lower())
            out.append(with_case_of(core, letter) + token[1:])
        else:
            kind = _kind(core.lower(), i, word_positions, comma_at)
            fake = choose(secret, _pool(kind), "name", kind, core.lower())
            out.append(with_case_of(core, fake) + token[len(core) :])
    return "".join(out)


def _kind(word: str, index: int, word_positions: list[int], comma_at: int | None) -> str:
    if comma_at is not None:
        return "last" if index < comma_at else "first"
    if len(word_positions) > 1:
        return "last" if index == word_positions[-1] else "first"
    return "first" if word in lexicon.first_names() and word not in lexicon.last_names() else "last"
