"""Reading evaluations back from kit.db: the one place that knows the evaluation tables' shape."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from kit.errors import StateError


@dataclass(frozen=True)
class Evaluation:
    """One generation pass over a dataset split: which run, which systems, how they sampled."""

    id: str
    run_id: str
    dataset: str
    split: str
    candidate: str
    baseline: str
    systems: list[str]
    sampling: dict
    created_by: str
    created_at: str


@dataclass(frozen=True)
class Generation:
    """One stored answer."""

    id: int
    eval_id: str
    prompt_id: str
    system: str
    prompt: str
    answer: str
    seed: int


def now() -> str:
    """UTC timestamp used in every evaluation table."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _evaluation(row) -> Evaluation:
    return Evaluation(
        row["id"],
        row["run_id"],
        row["dataset"],
        row["split"],
        row["candidate"],
        row["baseline"],
        json.loads(row["systems"]),
        json.loads(row["sampling"]),
        row["created_by"],
        row["created_at"],
    )


def get_evaluation(ws, eval_id: str) -> Evaluation:
    """The evaluation ``eval_id``; StateError when there is none."""
    with ws.connect() as conn:
        row = conn.execute("SELECT * FROM evaluations WHERE id = ?", (eval_id,)).fetchone()
    if row is None:
        raise StateError(f"no evaluation {eval_id!r}; run kit eval generate --run RUN")
    return _evaluation(row)


def latest_evaluation(ws, run_id: str) -> Evaluation | None:
    """The newest evaluation of ``run_id``, or None."""
    with ws.connect() as conn:
        row = conn.execute(
            "SELECT * FROM evaluations WHERE run_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1", (run_id,)
        ).fetchone()
    return _evaluation(row) if row else None


def require_evaluation(ws, run_or_eval: str) -> Evaluation:
    """Accept an evaluation id or a run id (its latest evaluation)."""
    with ws.connect() as conn:
        row = conn.execute("SELECT * FROM evaluations WHERE id = ?", (run_or_eval,)).fetchone()
    if row is not None:
        return _evaluation(row)
    found = latest_evaluation(ws, run_or_eval)
    if found is None:
        raise StateError(f"run {run_or_eval!r} has no evaluation yet; run kit eval generate --run {run_or_eval}")
    return found


def generations(ws, eval_id: str, system: str | None = None) -> list[Generation]:
    """Stored answers of an evaluation (optionally one system's), by prompt id then system."""
    sql = "SELECT * FROM generations WHERE eval_id = ?" + (" AND system = ?" if system else "")
    args = (eval_id, system) if system else (eval_id,)
    with ws.connect() as conn:
        rows = conn.execute(sql + " ORDER BY prompt_id, system", args).fetchall()
    return [
        Generation(r["id"], r["eval_id"], r["prompt_id"], r["system"], r["prompt"], r["answer"], r["seed"])
        for r in rows
    ]


def count_prompts(ws, eval_id: str) -> int:
    """How many distinct prompts an evaluation's answers cover (without loading the answers)."""
    with ws.connect() as conn:
        return conn.execute(
            "SELECT COUNT(DISTINCT prompt_id) FROM generations WHERE eval_id = ?", (eval_id,)
        ).fetchone()[0]


def save_probe(conn, eval_id: str, kind: str, summary: dict, actor_name: str) -> None:
    """Store one probe's summary (ids, types, offsets, scores only)."""
    conn.execute(
        "INSERT INTO probe_results (eval_id, kind, summary, created_by, created_at) VALUES (?,?,?,?,?)",
        (eval_id, kind, json.dumps(summary), actor_name, now()),
    )


def latest_probes(ws, eval_id: str) -> dict[str, dict]:
    """The newest summary of each probe kind run on the evaluation."""
    with ws.connect() as conn:
        rows = conn.execute(
            "SELECT kind, summary FROM probe_results WHERE eval_id = ? ORDER BY id", (eval_id,)
        ).fetchall()
    return {row["kind"]: json.loads(row["summary"]) for row in rows}


MODEL_PROBES = ("memorization", "canary")
"""Probes of the run's model itself (training data in, continuations out), not of one evaluation's answers."""


def probes_for(ws, ev: Evaluation) -> dict[str, dict]:
    """The probe summaries that speak for evaluation ``ev``, each with the ``eval_id`` it was measured on.

    ``ev``'s own probes first. A memorization or canary probe measures the run's fine-tuned model, so when
    ``ev`` has none, the newest one from another evaluation of the same run stands in for it. The PHI probe
    scans one evaluation's answers and never stands in for another's.
    """
    marks = ",".join("?" * len(MODEL_PROBES))
    with ws.connect() as conn:
        rows = conn.execute(
            "SELECT p.eval_id, p.kind, p.summary FROM probe_results p JOIN evaluations e ON e.id = p.eval_id "
            f"WHERE e.run_id = ? AND p.eval_id != ? AND p.kind IN ({marks}) ORDER BY e.created_at, e.rowid, p.id",
            (ev.run_id, ev.id, *MODEL_PROBES),
        ).fetchall()
    borrowed = {row["kind"]: {**json.loads(row["summary"]), "eval_id": row["eval_id"]} for row in rows}
    own = {kind: {**summary, "eval_id": ev.id} for kind, summary in latest_probes(ws, ev.id).items()}
    return {**borrowed, **own}
