"""Shared steps for evaluation tests."""

from __future__ import annotations

from kit.evaluation.assignment import assign
from kit.evaluation.gate_policy import ReleaseGatePolicy
from kit.evaluation.probes.runner import run_probes
from kit.evaluation.rating import next_task, submit_rating

TRAIN = [
    (f"t{k}", f"Training prompt {k}?", f"Training response number {k} with several words in it to probe.")
    for k in range(3)
]

SMALL_GATE = ReleaseGatePolicy(
    min_ratings=6, min_win_or_tie_rate=0.5, min_win_or_tie_lower_bound=0.3, max_phi_findings=0, max_verbatim_overlap=0.5
)


def rate_all(ws, actors, eval_id, prefer_prefix="Fine-tuned", raters=("dana", "raj")):
    """Assign to the raters and let each prefer answers starting with ``prefer_prefix``."""
    assign(ws, actors["mel"], eval_id, list(raters), overlap=2, seed=0)
    for rater in raters:
        while (view := next_task(ws, actors[rater])) is not None:
            choice = "a" if view.answer_a.startswith(prefer_prefix) else "b"
            submit_rating(ws, actors[rater], view.task_id, choice)


def no_phi(text):
    return []


def unrelated(pairs):
    return ["Something else entirely." for _ in pairs]


def probe(ws, actors, eval_id, detector=no_phi, continue_fn=unrelated):
    return run_probes(ws, actors["mel"], eval_id, detector=detector, continue_fn=continue_fn, examples=TRAIN)
