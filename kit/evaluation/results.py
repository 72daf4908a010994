"""Workspace ratings out: the JSONL export and the statistics of an evaluation (unblinded views)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from kit.errors import StateError
from kit.evaluation.rating import StoredRating, stored_ratings
from kit.evaluation.stats import BootstrapSettings, compute_stats
from kit.evaluation.store import require_evaluation
from kit.fsutil import atomic_write_text
from kit.users import Actor, Role, require_role

RESULT_ROLES = (Role.ADMIN, Role.ML_ENGINEER, Role.COMPLIANCE, Role.SYSTEM)


def export_ratings(ws, actor: Actor, run_or_eval: str, path: str | Path, include_simulated: bool = True) -> int:
    """Write the evaluation's ratings as RATINGS.jsonl (the `kit eval stats` contract); return the line count."""
    require_role(actor, *RESULT_ROLES)
    ev = require_evaluation(ws, run_or_eval)
    rows = stored_ratings(ws, ev.id, include_simulated)
    atomic_write_text(Path(path), "".join(json.dumps(r.to_json()) + "\n" for r in rows))
    ws.audit().append(actor, "eval.export_ratings", ev.id, n_ratings=len(rows))
    return len(rows)


def grade_summary(rows: list[StoredRating]) -> dict[str, dict[str, int]]:
    """Absolute grades per system: a grade belongs to the preferred answer (to both on a tie)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.grade is None:
            continue
        winner = row.rating.winner
        for system in [winner] if winner else [row.rating.a, row.rating.b]:
            counts[system][row.grade] += 1
    return {system: dict(c) for system, c in sorted(counts.items())}


def evaluation_stats(
    ws, run_or_eval: str, include_simulated: bool = True, settings: BootstrapSettings | None = None
) -> dict:
    """compute_stats over an evaluation's ratings, the base model as baseline, plus grades and provenance."""
    ev = require_evaluation(ws, run_or_eval)
    rows = stored_ratings(ws, ev.id, include_simulated)
    if not rows:
        raise StateError(f"evaluation {ev.id} has no ratings yet (kit eval assign, then kit eval rate)")
    out = compute_stats([r.rating for r in rows], settings, baselines=[ev.baseline])
    out["eval_id"], out["run_id"] = ev.id, ev.run_id
    out["candidate"], out["baseline"] = ev.candidate, ev.baseline
    out["n_simulated"] = sum(r.simulated for r in rows)
    out["grades"] = grade_summary(rows)
    return out


def pair_against(stats: dict, candidate: str, baseline: str) -> dict | None:
    """The pairs entry for candidate vs baseline (oriented so "win" is the candidate's)."""
    for pair in stats.get("pairs", []):
        if pair["systems"] == [candidate, baseline]:
            return pair
    return None
