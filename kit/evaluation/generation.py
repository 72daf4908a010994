"""Answer prompts with a base model and with fine-tuned adapters: batched, left-padded, chat template.

Nothing here knows about the workspace: give it a model folder, optional adapter folders and prompts.
:mod:`kit.evaluation.evaluations` wires it to runs, datasets and the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kit.errors import EvaluationError


@dataclass
class SamplingConfig:
    """How answers are sampled. The defaults are LIMA's (Zhou et al. 2023, section 2.2)."""

    top_p: float = 0.9
    """Nucleus sampling mass."""
    temperature: float = 0.7
    """Softmax temperature."""
    repetition_penalty: float = 1.2
    """Penalty on tokens already generated (Keskar et al. 2019), as in LIMA."""
    max_new_tokens: int = 256
    """Longest answer in tokens (LIMA used 2048; smaller keeps CPU runs short)."""
    batch_size: int = 8
    """Prompts per forward pass (left padded)."""
    seed: int = 0
    """Batch k is sampled after ``torch.manual_seed(seed + k)``; the seed is stored with every answer."""
    do_sample: bool = True
    """False gives greedy decoding (the memorization probe uses it)."""

    def to_dict(self) -> dict:
        """JSON-ready copy, stored with the evaluation."""
        return asdict(self)


@dataclass(frozen=True)
class SystemSpec:
    """One system to answer with: a base model folder plus, for a fine-tuned system, its adapter."""

    name: str
    model_path: Path
    adapter_dir: Path | None = None


@dataclass
class Answer:
    """One generated answer and how it was produced."""

    prompt_id: str
    system: str
    text: str
    seed: int
    batch: int
    n_new_tokens: int
    extra: dict = field(default_factory=dict)


def _device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


@contextmanager
def loaded(spec: SystemSpec) -> Iterator[tuple[object, object]]:
    """(model, tokenizer) for ``spec`` in eval mode, tokenizer padding on the left; freed on exit."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no per-load progress bars in CLI / demo output
    try:
        tokenizer = AutoTokenizer.from_pretrained(str(spec.model_path), padding_side="left")
        dtype = torch.bfloat16 if _device() == "cuda" else torch.float32
        model = AutoModelForCausalLM.from_pretrained(str(spec.model_path), dtype=dtype)
        if spec.adapter_dir is not None:
            from peft import PeftModel

            model = PeftModel.from_pretrained(model, str(spec.adapter_dir))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"cannot load system {spec.name!r} from {spec.model_path}: {type(exc).__name__}") from exc
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.to(_device()).eval()
    try:
        yield model, tokenizer
    finally:
        del model


def chat_prompt(tokenizer, prompt: str, assistant_prefix: str = "") -> str:
    """The prompt in the model's chat template, ready for the assistant's turn (plus an optional prefix)."""
    if getattr(tokenizer, "chat_template", None):
        text = tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
        )
    else:  # base models without a template: a plain user/assistant layout
        text = f"User: {prompt}\nAssistant: "
    return text + assistant_prefix


def generate_batch(model, tokenizer, texts: Sequence[str], cfg: SamplingConfig, seed: int) -> list[tuple[str, int]]:
    """Sample continuations of ``texts`` (already templated); returns (text, new token count) each."""
    import torch

    torch.manual_seed(seed)
    enc = tokenizer(list(texts), return_tensors="pt", padding=True, add_special_tokens=False).to(model.device)
    options = dict(
        max_new_tokens=cfg.max_new_tokens,
        do_sample=cfg.do_sample,
        repetition_penalty=cfg.repetition_penalty,
        pad_token_id=tokenizer.pad_token_id,
    )
    if cfg.do_sample:
        options.update(top_p=cfg.top_p, temperature=cfg.temperature)
    else:
        options.update(top_p=None, temperature=None, top_k=None)
    with torch.no_grad():
        out = model.generate(**enc, **options)
    new_tokens = out[:, enc["input_ids"].shape[1] :]
    results = []
    for row in new_tokens:
        ids = [t for t in row.tolist() if t != tokenizer.pad_token_id]
        results.append((tokenizer.decode(ids, skip_special_tokens=True).strip(), len(ids)))
    return results


def answer_prompts(spec: SystemSpec, prompts: Sequence[tuple[str, str]], cfg: SamplingConfig) -> list[Answer]:
    """Answer ``(prompt_id, prompt)`` pairs with one system, in batches of ``cfg.batch_size``."""
    answers: list[Answer] = []
    with loaded(spec) as (model, tokenizer):
        for batch, start in enumerate(range(0, len(prompts), cfg.batch_size)):
            chunk = prompts[start : start + cfg.batch_size]
            seed = cfg.seed + batch
            texts = [chat_prompt(tokenizer, prompt) for _, prompt in chunk]
            for (prompt_id, _), (text, n_new) in zip(chunk, generate_batch(model, tokenizer, texts, cfg, seed)):
                answers.append(Answer(prompt_id, spec.name, text, seed, batch, n_new))
    return answers


def answer_all(specs: Sequence[SystemSpec], prompts: Sequence[tuple[str, str]], cfg: SamplingConfig) -> list[Answer]:
    """Every system answers every prompt; same seeds for every system so only the weights differ."""
    return [answer for spec in specs for answer in answer_prompts(spec, prompts, cfg)]
