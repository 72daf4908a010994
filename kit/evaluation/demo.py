"""Validation: answers from base and fine-tuned model, SIMULATED blind ratings, probes, gate, report."""

from __future__ import annotations

from kit.evaluation.assignment import assign
from kit.evaluation.evaluations import generate_for_run
from kit.evaluation.gate import decide
from kit.evaluation.generation import SamplingConfig
from kit.evaluation.probes.memorization import MemorizationSettings
from kit.evaluation.probes.runner import run_probes
from kit.evaluation.report import build_report
from kit.evaluation.results import evaluation_stats, pair_against
from kit.evaluation.simulated import fill_simulated_ratings, simulated_rater
from kit.users import Role


def demo_step(ws, ctx) -> None:
    """Generate for a handful of test prompts, rate with two simulated raters, probe, gate, report."""
    console, run_id = ctx.console, ctx.state.get("run_id")
    if not run_id:
        console.print("[yellow]No training run from an earlier step; skipping validation.[/]")
        return
    engineer, compliance = ctx.actor(Role.ML_ENGINEER), ctx.actor(Role.COMPLIANCE)
    n_prompts = 4 if ctx.fast else 12
    cfg = SamplingConfig(max_new_tokens=24 if ctx.fast else 128, batch_size=4)
    eval_id = generate_for_run(ws, engineer, run_id, limit=n_prompts, cfg=cfg)
    console.print(
        f"Evaluation {eval_id}: base model and run {run_id} answered {n_prompts} test prompts "
        f"(LIMA sampling: top_p {cfg.top_p}, temperature {cfg.temperature}, repetition penalty "
        f"{cfg.repetition_penalty}; seed {cfg.seed})."
    )

    raters = [simulated_rater(1), simulated_rater(2)]
    plan = assign(ws, engineer, eval_id, [r.name for r in raters], overlap=n_prompts // 2, require_users=False)
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

    probes = run_probes(
        ws,
        engineer,
        eval_id,
        settings=MemorizationSettings(max_examples=4 if ctx.fast else 12, max_new_tokens=24 if ctx.fast else 64),
    )
    phi, mem = probes["phi"], probes["memorization"]
    console.print(
        f"PHI probe: {phi['n_findings']} finding(s) in {phi['n_answers']} answers {phi['by_system']}; "
        f"memorization: max verbatim share {mem['max_lcs_ratio']} over {mem['n_examples']} examples."
    )

    verdict, _ = decide(ws, compliance, run_id)
    path = build_report(ws, engineer, run_id)
    word = "[green]PASS[/]" if verdict.passed else "[red]REFUSED[/]"
    console.print(
        f"Release gate: {word}" + ("" if verdict.passed else " - " + "; ".join(c.detail for c in verdict.failing))
    )
    console.print(f"Report: {path}")
    ctx.state.update(eval_id=eval_id, report=str(path), gate_passed=verdict.passed)
