"""``kit demo`` step: register SmolLM2-135M-Instruct and LoRA-fine-tune it on the curated demo dataset.

A full pass over ~1,000 examples takes hours on two CPU cores, so the demo trains for a fixed step budget
(and says so, with the time it took); on a GPU the same command with no budget runs the whole schedule.
"""

from __future__ import annotations

import time

from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from kit.training.config import build_config
from kit.training.registry import resolve_model
from kit.training.runs import ACTIVE, create_run, get_run, progress

DEMO_MODEL = "smollm2-135m"
BUDGET = {
    "max_steps": 5,
    "batch_size": 4,
    "micro_batch_size": 2,
    "max_seq_len": 192,
    "eval_generations": 2,
    "eval_max_new_tokens": 32,
    "eval_max_examples": 8,
    "checkpoint_every_steps": 5,
}
"""At most 3,840 training tokens (5 steps x 4 examples x 192 tokens), then validation loss on 8 examples and
2 greedy answers of 32 tokens. Measured 2026-12-01 on this project's idle 2-core machine (``kit demo``, load
average below 1): 14 s to convert and register the GGUF model, 39 s for the run (5 steps at ~250 tokens/s,
validation, answers, saving) - under a minute against the issue's ~3 minutes. Under heavy contention (load
9-11) the same stage once took 840 s. The demo prints its own elapsed time every run."""
FAST_BUDGET = {
    "max_steps": 2,
    "batch_size": 2,
    "micro_batch_size": 2,
    "max_seq_len": 96,
    "eval_generations": 1,
    "eval_max_new_tokens": 8,
    "eval_max_examples": 2,
    "checkpoint_every_steps": 1,
}


def demo_config(fast: bool = False):
    """The demo's LoRA run: the step budget, lr 3e-4 decaying (cosine) to 3e-5 with no warmup.

    The final LR is not 0: the schedule reaches it at the last step, which would otherwise change nothing.
    """
    budget = FAST_BUDGET if fast else BUDGET
    return build_config("lora", learning_rate=3e-4, final_learning_rate=3e-5, warmup_ratio=0.0, **budget)


def demo_step(ws, ctx) -> None:
    """Register the demo model, train a LoRA adapter for a step budget, record ``ctx.state['run_id']``."""
    from kit.users import Role

    console = ctx.console
    began = time.time()
    with console.status("registering SmolLM2-135M-Instruct (GGUF -> safetensors, once)..."):
        entry = resolve_model(ws, DEMO_MODEL)
    console.print(
        f"model {entry.name}: {entry.params / 1e6:.0f}M parameters, sha256 {entry.sha256[:12]} "
        f"({time.time() - began:.0f} s)"
    )
    cfg = demo_config(ctx.fast)
    console.print(
        f"LoRA r={cfg.lora_r} on {ctx.state['dataset']}: step budget of {cfg.max_steps} steps x "
        f"{cfg.batch_size} examples, {cfg.max_seq_len} tokens (a demo step budget, not a full epoch)"
    )
    run = create_run(ws, entry.name, ctx.state["dataset"], cfg, ctx.actor(Role.ML_ENGINEER))
    run = _follow(ws, run.id, console)
    if run.status != "completed":
        from kit.errors import TrainingError

        raise TrainingError(f"demo training run {run.id} ended {run.status}: {run.error or 'see worker.log'}")
    metrics = [line for line in (run.dir / "metrics.jsonl").read_text().splitlines()]
    import json

    first, last = json.loads(metrics[0]), json.loads(metrics[-1])
    console.print(
        f"run {run.id}: {run.final_step} steps in {time.time() - began:.0f} s total, loss "
        f"{first['loss']:.3f} -> {last['loss']:.3f}, {last['tokens_per_s']:.0f} tokens/s; "
        f"adapter saved to {run.adapter_dir}"
    )
    ctx.state["run_id"] = run.id
    ctx.state["model"] = entry.name


def _follow(ws, run_id: str, console):
    columns = [
        TextColumn("training"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TextColumn("loss {task.fields[loss]}"),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("train", total=None, loss="-")
        run = get_run(ws, run_id)
        while run.status in ACTIVE:
            state = progress(run)
            bar.update(
                task, total=state.get("total_steps"), completed=state.get("step", 0), loss=state.get("loss", "-")
            )
            time.sleep(0.5)
            run = get_run(ws, run_id)
    return run
