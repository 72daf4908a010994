"""Train / validation / test splits with no near duplicate across splits.

Selected items are grouped by near-duplicate links (MinHash Jaccard of prompts or responses at or above
``near_threshold``, or embedding cosine at or above ``cosine_threshold``); whole groups go to one split, so a
near pair can share a split but never straddle two. Groups are shuffled with the seed; test and validation
are filled first from groups that fit, everything else is train.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from kit.curation.candidates import Candidate
from kit.curation.dedup import DedupConfig, near_duplicate_pairs
from kit.errors import InputError

SPLITS = ("train", "validation", "test")


class SplitConfig(BaseModel):
    """How near is too near to sit in different splits."""

    near_threshold: float = Field(
        0.7,
        ge=0.0,
        le=1.0,
        description="MinHash Jaccard (prompts or responses) "
        "at or above which two selected items must share a split (default: the "
        "dedup threshold, so 'near duplicate' means the same everywhere).",
    )
    cosine_threshold: float = Field(
        0.95, ge=-1.0, le=1.0, description="Embedding cosine at or above which two selected items must share a split."
    )


@dataclass(frozen=True)
class SplitSizes:
    """Target sizes and, when the pool was too small, the message that says how they shrank."""

    train: int
    validation: int
    test: int
    message: str | None = None

    @property
    def total(self) -> int:
        """All three splits together."""
        return self.train + self.validation + self.test


def plan_sizes(
    pool: int, n: int, dev: int, test: int, shrink_share: float = 1.0, rejected: Mapping[str, int] | None = None
) -> SplitSizes:
    """Sizes for a pool of ``pool`` candidates.

    When the pool is too small, all three splits shrink proportionally to ``shrink_share`` of it (1.0: all of
    it; less leaves diversity selection something to choose). ``rejected`` (reason -> count) goes into the
    error when too few candidates are left to build anything.
    """
    if min(n, dev, test) < 0 or n < 1:
        raise InputError("split sizes must be >= 0 and --n >= 1")
    wanted = n + dev + test
    if pool >= wanted:
        return SplitSizes(n, dev, test)
    minimum = 1 + (dev > 0) + (test > 0)
    if pool < minimum:
        reasons = ", ".join(f"{k} {v}" for k, v in (rejected or {}).items()) or "none"
        raise InputError(
            f"only {pool} candidate(s) survive filters and dedup; at least {minimum} are needed (rejected: {reasons})"
        )
    usable = max(minimum, int(pool * shrink_share))
    scale = usable / wanted
    dev2 = max(1, int(dev * scale)) if dev else 0
    test2 = max(1, int(test * scale)) if test else 0
    train2 = usable - dev2 - test2
    taking = "all of them" if usable == pool else f"{usable} of them ({shrink_share:.0%})"
    message = (
        f"only {pool} candidates survive filters and dedup, fewer than the {wanted} asked for "
        f"(train {n} + validation {dev} + test {test}); selecting {taking}, shrunk proportionally to "
        f"train {train2} / validation {dev2} / test {test2}"
    )
    if usable == pool:
        message += " - nothing is left to choose from; ask for a smaller --n to let diversity selection work"
    return SplitSizes(train2, dev2, test2, message)


def near_groups(items: Sequence[Candidate], vectors: np.ndarray, config: SplitConfig) -> list[list[int]]:
    """Connected components of the near-duplicate graph over ``items`` (indices, each sorted)."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links = []
    dedup = DedupConfig()
    for field_name in ("prompt", "response"):
        texts = [getattr(c, field_name) for c in items]
        links += [(i, j) for i, j, _ in near_duplicate_pairs(texts, config.near_threshold, dedup)]
    if len(vectors):
        sims = np.triu(vectors @ vectors.T, k=1)
        links += list(zip(*np.nonzero(sims >= config.cosine_threshold)))
    for i, j in links:
        parent[find(int(i))] = find(int(j))
    groups: dict[int, list[int]] = {}
    for i in range(len(items)):
        groups.setdefault(find(i), []).append(i)
    return sorted(groups.values())


def assign_splits(
    items: Sequence[Candidate], vectors: np.ndarray, sizes: SplitSizes, seed: int, config: SplitConfig | None = None
) -> dict[str, list[int]]:
    """Indices of ``items`` per split; near-duplicate groups never cross a split boundary."""
    groups = near_groups(items, vectors, config or SplitConfig())
    order = np.random.default_rng(seed).permutation(len(groups))
    shuffled = sorted((groups[i] for i in order), key=len)  # stable: small groups first, seeded order within
    out: dict[str, list[int]] = {name: [] for name in SPLITS}
    used = [False] * len(shuffled)
    for split, target in (("test", sizes.test), ("validation", sizes.validation)):
        for g, members in enumerate(shuffled):
            if not used[g] and len(out[split]) + len(members) <= target:
                out[split] += members
                used[g] = True
            if len(out[split]) >= target:
                break
    out["train"] = [i for g, members in enumerate(shuffled) if not used[g] for i in members]
    return {name: sorted(indices) for name, indices in out.items()}


def shortfall_message(parts: dict[str, list[int]], sizes: SplitSizes) -> str | None:
    """Say which evaluation split came out smaller than planned (large near-duplicate groups), if any."""
    short = [
        f"{name} {len(parts[name])} of {want}"
        for name, want in (("validation", sizes.validation), ("test", sizes.test))
        if len(parts[name]) < want
    ]
    if not short:
        return None
    return (
        "near-duplicate groups were too large to fill every split without crossing it: "
        + ", ".join(short)
        + " (the rest went to train)"
    )
