"""Verbatim-overlap measures between a model's continuation and the true text (word level)."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[str]:
    """Words and punctuation marks, whitespace dropped: the unit of "verbatim"."""
    return _TOKEN.findall(text)


def split_at_fraction(text: str, fraction: float, min_prefix: int = 3) -> tuple[str, str]:
    """(prefix, rest) cut after ``fraction`` of the tokens (at least ``min_prefix``, at least one left).

    The whitespace before the cut goes to the rest, so the model continues exactly as it saw the text in
    training (byte-level tokenizers fold the space into the next word).
    """
    spans = [m.span() for m in _TOKEN.finditer(text)]
    if len(spans) < 2:
        return text, ""
    cut = min(max(min_prefix, round(len(spans) * fraction)), len(spans) - 1)
    end = spans[cut - 1][1]
    return text[:end], text[end:]


def longest_common_run(reference: list[str], candidate: list[str]) -> int:
    """Length of the longest token run found in both (longest common substring over tokens)."""
    best = 0
    previous = [0] * (len(candidate) + 1)
    for ref_token in reference:
        current = [0] * (len(candidate) + 1)
        for j, cand_token in enumerate(candidate, start=1):
            if ref_token == cand_token:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def ngram_overlap(reference: list[str], candidate: list[str], n: int) -> float:
    """Share of the reference's n-grams that also occur in the candidate (0 when the reference is shorter)."""
    if len(reference) < n:
        n = len(reference)
    if n == 0:
        return 0.0
    ref = [tuple(reference[i : i + n]) for i in range(len(reference) - n + 1)]
    cand = {tuple(candidate[i : i + n]) for i in range(len(candidate) - n + 1)}
    return sum(g in cand for g in ref) / len(ref)
