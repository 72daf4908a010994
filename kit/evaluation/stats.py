"""Statistics over pairwise ratings: the JSON `kit eval stats` prints.

Per system pair: win / tie / loss percentages from the first system's side with 95% confidence intervals
from a seeded bootstrap over prompts (items are resampled with all their ratings, because ratings of one
prompt are not independent), LIMA's tie-discounted agreement, Cohen's kappa / Krippendorff's alpha, and
Bradley-Terry scores when more than two systems were compared.

Extension point: ``SUMMARIES`` maps a top-level key of the output to a function of the ratings; add one
with ``register_summary`` (see docs/evaluation.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kit.evaluation.agreement import agreement_summary
from kit.evaluation.bradley_terry import bradley_terry
from kit.evaluation.ratings_io import Rating


@dataclass(frozen=True)
class BootstrapSettings:
    """How confidence intervals are computed."""

    n_resamples: int = 2000
    """Bootstrap resamples of the prompts."""
    seed: int = 0
    """Seed of the resampling generator: same ratings and seed, same intervals."""
    level: float = 0.95
    """Coverage of the percentile interval."""


SummaryFn = Callable[[Sequence[Rating], BootstrapSettings, Sequence[str]], object]
SUMMARIES: dict[str, SummaryFn] = {}


def register_summary(name: str) -> Callable[[SummaryFn], SummaryFn]:
    """Decorator: add a top-level entry ``name`` to the stats output."""

    def wrap(fn: SummaryFn) -> SummaryFn:
        SUMMARIES[name] = fn
        return fn

    return wrap


def orient(pair: tuple[str, str], baselines: Sequence[str]) -> tuple[str, str]:
    """(first, second) for reporting: a baseline goes second, so "win" reads as "beats the baseline"."""
    x, y = pair
    if x in baselines and y not in baselines:
        return y, x
    return x, y


def _outcomes_by_item(ratings: Sequence[Rating], first: str) -> np.ndarray:
    """Rows of per-item counts [wins, ties, losses] from ``first``'s side."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rating in ratings:
        winner = rating.winner
        column = 1 if winner is None else (0 if winner == first else 2)
        counts[rating.item][column] += 1
    return np.array([counts[item] for item in sorted(counts)], dtype=float)


def bootstrap_rates(per_item: np.ndarray, settings: BootstrapSettings) -> np.ndarray:
    """Resampled [win, tie, loss] rates, shape (n_resamples, 3); items drawn with replacement."""
    rng = np.random.default_rng(settings.seed)
    picks = rng.integers(0, len(per_item), size=(settings.n_resamples, len(per_item)))
    sums = per_item[picks].sum(axis=1)
    return sums / sums.sum(axis=1, keepdims=True)


def _interval(samples: np.ndarray, level: float) -> list[float]:
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(samples, [tail, 100.0 - tail])
    return [round(float(low) * 100, 2), round(float(high) * 100, 2)]


def pair_summary(ratings: Sequence[Rating], first: str, second: str, settings: BootstrapSettings) -> dict:
    """Win / tie / loss (percent, from ``first``'s side) with bootstrap CIs and agreement, for one pair."""
    per_item = _outcomes_by_item(ratings, first)
    totals = per_item.sum(axis=0)
    rates = totals / totals.sum()
    samples = bootstrap_rates(per_item, settings)
    return {
        "systems": [first, second],
        "n_ratings": len(ratings),
        "n_items": len(per_item),
        "win": round(float(rates[0]) * 100, 2),
        "tie": round(float(rates[1]) * 100, 2),
        "loss": round(float(rates[2]) * 100, 2),
        "win_or_tie": round(float(rates[0] + rates[1]) * 100, 2),
        "ci95": {
            "win": _interval(samples[:, 0], settings.level),
            "tie": _interval(samples[:, 1], settings.level),
            "loss": _interval(samples[:, 2], settings.level),
            "win_or_tie": _interval(samples[:, 0] + samples[:, 1], settings.level),
        },
        "agreement": agreement_summary(ratings),
    }


@register_summary("pairs")
def pairs_summary(ratings: Sequence[Rating], settings: BootstrapSettings, baselines: Sequence[str]) -> list[dict]:
    """One entry per compared system pair."""
    by_pair: dict[tuple[str, str], list[Rating]] = defaultdict(list)
    for rating in ratings:
        by_pair[rating.pair].append(rating)
    return [pair_summary(group, *orient(pair, baselines), settings) for pair, group in sorted(by_pair.items())]


@register_summary("agreement")
def overall_agreement(ratings: Sequence[Rating], settings: BootstrapSettings, baselines: Sequence[str]) -> dict:
    """Agreement over every pair's overlapping items together."""
    return agreement_summary(ratings)


@register_summary("bradley_terry")
def bt_summary(ratings: Sequence[Rating], settings: BootstrapSettings, baselines: Sequence[str]) -> dict | None:
    """Bradley-Terry scores when more than two systems were compared."""
    return bradley_terry(ratings)


def compute_stats(
    ratings: Sequence[Rating],
    settings: BootstrapSettings | None = None,
    baselines: Sequence[str] = (),
) -> dict:
    """The full statistics document for a set of ratings (JSON-ready)."""
    settings = settings or BootstrapSettings()
    out: dict = {
        "n_ratings": len(ratings),
        "n_items": len({r.item for r in ratings}),
        "raters": sorted({r.rater for r in ratings}),
        "systems": sorted({r.a for r in ratings} | {r.b for r in ratings}),
        "bootstrap": {
            "unit": "item",
            "n_resamples": settings.n_resamples,
            "seed": settings.seed,
            "level": settings.level,
        },
    }
    for name, fn in SUMMARIES.items():
        out[name] = fn(ratings, settings, baselines)
    return out
