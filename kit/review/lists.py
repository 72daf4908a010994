"""The workspace's deny-list and allow-list: values reviewers confirmed as PHI, or cleared as not PHI.

Both are encrypted JSON documents in the vault (``denylist``, ``allowlist``); kit.db never sees a value.
The values are raw PHI: :func:`read_list` and :func:`add_values` are for the compliance role; the kit's
own detection and propagation read them through the private ``_read_list``.
Matching is case-insensitive, on whole words, with any run of whitespace matching any other, so a
surname confirmed once is found again wherever it is written the same way - except that an occurrence
written all in lower case is skipped when it is an everyday word ("may", "will", "march", "hope"): a date
"May" or a patient "Will" confirmed in one record must not redact the verb in the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Any

from kit.users import Actor, Role, require_role

if TYPE_CHECKING:
    from kit.vault import Vault

DENY, ALLOW = "denylist", "allowlist"
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def normalize(value: str) -> str:
    """The key a value is stored and compared under: case-folded words joined by their separators."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(value)]
    if not words:
        return ""
    parts = [value[words[0][0] : words[0][1]]]
    for (_, prev_end), (start, end) in zip(words, words[1:]):
        parts += [_SPACE.sub(" ", value[prev_end:start]), value[start:end]]
    return "".join(parts).casefold()


def read_list(vault: Vault, name: str, actor: Actor) -> dict[str, dict[str, Any]]:
    """``{normalized value: entry}`` for the deny- or allow-list (empty when none yet). Compliance only."""
    require_role(actor, Role.COMPLIANCE)
    return _read_list(vault, name)


def _read_list(vault: Vault, name: str) -> dict[str, dict[str, Any]]:
    """The list for the kit's own processing (detection, propagation): values never leave the call."""
    doc = vault.read_named(name, default=None) or {}
    return dict(doc.get("values", {}))


def add_values(
    vault: Vault, name: str, values: Iterable[tuple[str, str | None, int | None]], actor: Actor
) -> list[str]:
    """Add ``(value, entity_type, finding id)`` triples to one list, drop them from the other; return the keys.

    A value lives on at most one list: the latest reviewer decision about it wins. Compliance only.
    """
    require_role(actor, Role.COMPLIANCE)
    other = ALLOW if name == DENY else DENY
    target, opposite = _read_list(vault, name), _read_list(vault, other)
    added = []
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for value, entity_type, finding_id in values:
        key = normalize(value)
        if not key:
            continue
        added.append(key)
        target[key] = {
            "value": value,
            "entity_type": entity_type,
            "added_by": actor.name,
            "added_at": now,
            "finding_id": finding_id,
        }
        opposite.pop(key, None)
    vault.write_named(name, {"version": 1, "values": target})
    vault.write_named(other, {"version": 1, "values": opposite})
    return added


@dataclass(frozen=True)
class Match:
    """One occurrence of a listed value in a text."""

    start: int
    end: int
    key: str


class ValueMatcher:
    """Finds listed values in text by walking its words; fast for thousands of values."""

    def __init__(self, keys: Iterable[str]) -> None:
        self._by_first: dict[str, list[list[str]]] = {}
        for key in set(keys):
            tokens = _split(key)
            if tokens:
                self._by_first.setdefault(tokens[0], []).append(tokens)
        for candidates in self._by_first.values():
            candidates.sort(key=len, reverse=True)  # longest value first at each position

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> list[Match]:
        """Every non-overlapping occurrence, left to right (the longest value wins at a position)."""
        words = list(_WORD.finditer(text))
        lowered = [w.group().casefold() for w in words]
        found, i = [], 0
        while i < len(words):
            match = self._match_at(text, words, lowered, i)
            if match is None:
                i += 1
                continue
            found.append(match[0])
            i += match[1]
        return found

    def _match_at(self, text: str, words: list[re.Match[str]], lowered: list[str], i: int) -> tuple[Match, int] | None:
        for tokens in self._by_first.get(lowered[i], ()):
            n = (len(tokens) + 1) // 2
            if i + n > len(words):
                continue
            if all(lowered[i + k] == tokens[2 * k] for k in range(n)) and all(
                _SPACE.sub(" ", text[words[i + k].end() : words[i + k + 1].start()]) == tokens[2 * k + 1]
                for k in range(n - 1)
            ):
                written = [words[i + k].group() for k in range(n)]
                if all(w.islower() for w in written) and all(w in _everyday_words() for w in lowered[i : i + n]):
                    continue  # "may" the verb is not the confirmed date "May"
                return Match(words[i].start(), words[i + n - 1].end(), "".join(tokens)), n
        return None


_MONTHS = frozenset("january february march april may june july august september october november december".split())


@cache
def _everyday_words() -> frozenset[str]:
    """Lower-case words that are ordinary English or clinical vocabulary as well as names or dates."""
    from redaction import lexicon

    return lexicon.common_words() | lexicon.ambiguous_names() | lexicon.allow_terms() | _MONTHS


def _split(key: str) -> list[str]:
    """``"jane  o'neil"`` -> ``["jane", " ", "o", "'", "neil"]``: words at even, separators at odd indices."""
    tokens, cursor = [], 0
    for m in _WORD.finditer(key):
        if tokens:
            tokens.append(key[cursor : m.start()])
        tokens.append(m.group())
        cursor = m.end()
    return tokens
