"""The lineage chain of a release: dataset hash -> redaction sign-off -> run -> evaluation -> approver.

Facts come from other stages through :class:`LineageSource`. The default source calls their public APIs
(kit.curation.datasets, kit.review.api, kit.training); tests and tools may pass another.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class RunFacts:
    """What the evaluation stage needs to know about a training run."""

    run_id: str
    model: str
    model_path: str
    model_sha256: str
    dataset: str
    dataset_hash: str
    adapter_dir: str
    status: str
    final_step: int | None
    config_sha256: str
    run_dir: str


@dataclass(frozen=True)
class SignoffFacts:
    """The compliance sign-off the run's data traces back to."""

    id: str
    by: str | None = None
    at: str | None = None


@dataclass(frozen=True)
class DatasetFacts:
    """The data a run trained on, as the run recorded it."""

    name: str
    hash: str
    path: str
    signoff_id: str | None


class LineageSource(Protocol):
    """Where run, dataset and sign-off facts come from."""

    def run(self, ws: Any, run_id: str) -> RunFacts:
        """Facts about ``run_id``."""

    def signoff(self, ws: Any, run_id: str) -> SignoffFacts | None:
        """The sign-off behind the run's dataset, or None."""

    def dataset_stats(self, ws: Any, run_id: str) -> dict | None:
        """stats.json of the run's dataset, or None."""


def _config_hash(config: Any) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()


def run_dataset(ws: Any, run_id: str) -> DatasetFacts:
    """The run's dataset from ``runs/<id>/lineage.json`` (a curated dataset or a plain saved folder)."""
    from kit.training.runs import get_run

    run = get_run(ws, run_id)
    recorded = {}
    lineage_file = Path(run.dir) / "lineage.json"
    if lineage_file.is_file():
        recorded = json.loads(lineage_file.read_text(encoding="utf-8")).get("dataset", {})
    path = recorded.get("path")
    if not path or not Path(path).is_dir():
        from kit.curation.datasets import resolve_dataset

        ref = resolve_dataset(ws, f"{run.dataset}@{run.dataset_hash}" if run.dataset_hash else run.dataset)
        path, recorded = str(ref.path), {**recorded, "signoff_id": ref.signoff_id}
    signoff = recorded.get("signoff_id")
    return DatasetFacts(run.dataset, run.dataset_hash, str(path), str(signoff) if signoff is not None else None)


class KitLineage:
    """The default source: the other stages' public APIs."""

    def run(self, ws: Any, run_id: str) -> RunFacts:
        """From kit.training.runs.get_run and kit.training.registry.resolve_model."""
        from kit.training.registry import resolve_model
        from kit.training.runs import get_run

        info = get_run(ws, run_id)
        model = resolve_model(ws, info.model, verify=False)
        return RunFacts(
            info.id,
            model.name,
            str(model.path),
            info.model_sha256 or model.sha256,
            info.dataset,
            info.dataset_hash,
            str(info.adapter_dir or ""),
            info.status,
            info.final_step,
            _config_hash(info.config),
            str(info.dir),
        )

    def signoff(self, ws: Any, run_id: str) -> SignoffFacts | None:
        """The sign-off(s) the run's dataset recorded, with reviewer and time from kit.review.api.

        A dataset built from records of several sign-offs records their ids comma-separated ("3,4"); every
        one of them must exist, or the dataset counts as having no sign-off.
        """
        recorded = run_dataset(ws, run_id).signoff_id
        if recorded is None:
            return None
        from kit.errors import StateError
        from kit.review.api import get_signoff

        found = []
        for part in recorded.split(","):
            try:
                found.append(get_signoff(ws, int(part.strip())))
            except (StateError, ValueError):
                return None  # a recorded sign-off does not exist in this workspace: treat as missing
        reviewers = sorted({f.reviewer for f in found if f.reviewer})
        return SignoffFacts(
            ",".join(str(f.id) for f in found), ", ".join(reviewers) or None, max(f.created_at for f in found)
        )

    def dataset_stats(self, ws: Any, run_id: str) -> dict | None:
        """stats.json next to the saved dataset."""
        stats = Path(run_dataset(ws, run_id).path) / "stats.json"
        return json.loads(stats.read_text(encoding="utf-8")) if stats.is_file() else None
