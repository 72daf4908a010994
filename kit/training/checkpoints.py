"""Checkpoints: everything needed to resume exactly, written atomically, rotated.

``runs/<id>/checkpoints/step-000123/`` holds ``trainable.pt`` (adapter or full weights), ``state.pt``
(optimizer, scheduler, RNG states) and ``meta.json`` (step, epoch, kind, validation loss). Epoch-end
checkpoints in the run's selection window also hold ``adapter/`` (or ``model/``) and
``generations.jsonl`` so a person can pick one (``kit train select``).
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from kit.fsutil import atomic_write_text

STATE_FILES = ("trainable.pt", "state.pt", "meta.json")


def checkpoint_dir(run_dir: Path, step: int) -> Path:
    """Folder of the checkpoint taken after optimizer step ``step``."""
    return Path(run_dir) / "checkpoints" / f"step-{step:06d}"


def rng_state() -> dict:
    """Every RNG a step consumes (dropout, data order is derived from the seed)."""
    import numpy as np
    import torch

    state = {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    """Restore :func:`rng_state`."""
    import numpy as np
    import torch

    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def save(run_dir: Path, step: int, trainable: dict, state: dict, meta: dict, export=None) -> Path:
    """Write a checkpoint into a temp folder and rename it into place; ``export(folder)`` adds extras."""
    import torch

    final = checkpoint_dir(run_dir, step)
    tmp = final.with_name(f".{final.name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    torch.save(trainable, tmp / "trainable.pt")
    torch.save(state, tmp / "state.pt")
    if export is not None:
        export(tmp)
    atomic_write_text(tmp / "meta.json", json.dumps({**meta, "step": step}, indent=2))
    if final.exists():
        shutil.rmtree(final)
    tmp.rename(final)
    return final


def list_checkpoints(run_dir: Path) -> list[dict]:
    """Complete checkpoints, oldest first, as their meta dicts plus ``path``."""
    root = Path(run_dir) / "checkpoints"
    found = []
    for folder in sorted(root.glob("step-*")) if root.is_dir() else []:
        if all((folder / f).is_file() for f in STATE_FILES):
            found.append({**json.loads((folder / "meta.json").read_text()), "path": str(folder)})
    return found


def latest(run_dir: Path) -> dict | None:
    """The newest complete checkpoint, or None."""
    found = list_checkpoints(run_dir)
    return found[-1] if found else None


def load(path: Path) -> tuple[dict, dict]:
    """(trainable tensors, trainer state) of one checkpoint."""
    import torch

    path = Path(path)
    return (
        torch.load(path / "trainable.pt", map_location="cpu", weights_only=False),
        torch.load(path / "state.pt", map_location="cpu", weights_only=False),
    )


def rotate(run_dir: Path, keep_last: int) -> None:
    """Delete resume-only checkpoints beyond the newest ``keep_last``; selection checkpoints stay."""
    found = list_checkpoints(run_dir)
    newest = {c["step"] for c in found[-max(keep_last, 1) :]}
    for c in found:
        if not c.get("keep_for_selection") and c["step"] not in newest:
            shutil.rmtree(c["path"], ignore_errors=True)
    for stale in (Path(run_dir) / "checkpoints").glob(".step-*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a process killed mid-write
