"""Read what a training run writes (metrics.jsonl, evals.jsonl, checkpoint generations.jsonl, lineage.json).

Thin readers over :func:`kit.training.metrics.read_jsonl`.
"""

from __future__ import annotations

import json
from pathlib import Path

from kit.training.metrics import read_jsonl as _jsonl


def metrics(run_dir: Path) -> list[dict]:
    """``metrics.jsonl``: one dict per logged optimizer step."""
    return _jsonl(Path(run_dir) / "metrics.jsonl")


def evals(run_dir: Path) -> list[dict]:
    """``evals.jsonl``: end-of-epoch validation losses."""
    return _jsonl(Path(run_dir) / "evals.jsonl")


def validation_samples(checkpoint_path: str | Path, run_dir: str | Path | None = None) -> list[dict]:
    """``generations.jsonl`` of one checkpoint: ``{"id", "prompt", "response"}`` answers to validation prompts.

    The worker names each answer by example id; a missing prompt is looked up by that id in the validation
    split of the dataset the run trained on (``lineage.json``), so a person reads question and answer together.
    """
    samples = _jsonl(Path(checkpoint_path) / "generations.jsonl")
    if run_dir is not None and any("prompt" not in s for s in samples):
        prompts = validation_prompts(run_dir)
        samples = [{**s, "prompt": s.get("prompt", prompts.get(str(s.get("id", ""))))} for s in samples]
    return samples


def validation_prompts(run_dir: str | Path) -> dict[str, str]:
    """``{example id: prompt}`` of the run's validation split; empty when the dataset is gone or unreadable."""
    lineage = Path(run_dir) / "lineage.json"
    try:
        folder = Path(json.loads(lineage.read_text(encoding="utf-8"))["dataset"]["path"])
        from datasets import load_from_disk

        split = load_from_disk(str(folder))["validation"]
    except (OSError, KeyError, ValueError, TypeError):
        return {}
    return {str(row.get("id", "")): row.get("prompt", "") for row in split}
