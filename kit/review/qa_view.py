"""What a QA reviewer looks at: the sampled records, their redacted text as curation will see it, their state.

Only redacted text is served here (never the vault's raw text), still for the compliance role alone: QA is a
compliance decision, and the redacted text of a record with residual PHI is by definition still identifying.
Marking goes through :mod:`kit.review.sampling` (``mark_clean`` / ``mark_residual``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kit.errors import InputError
from kit.review.qa import require_qa_role
from kit.users import Actor
from kit.workspace import Workspace

STATUSES = ("pending", "clean", "residual")


@dataclass(frozen=True)
class QaItem:
    """One sampled record: its QA state and, while it has any, its current redacted fields."""

    record_id: str
    status: str
    draw_no: int
    position: int
    fields: dict[str, str]
    residual_spans: int
    residual_tokens: int
    checked_by: str | None
    checked_at: str | None

    @property
    def markable(self) -> bool:
        """True when the record can be marked now: pending, with redacted text (not re-opened since)."""
        return self.status == "pending" and bool(self.fields)

    def __repr__(self) -> str:  # a residual record's text still identifies someone: keep it out of logs
        return f"QaItem(record_id={self.record_id!r}, status={self.status!r}, fields=<redacted text>)"


def qa_items(ws: Workspace, actor: Actor, status: str | None = None) -> list[QaItem]:
    """The QA sample in draw order (each draw, then its seeded permutation), optionally one ``status`` only.

    ``fields`` is empty for a record whose redacted text was withdrawn (re-opened by a residual mark or a later
    decision); it gets new text at the next draw.
    """
    require_qa_role(actor)
    if status is not None and status not in STATUSES:
        raise InputError(f"unknown QA status {status!r}; use one of {', '.join(STATUSES)}")
    where, args = ("WHERE q.status = ?", (status,)) if status else ("", ())
    with ws.connect() as conn:
        rows = conn.execute(
            "SELECT q.record_id, q.status, q.draw_no, q.position, q.residual_spans, q.residual_tokens, "
            "q.checked_by, q.checked_at, r.fields FROM qa_samples q LEFT JOIN redacted r ON r.record_id = q.record_id "
            f"{where} ORDER BY q.draw_no, q.position, q.record_id",
            args,
        ).fetchall()
    return [
        QaItem(
            row["record_id"],
            row["status"],
            row["draw_no"],
            row["position"],
            json.loads(row["fields"]) if row["fields"] else {},
            len(json.loads(row["residual_spans"])) if row["residual_spans"] else 0,
            row["residual_tokens"] or 0,
            row["checked_by"],
            row["checked_at"],
        )
        for row in rows
    ]


def pending_items(ws: Workspace, actor: Actor, limit: int | None = None) -> list[QaItem]:
    """Sampled records waiting for a check that can be marked now, in draw order (at most ``limit``)."""
    items = [item for item in qa_items(ws, actor, "pending") if item.markable]
    return items[:limit] if limit else items


def find_span(fields: dict[str, str], field: str, snippet: str, occurrence: int = 1) -> tuple[int, int]:
    """Offsets of the ``occurrence``-th (1-based) ``snippet`` in the redacted ``field``; InputError if absent.

    The message names the field and the occurrence, never the snippet (it is identifying text).
    """
    if field not in fields:
        raise InputError(f"no field {field!r} in the redacted record (fields: {', '.join(fields)})")
    if not snippet:
        raise InputError("type the identifying text that is still present")
    start = -1
    for _ in range(max(occurrence, 1)):
        start = fields[field].find(snippet, start + 1)
        if start < 0:
            raise InputError(
                f"the text typed does not occur {occurrence} time(s) in the redacted field {field!r} "
                f"({len(snippet)} characters typed)"
            )
    return start, start + len(snippet)
