"""Spread an evaluation's prompts over raters, with an overlap subset judged by two raters.

Every (prompt, system pair) becomes one task per assigned rater. The answers' A/B order is drawn at random
per task, and each rater's queue is shuffled, so position says nothing about which system is which.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from kit.errors import InputError, StateError
from kit.evaluation.protocol import SIMULATED_PREFIX
from kit.evaluation.store import generations, get_evaluation, now
from kit.users import Actor, Role, list_users, require_role

ASSIGN_ROLES = (Role.ADMIN, Role.ML_ENGINEER, Role.SYSTEM)


@dataclass(frozen=True)
class AssignmentResult:
    """What :func:`assign` created."""

    eval_id: str
    n_tasks: int
    n_prompts: int
    overlap_prompts: int
    per_rater: dict[str, int]
    note: str = ""


def plan_assignment(
    prompt_ids: Sequence[str], raters: Sequence[str], overlap: int, rng: random.Random
) -> list[tuple[str, str, bool]]:
    """(prompt id, rater, is_overlap) triples: ``overlap`` prompts to two raters, the rest to one, balanced."""
    order = sorted(prompt_ids)
    rng.shuffle(order)
    n_overlap = min(overlap, len(order)) if len(raters) >= 2 else 0
    load = {r: 0 for r in raters}
    plan = []
    for index, prompt_id in enumerate(order):
        want = 2 if index < n_overlap else 1
        chosen = sorted(raters, key=lambda r: (load[r], rng.random()))[:want]
        for rater in chosen:
            load[rater] += 1
            plan.append((prompt_id, rater, want == 2))
    return plan


def _check_raters(ws, raters: Sequence[str], require_users: bool) -> None:
    if not raters:
        raise InputError("name at least one rater")
    if len(set(raters)) != len(raters):
        raise InputError("a rater is named twice")
    if not require_users:
        return
    experts = {a.name for a in list_users(ws) if a.role is Role.DOMAIN_EXPERT}
    for rater in raters:
        if rater not in experts and not rater.startswith(SIMULATED_PREFIX):
            raise InputError(f"rater {rater!r} is not a domain_expert user of this workspace (kit users add)")


def assign(
    ws,
    actor: Actor,
    eval_id: str,
    raters: Sequence[str],
    overlap: int = 50,
    seed: int = 0,
    pairs: Sequence[tuple[str, str]] | None = None,
    require_users: bool = True,
) -> AssignmentResult:
    """Create blind rating tasks for ``eval_id``; ``pairs`` default to the candidate against every other system."""
    require_role(actor, *ASSIGN_ROLES)
    _check_raters(ws, raters, require_users)
    ev = get_evaluation(ws, eval_id)
    pairs = list(pairs or [(ev.candidate, other) for other in ev.systems if other != ev.candidate])
    gens = {(g.prompt_id, g.system): g.id for g in generations(ws, eval_id)}
    for pair in pairs:
        if any(system not in ev.systems for system in pair) or pair[0] == pair[1]:
            raise InputError(f"pair {pair[0]}:{pair[1]} is not two systems of evaluation {eval_id}")
    rng = random.Random(seed)
    prompt_ids = sorted({p for p, _ in gens})
    rows = []
    for pair in pairs:
        for prompt_id, rater, is_overlap in plan_assignment(prompt_ids, raters, overlap, rng):
            first, second = gens[(prompt_id, pair[0])], gens[(prompt_id, pair[1])]
            a, b = (first, second) if rng.random() < 0.5 else (second, first)
            rows.append([eval_id, prompt_id, rater, a, b, int(is_overlap)])
    rng.shuffle(rows)  # queue order is random too
    per_rater: dict[str, int] = {}
    n_overlap = len({r[1] for r in rows if r[5]})
    with ws.audited_transaction() as (conn, audit):
        if conn.execute("SELECT 1 FROM rating_tasks WHERE eval_id = ? LIMIT 1", (eval_id,)).fetchone():
            raise StateError(f"evaluation {eval_id} already has rating tasks")
        for row in rows:
            per_rater[row[2]] = per_rater.get(row[2], 0) + 1
            conn.execute(
                "INSERT INTO rating_tasks (eval_id, prompt_id, rater, gen_a, gen_b, overlap, position, "
                "created_at) VALUES (?,?,?,?,?,?,?,?)",
                (*row, per_rater[row[2]], now()),
            )
        audit(actor, "eval.assign", eval_id, raters=list(raters), n_tasks=len(rows), overlap=n_overlap, seed=seed)
    note = "" if len(raters) >= 2 else "one rater only: no overlap, so agreement cannot be measured"
    return AssignmentResult(eval_id, len(rows), len(prompt_ids), n_overlap, per_rater, note)
