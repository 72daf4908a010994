"""Fine-tuning the learned detector on labelled texts: gold files, reviewed records, the synthetic corpus.

Each text comes with its PHI spans (the labels) and the spans the rules flagged (the model's input bit).
Windows holding a span or a rule finding are all used every epoch; of the others (plain clinical text, the
negatives) a seeded share is drawn per epoch, which keeps an epoch short without starving the model of
"this is not PHI". A time budget stops training cleanly after the step in flight.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from redaction.errors import ModelError
from redaction.learned.labels import LABEL_ID, LABELS, Span, flagged, piece_labels
from redaction.learned.model import DEFAULT_LAYERS, DEFAULT_WINDOW, Detector, Window, _pad, new_detector, torch_threads

Progress = Callable[[int, int, float], None]  # (step, total steps, loss)


@dataclass(frozen=True)
class TrainingText:
    """One labelled text. ``source`` says where its labels come from (synthetic, gold, reviewed)."""

    text: str
    spans: Sequence[Span]
    rule_spans: Sequence[Span] = ()
    source: str = "gold"

    def __repr__(self) -> str:  # the text may be raw PHI: keep it out of logs and tracebacks
        return f"TrainingText(source={self.source!r}, spans={len(self.spans)}, text=<{len(self.text)} chars>)"


@dataclass
class TrainSettings:
    """How the detector is fine-tuned (``kit redact train`` options)."""

    epochs: float = field(default=2.0, metadata={"help": "Passes over the windows with PHI or rule findings."})
    batch_size: int = field(default=16, metadata={"help": "Windows per optimizer step."})
    learning_rate: float = field(default=1e-4, metadata={"help": "AdamW peak learning rate (linear decay)."})
    phi_weight: float = field(default=2.0, metadata={"help": "Loss weight of PHI labels against O (recall first)."})
    negative_fraction: float = field(
        default=0.5, metadata={"help": "Share of windows without any span drawn into each epoch."}
    )
    max_minutes: float = field(default=15.0, metadata={"help": "Training stops after this many minutes."})
    layers: int = field(default=DEFAULT_LAYERS, metadata={"help": "Encoder layers kept from the base model."})
    window: int = field(default=DEFAULT_WINDOW, metadata={"help": "Word pieces per window."})
    seed: int = field(default=0, metadata={"help": "Seed of initialisation, sampling and shuffling."})

    def __post_init__(self) -> None:
        checks = {
            "epochs": self.epochs > 0,
            "batch_size": self.batch_size >= 1,
            "learning_rate": self.learning_rate > 0,
            "phi_weight": self.phi_weight > 0,
            "negative_fraction": 0 <= self.negative_fraction <= 1,
            "max_minutes": self.max_minutes > 0,
            "layers": 1 <= self.layers <= 24,
            "window": 16 <= self.window <= 512,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ModelError(f"training settings out of range: {', '.join(bad)}")


def fingerprint(texts: Sequence[TrainingText]) -> str:
    """One sha256 over every text and its labels: which data a detector was trained on (no text kept)."""
    digest = hashlib.sha256()
    for item in texts:
        spans = sorted((s.start, s.end, s.entity_type) for s in item.spans)
        digest.update(hashlib.sha256(item.text.encode("utf-8")).digest())
        digest.update(json.dumps(spans).encode("utf-8"))
    return digest.hexdigest()


def train_detector(
    texts: Sequence[TrainingText],
    base: str | Path | None = None,
    settings: TrainSettings | None = None,
    progress: Progress | None = None,
) -> Detector:
    """A detector fine-tuned on ``texts``; its ``info.training`` records data, settings and time taken."""
    import torch

    settings = settings or TrainSettings()
    if not texts:
        raise ModelError("no labelled texts to train on")
    torch_threads()
    torch.manual_seed(settings.seed)
    detector = new_detector(base, layers=settings.layers, window=settings.window)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = detector.model.to(device)
    positives, negatives = _windows(detector, texts)
    rng = random.Random(settings.seed)
    per_epoch = len(positives) + round(settings.negative_fraction * len(negatives))
    total_steps = max(1, int(settings.epochs * per_epoch / settings.batch_size + 0.999))
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    warmup = max(1, total_steps // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (total_steps - s) / max(1, total_steps - warmup)))
    )
    weights = torch.full((len(LABELS),), settings.phi_weight)
    weights[LABEL_ID["O"]] = 1.0
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights.to(device), ignore_index=-100)
    started, step, loss_value, stopped_early = time.monotonic(), 0, float("nan"), False
    model.train()
    while step < total_steps and not stopped_early:
        epoch = positives + rng.sample(negatives, round(settings.negative_fraction * len(negatives)))
        rng.shuffle(epoch)
        for b in range(0, len(epoch), settings.batch_size):
            batch = epoch[b : b + settings.batch_size]
            ids, types, mask = (t.to(device) for t in _pad(batch))
            labels = _labels(batch, ids.shape[1]).to(device)
            logits = model(input_ids=ids, token_type_ids=types, attention_mask=mask).logits
            loss = loss_fn(logits.reshape(-1, len(LABELS)), labels.reshape(-1))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step, loss_value = step + 1, float(loss.detach())
            if progress:
                progress(step, total_steps, loss_value)
            if step >= total_steps:
                break
            if time.monotonic() - started > settings.max_minutes * 60:
                stopped_early = True
                break
    detector.model = model.cpu().eval()
    detector.info.rule_features = True
    detector.info.training = {
        "texts": len(texts),
        "by_source": _count_sources(texts),
        "spans": sum(len(t.spans) for t in texts),
        "windows_with_spans": len(positives),
        "windows_without": len(negatives),
        "steps": step,
        "planned_steps": total_steps,
        "stopped_early": stopped_early,
        "final_loss": round(loss_value, 5),
        "seconds": round(time.monotonic() - started, 1),
        "device": device,
        "data_fingerprint": fingerprint(texts),
        "settings": asdict(settings),
    }
    return detector


def _windows(detector: Detector, texts: Sequence[TrainingText]) -> tuple[list[Window], list[Window]]:
    """Windows with a gold span or a rule finding, and the rest."""
    positives, negatives = [], []
    outside = LABEL_ID["O"]
    for i, item in enumerate(texts):
        ids, offsets = detector.pieces(item.text)
        labels = piece_labels(offsets, item.spans)
        marks = flagged(offsets, item.rule_spans)
        for window in detector.windows(i, ids, marks, labels):
            busy = any(lab not in (outside, -100) for lab in window.labels or ()) or any(window.token_type_ids)
            (positives if busy else negatives).append(window)
    return positives, negatives


def _labels(batch: Sequence[Window], width: int):  # noqa: ANN202 - a torch tensor
    import torch

    out = torch.full((len(batch), width), -100, dtype=torch.long)
    for row, window in enumerate(batch):
        out[row, : len(window.labels)] = torch.tensor(window.labels)
    return out


def _count_sources(texts: Sequence[TrainingText]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in texts:
        counts[item.source] = counts.get(item.source, 0) + 1
    return counts
