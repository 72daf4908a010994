"""Read what a training run writes (metrics.jsonl, evals.jsonl, checkpoint generations.jsonl).

Thin file readers only; they belong in kit.training (asked of the lead) and move there once it offers them.
"""

from __future__ import annotations

import json
from pathlib import Path


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:  # the worker may be mid-write on the last line
            continue
    return rows


def metrics(run_dir: Path) -> list[dict]:
    """``metrics.jsonl``: one dict per logged optimizer step."""
    return _jsonl(Path(run_dir) / "metrics.jsonl")


def evals(run_dir: Path) -> list[dict]:
    """``evals.jsonl``: end-of-epoch validation losses."""
    return _jsonl(Path(run_dir) / "evals.jsonl")


def validation_samples(checkpoint_path: str | Path) -> list[dict]:
    """``generations.jsonl`` of one checkpoint: ``{"id", "response"}`` answers to validation prompts."""
    return _jsonl(Path(checkpoint_path) / "generations.jsonl")
