"""Reviewer actions on findings and records: confirm / reject / retype, add a missed span, approve.

Every action is compliance-only, written to the ``decisions`` table and to the audit log (ids and types,
never text), and confirmed values propagate through the deny-list (see :mod:`kit.review.propagate`).
The batch forms (:func:`decide_many`, :func:`add_spans`) validate everything first, write in one
transaction and propagate once: a reviewer's session of decisions costs one pass over the corpus.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kit.errors import InputError, StateError
from kit.records import load_raw
from kit.review import lists, store
from kit.review.config import ReviewConfig
from kit.review.engine import entity_types
from kit.review.propagate import PropagationResult, propagate_deny, suppress_allowed
from kit.users import Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace

DECISIONS = ("confirm", "reject", "retype")
# Values of these types identify nobody on their own ("45", "Ohio"): confirming one must not flag it everywhere.
NOT_PROPAGATED = frozenset({"AGE", "STATE"})
NONE = PropagationResult(0, 0)


@dataclass(frozen=True)
class Decision:
    """One decision on one finding: ``confirm``, ``reject`` (optionally allow-listed) or ``retype``."""

    finding_id: int
    decision: str
    new_type: str | None = None
    allow_list: bool = False


@dataclass(frozen=True)
class NewSpan:
    """A span the engine missed: offsets into a record's raw field."""

    record_id: str
    field: str
    start: int
    end: int
    entity_type: str


@dataclass(frozen=True)
class DecisionResult:
    """The finding after a decision, and how far the decision (or its batch) propagated."""

    finding_id: int
    record_id: str
    status: str
    entity_type: str
    propagated: PropagationResult


@dataclass
class BatchResult:
    """Results of a batch, with the deny-list and allow-list propagation it caused."""

    results: list[DecisionResult] = field(default_factory=list)
    denied: PropagationResult = NONE
    allowed: PropagationResult = NONE


def _check_type(entity_type: str | None) -> str:
    if entity_type not in entity_types():
        raise InputError(f"unknown entity type {entity_type!r}; known: {', '.join(entity_types())}")
    return entity_type


def _check_decision(item: Decision) -> None:
    if item.decision not in DECISIONS:
        raise InputError(f"decision must be one of {', '.join(DECISIONS)}, not {item.decision!r}")
    if item.decision == "retype":
        _check_type(item.new_type)
    elif item.new_type is not None:
        raise InputError("a new type goes with the retype decision only")
    if item.allow_list and item.decision != "reject":
        raise InputError("only a rejected finding can be allow-listed")


def decide(
    ws: Workspace,
    vault: Vault,
    actor: Actor,
    finding_id: int,
    decision: str,
    new_type: str | None = None,
    allow_list: bool = False,
) -> DecisionResult:
    """Confirm, reject (a false positive) or retype one finding. Compliance only."""
    batch = decide_many(ws, vault, actor, [Decision(finding_id, decision, new_type, allow_list)])
    result = batch.results[0]
    propagated = batch.allowed if decision == "reject" else batch.denied
    return DecisionResult(result.finding_id, result.record_id, result.status, result.entity_type, propagated)


def decide_many(ws: Workspace, vault: Vault, actor: Actor, items: Sequence[Decision]) -> BatchResult:
    """Apply many decisions in one transaction, then propagate their values once."""
    require_role(actor, Role.COMPLIANCE)
    for item in items:
        _check_decision(item)
    batch, deny, allow, raw = BatchResult(), [], [], _RawCache(ws, vault, actor)
    with ws.audited_transaction() as (conn, audit):
        for item in items:
            finding = store.get_finding(conn, item.finding_id)
            retype = item.decision == "retype"
            status = store.REJECTED if item.decision == "reject" else store.CONFIRMED
            entity_type = item.new_type if retype else finding.entity_type
            conn.execute(
                "UPDATE findings SET status = ?, entity_type = ?, original_type = COALESCE(original_type, "
                "?), decided_by = ?, decided_at = ? WHERE id = ?",
                (status, entity_type, finding.entity_type if retype else None, actor.name, store.now(), finding.id),
            )
            store.log_decision(
                conn,
                actor,
                finding.record_id,
                item.decision,
                finding.id,
                finding.entity_type,
                item.new_type,
                item.allow_list,
            )
            if item.decision != "confirm":
                store.invalidate_redaction(conn, [finding.record_id])
            value = raw.value(finding.record_id, finding.field, finding.start, finding.end)
            if item.decision != "reject":
                deny.append((value, entity_type, finding.id))
            elif item.allow_list:
                allow.append((value, None, finding.id))
            batch.results.append(DecisionResult(finding.id, finding.record_id, status, entity_type, NONE))
        store.audit_decisions(
            audit,
            actor,
            "review.decide",
            [
                {
                    "record": r.record_id,
                    "finding": i.finding_id,
                    "decision": i.decision,
                    "entity_type": r.entity_type,
                    "new_type": i.new_type,
                    "allow_list": i.allow_list,
                }
                for i, r in zip(items, batch.results)
            ],
        )
    batch.denied = _deny(ws, vault, actor, deny, batch.results)
    if allow:
        keys = lists.add_values(vault, lists.ALLOW, allow, actor)
        batch.allowed = suppress_allowed(ws, vault, actor, keys, _source(batch.results))
    return batch


def add_span(
    ws: Workspace, vault: Vault, actor: Actor, record_id: str, field: str, start: int, end: int, entity_type: str
) -> DecisionResult:
    """Add a span the engine missed (offsets into the raw field). Compliance only; propagates its value."""
    batch = add_spans(ws, vault, actor, [NewSpan(record_id, field, start, end, entity_type)])
    result = batch.results[0]
    return DecisionResult(result.finding_id, record_id, result.status, entity_type, batch.denied)


