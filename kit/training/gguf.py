"""GGUF -> safetensors, once, at registration: training needs float weights in a Hugging Face folder."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kit.errors import InputError


def convert_gguf(gguf_path: Path, out_dir: Path) -> Path:
    """Dequantize ``gguf_path`` into a Hugging Face folder ``out_dir`` (model + tokenizer + chat template).

    Written to a temporary sibling folder and renamed, so a failed conversion leaves nothing behind.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    gguf_path = Path(gguf_path)
    if not gguf_path.is_file():
        raise InputError("GGUF file not found", path=gguf_path)
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        folder, name = str(gguf_path.parent), gguf_path.name
        tokenizer = AutoTokenizer.from_pretrained(folder, gguf_file=name)
        model = AutoModelForCausalLM.from_pretrained(folder, gguf_file=name)
        _forget_gguf_origin(model)
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out_dir


def _forget_gguf_origin(model) -> None:
    """The weights are dequantized floats now; drop the GGUF quantizer so save_pretrained accepts them."""
    model.config.__dict__.pop("quantization_config", None)
    model.hf_quantizer = None
