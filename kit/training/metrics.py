"""What a run writes while it trains: ``metrics.jsonl``, ``evals.jsonl``, ``progress.json``, TensorBoard.

A resumed run continues from its last checkpoint, but a killed worker may have logged steps after it. On
resume those lines are cut from ``metrics.jsonl`` and ``evals.jsonl`` and TensorBoard is told to purge
events from the first re-run step on, so every step appears exactly once.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from kit.fsutil import atomic_write_text


def read_jsonl(path: Path) -> list[dict]:
    """The readable lines of a JSONL file a run writes ([] when it is absent).

    A line that does not parse is skipped: the worker may be mid-write on it, or was killed there.
    """
    if not path.is_file():
        return []
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return rows


def gpu_memory_gb() -> float | None:
    """Peak CUDA memory allocated by this process so far (None on CPU)."""
    import torch

    if not torch.cuda.is_available():
        return None
    return round(torch.cuda.max_memory_allocated() / 1024**3, 3)


class MetricsWriter:
    """Appends one JSON line per logged step; only the main process writes."""

    def __init__(self, run_dir: Path, enabled: bool = True) -> None:
        self.run_dir, self.enabled = Path(run_dir), enabled
        self.writer = None
        self.began = time.time()
        self.total_steps = 0

    def start(self, total_steps: int, steps_per_epoch: int, stats, resumed_at: int | None) -> None:
        """Record the plan (total steps, data stats) in ``progress.json``; open TensorBoard.

        With ``resumed_at``, drop everything logged after that step first (it is about to be logged again).
        """
        self.total_steps = total_steps
        if not self.enabled:
            return
        from torch.utils.tensorboard import SummaryWriter

        purge = None
        if resumed_at is not None:
            kept = self._truncate("metrics.jsonl", resumed_at)
            self._truncate("evals.jsonl", resumed_at)
            self.began -= kept[-1].get("elapsed_s", 0.0) if kept else 0.0  # elapsed_s keeps counting
            purge = resumed_at + 1
            _wait_to_sort_last(self.run_dir / "tensorboard")
        self.writer = SummaryWriter(str(self.run_dir / "tensorboard"), purge_step=purge)
        self._progress(
            {
                "step": resumed_at or 0,
                "total_steps": total_steps,
                "steps_per_epoch": steps_per_epoch,
                "examples_kept": stats.kept,
                "examples_truncated": stats.truncated,
                "examples_dropped": stats.dropped,
                "resumed_at": resumed_at,
            }
        )

    def step(self, step: int, epoch: float, loss: float, lr: float, tokens_per_s: float, every: int = 1) -> None:
        """Log one optimizer step."""
        if not self.enabled or (step % every and step != self.total_steps):
            return
        line = {
            "step": step,
            "epoch": round(epoch, 4),
            "loss": round(loss, 6),
            "lr": lr,
            "tokens_per_s": round(tokens_per_s, 1),
            "gpu_mem_gb": gpu_memory_gb(),
            "elapsed_s": round(time.time() - self.began, 2),
        }
        self._append("metrics.jsonl", line)
        self.writer.add_scalar("train/loss", loss, step)
        self.writer.add_scalar("train/lr", lr, step)
        self.writer.add_scalar("train/tokens_per_s", tokens_per_s, step)
        self._progress({"step": step, "loss": line["loss"]})

    def eval(self, step: int, epoch: int, val_loss: float | None) -> None:
        """Log an end-of-epoch validation loss."""
        if not self.enabled:
            return
        self._append("evals.jsonl", {"step": step, "epoch": epoch, "val_loss": val_loss})
        if val_loss is not None:
            self.writer.add_scalar("validation/loss", val_loss, step)

    def flush(self) -> None:
        """Write buffered TensorBoard events to disk (``metrics.jsonl`` lines are written as they come)."""
        if self.writer is not None:
            self.writer.flush()

    def close(self) -> None:
        """Flush TensorBoard."""
        if self.writer is not None:
            self.writer.close()

    def _truncate(self, name: str, step: int) -> list[dict]:
        """Keep the lines of ``name`` up to ``step`` (and drop a line torn by a kill); return them."""
        path = self.run_dir / name
        if not path.is_file():
            return []
        kept = [line for line in read_jsonl(path) if line.get("step", 0) <= step]
        atomic_write_text(path, "".join(json.dumps(line) + "\n" for line in kept))
        return kept

    def _append(self, name: str, line: dict) -> None:
        with open(self.run_dir / name, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(line) + "\n")

    def _progress(self, update: dict) -> None:
        path = self.run_dir / "progress.json"
        current = json.loads(path.read_text()) if path.is_file() else {}
        atomic_write_text(path, json.dumps({**current, **update}))


def _wait_to_sort_last(folder: Path) -> None:
    """Let a new event file sort after the old ones (TensorBoard reads files in name order, by whole seconds).

    A run resumed within the second its last file was created would otherwise be read first, and its purge
    marker would drop the earlier steps instead of the re-run ones.
    """
    stamps = [int(p.name.split(".")[3]) for p in folder.glob("events.out.tfevents.*") if p.name.split(".")[3].isdigit()]
    while stamps and int(time.time()) <= max(stamps):
        time.sleep(0.05)
