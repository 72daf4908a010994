"""``kit train``: launch a fine-tuning run and follow, stop, resume, inspect and select its checkpoints."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Optional

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from kit.cli.common import console, current_actor, handle_errors, open_workspace

app = typer.Typer(help="Fine-tune a registered model on a curated dataset.", invoke_without_command=True)
_MODEL = typer.Option("smollm2-135m", "--model", help="Registered model name (see `kit models list`).")
_PRESET = typer.Option("lora", "--preset", help="lora, qlora, full or lima.")
_CONFIG = typer.Option(None, "--config", help="YAML file of RunConfig fields (see `kit train fields`).")
_SEQ = typer.Option(None, "--max-seq-len", help="Override max_seq_len.")


@app.callback()
@handle_errors
def launch(
    ctx: typer.Context,
    dataset: Optional[str] = typer.Option(None, "--dataset", help="Curated dataset name (or a saved folder)."),  # noqa: UP007
    model: str = _MODEL,
    preset: str = _PRESET,
    config: Optional[Path] = _CONFIG,  # noqa: UP007
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Stop after N optimizer steps."),  # noqa: UP007
    max_seq_len: Optional[int] = _SEQ,  # noqa: UP007
    seed: Optional[int] = typer.Option(None, "--seed", help="Override the seed."),  # noqa: UP007
    launcher: str = typer.Option(
        "local", "--launcher", help="local: one background process; accelerate: `accelerate launch` (DDP/FSDP)."
    ),
    num_processes: int = typer.Option(
        1, "--num-processes", help="Processes on this node with --launcher accelerate (one per GPU)."
    ),
    accelerate_config: Optional[str] = typer.Option(  # noqa: UP007
        None,
        "--accelerate-config",
        help="With --launcher accelerate: an accelerate YAML file, or a shipped one: ddp, fsdp.",
    ),
    no_start: bool = typer.Option(
        False, "--no-start", help="Create the run and print the launch command instead of starting it."
    ),
    wait: bool = typer.Option(False, "--wait", help="Show a progress bar until the run ends."),
) -> None:
    """Start a background training run: kit train --dataset NAME --model NAME --preset P [--wait]."""
    if ctx.invoked_subcommand is not None:
        return
    if dataset is None:
        console.print(ctx.get_help())
        raise typer.Exit(0)
    from kit.training.config import build_config
    from kit.training.launch import LaunchSpec, printable
    from kit.training.runs import create_run

    ws = open_workspace()
    cfg = build_config(preset, config, max_steps=max_steps, max_seq_len=max_seq_len, seed=seed)
    spec = LaunchSpec(launcher, num_processes, accelerate_config)
    run = create_run(ws, model, dataset, cfg, current_actor(ws), launch=not no_start, launcher=spec)
    what = f"{cfg.preset}, model {run.model}, dataset {run.dataset}@{run.dataset_hash[:8]}"
    if no_start:
        console.print(f"created {run.id} ({what}), not started; start it on this node with:")
        console.print(printable(spec, ws.root, run.id), markup=False, soft_wrap=True)
        console.print("several nodes: see docs/training.md (Several GPUs and nodes)")
        return
    where = f", {spec.num_processes} processes via accelerate" if spec.launcher == "accelerate" else ""
    console.print(f"started {run.id} ({what}{where})")
    if wait:
        _follow(ws, run.id)
    else:
        console.print(f"follow it with: kit train status {run.id}  |  kit train logs {run.id} --follow")


def _follow(ws, run_id: str) -> None:
    from kit.training.runs import ACTIVE, get_run, progress

    columns = [
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} steps"),
        TextColumn("loss {task.fields[loss]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=console) as bar:
        task = bar.add_task(run_id, total=None, loss="-")
        run = get_run(ws, run_id)
        while run.status in ACTIVE:
            state = progress(run)
            bar.update(
                task, total=state.get("total_steps"), completed=state.get("step", 0), loss=state.get("loss", "-")
            )
            time.sleep(1.0)
            run = get_run(ws, run_id)
        state = progress(run)
        bar.update(task, total=state.get("total_steps"), completed=state.get("step", 0), loss=state.get("loss", "-"))
    console.print(
        f"{run_id}: {run.status} at step {run.final_step}/{run.total_steps}" + (f" - {run.error}" if run.error else "")
    )
    if run.adapter_dir:
        console.print(f"adapter: {run.adapter_dir}")


@app.command("status")
@handle_errors
def status(run_id: Optional[str] = typer.Argument(None, help="A run id; all runs when omitted.")) -> None:  # noqa: UP007
    """Runs and their state; with RUN, its checkpoints with validation loss."""
    from kit.training import checkpoints
    from kit.training.runs import get_run, list_runs, progress

    ws = open_workspace()
    runs = [get_run(ws, run_id)] if run_id else list_runs(ws)
    table = Table("run", "status", "model", "dataset", "preset", "step", "loss", "adapter")
    for run in runs:
        state = progress(run)
        table.add_row(
            run.id,
            run.status,
            run.model,
            f"{run.dataset}@{run.dataset_hash[:8]}",
            run.config["preset"],
            f"{state.get('step', 0)}/{state.get('total_steps', '?')}",
            str(state.get("loss", "-")),
            str(run.adapter_dir or "-"),
        )
    console.print(table)
    if run_id:
        ckpts = Table("epoch", "step", "kind", "val loss", "selectable", "resumable")
        for c in checkpoints.list_checkpoints(runs[0].dir):
            val = c.get("val_loss")
            ckpts.add_row(
                str(c["epoch"]),
                f"step-{c['step']}",
                c["kind"],
                f"{val:.4f}" if val is not None else "-",
                "yes" if c.get("keep_for_selection") else "",
                "yes" if c["resumable"] else "",
            )
        console.print(ckpts)
        if runs[0].error:
            console.print(f"error: {runs[0].error}")


@app.command("logs")
@handle_errors
def logs(
    run_id: str,
    follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing until it ends."),
    tail: int = typer.Option(20, "--tail", help="Metric lines to show first."),
) -> None:
    """Metric lines (step, loss, lr, tokens/s, GPU memory) and the worker's log tail."""
    from kit.training.runs import ACTIVE, get_run

    ws = open_workspace()
    run = get_run(ws, run_id)
    metrics = run.dir / "metrics.jsonl"
    lines = metrics.read_text().splitlines() if metrics.is_file() else []
    for line in lines[-tail:]:
        console.print(line, markup=False)
    seen = len(lines)
    while follow and get_run(ws, run_id).status in ACTIVE:
        time.sleep(1.0)
        lines = metrics.read_text().splitlines() if metrics.is_file() else []
        for line in lines[seen:]:
            console.print(line, markup=False)
        seen = len(lines)
    log = run.dir / "worker.log"
    if log.is_file() and not follow:
        console.print("--- worker.log (tail) ---")
        console.print("\n".join(log.read_text(errors="replace").splitlines()[-10:]), markup=False)


