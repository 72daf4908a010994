"""Training throughput: the kit's loop vs a plain transformers Trainer + peft baseline, same data, same run.

    .venv/bin/python bench/train_throughput.py            # GPU: Llama 1B and 8B shapes; CPU: SmolLM2-135M
    .venv/bin/python bench/train_throughput.py --attn flash_attention_2   # needs flash-attn (GPU only)
    .venv/bin/python bench/train_throughput.py --write    # also update the Training section of docs/benchmarks.md

Each (case, path) runs in its own child process so peak memory is measured cleanly. Both paths train LoRA
(r=16, all linear layers, bf16 on GPU, float32 on CPU, the same attention kernels) on the same synthetic chat
examples (lengths spread from a quarter of the sequence length to all of it); the kit packs them, the
baseline pads each batch to its longest row. The GPU cases are Llama-3-shaped models with random weights
(fine for throughput) at sequence length 2,048.

Timing is the same for both paths: the wall time between the ends of consecutive optimizer steps, after
warm-up steps, so it includes fetching and collating the step's data as well as forward, backward and the
optimizer (CUDA is synchronised at each step end). tokens/s counts real (non-pad) tokens actually fed in
those steps. MFU = tokens/s x (6N + 12 L h s) / peak dense bf16 FLOPs (the usual model-FLOPs definition; LoRA
skips the frozen weights' gradient so its hardware utilisation is lower).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHAPES = {  # Llama-3-style shapes, random weights (fine for throughput)
    "llama-1b": dict(
        hidden_size=2048,
        intermediate_size=8192,
        num_hidden_layers=16,
        num_attention_heads=32,
        num_key_value_heads=8,
        vocab_size=128256,
        tie_word_embeddings=True,
    ),
    "llama-8b": dict(
        hidden_size=4096,
        intermediate_size=14336,
        num_hidden_layers=32,
        num_attention_heads=32,
        num_key_value_heads=8,
        vocab_size=128256,
    ),
}
GPU_CASES = {
    "llama-1b": dict(seq=2048, micro=4, batch=16, steps=6, warmup=2),
    "llama-8b": dict(seq=2048, micro=2, batch=16, steps=4, warmup=1),
}
CPU_CASES = {"smollm2-135m": dict(seq=256, micro=2, batch=4, steps=8, warmup=2)}  # 2 steps were noise-dominated
PEAK_FLOPS = {  # dense bf16, most specific name first (matched as substrings of the CUDA device name)
    "H100 PCIe": 756e12,
    "H100 NVL": 835e12,
    "H100": 989e12,
    "H200": 989e12,
    "GH200": 989e12,
    "A100": 312e12,
}
WORDS = "patient water rest medication twice daily nurse fever clinic follow visit blood pressure".split()


def make_dataset(folder: Path, tokenizer, seq: int, n: int) -> Path:
    from datasets import Dataset, DatasetDict

    rng = random.Random(0)
    rows = []
    for i in range(n):
        target = rng.randint(seq // 4, seq - 16)  # tokens per example, roughly one per word
        prompt_words = max(target // 4, 4)
        rows.append(
            {
                "id": f"b{i}",
                "prompt": " ".join(rng.choices(WORDS, k=prompt_words)),
                "response": " ".join(rng.choices(WORDS, k=target - prompt_words)),
                "source": "bench",
                "category": "bench",
                "quality": 1.0,
            }
        )
    DatasetDict(train=Dataset.from_list(rows), validation=Dataset.from_list(rows[:2])).save_to_disk(str(folder))
    return folder


def model_folder(case: str, cache: Path) -> Path:
    """SmolLM2 converted from the packaged GGUF, or a random bf16 Llama shape with SmolLM2's tokenizer."""
    from kit.training.gguf import convert_gguf
    from kit.training.registry import BUILTIN_MODELS

    smol = cache / "smollm2-135m"
    if not (smol / "config.json").is_file():
        convert_gguf(BUILTIN_MODELS["smollm2-135m"].locate(), smol)
    if case == "smollm2-135m":
        return smol
    folder = cache / case
    if not (folder / "config.json").is_file():
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig

        torch.manual_seed(0)
        with torch.device("cuda"):  # built in bf16 directly: an 8B float32 copy would need 32 GB
            model = AutoModelForCausalLM.from_config(LlamaConfig(**SHAPES[case]), dtype=torch.bfloat16)
        model.save_pretrained(folder)
        AutoTokenizer.from_pretrained(str(smol)).save_pretrained(folder)
        del model
        torch.cuda.empty_cache()
    return folder


