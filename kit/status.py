"""Where the workspace stands: one line per stage of the flow, with what blocks it and the next action.

The CLI's ``kit status`` and the UI's stepper both render :func:`stages`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from kit.db import table_exists
from kit.workspace import Workspace

DONE, READY, BLOCKED, ACTIVE = "done", "ready", "blocked", "in progress"


@dataclass(frozen=True)
class Stage:
    """One step of the flow as the stepper shows it."""

    key: str
    title: str
    state: str
    summary: str
    next_action: str
    role: str


def _count(conn: sqlite3.Connection, sql: str, *args: object) -> int:
    table = sql.split(" FROM ")[1].split()[0]
    if not table_exists(conn, table):
        return 0
    return int(conn.execute(sql, args).fetchone()[0])


def _workspace(conn: sqlite3.Connection) -> Stage:
    users = _count(conn, "SELECT COUNT(*) FROM users")
    roles = {r[0] for r in conn.execute("SELECT DISTINCT role FROM users")}
    missing = [r for r in ("compliance", "ml_engineer", "domain_expert") if r not in roles]
    nxt = f"add users for: {', '.join(missing)} (kit users add)" if missing else "-"
    return Stage("workspace", "Workspace", DONE if not missing else ACTIVE, f"{users} users", nxt, "admin")


def _ingest(conn: sqlite3.Connection) -> Stage:
    docs = _count(conn, "SELECT COUNT(*) FROM records WHERE kind = 'document'")
    pairs = _count(conn, "SELECT COUNT(*) FROM records WHERE kind = 'example'")
    state = DONE if docs + pairs else READY
    nxt = "-" if docs + pairs else "kit ingest FILE --kind documents|examples"
    return Stage("ingest", "Ingest", state, f"{docs} documents, {pairs} example pairs", nxt, "compliance")


def _review(conn: sqlite3.Connection) -> Stage:
    total = _count(conn, "SELECT COUNT(*) FROM records")
    if not total:
        return Stage("review", "Redact & review", BLOCKED, "nothing ingested", "ingest data first", "compliance")
    detected = _count(conn, "SELECT COUNT(DISTINCT record_id) FROM findings")
    signoffs = _count(conn, "SELECT COUNT(*) FROM signoffs")
    if signoffs:
        signed = _count(conn, "SELECT COUNT(*) FROM signoff_records WHERE signoff_id = (SELECT MAX(id) FROM signoffs)")
        if signed < total:  # records ingested after the latest sign-off wait for review and a new sign-off
            return Stage(
                "review",
                "Redact & review",
                ACTIVE,
                f"{total - signed} record(s) added since the latest sign-off",
                "review them, then sign off again",
                "compliance",
            )
        return Stage("review", "Redact & review", DONE, f"{signoffs} sign-off(s){_detectors(conn)}", "-", "compliance")
    if detected < total:
        return Stage(
            "review",
            "Redact & review",
            READY,
            f"detection ran on {detected}/{total} records",
            "kit redact run",
            "compliance",
        )
    return Stage(
        "review",
        "Redact & review",
        ACTIVE,
        f"{detected}/{total} records detected{_detectors(conn)}",
        "kit review next / kit review signoff (kit redact train: a detector from the reviews)",
        "compliance",
    )


def _detectors(conn: sqlite3.Connection) -> str:
    """``, learned detector det-...`` when the reviewers' decisions have trained one."""
    row = conn.execute("SELECT id FROM detectors ORDER BY created_at DESC, rowid DESC LIMIT 1").fetchone()
    return f", learned detector {row[0]}" if row else ""


def _curate(conn: sqlite3.Connection) -> Stage:
    if not _count(conn, "SELECT COUNT(*) FROM signoffs"):
        return Stage("curate", "Curate", BLOCKED, "no redaction sign-off", "compliance signs off first", "ml_engineer")
    datasets = _count(conn, "SELECT COUNT(*) FROM datasets")
    return Stage(
        "curate",
        "Curate",
        DONE if datasets else READY,
        f"{datasets} dataset(s)",
        "-" if datasets else "kit curate build",
        "ml_engineer",
    )


def _train(conn: sqlite3.Connection) -> Stage:
    if not _count(conn, "SELECT COUNT(*) FROM datasets"):
        return Stage("train", "Train", BLOCKED, "no curated dataset", "curate a dataset first", "ml_engineer")
    runs = _count(conn, "SELECT COUNT(*) FROM runs")
    done = _count(conn, "SELECT COUNT(*) FROM runs WHERE status = 'completed'")
    state = DONE if done else (ACTIVE if runs else READY)
    return Stage(
        "train",
        "Train",
        state,
        f"{runs} run(s), {done} completed",
        "-" if done else "kit train --dataset NAME --model smollm2-135m",
        "ml_engineer",
    )


def _rate(conn: sqlite3.Connection) -> Stage:
    if not _count(conn, "SELECT COUNT(*) FROM runs WHERE status = 'completed'"):
        return Stage("rate", "Rate", BLOCKED, "no completed run", "train a model first", "domain_expert")
    tasks = _count(conn, "SELECT COUNT(*) FROM rating_tasks")
    ratings = _count(conn, "SELECT COUNT(*) FROM ratings")
    simulated = _count(conn, "SELECT COUNT(*) FROM ratings WHERE simulated = 1")
    if not tasks:
        return Stage(
            "rate", "Rate", READY, "no rating tasks", "kit eval generate --run RUN; kit eval assign", "ml_engineer"
        )
    return Stage(
        "rate",
        "Rate",
        ACTIVE if ratings < tasks else DONE,
        f"{ratings}/{tasks} ratings" + (f" ({simulated} simulated, not people)" if simulated else ""),
        "rate in the UI or kit eval rate" if ratings < tasks else "-",
        "domain_expert",
    )


def _release(conn: sqlite3.Connection) -> Stage:
    releases = _count(conn, "SELECT COUNT(*) FROM releases")
    if releases:
        return Stage("release", "Report & release", DONE, f"{releases} release(s)", "-", "compliance")
    if not _count(conn, "SELECT COUNT(*) FROM ratings"):
        return Stage("release", "Report & release", BLOCKED, "no ratings yet", "rate first", "compliance")
    return Stage(
        "release", "Report & release", READY, "ratings available", "kit report RUN; kit release RUN", "compliance"
    )


STAGES: list[Callable[[sqlite3.Connection], Stage]] = [_workspace, _ingest, _review, _curate, _train, _rate, _release]


def stages(ws: Workspace) -> list[Stage]:
    """The state of every stage, in flow order."""
    with ws.connect() as conn:
        return [stage(conn) for stage in STAGES]
