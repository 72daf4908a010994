"""Checkpoints: everything needed to resume exactly, written atomically, rotated.

``runs/<id>/checkpoints/step-000123/`` holds ``trainable.pt`` (adapter or full weights), ``state.pt``
(optimizer, scheduler, RNG states) and ``meta.json`` (step, epoch, kind, validation loss). Epoch-end
checkpoints in the run's selection window also hold ``adapter/`` (or ``model/``) and
``generations.jsonl`` so a person can pick one (``kit train select``).

Rotation keeps the resume state (``trainable.pt``, ``state.pt``) only in the newest ``keep_last``
checkpoints. An older selection checkpoint is slimmed to what selection needs (``adapter/`` or
``model/``, ``generations.jsonl``, ``meta.json``); an older step checkpoint is deleted. A LIMA run (full
fine-tune, epochs 5-10 kept) so holds one copy of the optimizer moments, not seven.
"""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

from kit.fsutil import atomic_write_text

RESUME_FILES = ("trainable.pt", "state.pt")
ARTIFACTS = ("adapter", "model")


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
    """Complete checkpoints, oldest first: meta dicts plus ``path`` and ``resumable`` (has resume state)."""
    root = Path(run_dir) / "checkpoints"
    found = []
    for folder in sorted(root.glob("step-*")) if root.is_dir() else []:
        if not (folder / "meta.json").is_file():
            continue
        resumable = all((folder / f).is_file() for f in RESUME_FILES)
        if resumable or artifact(folder) is not None:
            found.append(
                {**json.loads((folder / "meta.json").read_text()), "path": str(folder), "resumable": resumable}
            )
    return found


def latest(run_dir: Path) -> dict | None:
    """The newest checkpoint a run can resume from, or None."""
    found = [c for c in list_checkpoints(run_dir) if c["resumable"]]
    return found[-1] if found else None


def artifact(folder: Path) -> Path | None:
    """The loadable ``adapter/`` or ``model/`` inside a checkpoint (or run) folder, if any."""
    for name in ARTIFACTS:
        if (Path(folder) / name).is_dir():
            return Path(folder) / name
    return None


def find_selectable(run_dir: Path, which: str | int) -> int:
    """The step of the selection checkpoint named by ``which``: an epoch (``5``, ``epoch-5``) or ``step-N``.

    Raises :class:`StateError` listing what can be selected when nothing matches.
    """
    from kit.errors import InputError, StateError

    kept = [c for c in list_checkpoints(run_dir) if c.get("keep_for_selection") and artifact(Path(c["path"]))]
    text = str(which).strip().lower()
    kind, _, number = text.rpartition("-") if "-" in text else ("epoch", "", text)
    if kind not in ("epoch", "step") or not number.isdigit():
        raise InputError(f"checkpoint {which!r}: give an epoch (5 or epoch-5) or a step (step-120)")
    match = [c for c in kept if int(c[kind]) == int(number)]
    if not match:
        listed = ", ".join(f"epoch {c['epoch']} (step-{c['step']})" for c in kept) or "none"
        raise StateError(f"no selectable checkpoint at {kind} {int(number)}; selectable: {listed}")
    return int(match[-1]["step"])


def load(path: Path) -> tuple[dict, dict]:
    """(trainable tensors, trainer state) of one checkpoint."""
    import torch

    path = Path(path)
    return (
        torch.load(path / "trainable.pt", map_location="cpu", weights_only=False),
        torch.load(path / "state.pt", map_location="cpu", weights_only=False),
    )


def rotate(run_dir: Path, keep_last: int) -> None:
    """Keep resume state in the newest ``keep_last`` checkpoints only; slim older selection ones, drop the rest."""
    found = list_checkpoints(run_dir)
    newest = {c["step"] for c in [c for c in found if c["resumable"]][-max(keep_last, 1) :]}
    for c in found:
        if c["step"] in newest:
            continue
        if c.get("keep_for_selection") and artifact(Path(c["path"])) is not None:
            for name in RESUME_FILES:
                (Path(c["path"]) / name).unlink(missing_ok=True)
        else:
            shutil.rmtree(c["path"], ignore_errors=True)
    for stale in (Path(run_dir) / "checkpoints").glob(".step-*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)  # left by a process killed mid-write