class StepClock:
    """Wall time at the end of each optimizer step, and the real tokens of each collated micro-batch."""

    def __init__(self) -> None:
        import torch

        self.gpu = torch.cuda.is_available()
        self.ends: list[float] = []
        self.batches: list[int] = []  # real tokens per micro-batch, in the order they were collated
        self.tokens: list[int] = []  # real tokens collated between consecutive step ends
        self.pending = 0

    def fed(self, n: int) -> None:
        """Count ``n`` real tokens handed to the model (called as each micro-batch is collated)."""
        self.batches.append(n)
        self.pending += n

    def step_end(self) -> None:
        """Mark an optimizer step's end (after the GPU has finished it)."""
        import torch

        if self.gpu:
            torch.cuda.synchronize()
        self.ends.append(time.perf_counter())
        self.tokens.append(self.pending)
        self.pending = 0

    def tokens_per_s(self, warmup: int, tokens: list[int] | None = None) -> float:
        """Real tokens / wall seconds over the steps after ``warmup``; ``ends[0]`` marks the start of step 1."""
        tokens = self.tokens[1:] if tokens is None else tokens
        spans = [b - a for a, b in zip(self.ends[warmup:-1], self.ends[warmup + 1 :])]
        return sum(tokens[warmup : warmup + len(spans)]) / sum(spans)


def run_kit(folder: Path, data: Path, case: dict, out: Path, attn: str) -> dict:
    import kit.training.loop as loop
    from kit.training.config import build_config

    cfg = build_config(
        "lora",
        max_steps=case["steps"] + case["warmup"],
        batch_size=case["batch"],
        micro_batch_size=case["micro"],
        max_seq_len=case["seq"],
        packing=True,
        eval_generations=0,
        checkpoint_every_steps=10**6,
        eval_max_examples=1,
        lora_dropout=0.0,
        attn_implementation=attn,
    )
    clock, collate = StepClock(), loop.collate

    def counted_collate(rows, pad_id):
        clock.fed(sum(len(r.input_ids) for r in rows))
        return collate(rows, pad_id)

    loop.collate = counted_collate  # the loop builds every micro-batch through it
    trainer = loop.Trainer(out, cfg, folder, data, None)
    trainer.save = lambda step, epoch_end: None  # throughput only: no checkpoints or evaluation
    trainer.export_final = lambda: None
    step = trainer.step

    def timed_step(index):
        result = step(index)
        clock.step_end()
        return result

    trainer.step = timed_step
    clock.step_end()  # the loop starts here; step 1's interval includes its data and first forward
    trainer.run(False, lambda: False)
    return {"tokens_per_s": clock.tokens_per_s(case["warmup"])}  # the loop collates inside each step


def run_baseline(folder: Path, data: Path, case: dict, out: Path, attn: str) -> dict:
    import torch
    from datasets import Dataset, load_from_disk
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, DataCollatorForSeq2Seq, Trainer, TrainerCallback, TrainingArguments

    from kit.training.data import encode_rows
    from kit.training.modeling import load_tokenizer

    tokenizer = load_tokenizer(folder)
    rows, _ = encode_rows(tokenizer, list(load_from_disk(str(data))["train"]), case["seq"])
    train = Dataset.from_list([{"input_ids": r.input_ids, "labels": r.labels} for r in rows])
    gpu = torch.cuda.is_available()
    model = AutoModelForCausalLM.from_pretrained(
        str(folder), dtype=torch.bfloat16 if gpu else torch.float32, attn_implementation=attn
    )
    model = get_peft_model(
        model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, target_modules="all-linear", task_type="CAUSAL_LM")
    )
    clock = StepClock()
    pad = DataCollatorForSeq2Seq(tokenizer, padding=True, label_pad_token_id=-100)

    def collator(features):
        batch = pad(features)
        clock.fed(int(batch["attention_mask"].sum()))
        return batch

    class Clock(TrainerCallback):
        def on_train_begin(self, *a, **k):
            clock.step_end()  # the same starting mark as the kit's

        def on_step_end(self, *a, **k):
            clock.step_end()

    args = TrainingArguments(
        str(out),
        max_steps=case["steps"] + case["warmup"],
        per_device_train_batch_size=case["micro"],
        gradient_accumulation_steps=case["batch"] // case["micro"],
        learning_rate=2e-4,
        bf16=gpu,
        logging_strategy="no",
        save_strategy="no",
        report_to=[],
        use_cpu=not gpu,
        dataloader_num_workers=0,
        seed=0,
        remove_unused_columns=False,
    )
    Trainer(model=model, args=args, train_dataset=train, data_collator=collator, callbacks=[Clock()]).train()
    # The dataloader may collate a batch ahead of the step that uses it: group micro-batches by position.
    accum = args.gradient_accumulation_steps
    steps = [sum(clock.batches[i : i + accum]) for i in range(0, len(clock.batches), accum)]
    return {"tokens_per_s": clock.tokens_per_s(case["warmup"], steps)}


