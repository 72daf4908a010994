"""The curation pipeline: filter -> score -> deduplicate -> embed -> select -> split, with a report.

``curate`` is pure (no files, no database): give it candidates, get a :class:`CurationResult`. Writing the
dataset is :mod:`kit.curation.output`; the workspace build is :mod:`kit.curation.build`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kit.curation.candidates import Candidate
from kit.curation.config import CurationConfig
from kit.curation.coverage import coverage_report
from kit.curation.dedup import deduplicate
from kit.curation.embeddings import Embedder, build_embedder
from kit.curation.filters import FilterContext, Rejection, run_filters
from kit.curation.quality import QualityScore, score
from kit.curation.selection import random_selection, select
from kit.curation.splits import SPLITS, SplitSizes, assign_splits, plan_sizes, shortfall_message
from kit.curation.stats import build_stats
from kit.errors import InputError

Progress = Callable[[str], None]


@dataclass
class CurationResult:
    """What a curation run produced: split rows, rejections, stats, and what the plots need."""

    splits: dict[str, list[dict[str, Any]]]
    rejections: list[Rejection]
    stats: dict[str, Any]
    lineage: list[dict[str, Any]]
    sizes: SplitSizes
    messages: list[str] = field(default_factory=list)
    pool: list[Candidate] = field(default_factory=list)
    vectors: np.ndarray | None = None
    selected_idx: list[int] = field(default_factory=list)
    random_idx: list[int] = field(default_factory=list)
    intended_use: str = ""


def _embed_texts(pool: list[Candidate], config: CurationConfig) -> list[str]:
    if config.selection.embed_field == "prompt":
        return [c.prompt for c in pool]
    return [f"{c.prompt}\n\n{c.response[:500]}" for c in pool]


def _row(c: Candidate, q: QualityScore) -> dict[str, Any]:
    return {
        "id": c.id,
        "prompt": c.prompt,
        "response": c.response,
        "source": c.source,
        "category": c.category,
        "quality": round(q.value, 4),
    }


def curate(
    candidates: Iterable[Candidate],
    config: CurationConfig | None = None,
    context: FilterContext | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> CurationResult:
    """Run the whole pipeline on ``candidates`` (see the module docs); deterministic for ``config.seed``."""
    config = config or CurationConfig()
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    inputs = sorted(candidates, key=lambda c: c.id)
    if len({c.id for c in inputs}) != len(inputs):
        raise InputError("candidate ids must be unique")
    say(f"filtering {len(inputs)} candidates")
    survivors, rejections = run_filters(inputs, config.filters, context)
    lap("filters")
    quality = {c.id: score(c, config.quality) for c in survivors}
    lap("quality")
    say(f"deduplicating {len(survivors)} candidates")
    deduped = deduplicate(survivors, {k: q.value for k, q in quality.items()}, config.dedup)
    rejections += deduped.rejections
    pool = sorted(deduped.kept, key=lambda c: c.id)
    lap("dedup")
    rejected = dict(Counter(r.reason for r in rejections).most_common())
    sizes = plan_sizes(len(pool), config.n, config.dev, config.test, config.shrink_share, rejected)
    messages = [sizes.message] if sizes.message else []
    engine = embedder or build_embedder(config.embedder, config.seed)
    say(f"embedding {len(pool)} prompts with {engine.name}")
    vectors = engine.embed(_embed_texts(pool, config))
    lap("embed")
    qualities = np.array([quality[c.id].value for c in pool])
    groups = [getattr(c, config.selection.quota_field) for c in pool] if config.selection.quota_field else None
    selected = select(vectors, sizes.total, qualities, config.selection, groups, config.seed)
    lap("select")
    baseline = random_selection(len(pool), len(selected), config.seed)
    coverage = coverage_report(vectors, selected, baseline, config.seed)
    lap("coverage")
    chosen = [pool[i] for i in selected]
    parts = assign_splits(chosen, vectors[selected], sizes, config.seed, config.splits)
    messages += [m for m in [shortfall_message(parts, sizes)] if m]
    lap("splits")
    splits = {name: [_row(chosen[i], quality[chosen[i].id]) for i in parts[name]] for name in SPLITS}
    split_of = {chosen[i].id: name for name in SPLITS for i in parts[name]}
    lineage = [
        {
            **c.lineage(),
            "split": split_of[c.id],
            "quality": quality[c.id].value,
            "quality_basis": quality[c.id].basis,
            "quality_parts": quality[c.id].parts,
        }
        for c in sorted(chosen, key=lambda c: c.id)
    ]
    stats = build_stats(
        config, inputs, survivors, pool, rejections, splits, quality, coverage, engine.name, timings, messages
    )
    return CurationResult(
        splits, rejections, stats, lineage, sizes, messages, pool, vectors, selected, baseline, config.intended_use
    )
