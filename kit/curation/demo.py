"""Curate: build the LIMA-style dataset from the signed-off redacted records."""

from __future__ import annotations

import time
from typing import Any

from kit.curation.build import build_dataset
from kit.curation.canaries import FILE_NAME as CANARY_FILE
from kit.curation.card import summary_lines
from kit.curation.config import CurationConfig
from kit.users import Role

# LIMA's sizes (1,000 / 50 / 300). The demo pool (2,400 pairs plus documents) leaves ~1,800 candidates after
# filters and dedup, so diversity selection picks 1,350 of them; a smaller pool shrinks the splits to 70% of
# the survivors so that selection always has a choice.
DEMO_SIZES = {"n": 1000, "dev": 50, "test": 300, "shrink_share": 0.7}
FAST_SIZES = {"n": 40, "dev": 5, "test": 10, "shrink_share": 0.7}
DEMO_CANARIES = 3  # random codes planted in training responses; the evaluation's canary probe can check them


def demo_step(ws: Any, ctx: Any) -> None:
    """Build ``datasets/demo@<hash>`` from the signed-off data and print the card's summary."""
    sizes = FAST_SIZES if ctx.fast else DEMO_SIZES
    embedder = "tfidf" if ctx.fast else "auto"  # tests: skip loading MiniLM; the demo keeps embeddings on
    config = CurationConfig(**sizes, embedder=embedder)
    started = time.perf_counter()
    built = build_dataset(
        ws,
        ctx.actor(Role.ML_ENGINEER),
        name="demo",
        config=config,
        progress=lambda msg: ctx.console.print(f"[dim]{msg}[/]"),
        canaries=DEMO_CANARIES,
    )
    stats = built.result.stats
    ctx.console.print(
        f"Built dataset [bold]{built.ref.id}[/] in {time.perf_counter() - started:.0f} s "
        f"(embeddings: {stats['embedder']}; sign-off {built.ref.signoff_id})."
    )
    if built.skipped:
        ctx.console.print("Records with no pair rule: " + ", ".join(f"{k} {v}" for k, v in built.skipped.items()))
    for line in summary_lines(stats):
        ctx.console.print(line, soft_wrap=True)
    ctx.console.print(f"Card: {built.ref.path / 'card.md'}   Rejections: kit curate rejections {built.ref.id}")
    record = built.ref.path / CANARY_FILE
    ctx.console.print(f"Canary record (hashes only): {record}")
    ctx.state["canary_record"] = str(record)
    ctx.state["dataset"] = built.ref.id
    ctx.state["dataset_ref"] = built.ref
