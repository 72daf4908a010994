"""The numbers behind the dataset card: counts per stage and reason, sources, lengths, quality, coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from kit.curation.candidates import Candidate
from kit.curation.filters import Rejection

if TYPE_CHECKING:
    from kit.curation.config import CurationConfig
    from kit.curation.quality import QualityScore


def describe_lengths(values: Sequence[int]) -> dict[str, float]:
    """Min / p10 / median / mean / p90 / max of a list of lengths (zeros when empty)."""
    if not len(values):
        return {"n": 0, "min": 0, "p10": 0, "median": 0, "mean": 0, "p90": 0, "max": 0}
    arr = np.asarray(values, dtype=float)
    return {
        "n": len(values),
        "min": int(arr.min()),
        "p10": round(float(np.percentile(arr, 10)), 1),
        "median": round(float(np.median(arr)), 1),
        "mean": round(float(arr.mean()), 1),
        "p90": round(float(np.percentile(arr, 90)), 1),
        "max": int(arr.max()),
    }


def _split_stats(rows: list[dict[str, Any]], quality: dict[str, QualityScore]) -> dict[str, Any]:
    scores = [quality[r["id"]] for r in rows]
    parts = Counter()
    for q in scores:
        parts.update(q.parts)
    return {
        "n": len(rows),
        "sources": dict(sorted(Counter(r["source"] for r in rows).items())),
        "categories": dict(sorted(Counter(r["category"] for r in rows).items())),
        "prompt_chars": describe_lengths([len(r["prompt"]) for r in rows]),
        "response_chars": describe_lengths([len(r["response"]) for r in rows]),
        "quality_mean": round(float(np.mean([q.value for q in scores])), 3) if scores else None,
        "quality_basis": dict(Counter(q.basis for q in scores)),
        "quality_parts_mean": {k: round(v / len(scores), 3) for k, v in sorted(parts.items())} if scores else {},
    }


def build_stats(
    config: CurationConfig,
    inputs: Sequence[Candidate],
    survivors: Sequence[Candidate],
    pool: Sequence[Candidate],
    rejections: Sequence[Rejection],
    splits: dict[str, list[dict]],
    quality: dict[str, QualityScore],
    coverage: dict[str, Any],
    embedder: str,
    timings: dict[str, float],
    messages: list[str],
) -> dict[str, Any]:
    """The stats.json document (no text: counts, lengths, scores, ids of nothing)."""
    by_reason = Counter(r.reason for r in rejections)
    by_filter = Counter(r.filter for r in rejections if r.stage == "filter")
    selected = sum(len(rows) for rows in splits.values())
    return {
        "counts": {
            "input": len(inputs),
            "input_by_source": dict(sorted(Counter(c.source for c in inputs).items())),
            "rejected": len(rejections),
            "rejected_by_reason": dict(sorted(by_reason.items())),
            "rejected_by_filter": dict(sorted(by_filter.items())),
            "after_filters": len(survivors),
            "after_dedup": len(pool),
            "selected": selected,
            "not_selected": len(pool) - selected,
            "splits": {name: len(rows) for name, rows in splits.items()},
        },
        "pool": {
            "prompt_chars": describe_lengths([len(c.prompt) for c in pool]),
            "response_chars": describe_lengths([len(c.response) for c in pool]),
            "sources": dict(sorted(Counter(c.source for c in pool).items())),
        },
        "splits": {name: _split_stats(rows, quality) for name, rows in splits.items()},
        "coverage": coverage,
        "embedder": embedder,
        "seed": config.seed,
        "filters": [f.model_dump() for f in config.filters],
        "config": config.model_dump(exclude={"filters", "intended_use"}),
        "messages": messages,
        "timings_s": timings,
    }
