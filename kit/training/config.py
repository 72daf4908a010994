"""Run configuration: one dataclass whose fields carry their help text, and named presets.

Presets are code (not YAML) because each is a handful of overrides of the dataclass defaults; a user who
wants more passes ``kit train --config my_run.yaml`` holding any subset of the fields below.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kit.errors import InputError

ATTENTION_IMPLEMENTATIONS = ("sdpa", "flash_attention_2", "eager")
"""The attention kernels a run may ask transformers for (flash_attention_2: CUDA and the flash-attn package)."""


def _f(default: Any, help: str, **kw: Any) -> Any:  # noqa: A002 - "help" reads best in the field list
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help}, **kw)
    return field(default=default, metadata={"help": help}, **kw)


@dataclass
class RunConfig:
    """Everything that decides what a training run does. Resolved and saved as ``runs/<id>/config.json``."""

    preset: str = _f("lora", "Preset these values started from (lora, qlora, full, lima).")
    method: str = _f(
        "lora",
        "lora: train low-rank adapters; qlora: same on a 4-bit base (CUDA + bitsandbytes); full: train every weight.",
    )
    epochs: int = _f(3, "Passes over the training split.")
    max_steps: int | None = _f(None, "Stop after this many optimizer steps (a budget; None = all epochs).")
    learning_rate: float = _f(2e-4, "Peak learning rate.")
    final_learning_rate: float = _f(0.0, "Learning rate reached at the last step.")
    lr_schedule: str = _f("cosine", "Decay from peak to final: linear, cosine or constant.")
    warmup_ratio: float = _f(0.03, "Fraction of steps spent warming up linearly from 0 (LIMA: none).")
    batch_size: int = _f(16, "Examples per optimizer step across all processes (reached by accumulation).")
    micro_batch_size: int = _f(4, "Examples per forward pass per process; lower it to save memory.")
    adam_betas: tuple[float, float] = _f((0.9, 0.999), "AdamW betas.")
    weight_decay: float = _f(0.0, "AdamW decoupled weight decay.")
    max_grad_norm: float = _f(1.0, "Clip gradients to this global norm (0 = off).")
    max_seq_len: int = _f(1024, "Tokens per example; longer examples are trimmed from the end.")
    packing: bool = _f(False, "Pack several examples per row; attention stays within each example.")
    end_of_turn: bool = _f(True, "Make sure every utterance ends with the tokenizer's end-of-turn token.")
    system_prompt: str | None = _f(None, "Optional system message put before every prompt.")
    residual_dropout: float | str = _f(
        0.0,
        "Dropout on each layer's attention and MLP output, rising linearly "
        "from 0 at the bottom layer to this value at the top; 'auto' = 0.3 "
        "for models of 30B+ parameters, 0.2 for smaller ones (LIMA).",
    )
    lora_r: int = _f(16, "LoRA rank.")
    lora_alpha: int = _f(32, "LoRA scaling numerator (scale = alpha / r).")
    lora_dropout: float = _f(0.05, "Dropout on the LoRA input.")
    lora_target_modules: list[str] | str = _f("all-linear", "Modules that get adapters ('all-linear' or names).")
    gradient_checkpointing: bool = _f(False, "Recompute activations in the backward pass: less memory, ~30% slower.")
    attn_implementation: str = _f(
        "sdpa", "Attention kernels: sdpa (PyTorch), flash_attention_2 (needs the flash-attn package, CUDA), eager."
    )
    dtype: str = _f("auto", "Weights/compute dtype: auto (bf16 on GPU, float32 on CPU), float32, bfloat16.")
    device: str = _f("auto", "auto, cpu or cuda.")
    seed: int = _f(0, "Seeds data order, initialisation of adapters and dropout.")
    checkpoint_every_steps: int = _f(50, "Save a resumable checkpoint this often (and at every epoch end).")
    keep_last_checkpoints: int = _f(
        1,
        "Newest checkpoints that keep full resume state (weights, optimizer moments, RNG); older selection "
        "checkpoints keep only their adapter/ or model/ and validation answers; older step checkpoints go.",
    )
    select_epochs: list[int] | None = _f(
        None, "Epochs whose end-of-epoch checkpoints are kept for selection [first, last]; None keeps every epoch."
    )
    eval_generations: int = _f(3, "Validation prompts answered at every epoch checkpoint, for a person to read.")
    eval_max_new_tokens: int = _f(64, "Tokens generated per validation prompt.")
    eval_max_examples: int | None = _f(None, "Score validation loss on at most this many examples (None = all).")
    log_every_steps: int = _f(1, "Write a metrics line every this many steps.")

    def validate(self) -> RunConfig:
        """Raise :class:`InputError` naming the first invalid field."""
        checks = [
            (self.method in ("lora", "qlora", "full"), "method must be lora, qlora or full"),
            (self.lr_schedule in ("linear", "cosine", "constant"), "lr_schedule must be linear, cosine, constant"),
            (self.epochs >= 1, "epochs must be >= 1"),
            (self.max_steps is None or self.max_steps >= 1, "max_steps must be >= 1"),
            (self.batch_size >= self.micro_batch_size >= 1, "need batch_size >= micro_batch_size >= 1"),
            (self.max_seq_len >= 16, "max_seq_len must be >= 16"),
            (
                self.residual_dropout == "auto" or 0.0 <= float(self.residual_dropout) < 1.0,
                "residual_dropout must be in [0, 1) or 'auto'",
            ),
            (self.dtype in ("auto", "float32", "bfloat16", "float16"), "dtype must be auto, float32, bfloat16"),
            (self.device in ("auto", "cpu", "cuda"), "device must be auto, cpu or cuda"),
            (self.checkpoint_every_steps >= 1, "checkpoint_every_steps must be >= 1"),
            (self.keep_last_checkpoints >= 1, "keep_last_checkpoints must be >= 1"),
            (
                self.attn_implementation in ATTENTION_IMPLEMENTATIONS,
                "attn_implementation must be sdpa, flash_attention_2 or eager",
            ),
        ]
        for ok, message in checks:
            if not ok:
                raise InputError(f"invalid run config: {message}")
        return self

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (tuples become lists)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any], source: str | Path | None = None) -> RunConfig:
        """Build from a dict, refusing unknown keys (naming ``source``)."""
        _check_known(values, source)
        values = dict(values)
        if "adam_betas" in values:
            values["adam_betas"] = tuple(values["adam_betas"])
        return cls(**values)


def _check_known(values: dict[str, Any], source: str | Path | None) -> None:
    unknown = sorted(set(values) - {f.name for f in dataclasses.fields(RunConfig)})
    if unknown:
        raise InputError(f"unknown run config field {unknown[0]!r}; see `kit train fields`", path=source)


PRESETS: dict[str, dict[str, Any]] = {
    "lora": {},
    "qlora": {"method": "qlora", "gradient_checkpointing": True},
    "full": {
        "method": "full",
        "learning_rate": 1e-5,
        "final_learning_rate": 1e-6,
        "lr_schedule": "linear",
        "weight_decay": 0.1,
        "adam_betas": (0.9, 0.95),
    },
    # LIMA (Zhou et al., 2023, section 2): full fine-tune, 15 epochs, AdamW(0.9, 0.95), wd 0.1, no warmup,
    # lr 1e-5 -> 1e-6 linearly, batch 32, 2,048 tokens, EOT after each utterance, residual dropout 0 -> 0.3
    # (0.2 for smaller models), checkpoints between epochs 5 and 10 kept for manual selection.
    "lima": {
        "method": "full",
        "epochs": 15,
        "adam_betas": (0.9, 0.95),
        "weight_decay": 0.1,
        "warmup_ratio": 0.0,
        "learning_rate": 1e-5,
        "final_learning_rate": 1e-6,
        "lr_schedule": "linear",
        "batch_size": 32,
        "micro_batch_size": 4,
        "max_seq_len": 2048,
        "end_of_turn": True,
        "residual_dropout": "auto",
        "select_epochs": [5, 10],
    },
}
"""Extension point: a new preset is a name and the fields it changes."""


def load_preset(name: str) -> RunConfig:
    """The preset ``name`` as a validated :class:`RunConfig`."""
    if name not in PRESETS:
        raise InputError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")
    return RunConfig.from_dict({**PRESETS[name], "preset": name}).validate()


def build_config(preset: str = "lora", config_file: str | Path | None = None, **overrides: Any) -> RunConfig:
    """Preset, then the fields in ``config_file`` (YAML), then non-None keyword overrides."""
    values = load_preset(preset).to_dict()
    if config_file is not None:
        path = Path(config_file)
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(f"cannot read run config: {exc.__class__.__name__}", path=path) from None
        if not isinstance(loaded, dict):
            raise InputError("run config must be a mapping of field: value", path=path)
        _check_known(loaded, path)
        values.update(loaded)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return RunConfig.from_dict(values, source=config_file).validate()


def field_help() -> list[tuple[str, str, str]]:
    """``(name, default, help)`` for every field, for `kit train fields` and the docs."""
    return [(f.name, repr(getattr(RunConfig(), f.name)), f.metadata["help"]) for f in dataclasses.fields(RunConfig)]
