"""Which data a run trains on: a curated dataset by name (``demo``, ``demo@ab12cd34``) or a saved folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from kit.errors import InputError, StateError


@dataclass(frozen=True)
class TrainingData:
    """A ``datasets`` DatasetDict folder (train / validation / test) and the hash that pins it."""

    name: str
    hash: str
    path: Path
    signoff_id: int | str | None = None


def resolve_training_data(ws, name: str) -> TrainingData:
    """A curated dataset by name, or a ``save_to_disk`` folder (e.g. ``kit curate select --output DIR``)."""
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not (folder / "dataset_dict.json").is_file():
            raise InputError("not a saved DatasetDict (no dataset_dict.json)", path=folder)
        return TrainingData(folder.resolve().name, folder_hash(folder), folder.resolve())
    try:
        from kit.curation.datasets import resolve_dataset
    except ImportError:
        raise StateError("curated datasets are not available in this install; pass a dataset folder") from None
    ref = resolve_dataset(ws, name)
    return TrainingData(ref.name, ref.hash, Path(ref.path), getattr(ref, "signoff_id", None))


def folder_hash(folder: Path) -> str:
    """sha256 over every file's relative path and bytes (the first 16 hex digits name it)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
