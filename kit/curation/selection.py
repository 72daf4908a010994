"""Diversity-aware selection over embeddings, quality-weighted, with optional quotas.

Two greedy methods; both multiply the diversity term by ``(quality / 5) ** quality_weight`` so that good
responses (LIMA's second ingredient) win among equally novel prompts (its first):

- ``facility_location`` (default): each step adds the candidate with the largest weighted gain in
  ``sum over the pool of max(0, cosine to the nearest selected)`` — every region of the pool gets a
  nearby example, in proportion to how much of the pool lives there. Lazy greedy (the gain only shrinks),
  measured on a seeded sample of at most ``ground_size`` pool points, so 20,000 candidates stay cheap.
- ``k_center``: each step adds the candidate farthest from everything selected (minimises the worst-case
  distance; favours outliers).

Quotas cap (``max_share``) or guarantee (``min_share``) a share of the selection per source or category.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from kit.errors import InputError


def parse_shares(items: Sequence[str], option: str = "share") -> dict[str, float]:
    """``["portal=0.5", "*=0.3"]`` -> ``{"portal": 0.5, "*": 0.3}``; InputError naming ``option`` and the item."""
    out = {}
    for item in items:
        key, sep, value = item.strip().rpartition("=")
        try:
            share = float(value)
        except ValueError:
            share = -1.0
        if not sep or not key.strip() or not 0.0 <= share <= 1.0:
            raise InputError(f"{option} {item.strip()!r}: use VALUE=SHARE with SHARE from 0 to 1, e.g. portal=0.4")
        out[key.strip()] = share
    return out


def quota_settings(
    field: str | None,
    max_share: dict[str, float],
    min_share: dict[str, float],
    *,
    field_label: str = "quota field",
    shares_label: str = "quota shares",
) -> dict:
    """SelectionConfig fields for quotas on ``field`` (empty when there are none).

    InputError for shares without a field, or a field other than source / category; the labels name the
    caller's own controls (CLI options, form fields).
    """
    if field is None:
        if max_share or min_share:
            raise InputError(f"{shares_label} need {field_label}: choose source or category")
        return {}
    if field not in ("source", "category"):
        raise InputError(f"{field_label} {field!r}: choose source or category")
    return {"quota_field": field, "max_share": max_share, "min_share": min_share}


class SelectionConfig(BaseModel):
    """How the N examples are chosen from the filtered, deduplicated pool."""

    method: Literal["facility_location", "k_center"] = Field(
        "facility_location", description="Greedy objective (see module docs)."
    )
    quality_weight: float = Field(
        1.0, ge=0.0, description="Exponent on quality/5 in the greedy score; 0 = pure diversity."
    )
    ground_size: int = Field(
        2000,
        ge=10,
        description="Pool points facility location measures coverage on (a seeded sample when the pool is larger).",
    )
    embed_field: Literal["prompt", "prompt_response"] = Field(
        "prompt",
        description="What is embedded: the prompt (LIMA stresses prompt diversity) or prompt and "
        "the start of the response.",
    )
    quota_field: Literal["source", "category"] | None = Field(None, description="Field the quotas apply to.")
    max_share: dict[str, float] = Field(
        default_factory=dict,
        description="Upper bound on the share of the "
        "selection per value of quota_field; key '*' applies to all others.",
    )
    min_share: dict[str, float] = Field(
        default_factory=dict,
        description="Share of the selection reserved per value of quota_field (as far as the pool allows).",
    )


def _quota_counts(
    groups: Sequence[str], k: int, config: SelectionConfig
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    names = sorted(set(groups))
    index = {name: i for i, name in enumerate(names)}
    codes = np.array([index[g] for g in groups], dtype=np.int64)
    available = np.bincount(codes, minlength=len(names))
    default_max = config.max_share.get("*", 1.0)
    max_count = np.array([int(np.floor(config.max_share.get(n, default_max) * k + 1e-9)) for n in names])
    min_count = np.array([int(np.ceil(config.min_share.get(n, 0.0) * k - 1e-9)) for n in names])
    min_count = np.minimum(min_count, available)
    if min_count.sum() > k or np.any(min_count > max_count):
        raise InputError(
            "selection quotas contradict each other: the min_share values add up to more than the "
            "selection, or exceed a max_share"
        )
    return names, codes, max_count, min_count


class _Quotas:
    """Which candidates may be picked next under max/min shares (all of them without quotas)."""

    def __init__(self, groups: Sequence[str] | None, k: int, config: SelectionConfig) -> None:
        self.on = groups is not None and bool(config.max_share or config.min_share)
        if self.on:
            _, self.codes, self.max_count, self.min_count = _quota_counts(groups, k, config)
            self.counts = np.zeros(len(self.max_count), dtype=np.int64)
        self.k = k

    def allowed(self, step: int) -> np.ndarray | None:
        """Per-group mask for this step, or None when every candidate is allowed."""
        if not self.on:
            return None
        mask = self.counts < self.max_count
        deficit = np.maximum(self.min_count - self.counts, 0)
        if deficit.sum() >= self.k - step:  # every remaining slot is owed to an under-filled group
            mask &= deficit > 0
        return mask

    def take(self, i: int) -> None:
        """Count a pick."""
        if self.on:
            self.counts[self.codes[i]] += 1


def select(
    vectors: np.ndarray,
    k: int,
    quality: np.ndarray,
    config: SelectionConfig | None = None,
    groups: Sequence[str] | None = None,
    seed: int = 0,
) -> list[int]:
    """Indices of up to ``k`` rows chosen by ``config.method``, in pick order."""
    config = config or SelectionConfig()
    if config.method == "k_center":
        return k_center_greedy(vectors, k, quality, config, groups)
    return facility_location_greedy(vectors, k, quality, config, groups, seed)


def facility_location_greedy(
    vectors: np.ndarray,
    k: int,
    quality: np.ndarray,
    config: SelectionConfig | None = None,
    groups: Sequence[str] | None = None,
    seed: int = 0,
    batch: int = 64,
    tolerance: float = 0.02,
) -> list[int]:
    """Lazy-greedy weighted facility location (see module docs); indices in pick order.

    Stale gains are re-evaluated ``batch`` at a time (one matrix product instead of many matrix-vector ones).
    The best fresh gain is taken when it is within ``tolerance`` (relative) of every remaining upper bound:
    0 is exact greedy; 2% keeps the (1 - 1/e) spirit while cutting re-evaluations on large, even pools.
    """
    config = config or SelectionConfig()
    n = len(vectors)
    k = min(k, n)
    weight = (np.clip(quality, 1.0, 5.0) / 5.0) ** config.quality_weight
    ground_idx = (
        np.arange(n)
        if n <= config.ground_size
        else np.sort(np.random.default_rng(seed).choice(n, config.ground_size, replace=False))
    )
    ground = np.ascontiguousarray(vectors[ground_idx].T)  # (dim, m)
    covered = np.zeros(ground.shape[1], dtype=np.float32)
    bound = (
        np.concatenate([np.maximum(vectors[s : s + 2048] @ ground, 0.0).sum(axis=1) for s in range(0, n, 2048)])
        * weight
        if n
        else np.zeros(0)
    )
    heap = [(-float(b), i) for i, b in enumerate(bound)]
    heapq.heapify(heap)
    quotas = _Quotas(groups, k, config)
    selected: list[int] = []
    while heap and len(selected) < k:
        mask = quotas.allowed(len(selected))
        todo, skipped = [], []
        while heap and len(todo) < batch:
            i = heapq.heappop(heap)[1]
            (skipped if mask is not None and not mask[quotas.codes[i]] else todo).append(i)
        if not todo:
            break  # nothing allowed is left
        idx = np.array(todo)
        sims = vectors[idx] @ ground
        bound[idx] = np.maximum(sims - covered, 0.0).sum(axis=1) * weight[idx]
        best = int(np.argmax(bound[idx]))
        rest = [i for i in todo + skipped]
        if not heap or bound[idx[best]] >= (1.0 - tolerance) * -heap[0][0] - 1e-9:
            selected.append(todo[best])
            quotas.take(todo[best])
            np.maximum(covered, sims[best], out=covered)
            rest.remove(todo[best])
        for i in rest:  # fresh or still-valid upper bounds
            heapq.heappush(heap, (-float(bound[i]), i))
    return selected


def k_center_greedy(
    vectors: np.ndarray,
    k: int,
    quality: np.ndarray,
    config: SelectionConfig | None = None,
    groups: Sequence[str] | None = None,
) -> list[int]:
    """Weighted k-center greedy: the first pick is the best-rated; then the farthest (x weight) each step."""
    config = config or SelectionConfig()
    n = len(vectors)
    k = min(k, n)
    weight = (np.clip(quality, 1.0, 5.0) / 5.0) ** config.quality_weight
    min_dist = np.full(n, 2.0, dtype=np.float32)  # cosine distance is at most 2
    eligible = np.ones(n, dtype=bool)
    quotas = _Quotas(groups, k, config)
    selected: list[int] = []
    for step in range(k):
        group_ok = quotas.allowed(step)
        mask = eligible if group_ok is None else eligible & group_ok[quotas.codes]
        scores = np.where(mask, min_dist * weight, -1.0)
        pick = int(np.argmax(scores))
        if scores[pick] < 0:
            break
        selected.append(pick)
        eligible[pick] = False
        quotas.take(pick)
        np.minimum(min_dist, np.maximum(1.0 - vectors @ vectors[pick], 0.0), out=min_dist)
    return selected


def random_selection(n: int, k: int, seed: int) -> list[int]:
    """The random baseline: ``k`` of ``n`` indices drawn without replacement."""
    rng = np.random.default_rng(seed)
    return sorted(rng.choice(n, size=min(k, n), replace=False).tolist())
