"""Propagation: one reviewer decision about a value applies to every record that contains it.

A value a reviewer confirms or adds goes on the deny-list and is flagged (recognizer ``deny_list``) wherever
else it occurs; a value rejected with ``allow_list`` goes on the allow-list and its open findings elsewhere
are suppressed. Records whose findings change lose their redacted text, which is rebuilt on the next
anonymization; their approval stands, because the change carries a reviewer's decision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from kit.records import _pipeline_raw
from kit.review import lists, store
from kit.users import Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace


@dataclass(frozen=True)
class PropagationResult:
    """How far one decision reached."""

    findings: int
    records: int


def _detected_records(ws: Workspace, vault: Vault) -> Iterator[tuple[str, dict[str, str], list[store.FindingRow]]]:
    """Every detected record's raw fields (in memory, for the pipeline only) and current findings."""
    with ws.connect() as conn:
        ids = [r[0] for r in conn.execute("SELECT record_id FROM detections ORDER BY record_id")]
        by_record: dict[str, list[store.FindingRow]] = defaultdict(list)
        for row in conn.execute("SELECT * FROM findings"):
            by_record[row["record_id"]].append(store.FindingRow.from_row(row))
    for record_id in ids:
        yield record_id, _pipeline_raw(ws, vault, record_id).fields, by_record[record_id]


def propagate_deny(ws: Workspace, vault: Vault, actor: Actor, keys: list[str], source: str = "") -> PropagationResult:
    """Flag every uncovered occurrence of the deny-listed ``keys`` in every detected record."""
    if not keys:
        return PropagationResult(0, 0)
    require_role(actor, Role.COMPLIANCE)
    entries = lists._read_list(vault, lists.DENY)
    matcher = lists.ValueMatcher(k for k in keys if k in entries)
    new: list[tuple[str, str, lists.Match]] = []
    for record_id, fields, findings in _detected_records(ws, vault):
        for name, text in fields.items():
            live = [f for f in findings if f.field == name and f.status != store.REJECTED]
            new += [
                (record_id, name, m)
                for m in matcher.find(text)
                if not any(f.start <= m.start and m.end <= f.end for f in live)
            ]
    touched = set()
    with ws.audited_transaction() as (conn, audit):
        for record_id, name, match in new:
            entity_type = entries[match.key].get("entity_type") or "PERSON"
            if (
                store.insert_finding(
                    conn, record_id, name, match.start, match.end, entity_type, 1.0, "deny_list", store.ORIGIN_DENY
                )
                is not None
            ):
                touched.add(record_id)
        store.invalidate_redaction(conn, touched)
        result = PropagationResult(sum(1 for r, _, _ in new if r in touched), len(touched))
        audit(
            actor,
            "review.propagate",
            source,
            list="deny",
            values=len(keys),
            findings=result.findings,
            records=result.records,
        )
    return result


def suppress_allowed(ws: Workspace, vault: Vault, actor: Actor, keys: list[str], source: str = "") -> PropagationResult:
    """Reject every open finding, in any record, whose value is one of the allow-listed ``keys``."""
    require_role(actor, Role.COMPLIANCE)
    wanted = set(keys)
    if not wanted:
        return PropagationResult(0, 0)
    hits: list[store.FindingRow] = []
    for _, fields, findings in _detected_records(ws, vault):
        hits += [
            f
            for f in findings
            if f.status == store.OPEN and lists.normalize(fields[f.field][f.start : f.end]) in wanted
        ]
    with ws.audited_transaction() as (conn, audit):
        for finding in hits:
            conn.execute(
                "UPDATE findings SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                (store.REJECTED, actor.name, store.now(), finding.id),
            )
            store.log_decision(
                conn, actor, finding.record_id, "suppress", finding.id, finding.entity_type, allow_list=True
            )
        store.invalidate_redaction(conn, {f.record_id for f in hits})
        result = PropagationResult(len(hits), len({f.record_id for f in hits}))
        audit(
            actor,
            "review.propagate",
            source,
            list="allow",
            values=len(wanted),
            findings=result.findings,
            records=result.records,
        )
        # Every suppressed finding by id, with its record (batched: one allow-list decision can reach thousands).
        if hits:
            rows = [
                {"record": f.record_id, "finding": f.id, "entity_type": f.entity_type, "source": source} for f in hits
            ]
            store.audit_decisions(audit, actor, "review.suppress", rows)
    return result