def add_spans(ws: Workspace, vault: Vault, actor: Actor, spans: Sequence[NewSpan]) -> BatchResult:
    """Add many missed spans in one transaction (all or none), then propagate their values once."""
    require_role(actor, Role.COMPLIANCE)
    raw = _RawCache(ws, vault, actor)
    for span in spans:
        _check_type(span.entity_type)
        raw.check_span(span.record_id, span.field, span.start, span.end)
    batch, deny = BatchResult(), []
    with ws.audited_transaction() as (conn, audit):
        for span in spans:
            store.require_detected(conn, span.record_id)
            finding_id = store.insert_finding(
                conn,
                span.record_id,
                span.field,
                span.start,
                span.end,
                span.entity_type,
                1.0,
                "reviewer",
                store.ORIGIN_REVIEWER,
                store.CONFIRMED,
                actor.name,
            )
            if finding_id is None:
                raise InputError(
                    f"a finding already covers {span.record_id}.{span.field} {span.start}:{span.end}; "
                    "confirm or retype it instead"
                )
            store.log_decision(conn, actor, span.record_id, "add_span", finding_id, None, span.entity_type)
            store.invalidate_redaction(conn, [span.record_id])
            deny.append((raw.value(span.record_id, span.field, span.start, span.end), span.entity_type, finding_id))
            batch.results.append(DecisionResult(finding_id, span.record_id, store.CONFIRMED, span.entity_type, NONE))
        store.audit_decisions(
            audit,
            actor,
            "review.add_span",
            [
                {
                    "record": s.record_id,
                    "finding": r.finding_id,
                    "field": s.field,
                    "start": s.start,
                    "end": s.end,
                    "entity_type": s.entity_type,
                }
                for s, r in zip(spans, batch.results)
            ],
        )
    batch.denied = _deny(ws, vault, actor, deny, batch.results)
    return batch


def approve(ws: Workspace, actor: Actor, record_id: str) -> None:
    """Approve a record: its findings that are not rejected will be applied. Compliance only.

    Refused while the record holds open low-confidence findings: those are decisions a person must make.
    """
    approve_many(ws, actor, [record_id])


def approve_many(ws: Workspace, actor: Actor, record_ids: Sequence[str]) -> None:
    """Approve several records in one transaction (all or none; see :func:`approve`)."""
    require_role(actor, Role.COMPLIANCE)
    below = ReviewConfig.from_workspace(ws).low_confidence_below
    with ws.audited_transaction() as (conn, audit):
        for record_id in record_ids:
            store.require_detected(conn, record_id)
            open_low = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM findings WHERE record_id = ? AND status = 'open' AND score < ? ORDER BY id",
                    (record_id, below),
                )
            ]
            if open_low:
                raise StateError(
                    f"record {record_id} has {len(open_low)} open low-confidence finding(s) "
                    f"({', '.join(map(str, open_low[:10]))}): confirm, reject or retype them first"
                )
            conn.execute(
                "INSERT OR REPLACE INTO approvals (record_id, approved_by, automatic, approved_at) VALUES (?, ?, 0, ?)",
                (record_id, actor.name, store.now()),
            )
            store.log_decision(conn, actor, record_id, "approve")
        store.audit_decisions(audit, actor, "review.approve", [{"record": r} for r in record_ids])


def reopen(ws: Workspace, actor: Actor, record_id: str, reason: str) -> None:
    """Withdraw a record's approval and redacted text (e.g. QA found residual PHI in it)."""
    require_role(actor, Role.COMPLIANCE)
    with ws.audited_transaction() as (conn, audit):
        conn.execute("DELETE FROM approvals WHERE record_id = ?", (record_id,))
        store.invalidate_redaction(conn, [record_id])
        store.log_decision(conn, actor, record_id, "reopen")
        audit(actor, "review.reopen", record_id, reason=reason)


class _RawCache:
    """Raw fields of the records a batch touches, decrypted once each (in memory, for this call only)."""

    def __init__(self, ws: Workspace, vault: Vault, actor: Actor) -> None:
        self._ws, self._vault, self._actor, self._fields = ws, vault, actor, {}

    def fields(self, record_id: str) -> dict[str, str]:
        if record_id not in self._fields:
            self._fields[record_id] = load_raw(self._ws, self._vault, record_id, self._actor).fields
        return self._fields[record_id]

    def value(self, record_id: str, field: str, start: int, end: int) -> str:
        return self.fields(record_id)[field][start:end]

    def check_span(self, record_id: str, field: str, start: int, end: int) -> None:
        fields = self.fields(record_id)
        if field not in fields:
            raise InputError(f"record {record_id} has no field {field!r}; it has {', '.join(fields)}")
        if not 0 <= start < end <= len(fields[field]):
            raise InputError(f"span {start}:{end} is outside {record_id}.{field} (0:{len(fields[field])})")


def _source(results: list[DecisionResult]) -> str:
    return f"finding-{results[0].finding_id}" if len(results) == 1 else f"batch-of-{len(results)}"


def _deny(
    ws: Workspace, vault: Vault, actor: Actor, values: list[tuple[str, str, int]], results: list[DecisionResult]
) -> PropagationResult:
    """Put confirmed values on the deny-list and flag them everywhere (short or non-identifying ones excepted)."""
    shortest = ReviewConfig.from_workspace(ws).min_propagation_chars
    keep = [v for v in values if v[1] not in NOT_PROPAGATED and len(lists.normalize(v[0])) >= shortest]
    if not keep:
        return NONE
    keys = lists.add_values(vault, lists.DENY, keep, actor)
    return propagate_deny(ws, vault, actor, keys, _source(results))