def child(args) -> None:
    import torch

    from kit import offline

    offline.install()
    case = (GPU_CASES | CPU_CASES)[args.case]
    cache = Path(args.cache)
    folder = model_folder(args.case, cache)
    from kit.training.modeling import load_tokenizer

    data = cache / f"data-{args.case}"
    if not data.exists():
        make_dataset(data, load_tokenizer(folder), case["seq"], case["batch"] * (case["steps"] + case["warmup"]))
    out = Path(tempfile.mkdtemp(prefix=f"bench-{args.path}-"))
    result = (run_kit if args.path == "kit" else run_baseline)(folder, data, case, out, args.attn)
    if torch.cuda.is_available():
        result["peak_gb"] = torch.cuda.max_memory_allocated() / 1024**3
    else:
        import resource

        result["peak_gb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # kB -> GiB
    print("RESULT " + json.dumps(result), flush=True)


def mfu(case_name: str, tokens_per_s: float, device: str, cache: Path) -> str:
    """Model FLOPs utilisation against the device's dense bf16 peak ("n/a" for devices not in PEAK_FLOPS)."""
    from transformers import AutoConfig

    peak = next((v for k, v in PEAK_FLOPS.items() if k in device), None)
    if peak is None:
        return "n/a"
    from kit.training.memory import model_shape

    shape = AutoConfig.for_model("llama", **SHAPES[case_name]) if case_name in SHAPES else cache / case_name
    config, params, _ = model_shape(shape)
    seq = (GPU_CASES | CPU_CASES)[case_name]["seq"]
    flops = 6 * params + 12 * config.num_hidden_layers * config.hidden_size * seq
    return f"{100 * tokens_per_s * flops / peak:.1f}%"


def main() -> None:
    from kit.training.config import ATTENTION_IMPLEMENTATIONS

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=sorted(GPU_CASES | CPU_CASES))
    parser.add_argument("--path", choices=["kit", "baseline"])
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "lima-kit-bench"))
    parser.add_argument(
        "--attn", choices=ATTENTION_IMPLEMENTATIONS, default="sdpa", help="attention kernels for both paths"
    )
    parser.add_argument("--write", action="store_true", help="update the Training section of docs/benchmarks.md")
    args = parser.parse_args()
    if args.path:
        return child(args)
    import torch

    gpu = torch.cuda.is_available()
    device = torch.cuda.get_device_name(0) if gpu else f"CPU, {os.cpu_count()} cores ({platform.machine()})"
    cases = [args.case] if args.case else list(GPU_CASES if gpu else CPU_CASES)
    Path(args.cache).mkdir(parents=True, exist_ok=True)
    rows, load_before = [], os.getloadavg()[0]
    for case in cases:
        results = {}
        for path in ("kit", "baseline"):
            cmd = [sys.executable, __file__, "--case", case, "--path", path, "--cache", args.cache, "--attn", args.attn]
            proc = subprocess.run(cmd, capture_output=True, text=True)
            found = re.findall(r"^RESULT (.*)$", proc.stdout, re.M)
            if proc.returncode or not found:
                sys.exit(f"{case}/{path} failed:\n{proc.stderr[-3000:]}")
            results[path] = json.loads(found[-1])
        kit, base = results["kit"], results["baseline"]
        rows.append(
            (
                case,
                GPU_CASES.get(case, CPU_CASES.get(case))["seq"],
                kit["tokens_per_s"],
                base["tokens_per_s"],
                kit["tokens_per_s"] / base["tokens_per_s"],
                mfu(case, kit["tokens_per_s"], device, Path(args.cache)),
                mfu(case, base["tokens_per_s"], device, Path(args.cache)),
                kit["peak_gb"],
                base["peak_gb"],
            )
        )
    load = f"1-minute load average {load_before:.1f} at start, {os.getloadavg()[0]:.1f} at end"
    table = render(rows, f"{device}; {load}; attention {args.attn}")
    print(table)
    if args.write:
        write_docs(table)


def render(rows, device: str) -> str:
    head = (
        "| case | seq | kit tokens/s | baseline tokens/s | kit / baseline | kit MFU | baseline MFU "
        "| kit peak GiB | baseline peak GiB |\n|---|---|---|---|---|---|---|---|---|\n"
    )
    body = "".join(
        f"| {c} | {s} | {k:,.0f} | {b:,.0f} | {r:.2f}x | {km} | {bm} | {kp:.2f} | {bp:.2f} |\n"
        for c, s, k, b, r, km, bm, kp, bp in rows
    )
    return f"Device: {device}; torch {__import__('torch').__version__}; LoRA r=16, all linear layers.\n\n" + head + body


def write_docs(table: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else "# Benchmarks\n"
    marker_start, marker_end = "<!-- training-bench:start -->", "<!-- training-bench:end -->"
    block = f"{marker_start}\n{table}{marker_end}"
    if marker_start in text:
        text = re.sub(re.escape(marker_start) + ".*?" + re.escape(marker_end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n## Training\n\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
