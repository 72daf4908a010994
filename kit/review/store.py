"""kit.db access for the review stage: findings, decisions, approvals. Offsets and types only."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from kit.errors import InputError
from kit.users import Actor

if TYPE_CHECKING:
    from kit.workspace import AuditAppend

ORIGIN_ENGINE, ORIGIN_DENY, ORIGIN_REVIEWER = "engine", "deny_list", "reviewer"
OPEN, CONFIRMED, REJECTED = "open", "confirmed", "rejected"
# Record states, in flow order.
UNDETECTED, PENDING, IN_REVIEW, APPROVED, REDACTED = "undetected", "pending", "in_review", "approved", "redacted"
RECORD_STATES = (UNDETECTED, PENDING, IN_REVIEW, APPROVED, REDACTED)


def now() -> str:
    """UTC timestamp, seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class FindingRow:
    """A stored finding (offsets into the raw field, never its text) and its review status."""

    id: int
    record_id: str
    field: str
    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str
    origin: str
    status: str
    original_type: str | None
    decided_by: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> FindingRow:
        """Build from a ``SELECT * FROM findings`` row."""
        return cls(
            row["id"],
            row["record_id"],
            row["field"],
            row["start"],
            row["end"],
            row["entity_type"],
            row["score"],
            row["recognizer"],
            row["origin"],
            row["status"],
            row["original_type"],
            row["decided_by"],
        )


def get_finding(conn: sqlite3.Connection, finding_id: int) -> FindingRow:
    """One finding; InputError when unknown."""
    row = conn.execute("SELECT * FROM findings WHERE id = ?", (finding_id,)).fetchone()
    if row is None:
        raise InputError(f"no finding with id {finding_id}")
    return FindingRow.from_row(row)


def record_findings(conn: sqlite3.Connection, record_id: str) -> list[FindingRow]:
    """A record's findings in reading order."""
    rows = conn.execute('SELECT * FROM findings WHERE record_id = ? ORDER BY field, start, "end"', (record_id,))
    return [FindingRow.from_row(r) for r in rows]


def insert_finding(
    conn: sqlite3.Connection,
    record_id: str,
    field: str,
    start: int,
    end: int,
    entity_type: str,
    score: float,
    recognizer: str,
    origin: str,
    status: str = OPEN,
    decided_by: str | None = None,
) -> int | None:
    """Insert one finding; return its id, or None when that exact span is already there."""
    cur = conn.execute(
        'INSERT OR IGNORE INTO findings (record_id, field, start, "end", entity_type, score, recognizer, origin, '
        "status, decided_by, decided_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            record_id,
            field,
            start,
            end,
            entity_type,
            float(score),
            recognizer,
            origin,
            status,
            decided_by,
            now() if decided_by else None,
            now(),
        ),
    )
    return cur.lastrowid if cur.rowcount else None


def log_decision(
    conn: sqlite3.Connection,
    actor: Actor,
    record_id: str,
    action: str,
    finding_id: int | None = None,
    old_type: str | None = None,
    new_type: str | None = None,
    allow_list: bool = False,
) -> None:
    """Append one row to the decisions table (the audit log gets its own entry from the caller)."""
    conn.execute(
        "INSERT INTO decisions (record_id, finding_id, action, old_type, new_type, allow_list, actor, role, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record_id, finding_id, action, old_type, new_type, int(allow_list), actor.name, str(actor.role), now()),
    )


def invalidate_redaction(conn: sqlite3.Connection, record_ids: Iterable[str]) -> None:
    """Drop redacted text built from findings that have since changed; it is rebuilt on the next draw."""
    conn.executemany("DELETE FROM redacted WHERE record_id = ?", [(r,) for r in set(record_ids)])


def is_detected(conn: sqlite3.Connection, record_id: str) -> bool:
    """True when the engine has processed the record."""
    return conn.execute("SELECT 1 FROM detections WHERE record_id = ?", (record_id,)).fetchone() is not None


def require_detected(conn: sqlite3.Connection, record_id: str) -> None:
    """InputError for unknown records, StateError-like InputError for records not yet detected."""
    if conn.execute("SELECT 1 FROM records WHERE id = ?", (record_id,)).fetchone() is None:
        raise InputError(f"no record with id {record_id!r}")
    if not is_detected(conn, record_id):
        raise InputError(f"record {record_id!r} has not been through detection yet; run kit redact run")


def record_states(conn: sqlite3.Connection) -> dict[str, str]:
    """``{record id: state}`` for every record (see ``RECORD_STATES``)."""
    rows = conn.execute(
        "SELECT r.id, d.record_id IS NOT NULL AS detected, a.record_id IS NOT NULL AS approved, "
        "x.record_id IS NOT NULL AS redacted, "
        "EXISTS (SELECT 1 FROM decisions c WHERE c.record_id = r.id) AS touched "
        "FROM records r LEFT JOIN detections d ON d.record_id = r.id "
        "LEFT JOIN approvals a ON a.record_id = r.id LEFT JOIN redacted x ON x.record_id = r.id"
    )
    states = {}
    for row in rows:
        if not row["detected"]:
            state = UNDETECTED
        elif row["redacted"]:
            state = REDACTED
        elif row["approved"]:
            state = APPROVED
        else:
            state = IN_REVIEW if row["touched"] else PENDING
        states[row["id"]] = state
    return states


AUDIT_CHUNK = 500  # decisions per batch audit entry: keeps each log line a readable size


def audit_decisions(append: AuditAppend, actor: Actor, action: str, rows: list[dict[str, Any]]) -> None:
    """Audit decisions, ids and types only.

    ``append`` is the ``audit`` writer of an open :meth:`~kit.workspace.Workspace.audited_transaction`,
    so the entries commit with the decisions.

    A single decision is one entry (``object_id`` = its record). A batch is entries named
    ``<action>_batch`` whose details hold the same keys as parallel lists, one element per decision.
    """
    if len(rows) == 1:
        details = dict(rows[0])
        append(actor, action, details.pop("record"), **details)
        return
    for i in range(0, len(rows), AUDIT_CHUNK):
        chunk = rows[i : i + AUDIT_CHUNK]
        append(
            actor,
            f"{action}_batch",
            "batch",
            count=len(chunk),
            **{key: [row[key] for row in chunk] for key in chunk[0]},
        )
