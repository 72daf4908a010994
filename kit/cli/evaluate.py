"""`kit eval ...`: generate answers, assign and submit blind ratings, statistics, privacy probes."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Optional

import typer

from kit.cli.common import console, current_actor, handle_errors, open_workspace
from kit.errors import InputError

app = typer.Typer(help="Generate, rate blind, compute statistics and run privacy probes.", no_args_is_help=True)
rate_app = typer.Typer(help="Rate blind as a domain expert (scriptable).", no_args_is_help=True)
app.add_typer(rate_app, name="rate")

RUN_OR_EVAL = typer.Option(..., "--run", "--eval", help="Run id (its latest evaluation) or evaluation id.")


def _print_json(obj: object) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, default=str) + "\n")


@app.command("generate")
@handle_errors
def generate_cmd(
    run: str = typer.Option(..., "--run", help="Training run to evaluate."),
    split: str = typer.Option("test", help="Dataset split whose prompts are answered."),
    limit: Optional[int] = typer.Option(None, help="Only the first N prompts."),  # noqa: UP007
    also: list[str] = typer.Option([], "--also", help="Another run to answer with too (repeatable)."),
    seed: int = typer.Option(0, help="Sampling seed (batch k uses seed + k)."),
    max_new_tokens: int = typer.Option(256, help="Longest answer in tokens."),
    batch_size: int = typer.Option(8, help="Prompts per batch."),
    top_p: float = typer.Option(0.9, help="Nucleus sampling p (LIMA: 0.9)."),
    temperature: float = typer.Option(0.7, help="Temperature (LIMA: 0.7)."),
    repetition_penalty: float = typer.Option(1.2, help="Repetition penalty (LIMA: 1.2)."),
) -> None:
    """Answer every test prompt with the base model and the fine-tuned adapter."""
    from kit.evaluation.evaluations import generate_for_run
    from kit.evaluation.generation import SamplingConfig

    ws = open_workspace()
    cfg = SamplingConfig(top_p, temperature, repetition_penalty, max_new_tokens, batch_size, seed)
    eval_id = generate_for_run(ws, current_actor(ws), run, split, limit, also, cfg)
    console.print(
        f"Evaluation [bold]{eval_id}[/]: answers in {ws.evals_dir / eval_id}. "
        f"Next: kit eval assign --run {run} --raters NAME,NAME"
    )


@app.command("assign")
@handle_errors
def assign_cmd(
    run_or_eval: str = RUN_OR_EVAL,
    raters: str = typer.Option(..., help="Comma-separated domain_expert user names."),
    overlap: int = typer.Option(50, help="Prompts sent to two raters (for agreement)."),
    seed: int = typer.Option(0, help="Seed of the assignment and the A/B order."),
    pair: list[str] = typer.Option([], help="SYSTEM_X,SYSTEM_Y to compare (default: candidate vs each other)."),
) -> None:
    """Create blind pairwise rating tasks."""
    from kit.evaluation.assignment import assign
    from kit.evaluation.store import require_evaluation

    ws = open_workspace()
    pairs = [tuple(x.strip() for x in p.split(",")) for p in pair]
    if any(len(p) != 2 for p in pairs):
        raise InputError("--pair takes two system names separated by a comma: SYSTEM_X,SYSTEM_Y")
    ev = require_evaluation(ws, run_or_eval)
    result = assign(
        ws, current_actor(ws), ev.id, [r.strip() for r in raters.split(",") if r.strip()], overlap, seed, pairs or None
    )
    console.print(
        f"{result.n_tasks} tasks over {result.n_prompts} prompts ({result.overlap_prompts} overlap): "
        + ", ".join(f"{k} {v}" for k, v in result.per_rater.items())
    )
    if result.note:
        console.print(f"[yellow]note:[/] {result.note}")


@rate_app.command("next")
@handle_errors
def rate_next_cmd(
    eval_id: Optional[str] = typer.Option(None, "--eval", help="Only this evaluation."),  # noqa: UP007
    as_json: bool = typer.Option(False, "--json", help="Print the task as JSON."),
) -> None:
    """Show your next task: the prompt and answers A and B (model identity hidden)."""
    from kit.evaluation.rating import next_task

    ws = open_workspace()
    view = next_task(ws, current_actor(ws), eval_id)
    if as_json:
        _print_json(asdict(view) if view else None)
    elif view is None:
        console.print("No tasks left. Thank you!")
    else:
        console.print(
            f"[bold]Task {view.task_id}[/] ({view.position}/{view.total})\n\n[bold]Prompt[/]\n{view.prompt}\n"
            f"\n[bold]Answer A[/]\n{view.answer_a}\n\n[bold]Answer B[/]\n{view.answer_b}\n\n{view.question}"
        )
        for key, label in view.choices:
            console.print(f"  {key}: {label}")
        console.print(f"Submit: kit eval rate submit {view.task_id} a|b|tie [--grade fail|pass|excellent]")


@rate_app.command("submit")
@handle_errors
def rate_submit_cmd(
    task_id: int = typer.Argument(..., help="Task id from `kit eval rate next`."),
    choice: str = typer.Argument(..., help="a, b or tie."),
    grade: Optional[str] = typer.Option(None, help="fail, pass or excellent (of the better answer)."),  # noqa: UP007
) -> None:
    """Record your judgement of one task."""
    from kit.evaluation.rating import progress, submit_rating

    ws = open_workspace()
    actor = current_actor(ws)
    submit_rating(ws, actor, task_id, choice, grade)
    p = progress(ws, actor)
    console.print(f"Saved. {p.done}/{p.assigned} done.")


@rate_app.command("progress")
@handle_errors
def rate_progress_cmd() -> None:
    """How many of your tasks are done."""
    from kit.evaluation.rating import progress

    ws = open_workspace()
    p = progress(ws, current_actor(ws))
    console.print(f"{p.rater}: {p.done}/{p.assigned} done, {p.remaining} left.")


@app.command("export-ratings")
@handle_errors
def export_cmd(
    run_or_eval: str = RUN_OR_EVAL,
    output: Path = typer.Option(..., "--output", "-o", help="RATINGS.jsonl to write."),
    simulated: bool = typer.Option(True, help="Include ratings of SIMULATED raters."),
) -> None:
    """Write the ratings (unblinded) as RATINGS.jsonl, the input of `kit eval stats --ratings`."""
    from kit.evaluation.results import export_ratings

    ws = open_workspace()
    n = export_ratings(ws, current_actor(ws), run_or_eval, output, simulated)
    console.print(f"Wrote {n} ratings to {output}")


@app.command("stats")
@handle_errors
def stats_cmd(
    ratings: Optional[Path] = typer.Option(None, help="RATINGS.jsonl ({item, rater, a, b, choice} lines)."),  # noqa: UP007
    run_or_eval: Optional[str] = typer.Option(None, "--run", "--eval", help="Or: a run / evaluation id."),  # noqa: UP007
    baseline: list[str] = typer.Option([], help="System shown second (default: names 'base' or 'base:*')."),
    seed: int = typer.Option(0, help="Bootstrap seed."),
    resamples: int = typer.Option(2000, help="Bootstrap resamples."),
    simulated: bool = typer.Option(True, help="Workspace mode: include SIMULATED raters."),
) -> None:
    """Win/tie/loss with 95% bootstrap CIs, agreement, kappa/alpha, Bradley-Terry: JSON on stdout."""
    from kit.evaluation.ratings_io import read_ratings
    from kit.evaluation.stats import BootstrapSettings, compute_stats

    settings = BootstrapSettings(n_resamples=resamples, seed=seed)
    if ratings is not None:
        rows = read_ratings(ratings)
        systems = {r.a for r in rows} | {r.b for r in rows}
        base = baseline or [s for s in systems if s == "base" or s.startswith("base:")]
        _print_json(compute_stats(rows, settings, base))
    elif run_or_eval is not None:
        from kit.evaluation.results import evaluation_stats

        _print_json(evaluation_stats(open_workspace(), run_or_eval, simulated, settings))
    else:
        raise InputError("give --ratings FILE or --run RUN")


@app.command("probe")
@handle_errors
def probe_cmd(
    run_or_eval: str = RUN_OR_EVAL,
    memorization: bool = typer.Option(True, help="Run the memorization probe."),
    examples: int = typer.Option(20, help="Training examples for the memorization probe (a random sample)."),
    sample_seed: int = typer.Option(0, "--seed", help="Seed of the memorization probe's sample of examples."),
    canaries: Optional[Path] = typer.Option(None, help="Canary record from plant-canaries."),  # noqa: UP007
) -> None:
    """PHI probe over every answer, memorization (and canary) probes on the fine-tuned model."""
    from kit.evaluation.probes.canary import load_canaries
    from kit.evaluation.probes.memorization import MemorizationSettings
    from kit.evaluation.probes.runner import run_probes

    ws = open_workspace()
    planted = load_canaries(canaries) if canaries else ()
    out = run_probes(
        ws,
        current_actor(ws),
        run_or_eval,
        memorization=memorization,
        canaries=planted,
        settings=MemorizationSettings(max_examples=examples, seed=sample_seed),
    )
    phi = out["phi"]
    console.print(f"PHI probe: {phi['n_findings']} finding(s) in {phi['n_answers']} answers {phi['by_system']}")
    if "memorization" in out:
        mem = out["memorization"]
        console.print(
            f"Memorization ({mem['n_examples']} of {mem['n_available']} training examples, seed {mem['seed']}): "
            f"max verbatim share {mem['max_lcs_ratio']}, flagged {mem['flagged'] or 'none'}"
        )
    if "canary" in out:
        console.print(f"Canaries reproduced: {len(out['canary']['reproduced'])}/{out['canary']['n_probed']}")


@app.command("plant-canaries")
@handle_errors
def plant_cmd(
    input: Path = typer.Option(..., "--input", help="Candidates JSONL ({id, prompt, response, ...})."),
    output: Path = typer.Option(..., "--output", help="Candidates JSONL with canaries planted."),
    record: Path = typer.Option(..., "--canaries", help="Where to keep the canary record (JSON)."),
    n: int = typer.Option(5, help="Canaries to plant."),
    seed: Optional[int] = typer.Option(None, help="Seed (default: random)."),  # noqa: UP007
) -> None:
    """Plant unique random strings in training candidates (canary mode of the memorization probe)."""
    from kit.evaluation.probes.canary import plant_canaries_file

    count = plant_canaries_file(input, output, record, n, seed)
    console.print(f"Planted {count} canaries into {output}; record in {record} (keep it out of training data).")
