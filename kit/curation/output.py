"""Write a curation result: a ``datasets`` DatasetDict (save_to_disk) plus card.md, stats.json, plots.

Everything is written into a temporary sibling folder and renamed into place, so a failure never leaves a
half-written dataset. The content hash covers the rows of every split (not timings), so the same inputs,
settings and seed give the same hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit.curation.canaries import FILE_NAME as CANARY_FILE
from kit.curation.card import render_card
from kit.curation.pipeline import CurationResult
from kit.curation.plots import write_plots
from kit.errors import InputError

COLUMNS = ("id", "prompt", "response", "source", "category", "quality")
MARKERS = ("dataset_dict.json", "card.md", "stats.json")  # what makes a folder a previous curate output


@dataclass(frozen=True)
class WrittenDataset:
    """Where the dataset went and its content hash."""

    path: Path
    content_hash: str


def content_hash(splits: dict[str, list[dict[str, Any]]], length: int = 12) -> str:
    """Hex digest prefix of the canonical JSON of all split rows."""
    canonical = json.dumps(
        {name: [[row[c] for c in COLUMNS] for row in rows] for name, rows in splits.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:length]


def _save_dataset_dict(splits: dict[str, list[dict[str, Any]]], folder: Path) -> None:
    from datasets import Dataset, DatasetDict, Features, Value
    from datasets.utils import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    features = Features({c: Value("float64" if c == "quality" else "string") for c in COLUMNS})
    dataset = DatasetDict(
        {
            name: Dataset.from_dict({c: [row[c] for row in rows] for c in COLUMNS}, features=features)
            for name, rows in splits.items()
        }
    )
    bars_were_on = not are_progress_bars_disabled()
    disable_progress_bars()  # one bar per split is noise in CLI output and logs
    try:
        dataset.save_to_disk(str(folder))
    finally:
        if bars_were_on:
            enable_progress_bars()


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows), encoding="utf-8")


def check_destination(out_dir: Path) -> None:
    """Refuse a folder that exists, is not empty, and is not a previous curate output."""
    if out_dir.exists() and (
        not out_dir.is_dir() or (any(out_dir.iterdir()) and not all((out_dir / m).exists() for m in MARKERS))
    ):
        raise InputError(
            "output exists and is not an empty folder or a previous curate output; choose another --output", out_dir
        )


def write_dataset(
    result: CurationResult,
    out_dir: str | Path,
    *,
    name: str | None = None,
    signoff_id: str | None = None,
    canaries: list[dict[str, Any]] | None = None,
) -> WrittenDataset:
    """Write ``result`` to ``out_dir`` atomically (replacing an empty folder or a previous curate output).

    ``canaries`` (hashed records from :func:`kit.curation.canaries.plant_in_train`) go to ``canaries.json``.
    """
    out_dir = Path(out_dir).resolve()
    check_destination(out_dir)
    digest = content_hash(result.splits)
    name = name or out_dir.name
    stats = {**result.stats, "name": name, "content_hash": digest, "signoff_id": signoff_id}
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = out_dir.parent / f".{out_dir.name}.tmp-{uuid.uuid4().hex[:8]}"
    try:
        _save_dataset_dict(result.splits, staging)
        (staging / "stats.json").write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (staging / "card.md").write_text(
            render_card(stats, name=name, content_hash=digest, signoff_id=signoff_id, intended_use=result.intended_use),
            encoding="utf-8",
        )
        _jsonl(staging / "lineage.jsonl", result.lineage)
        _jsonl(staging / "rejections.jsonl", [r.as_dict() for r in result.rejections])
        if canaries:
            (staging / CANARY_FILE).write_text(json.dumps(canaries, indent=2) + "\n", encoding="utf-8")
        write_plots(result, staging / "plots")
        _swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return WrittenDataset(out_dir, digest)


def _swap_into_place(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    if not any(out_dir.iterdir()):
        out_dir.rmdir()
        os.replace(staging, out_dir)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{uuid.uuid4().hex[:8]}"
    os.replace(out_dir, old)
    os.replace(staging, out_dir)
    shutil.rmtree(old, ignore_errors=True)
