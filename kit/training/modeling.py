"""Build the model a run trains: load the base, apply LoRA / QLoRA / full, residual dropout, checkpointing."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kit.errors import TrainingError
from kit.training.config import RunConfig


def pick_device(cfg: RunConfig) -> str:
    """``cuda`` or ``cpu``, refusing ``cuda``/``qlora``/``flash_attention_2`` on a machine without what they need."""
    import torch

    has_cuda = torch.cuda.is_available()
    if cfg.device == "cuda" and not has_cuda:
        raise TrainingError("device 'cuda' requested but no CUDA GPU is visible; use --device cpu")
    device = "cuda" if cfg.device == "cuda" or (cfg.device == "auto" and has_cuda) else "cpu"
    if cfg.method == "qlora":
        check_qlora_available(device)
    # Here, not where the model loads: a process of a multi-GPU run sees its device as "cuda:N".
    check_attention_available(cfg.attn_implementation, device)
    return device


def check_qlora_available(device: str) -> None:
    """QLoRA needs a CUDA GPU and bitsandbytes; say which is missing and what to do instead."""
    if device != "cuda":
        raise TrainingError(
            "QLoRA quantizes the base model to 4 bits with bitsandbytes, which needs a CUDA GPU; "
            "on CPU use --preset lora"
        )
    if importlib.util.find_spec("bitsandbytes") is None:
        raise TrainingError("QLoRA needs bitsandbytes: pip install 'lima-kit[gpu]' (bitsandbytes>=0.44,<0.51)")


def check_attention_available(name: str, device: str) -> None:
    """flash_attention_2 needs a CUDA GPU and the flash-attn package; say so before loading the model."""
    if name != "flash_attention_2":
        return
    if device != "cuda":
        raise TrainingError("attn_implementation flash_attention_2 needs a CUDA GPU; use sdpa on CPU")
    if importlib.util.find_spec("flash_attn") is None:
        raise TrainingError("attn_implementation flash_attention_2 needs the flash-attn package; or use sdpa")


def pick_dtype(cfg: RunConfig, device: str):
    """Storage dtype of the base weights: bf16 on GPUs that have it, float32 on CPU."""
    import torch

    if cfg.dtype != "auto":
        return getattr(torch, cfg.dtype)
    if device == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return torch.float32


def load_tokenizer(path: Path):
    """The model folder's tokenizer, with a pad token (EOS when the model has none)."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(path))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if not tokenizer.chat_template:
        raise TrainingError(f"the tokenizer in {path} has no chat_template; add one to tokenizer_config.json")
    return tokenizer


def build_model(path: Path, cfg: RunConfig, device: str, params: int | None = None):
    """The base model with the run's method applied, on ``device``, in training mode."""
    import torch
    from transformers import AutoModelForCausalLM

    dtype = pick_dtype(cfg, device)
    # Full fine-tuning keeps float32 master weights; autocast supplies bf16 compute on GPU.
    load_dtype = torch.float32 if cfg.method == "full" else dtype
    kwargs = {"dtype": load_dtype, "attn_implementation": cfg.attn_implementation}
    if cfg.method == "qlora":
        kwargs["quantization_config"] = _bnb_config(dtype)
        kwargs["device_map"] = {"": torch.cuda.current_device()}
    model = AutoModelForCausalLM.from_pretrained(str(path), **kwargs)
    model.config.use_cache = False
    if cfg.method != "qlora":
        model.to(device)
    if cfg.method in ("lora", "qlora"):
        model = _apply_lora(model, cfg)
    if cfg.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        if cfg.method != "full":
            model.enable_input_require_grads()
    add_residual_dropout(model, resolve_residual_dropout(cfg, params or count_params(model)))
    model.train()
    return model


def _bnb_config(compute_dtype):
    from transformers import BitsAndBytesConfig

    return BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type="nf4",
        bnb_4bit_use_double_quant=True,
        bnb_4bit_compute_dtype=compute_dtype,
    )


def _apply_lora(model, cfg: RunConfig):
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training

    if cfg.method == "qlora":
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=cfg.gradient_checkpointing)
    torch.manual_seed(cfg.seed)  # adapter initialisation is part of the run's reproducibility
    lora = LoraConfig(
        r=cfg.lora_r,
        lora_alpha=cfg.lora_alpha,
        lora_dropout=cfg.lora_dropout,
        target_modules=cfg.lora_target_modules,
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, lora)


def resolve_residual_dropout(cfg: RunConfig, params: int) -> float:
    """The top layer's residual dropout; 'auto' follows LIMA (0.3 for 30B+ parameters, else 0.2)."""
    if cfg.residual_dropout == "auto":
        return 0.3 if params >= 30e9 else 0.2
    return float(cfg.residual_dropout)


def decoder_layers(model):
    """The model's stack of decoder layers (the ModuleList as long as ``num_hidden_layers``)."""
    import torch

    n_layers = model.config.num_hidden_layers
    for module in model.modules():
        if isinstance(module, torch.nn.ModuleList) and len(module) == n_layers:
            return module
    raise TrainingError("cannot find the decoder layers of this model for residual dropout")


RESIDUAL_BRANCHES = (("self_attn", "attn", "self_attention", "attention"), ("mlp", "feed_forward", "ffn"))
"""Names of a decoder layer's attention and MLP sub-modules across model families (Llama, GPT-2, Falcon, ...)."""


def add_residual_dropout(model, top: float) -> list[float]:
    """Dropout on each layer's attention and MLP outputs, before the residual add.

    The rate is 0 at the bottom layer rising linearly to ``top`` at the top one. Returns the rates. Raises
    :class:`TrainingError` when a layer that should get dropout has no attention or MLP sub-module under a
    known name: the model would otherwise silently train without it.
    """
    if top <= 0:
        return []
    layers = decoder_layers(model)
    rates = [top * i / max(len(layers) - 1, 1) for i in range(len(layers))]
    for layer, rate in zip(layers, rates):
        if rate <= 0:
            continue
        for names in RESIDUAL_BRANCHES:
            branch = next((getattr(layer, n) for n in names if isinstance(getattr(layer, n, None), _module())), None)
            if branch is None:
                raise TrainingError(
                    f"residual dropout: {type(layer).__name__} has none of the sub-modules {', '.join(names)}; "
                    "set residual_dropout: 0 for this model or add its name to RESIDUAL_BRANCHES"
                )
            branch.register_forward_hook(_dropout_hook(rate))
    return rates


def _module():
    import torch

    return torch.nn.Module


def _dropout_hook(rate: float):
    import torch.nn.functional as F  # noqa: N812

    def hook(module, args, output):
        if not module.training:
            return None
        if isinstance(output, tuple):
            return (F.dropout(output[0], rate, True),) + output[1:]
        return F.dropout(output, rate, True)

    return hook


def count_params(model) -> int:
    """All parameters (base + adapters)."""
    return sum(p.numel() for p in model.parameters())


def trainable_state(model) -> dict:
    """``{name: tensor}`` of the parameters being trained (adapters, or every weight in a full run)."""
    return {n: p.detach().cpu().clone() for n, p in model.named_parameters() if p.requires_grad}


def load_trainable_state(model, state: dict) -> None:
    """Copy a :func:`trainable_state` back into the model (same names)."""
    params = dict(model.named_parameters())
    missing = [n for n in state if n not in params]
    if missing:
        raise TrainingError(f"checkpoint does not match this model: unknown parameter {missing[0]}")
    import torch

    with torch.no_grad():
        for name, value in state.items():
            params[name].copy_(value.to(params[name].device, params[name].dtype))
