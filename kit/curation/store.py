"""Candidates in kit.db: hand-authored pairs (add, edit), the snapshot derived at each build, rejections.

``add_candidate`` / ``edit_candidate`` are what ``kit curate add|edit`` and the UI call. Hand-written text is
checked with the redaction engine before it is stored: kit.db must never hold PHI in the clear.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from kit.curation.candidates import UNCATEGORIZED, Candidate, check_rating
from kit.curation.filters.phi import PhiDetector, default_detector
from kit.curation.filters.registry import Rejection
from kit.errors import InputError
from kit.users import Actor, Role, require_role

if TYPE_CHECKING:
    from kit.workspace import Workspace

AUTHOR_ROLES = (Role.ML_ENGINEER, Role.DOMAIN_EXPERT, Role.ADMIN, Role.SYSTEM)
_COLUMNS = ("id", "origin", "source", "category", "prompt", "response", "rating", "record_id", "signoff_id", "rule")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _candidate(row: sqlite3.Row) -> Candidate:
    return Candidate(**{c: row[c] for c in _COLUMNS})


def _check_text(ws: Workspace, prompt: str, response: str, detector: PhiDetector | None) -> None:
    if not prompt.strip() or not response.strip():
        raise InputError("prompt and response must both be non-empty")
    detector = detector or default_detector(str(ws.policy_path()))
    for field_name, findings in zip(("prompt", "response"), detector.detect_batch([prompt, response])):
        if findings:
            where = ", ".join(f"{f.entity_type} at {f.start}-{f.end}" for f in findings[:5])
            raise InputError(f"the {field_name} looks like it contains PHI ({where}); remove or generalise it")


def add_candidate(
    ws: Workspace,
    actor: Actor,
    prompt: str,
    response: str,
    category: str | None = None,
    rating: float | None = None,
    detector: PhiDetector | None = None,
) -> Candidate:
    """Store a hand-authored pair (checked for PHI first) and audit it; returns it with its new id."""
    require_role(actor, *AUTHOR_ROLES)
    _check_text(ws, prompt, response, detector)
    candidate = Candidate(
        id=f"hand-{uuid.uuid4().hex[:10]}",
        prompt=prompt,
        response=response,
        source="authored",
        category=category or UNCATEGORIZED,
        rating=check_rating(rating),
        origin="authored",
        rule="authored",
    )
    with ws.audited_transaction() as (conn, audit):
        _insert(conn, candidate, actor.name)
        audit(actor, "curate.add", object_id=candidate.id, category=candidate.category, rated=rating is not None)
    return candidate


def edit_candidate(
    ws: Workspace,
    actor: Actor,
    candidate_id: str,
    *,
    prompt: str | None = None,
    response: str | None = None,
    category: str | None = None,
    rating: float | None = None,
    detector: PhiDetector | None = None,
) -> Candidate:
    """Change a hand-authored pair's text or category, or set any candidate's expert rating (1-5)."""
    require_role(actor, *AUTHOR_ROLES)
    current = get_candidate(ws, candidate_id)
    if (prompt is not None or response is not None or category is not None) and current.origin != "authored":
        raise InputError(
            f"candidate {candidate_id!r} comes from record {current.record_id}; only its rating can "
            "change (edit the record through review instead)"
        )
    new_prompt = prompt if prompt is not None else current.prompt
    new_response = response if response is not None else current.response
    if prompt is not None or response is not None:
        _check_text(ws, new_prompt, new_response, detector)
    values = {
        "prompt": new_prompt,
        "response": new_response,
        "category": category or current.category,
        "rating": check_rating(rating) if rating is not None else current.rating,
    }
    changed = {"prompt": prompt, "response": response, "category": category, "rating": rating}
    with ws.audited_transaction() as (conn, audit):
        conn.execute(
            "UPDATE candidates SET prompt = ?, response = ?, category = ?, rating = ?, updated_at = ? WHERE id = ?",
            (*values.values(), _now(), candidate_id),
        )
        audit(
            actor, "curate.edit", object_id=candidate_id, fields=sorted(k for k, v in changed.items() if v is not None)
        )
    return get_candidate(ws, candidate_id)


def _insert(conn: sqlite3.Connection, c: Candidate, by: str) -> None:
    now = _now()
    conn.execute(
        f"INSERT INTO candidates ({', '.join(_COLUMNS)}, created_by, created_at, updated_at) "
        f"VALUES ({', '.join('?' * (len(_COLUMNS) + 3))})",
        (*(getattr(c, col) for col in _COLUMNS), by, now, now),
    )


def get_candidate(ws: Workspace, candidate_id: str) -> Candidate:
    """One stored candidate; InputError when unknown."""
    with ws.connect() as conn:
        row = conn.execute("SELECT * FROM candidates WHERE id = ?", (candidate_id,)).fetchone()
    if row is None:
        raise InputError(f"no candidate with id {candidate_id!r} (kit curate list)")
    return _candidate(row)


def list_candidates(ws: Workspace, origin: str | None = None) -> list[Candidate]:
    """Stored candidates (optionally of one origin), by id."""
    sql, args = "SELECT * FROM candidates", ()
    if origin:
        sql, args = sql + " WHERE origin = ?", (origin,)
    with ws.connect() as conn:
        return [_candidate(r) for r in conn.execute(sql + " ORDER BY id", args).fetchall()]


def ratings(conn: sqlite3.Connection) -> dict[str, float]:
    """Expert ratings stored for any candidate, by id."""
    return {r["id"]: r["rating"] for r in conn.execute("SELECT id, rating FROM candidates WHERE rating IS NOT NULL")}


def replace_derived(conn: sqlite3.Connection, candidates: Sequence[Candidate], by: str) -> None:
    """Replace the snapshot of record-derived candidates (ratings set on them are kept)."""
    kept = ratings(conn)
    conn.execute("DELETE FROM candidates WHERE origin != 'authored'")
    for c in candidates:
        if c.origin != "authored":
            _insert(conn, c.with_rating(kept.get(c.id, c.rating)), by)


def save_rejections(conn: sqlite3.Connection, dataset_id: str, rejections: Sequence[Rejection]) -> None:
    """Record why each rejected candidate of a build was rejected."""
    conn.execute("DELETE FROM rejections WHERE dataset_id = ?", (dataset_id,))
    conn.executemany(
        "INSERT INTO rejections (dataset_id, candidate_id, stage, filter, reason, detail) VALUES (?, ?, ?, ?, ?, ?)",
        [(dataset_id, r.candidate_id, r.stage, r.filter, r.reason, r.detail) for r in rejections],
    )


def list_rejections(ws: Workspace, dataset_id: str) -> list[Rejection]:
    """Rejections of one build (dataset id ``name@hash``), by reason then candidate id."""
    with ws.connect() as conn:
        rows = conn.execute(
            "SELECT * FROM rejections WHERE dataset_id = ? ORDER BY reason, candidate_id", (dataset_id,)
        ).fetchall()
    return [Rejection(r["candidate_id"], r["stage"], r["reason"], r["detail"], r["filter"]) for r in rows]


def candidate_summary(c: Candidate) -> dict[str, Any]:
    """Id, origin, source, category, rating and lengths: what a list shows (no text)."""
    return {
        "id": c.id,
        "origin": c.origin,
        "source": c.source,
        "category": c.category,
        "rating": c.rating,
        "prompt_chars": len(c.prompt),
        "response_chars": len(c.response),
        "record_id": c.record_id,
    }
