"""Run the privacy probes on an evaluation and store their summaries (``kit eval probe``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kit.evaluation.probes.canary import Canary, canary_probe
from kit.evaluation.probes.memorization import (
    ContinueFn,
    MemorizationSettings,
    memorization_probe,
    model_continuations,
)
from kit.evaluation.probes.phi import Detector, default_detector, phi_probe
from kit.evaluation.store import generations, require_evaluation, save_probe
from kit.users import Actor, Role, require_role

PROBE_ROLES = (Role.ADMIN, Role.ML_ENGINEER, Role.COMPLIANCE, Role.SYSTEM)


def training_examples(ws, run_id: str, split: str = "train") -> list[tuple[str, str, str]]:
    """(id, prompt, response) of the run's dataset split: what the model was trained on."""
    from kit.evaluation.evaluations import load_split
    from kit.evaluation.lineage import run_dataset

    rows = load_split(Path(run_dataset(ws, run_id).path), split, columns=("id", "prompt", "response"))
    return [(r["id"], r["prompt"], r["response"]) for r in rows]


def candidate_continuations(ws, run_id: str, max_new_tokens: int) -> ContinueFn:
    """Greedy continuations from the run's fine-tuned model."""
    from kit.evaluation.evaluations import run_systems

    return model_continuations(run_systems(ws, run_id)[0], max_new_tokens=max_new_tokens)


def run_probes(
    ws,
    actor: Actor,
    run_or_eval: str,
    *,
    detector: Detector | None = None,
    memorization: bool = True,
    canaries: Sequence[Canary] = (),
    continue_fn: ContinueFn | None = None,
    examples: Sequence[tuple[str, str, str]] | None = None,
    settings: MemorizationSettings | None = None,
    min_score: float = 0.0,
) -> dict[str, dict]:
    """PHI probe over every answer; memorization (and canary) probes on the candidate; store and audit."""
    require_role(actor, *PROBE_ROLES)
    ev = require_evaluation(ws, run_or_eval)
    settings = settings or MemorizationSettings()
    answers = [(g.prompt_id, g.system, g.answer) for g in generations(ws, ev.id)]
    detector = detector or default_detector(ws.policy_path("redaction"))
    results = {"phi": {**phi_probe(answers, detector, min_score), "candidate": ev.candidate}}
    if memorization or canaries:
        examples = list(examples) if examples is not None else training_examples(ws, ev.run_id)
        continue_fn = continue_fn or candidate_continuations(ws, ev.run_id, settings.max_new_tokens)
    if memorization:
        results["memorization"] = memorization_probe(examples, continue_fn, settings)
    if canaries:
        lookup = {eid: (prompt, response) for eid, prompt, response in examples}
        results["canary"] = canary_probe(canaries, lookup, continue_fn, answers)
    with ws.audited_transaction() as (conn, audit):
        for kind, summary in results.items():
            save_probe(conn, ev.id, kind, summary, actor.name)
        audit(
            actor,
            "eval.probe",
            ev.id,
            kinds=sorted(results),
            phi_findings=results["phi"]["n_findings"],
            max_lcs_ratio=results.get("memorization", {}).get("max_lcs_ratio"),
        )
    return results
