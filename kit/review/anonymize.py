"""Approved records -> redacted records, with the policy's operators.

In a sampled review mode the kit approves, on the policy's authority, every record a person has not
approved and that holds no open low-confidence finding (``approvals.automatic = 1``); in full mode only a
reviewer's approval counts. Findings that are not rejected are applied; surrogates are keyed by
``vault.derive_key("surrogates")`` and by the record's patient, so one patient keeps one surrogate.
Each redacted row also stores the spans anonymization replaced (offsets into the redacted text and entity
types, no text), so curation's residual-PHI check can tell an inserted surrogate from a missed identifier.
Every automatic approval is audited by record id (``review.auto_approve[_batch]`` entries).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from kit.records import RawRecord, _pipeline_raw
from kit.review import store
from kit.review.config import LoadedPolicy, ReviewConfig, load_workspace_policy
from kit.review.engine import anonymize_with_spans, make_finding
from kit.users import SYSTEM, Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace

PATIENT_KEYS = ("patient_id", "patient", "mrn", "subject_id", "person_id")  # metadata naming the patient
_BATCH = 64
# Records QA re-opened and no reviewer has approved since: only a person may approve them again.
REOPENED_SQL = (
    "SELECT c.record_id FROM decisions c WHERE c.action = 'reopen' AND c.id > COALESCE((SELECT MAX(e.id) "
    "FROM decisions e WHERE e.record_id = c.record_id AND e.action = 'approve'), 0)"
)


@dataclass(frozen=True)
class AnonymizeResult:
    """Counts of one anonymization pass."""

    auto_approved: int
    anonymized: int


def fields_hash(fields: dict[str, str]) -> str:
    """sha256 of a record's redacted fields (canonical JSON)."""
    return hashlib.sha256(json.dumps(fields, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def count_tokens(fields: dict[str, str]) -> int:
    """Whitespace tokens over all fields: the denominator of the per-token residual rate."""
    return sum(len(text.split()) for text in fields.values())


def patient_key(raw: RawRecord) -> str:
    """The key that ties a record's surrogates and date shift to its patient (the record id if none)."""
    for key in PATIENT_KEYS:
        value = raw.metadata.get(key)
        if value not in (None, ""):
            return str(value)
    return raw.id


def auto_approve(ws: Workspace, loaded: LoadedPolicy, actor: Actor) -> list[str]:
    """Sampled modes: approve every unapproved detected record without open low-confidence findings.

    Returns the ids approved; each is audited (batched entries, for ``actor``) in the same transaction.
    """
    if loaded.policy.review.mode == "full":
        return []
    below = ReviewConfig.from_workspace(ws).low_confidence_below
    with ws.audited_transaction() as (conn, audit):
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT d.record_id FROM detections d WHERE d.record_id NOT IN (SELECT record_id FROM approvals) "
                "AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.record_id = d.record_id AND f.status = 'open' "
                f"AND f.score < ?) AND d.record_id NOT IN ({REOPENED_SQL}) ORDER BY d.record_id",
                (below,),
            )
        ]
        stamp = store.now()
        conn.executemany(
            "INSERT INTO approvals (record_id, approved_by, automatic, approved_at) VALUES (?, ?, 1, ?)",
            [(record_id, SYSTEM.name, stamp) for record_id in ids],
        )
        if ids:
            store.audit_decisions(audit, actor, "review.auto_approve", [{"record": r, "automatic": True} for r in ids])
    return ids


def anonymize_approved(ws: Workspace, vault: Vault, actor: Actor) -> AnonymizeResult:
    """Build redacted text for every approved record that has none (or whose findings changed)."""
    require_role(actor, Role.COMPLIANCE)
    loaded = load_workspace_policy(ws)
    auto = auto_approve(ws, loaded, actor)  # every record the policy approved is audited by id
    with ws.connect() as conn:
        # Rows from before replaced spans were stored are rebuilt too: same text, now with its spans.
        todo = [
            r[0]
            for r in conn.execute(
                "SELECT a.record_id FROM approvals a WHERE a.record_id NOT IN (SELECT record_id FROM redacted "
                "WHERE replaced_spans IS NOT NULL) ORDER BY a.record_id"
            )
        ]
    secret = vault.derive_key("surrogates")
    for i in range(0, len(todo), _BATCH):
        rows = [_redact_one(ws, vault, record_id, loaded, secret) for record_id in todo[i : i + _BATCH]]
        with ws.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO redacted (record_id, fields, text_hash, n_tokens, n_applied, policy_hash, "
                "redacted_at, replaced_spans) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
    result = AnonymizeResult(len(auto), len(todo))
    ws.audit().append(
        actor, "review.anonymize", ws.name, auto_approved=len(auto), anonymized=len(todo), policy=loaded.name
    )
    return result


def _redact_one(ws: Workspace, vault: Vault, record_id: str, loaded: LoadedPolicy, secret: bytes) -> tuple[Any, ...]:
    raw = _pipeline_raw(ws, vault, record_id)
    with ws.connect() as conn:
        findings = [f for f in store.record_findings(conn, record_id) if f.status != store.REJECTED]
    key = patient_key(raw)
    redacted, replaced = {}, {}
    for name, text in raw.fields.items():
        ranked = sorted((f for f in findings if f.field == name), key=_priority)
        spans = [make_finding(f.start, f.end, f.entity_type, f.score, f.recognizer) for f in ranked]
        redacted[name], replaced[name] = anonymize_with_spans(text, spans, loaded.policy, secret, key)
    return (
        record_id,
        json.dumps(redacted, sort_keys=True, ensure_ascii=False),
        fields_hash(redacted),
        count_tokens(redacted),
        len(findings),
        loaded.sha256,
        store.now(),
        json.dumps({name: [list(s) for s in spans] for name, spans in replaced.items()}),
    )


def _priority(finding: store.FindingRow) -> tuple[int, float, int]:
    """Who wins a character two findings claim: reviewer span, reviewer decision, deny-list, engine.

    Within a rank the higher score, then the longer span, wins.
    """
    if finding.origin == store.ORIGIN_REVIEWER:
        rank = 0
    elif finding.status == store.CONFIRMED:
        rank = 1
    elif finding.origin == store.ORIGIN_DENY:
        rank = 2
    else:
        rank = 3
    return rank, -finding.score, -(finding.end - finding.start)