@app.command("stop")
@handle_errors
def stop(run_id: str) -> None:
    """Checkpoint and stop a running run (resume it later)."""
    from kit.training.runs import stop_run

    ws = open_workspace()
    stop_run(ws, run_id, current_actor(ws))
    console.print(f"asked {run_id} to checkpoint and stop; `kit train resume {run_id}` continues it")


@app.command("resume")
@handle_errors
def resume(run_id: str, wait: bool = typer.Option(False, "--wait", help="Show progress until it ends.")) -> None:
    """Continue a stopped, interrupted or failed run from its last checkpoint."""
    from kit.training.runs import resume_run

    ws = open_workspace()
    resume_run(ws, run_id, current_actor(ws))
    console.print(f"resumed {run_id}")
    if wait:
        _follow(ws, run_id)


@app.command("select")
@handle_errors
def select(
    run_id: str,
    checkpoint: str = typer.Option(
        ...,
        "--checkpoint",
        help="Which selection checkpoint: an epoch (5 or epoch-5) or a step (step-120); see `kit train status RUN`.",
    ),
) -> None:
    """Use a selection checkpoint as the run's adapter (LIMA-style manual selection)."""
    from kit.training.checkpoints import find_selectable
    from kit.training.runs import get_run, select_checkpoint

    ws = open_workspace()
    step = find_selectable(get_run(ws, run_id).dir, checkpoint)
    run = select_checkpoint(ws, run_id, step, current_actor(ws))
    console.print(f"{run_id}: selected checkpoint step-{step} -> {run.adapter_dir}")


@app.command("estimate")
@handle_errors
def estimate_cmd(
    model: str = _MODEL,
    preset: str = _PRESET,
    config: Optional[Path] = _CONFIG,  # noqa: UP007
    max_seq_len: Optional[int] = _SEQ,
) -> None:  # noqa: UP007
    """Estimate peak memory for a model / preset / sequence length on this machine's devices."""
    from kit.training.config import build_config
    from kit.training.memory import detect_devices, estimate
    from kit.training.registry import resolve_model

    ws = open_workspace()
    cfg = build_config(preset, config, max_seq_len=max_seq_len)
    devices = detect_devices()
    result = estimate(resolve_model(ws, model, verify=False).path, cfg, devices[0])
    table = Table("part", "GiB")
    for row in result.rows():
        table.add_row(*row)
    console.print(
        f"{model} / {cfg.preset} / {cfg.max_seq_len} tokens x {cfg.micro_batch_size} per micro-batch; "
        f"devices: {', '.join(d.name for d in devices)}"
    )
    console.print(table)
    console.print("fits" if result.fits else "does NOT fit; try: " + "; ".join(result.suggestions))
    if not result.fits:
        raise typer.Exit(1)


@app.command("fields")
def fields() -> None:
    """Every run config field with its default and help."""
    from kit.training.config import field_help

    table = Table("field", "default", "help")
    for row in field_help():
        table.add_row(*row)
    console.print(table)
