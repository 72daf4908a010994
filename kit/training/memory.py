"""Before launch: which devices are there, and will this model / preset / sequence length fit.

The estimate adds four parts (bytes): weights, gradients, optimizer state (AdamW: two fp32 moments per
trained parameter) and activations kept for the backward pass (per token per layer: the tensors a
Llama-style block saves, ``6h + 2*kv + 4*ffn`` elements; only each layer's input with gradient
checkpointing), plus fp32 logits and a fixed runtime overhead. It is deliberately a little pessimistic.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from kit.errors import TrainingError
from kit.training.config import RunConfig

GIB = 1024**3
_OVERHEAD_GPU = 1.0 * GIB  # CUDA context, cuBLAS workspaces
_HEADROOM = 0.92  # allocator fragmentation


@dataclass(frozen=True)
class Device:
    """One device a run could use."""

    kind: str
    name: str
    memory_bytes: int


@dataclass
class MemoryEstimate:
    """Estimated peak memory of one training process, and whether it fits the device."""

    params: int
    trainable: int
    weights: float
    gradients: float
    optimizer: float
    activations: float
    overhead: float
    device: Device
    fits: bool = True
    suggestions: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        """Sum of the parts, in bytes."""
        return self.weights + self.gradients + self.optimizer + self.activations + self.overhead

    def rows(self) -> list[tuple[str, str]]:
        """(part, GiB) rows for a table."""
        parts = ["weights", "gradients", "optimizer", "activations", "overhead"]
        return [(p, f"{getattr(self, p) / GIB:.2f}") for p in parts] + [("total", f"{self.total / GIB:.2f}")]


def detect_devices() -> list[Device]:
    """Visible CUDA GPUs, or the CPU with the machine's RAM when there are none."""
    import torch

    if torch.cuda.is_available():
        return [
            Device("cuda", torch.cuda.get_device_name(i), torch.cuda.get_device_properties(i).total_memory)
            for i in range(torch.cuda.device_count())
        ]
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return [Device("cpu", f"CPU ({os.cpu_count()} cores)", ram)]


def model_shape(model_path_or_config):
    """(config, total params, params inside LoRA-targetable linear layers' in+out dims) without loading weights."""
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, PretrainedConfig

    config = model_path_or_config
    if not isinstance(config, PretrainedConfig):
        config = AutoConfig.from_pretrained(str(Path(model_path_or_config)))
    with torch.device("meta"):
        model = AutoModelForCausalLM.from_config(config)
    params = sum(p.numel() for p in model.parameters())
    layers = _layers(model, config.num_hidden_layers)
    lora_dims = sum(m.in_features + m.out_features for m in layers.modules() if isinstance(m, torch.nn.Linear))
    return config, params, lora_dims


def _layers(model, n):
    import torch

    for module in model.modules():
        if isinstance(module, torch.nn.ModuleList) and len(module) == n:
            return module
    raise TrainingError("cannot find the decoder layers of this model")


def estimate(model_path_or_config, cfg: RunConfig, device: Device | None = None) -> MemoryEstimate:
    """Estimate one process's peak memory for ``cfg`` and attach suggestions when it does not fit."""
    device = device or detect_devices()[0]
    config, params, lora_dims = model_shape(model_path_or_config)
    result = _estimate(config, params, lora_dims, cfg, device)
    if not result.fits:
        result.suggestions = _suggestions(config, params, lora_dims, cfg, device)
    return result


def _estimate(config, params: int, lora_dims: int, cfg: RunConfig, device: Device) -> MemoryEstimate:
    gpu = device.kind == "cuda"
    act_bytes = 2 if gpu else 4
    if cfg.method == "full":
        trainable, weights = params, params * 4.0  # fp32 master weights
    else:
        trainable = cfg.lora_r * lora_dims
        weights = params * (0.55 if cfg.method == "qlora" else act_bytes) + trainable * 4.0
    h, layers = config.hidden_size, config.num_hidden_layers
    kv = getattr(config, "num_key_value_heads", config.num_attention_heads) * (h // config.num_attention_heads)
    tokens = cfg.micro_batch_size * cfg.max_seq_len
    per_layer = tokens * (6 * h + 2 * kv + 4 * config.intermediate_size) * act_bytes
    if cfg.gradient_checkpointing:
        activations = layers * tokens * h * act_bytes + per_layer
    else:
        activations = layers * per_layer
    activations += tokens * config.vocab_size * (4 + 4 + act_bytes)  # fp32 logits, their grad, the matmul out
    overhead = _OVERHEAD_GPU if gpu else 0.5 * GIB
    result = MemoryEstimate(params, trainable, weights, trainable * 4.0, trainable * 8.0, activations, overhead, device)
    result.fits = result.total <= device.memory_bytes * _HEADROOM
    return result


def _suggestions(config, params, lora_dims, cfg: RunConfig, device: Device) -> list[str]:
    tries = []
    if cfg.method != "qlora":
        tries.append(("--preset qlora (4-bit base model, needs a CUDA GPU)", {"method": "qlora"}))
    if not cfg.gradient_checkpointing:
        tries.append(("gradient_checkpointing: true in --config", {"gradient_checkpointing": True}))
    if cfg.micro_batch_size > 1:
        tries.append(("micro_batch_size: 1 in --config", {"micro_batch_size": 1}))
    if cfg.max_seq_len > 512:
        tries.append((f"shorter sequences: max_seq_len: {cfg.max_seq_len // 2}", {"max_seq_len": cfg.max_seq_len // 2}))
    out = []
    for text, change in tries:
        alt = _estimate(config, params, lora_dims, dataclasses.replace(cfg, **change), device)
        out.append(f"{text} -> {alt.total / GIB:.1f} GiB")
    out.append("several GPUs with FSDP (docs/training.md) to shard weights and optimizer state")
    return out


def check_fit(estimate_: MemoryEstimate) -> None:
    """Raise :class:`TrainingError` with the estimate and suggestions when the run will not fit."""
    if estimate_.fits:
        return
    have = estimate_.device.memory_bytes * _HEADROOM / GIB
    raise TrainingError(
        f"this run needs about {estimate_.total / GIB:.1f} GiB but {estimate_.device.name} has {have:.1f} GiB "
        f"usable; try: " + "; ".join(estimate_.suggestions)
    )
