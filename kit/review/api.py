"""What other stages use from review: signed-off redacted records, the latest sign-off, the summary.

Curation reads records only through :func:`signed_off_records`, which serves the immutable snapshot a
compliance reviewer signed, never the live ``redacted`` table.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from kit.errors import StateError
from kit.workspace import Workspace


@dataclass(frozen=True)
class Signoff:
    """An immutable compliance sign-off over a set of redacted records."""

    id: int
    policy_name: str
    policy_hash: str
    record_set_hash: str
    n_records: int
    review_mode: str
    qa_checked: int
    qa_residual: int
    bound_record: float
    bound_token: float
    threshold: float
    reviewer: str
    created_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Signoff:
        """Build from a ``SELECT * FROM signoffs`` row."""
        return cls(**{key: row[key] for key in row.keys()})


class ReplacedSpan(NamedTuple):
    """A span anonymization replaced (a surrogate, shifted date, tag or kept value): offsets into the redacted field."""

    start: int
    end: int
    entity_type: str


@dataclass(frozen=True)
class RedactedRecord:
    """A signed-off record: redacted fields only (``{"text"}`` or ``{"prompt", "response"}``).

    ``replaced_spans`` names, per field, what anonymization put there (offsets and types, no text), so a
    check for residual PHI can skip the kit's own surrogates; empty for snapshots signed before spans were kept.
    """

    id: str
    kind: str
    doc_type: str | None
    source: str | None
    category: str | None
    fields: dict[str, str]
    signoff_id: int
    replaced_spans: dict[str, tuple[ReplacedSpan, ...]] = field(default_factory=dict)

    def __repr__(self) -> str:  # ids only: redacted text still stays out of logs and tracebacks
        return f"RedactedRecord(id={self.id!r}, kind={self.kind!r}, signoff_id={self.signoff_id})"


def parse_replaced_spans(text: str | None) -> dict[str, tuple[ReplacedSpan, ...]]:
    """The stored JSON ``{"field": [[start, end, type], ...]}`` (None: not recorded) as ReplacedSpans."""
    if not text:
        return {}
    return {
        name: tuple(ReplacedSpan(int(s), int(e), str(t)) for s, e, t in spans)
        for name, spans in json.loads(text).items()
    }


def latest_signoff(ws: Workspace) -> Signoff | None:
    """The newest sign-off, or None when compliance has not signed off yet."""
    with ws.connect() as conn:
        row = conn.execute("SELECT * FROM signoffs ORDER BY id DESC LIMIT 1").fetchone()
    return Signoff.from_row(row) if row else None


def get_signoff(ws: Workspace, signoff_id: int) -> Signoff:
    """One sign-off by id; StateError when unknown."""
    with ws.connect() as conn:
        row = conn.execute("SELECT * FROM signoffs WHERE id = ?", (signoff_id,)).fetchone()
    if row is None:
        raise StateError(f"no sign-off with id {signoff_id}")
    return Signoff.from_row(row)


def signed_off_records(ws: Workspace, signoff_id: int | None = None) -> Iterator[RedactedRecord]:
    """The redacted records of a sign-off (default: the latest), in id order.

    Raises StateError when there is no sign-off: curation must not run on unreviewed data.
    """
    signoff = get_signoff(ws, signoff_id) if signoff_id is not None else latest_signoff(ws)
    if signoff is None:
        raise StateError("no redaction sign-off yet: compliance must run kit review signoff before curation")
    with ws.connect() as conn:
        rows = conn.execute(
            "SELECT s.record_id, s.fields, s.replaced_spans, r.kind, r.doc_type, r.source, r.category "
            "FROM signoff_records s "
            "JOIN records r ON r.id = s.record_id WHERE s.signoff_id = ? ORDER BY s.record_id",
            (signoff.id,),
        )
        for row in rows:
            yield RedactedRecord(
                row["record_id"],
                row["kind"],
                row["doc_type"],
                row["source"],
                row["category"],
                json.loads(row["fields"]),
                signoff.id,
                parse_replaced_spans(row["replaced_spans"]),
            )


def unsigned_records(ws: Workspace, records: Iterable[RedactedRecord]) -> list[str]:
    """Ids of ``records`` whose (id, redacted-text hash) is not in the snapshot of the sign-off they name.

    What lets a caller hand curation its own record objects without bypassing the sign-off: each must be,
    field for field, a record that sign-off covered.
    """
    from kit.review.anonymize import fields_hash

    given = list(records)
    with ws.connect() as conn:
        signed = {
            (str(r[0]), r[1]): r[2]
            for r in conn.execute("SELECT signoff_id, record_id, text_hash FROM signoff_records")
        }
    return [
        r.id
        for r in given
        if r.signoff_id is None or signed.get((str(r.signoff_id), r.id)) != fields_hash(dict(r.fields))
    ]


def review_summary(ws: Workspace):  # noqa: ANN201 - defined in kit.review.signoff, re-exported here
    """Counts per state, the QA bound and what blocks sign-off (see :func:`kit.review.signoff.review_summary`)."""
    from kit.review.signoff import review_summary as _summary

    return _summary(ws)
