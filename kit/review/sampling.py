"""QA actions: draw (or top up) the sample, mark a sampled redacted record clean or residual.

A residual record is a miss of the whole process: it counts against the bound for good, and the record
is re-opened (approval and redacted text withdrawn) so a reviewer adds the missed span and approves again.
A clean mark whose record's redacted text has since been rebuilt differently is stale (see
:mod:`kit.review.qa`); every draw puts such records back in the queue, ids audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from kit.errors import InputError, StateError
from kit.review import store
from kit.review.anonymize import AnonymizeResult, anonymize_approved, count_tokens, fields_hash
from kit.review.decisions import reopen
from kit.review.qa import QaReport, permutation, qa_report, require_qa_role, stale_marks
from kit.users import Actor
from kit.vault import Vault
from kit.workspace import Workspace


@dataclass(frozen=True)
class ResidualSpan:
    """Identifying text a QA reviewer found still present: offsets into the REDACTED field."""

    field: str
    start: int
    end: int
    entity_type: str = "UNKNOWN"


@dataclass(frozen=True)
class DrawResult:
    """What ``draw_sample`` did, and the QA state after it."""

    anonymized: AnonymizeResult
    drawn: list[str]
    report: QaReport
    requeued: list[str] = field(default_factory=list)


def draw_sample(ws: Workspace, vault: Vault, actor: Actor, more: int = 0) -> DrawResult:
    """Anonymize approved records, then draw the QA sample up to the policy's size plus ``more``."""
    require_qa_role(actor)
    if more < 0:
        raise InputError("--more must be zero or positive")
    anonymized = anonymize_approved(ws, vault, actor)
    requeued = requeue_stale(ws, actor)
    report = qa_report(ws)
    with ws.audited_transaction() as (conn, audit):
        redacted = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT record_id, text_hash, n_tokens FROM redacted")}
        sampled = {r[0] for r in conn.execute("SELECT record_id FROM qa_samples")}
        draw_no = conn.execute("SELECT COALESCE(MAX(draw_no), 0) + 1 FROM qa_samples").fetchone()[0]
        wanted = max(report.target, len(sampled) + more)
        order = permutation(list(redacted), report.seed)
        fresh = [(i, rid) for i, rid in enumerate(order) if rid not in sampled][: max(0, wanted - len(sampled))]
        conn.executemany(
            "INSERT INTO qa_samples (record_id, draw_no, position, seed, text_hash, n_tokens, drawn_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(rid, draw_no, i, report.seed, *redacted[rid], store.now()) for i, rid in fresh],
        )
        drawn = [rid for _, rid in fresh]
        audit(actor, "review.sample.draw", ws.name, drawn=len(drawn), draw_no=draw_no, seed=report.seed, target=wanted)
    return DrawResult(anonymized, drawn, qa_report(ws), requeued)


def requeue_stale(ws: Workspace, actor: Actor) -> list[str]:
    """Put sampled records whose clean mark is stale (and that have redacted text again) back to pending."""
    require_qa_role(actor)
    with ws.audited_transaction() as (conn, audit):
        stale = set(stale_marks(conn))
        current = {
            r[0]: (r[1], r[2])
            for r in conn.execute("SELECT record_id, text_hash, n_tokens FROM redacted")
            if r[0] in stale
        }
        conn.executemany(
            "UPDATE qa_samples SET status = 'pending', text_hash = ?, n_tokens = ?, residual_spans = NULL, "
            "residual_tokens = 0, checked_by = NULL, checked_at = NULL WHERE record_id = ? AND status = 'clean'",
            [(*current[rid], rid) for rid in sorted(current)],
        )
        requeued = sorted(current)
        if requeued:  # ids only: which clean marks were withdrawn because their text changed
            store.audit_decisions(
                audit, actor, "review.sample.requeue", [{"record": r, "reason": "text_changed"} for r in requeued]
            )
    return requeued


def _sampled_redaction(ws: Workspace, record_id: str) -> dict[str, str]:
    with ws.connect() as conn:
        if conn.execute("SELECT 1 FROM qa_samples WHERE record_id = ?", (record_id,)).fetchone() is None:
            raise InputError(f"record {record_id!r} is not in the QA sample (kit review sample --draw)")
        row = conn.execute("SELECT fields FROM redacted WHERE record_id = ?", (record_id,)).fetchone()
    if row is None:
        raise StateError(
            f"record {record_id} has no current redacted text (re-opened or changed); approve it "
            "and run kit review sample --draw first"
        )
    return json.loads(row[0])


def mark_clean(ws: Workspace, actor: Actor, record_id: str) -> None:
    """A sampled redacted record holds nothing identifying."""
    mark_many(ws, actor, {record_id: []})


def mark_residual(ws: Workspace, actor: Actor, record_id: str, spans: list[ResidualSpan]) -> None:
    """A sampled redacted record still holds identifying text at ``spans``; the record is re-opened."""
    if not spans:
        raise InputError("name at least one residual span (FIELD:START:END[:TYPE]) in the redacted text")
    mark_many(ws, actor, {record_id: spans})


def mark_many(ws: Workspace, actor: Actor, marks: dict[str, list[ResidualSpan]]) -> None:
    """Record QA results: ``{record id: residual spans}``, an empty list meaning clean. All or none."""
    require_qa_role(actor)
    rows, audit = [], []
    for record_id, spans in marks.items():
        fields = _sampled_redaction(ws, record_id)
        for span in spans:
            if span.field not in fields or not 0 <= span.start < span.end <= len(fields[span.field]):
                raise InputError(
                    f"residual span {span.field}:{span.start}:{span.end} is outside redacted "
                    f"{record_id} (fields: {', '.join(f'{k} 0:{len(v)}' for k, v in fields.items())})"
                )
        tokens, status = _residual_tokens(fields, spans), "residual" if spans else "clean"
        rows.append(
            (
                status,
                json.dumps([s.__dict__ for s in spans]) if spans else None,
                tokens,
                fields_hash(fields),
                count_tokens(fields),
                actor.name,
                store.now(),
                record_id,
            )
        )
        audit.append(
            {
                "record": record_id,
                "status": status,
                "spans": len(spans),
                "residual_tokens": tokens,
                "types": ",".join(sorted({s.entity_type for s in spans})),
            }
        )
    with ws.audited_transaction() as (conn, append):
        conn.executemany(
            "UPDATE qa_samples SET status = ?, residual_spans = ?, residual_tokens = ?, text_hash = ?, "
            "n_tokens = ?, checked_by = ?, checked_at = ? WHERE record_id = ?",
            rows,
        )
        store.audit_decisions(append, actor, "review.sample.mark", audit)
    for record_id, spans in marks.items():
        if spans:
            reopen(ws, actor, record_id, reason="qa_residual")


def _residual_tokens(fields: dict[str, str], spans: list[ResidualSpan]) -> int:
    """Whitespace tokens of the redacted text that overlap a residual span (at least one per span)."""
    count = 0
    for name, text in fields.items():
        mine = [s for s in spans if s.field == name]
        if not mine:
            continue
        hit = sum(1 for m in re.finditer(r"\S+", text) if any(m.start() < s.end and s.start < m.end() for s in mine))
        count += max(hit, len(mine))
    return count
