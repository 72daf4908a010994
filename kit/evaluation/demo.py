"""Validation: answers from base and fine-tuned model, SIMULATED blind ratings, probes, gate, report."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from kit.evaluation.assignment import assign
from kit.evaluation.evaluations import generate_for_run
from kit.evaluation.gate import decide
from kit.evaluation.generation import SamplingConfig
from kit.evaluation.probes.canary import load_canaries
from kit.evaluation.probes.memorization import MemorizationSettings
from kit.evaluation.probes.runner import run_probes
from kit.evaluation.report import build_report
from kit.evaluation.results import evaluation_stats, pair_against
from kit.evaluation.simulated import fill_simulated_ratings, simulated_rater
from kit.users import Role


@dataclass(frozen=True)
class EvalBudget:
    """How much the demo's validation step generates. Cost grows with batches x tokens, both systems."""

    n_prompts: int
    """Test prompts answered by the base model and by the run."""
    max_new_tokens: int
    """Longest answer. Base and run sample with the same seeds, so a demo-sized LoRA step gives answers
    that start alike and part after a few dozen tokens: shorter answers would look identical."""
    probe_examples: int
    """Training examples the memorization probe samples."""
    probe_tokens: int
    """Longest greedy continuation of the memorization probe."""


FULL = EvalBudget(n_prompts=8, max_new_tokens=192, probe_examples=12, probe_tokens=64)
"""Two batches of four prompts: as many decoding steps as 12 prompts x 128 tokens, answers half again as long."""
FAST = EvalBudget(n_prompts=4, max_new_tokens=64, probe_examples=4, probe_tokens=24)
"""One batch (``kit demo --fast``, the tests' and the browser test's workspace)."""


def _answer_lengths(ws, eval_id: str, limit: int) -> str:
    with ws.connect() as conn:
        lengths = [r[0] for r in conn.execute("SELECT n_new_tokens FROM generations WHERE eval_id = ?", (eval_id,))]
    finished = sum(n < limit for n in lengths)
    mean = sum(lengths) / max(len(lengths), 1)
    return f"answers average {mean:.0f} tokens; {finished} of {len(lengths)} ended before the {limit}-token limit"


def demo_step(ws, ctx, budget: EvalBudget | None = None) -> None:
    """Generate for a handful of test prompts, rate with two simulated raters, probe, gate, report."""
    console, run_id = ctx.console, ctx.state.get("run_id")
    if not run_id:
        console.print("[yellow]No training run from an earlier step; skipping validation.[/]")
        return
    began = time.perf_counter()
    budget = budget or (FAST if ctx.fast else FULL)
    engineer, compliance = ctx.actor(Role.ML_ENGINEER), ctx.actor(Role.COMPLIANCE)
    cfg = SamplingConfig(max_new_tokens=budget.max_new_tokens, batch_size=4)
    eval_id = generate_for_run(ws, engineer, run_id, limit=budget.n_prompts, cfg=cfg)
    console.print(
        f"Evaluation {eval_id}: base model and run {run_id} answered {budget.n_prompts} test prompts in "
        f"{time.perf_counter() - began:.0f} s (LIMA sampling: top_p {cfg.top_p}, temperature {cfg.temperature}, "
        f"repetition penalty {cfg.repetition_penalty}; seed {cfg.seed}); "
        f"{_answer_lengths(ws, eval_id, cfg.max_new_tokens)}."
    )

    raters = [simulated_rater(1), simulated_rater(2)]
    plan = assign(ws, engineer, eval_id, [r.name for r in raters], overlap=budget.n_prompts // 2, require_users=False)
    n = fill_simulated_ratings(ws, eval_id, raters)
    console.print(
        f"[bold yellow]SIMULATED raters[/] (a length/structure heuristic, not people) filled {n} blind "
        f"ratings; {plan.overlap_prompts} prompts went to both. Real ratings: kit eval rate / the UI."
    )
    stats = evaluation_stats(ws, eval_id)
    pair = pair_against(stats, stats["candidate"], stats["baseline"])
    agreement = stats["agreement"]
    console.print(
        f"Fine-tuned vs base: win {pair['win']}% / tie {pair['tie']}% / loss {pair['loss']}% "
        f"(win 95% CI {pair['ci95']['win']}); tie-discounted agreement {agreement['tie_discounted']}, "
        f"kappa {agreement['cohens_kappa']}."
    )

    settings = MemorizationSettings(max_examples=budget.probe_examples, max_new_tokens=budget.probe_tokens)
    record = ctx.state.get("canary_record")
    canaries = load_canaries(Path(record)) if record and Path(record).is_file() else ()
    probes = run_probes(ws, engineer, eval_id, settings=settings, canaries=canaries)
    phi, mem = probes["phi"], probes["memorization"]
    console.print(
        f"PHI probe: {phi['n_findings']} finding(s) in {phi['n_answers']} answers {phi['by_system']}; "
        f"memorization: max verbatim share {mem['max_lcs_ratio']} over {mem['n_examples']} of "
        f"{mem['n_available']} training examples (random sample, seed {mem['seed']})."
    )
    if "canary" in probes:
        canary = probes["canary"]
        console.print(
            f"Canary probe: {len(canary['reproduced'])} of {canary['n_probed']} planted codes reproduced when "
            f"prompted with their training example; {len(canary['in_generated_answers'])} in generated answers."
        )

    verdict, _ = decide(ws, compliance, run_id)
    path = build_report(ws, engineer, run_id)
    word = "[green]PASS[/]" if verdict.passed else "[red]REFUSED[/]"
    console.print(
        f"Release gate: {word}" + ("" if verdict.passed else " - " + "; ".join(c.detail for c in verdict.failing))
    )
    console.print(f"Report: {path} (validation step {time.perf_counter() - began:.0f} s)")
    ctx.state.update(eval_id=eval_id, report=str(path), gate_passed=verdict.passed)
