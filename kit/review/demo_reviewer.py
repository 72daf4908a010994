"""DEMO ONLY: an automatic stand-in for the compliance reviewer, driven by the synthetic corpus's gold spans.

A real workspace has no gold spans: a person makes every one of these decisions with ``kit review`` or in
the UI. The demo uses gold labels to make the same calls a careful reviewer would, through the same
library functions (so roles, the audit log and propagation are exercised for real):

* low-confidence findings: confirm when they overlap a gold span (retype when the gold type differs),
  otherwise reject as false positives; confident findings outside every gold span are rejected too;
* gold spans the engine missed are added as reviewer spans (their values then propagate);
* QA: a sampled redacted record is residual when one of its gold values is still visible in it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kit.review import decisions, store
from kit.review.config import ReviewConfig, load_workspace_policy
from kit.review.decisions import Decision, NewSpan
from kit.review.sampling import ResidualSpan
from kit.users import Actor
from kit.vault import Vault
from kit.workspace import Workspace

Gold = dict[str, dict[str, list[dict[str, Any]]]]  # record id -> field -> [{start, end, entity_type}]
NOT_CHECKED = frozenset({"STATE", "AGE"})  # kept by the policy (state names; ages up to 89)
_YEAR = re.compile(r"(?:19|20)\d\d")


def gold_by_record(ws: Workspace, vault: Vault, actor: Actor, rows: list[dict[str, Any]]) -> Gold:
    """Index gold rows (``id`` = record id, or ``record:field``) by record and field.

    Only rows whose text equals the ingested raw field are kept, so stale gold never mislabels a record.
    """
    from kit.records import load_raw

    with ws.connect() as conn:
        known = {r[0] for r in conn.execute("SELECT id FROM records")}
    by_record: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for row in rows:
        record_id, _, field = row["id"].partition(":")
        by_record[record_id].append((field or "text", row))
    gold: Gold = {}
    for record_id in sorted(set(by_record) & known):
        raw = load_raw(ws, vault, record_id, actor).fields
        spans = {field: row["spans"] for field, row in by_record[record_id] if raw.get(field) == row["text"]}
        if spans:
            gold[record_id] = spans
    return gold


def _overlaps(a: Any, s: dict[str, Any]) -> bool:
    return a.start < s["end"] and s["start"] < a.end


def token_recall(ws: Workspace, vault: Vault, actor: Actor, gold: Gold) -> tuple[int, int]:
    """(gold tokens covered by an engine finding, gold tokens) over the records that have gold."""
    from kit.records import load_raw

    covered = total = 0
    with ws.connect() as conn:
        for record_id, fields in gold.items():
            found = [f for f in store.record_findings(conn, record_id) if f.origin == store.ORIGIN_ENGINE]
            raw = load_raw(ws, vault, record_id, actor).fields
            for field, spans in fields.items():
                mine = [f for f in found if f.field == field]
                for span in spans:
                    for token in re.finditer(r"\w+", raw[field][span["start"] : span["end"]]):
                        start, end = span["start"] + token.start(), span["start"] + token.end()
                        total += 1
                        covered += any(f.start <= start and end <= f.end for f in mine)
    return covered, total


@dataclass
class AutoReview:
    """What the stand-in reviewer did."""

    decided: int = 0
    confirmed: int = 0
    rejected: int = 0
    retyped: int = 0
    added: int = 0
    approved: int = 0
    propagated: int = 0
    propagated_records: int = 0


def auto_review(ws: Workspace, vault: Vault, actor: Actor, gold: Gold, approve_all: bool = False) -> AutoReview:
    """Decide findings and add missed spans in the records that have gold, then approve the records touched."""
    below = ReviewConfig.from_workspace(ws).low_confidence_below
    with ws.connect() as conn:
        items = [
            item
            for record_id, fields in gold.items()
            for f in store.record_findings(conn, record_id)
            if f.status == store.OPEN and f.field in fields
            for item in [_decide(f, fields[f.field], below)]
            if item is not None
        ]
    batch = decisions.decide_many(ws, vault, actor, items)
    spans = _missed_spans(ws, gold)  # after the decisions: their propagation may already cover some
    added = decisions.add_spans(ws, vault, actor, spans)
    result = AutoReview(
        decided=len(items),
        added=len(spans),
        propagated=batch.denied.findings + added.denied.findings,
        propagated_records=batch.denied.records + added.denied.records,
    )
    result.confirmed = sum(i.decision == "confirm" for i in items)
    result.rejected = sum(i.decision == "reject" for i in items)
    result.retyped = sum(i.decision == "retype" for i in items)
    # Like a person working the queue in a sampled mode, approve what was reviewed; the kit approves the rest.
    touched = sorted(set(gold) if approve_all else {i.record_id for i in batch.results} | {s.record_id for s in spans})
    _confirm_open_low(ws, vault, actor, below)
    decisions.approve_many(ws, actor, touched)
    result.approved = len(touched)
    return result


def _missed_spans(ws: Workspace, gold: Gold) -> list[NewSpan]:
    """Gold spans (of types the policy removes) that no live finding covers."""
    policy = load_workspace_policy(ws).policy
    spans = []
    with ws.connect() as conn:
        for record_id, fields in gold.items():
            found = store.record_findings(conn, record_id)
            for field, gold_spans in fields.items():
                mine = [f for f in found if f.field == field]
                live = [f for f in mine if f.status != store.REJECTED]
                spans += [
                    NewSpan(record_id, field, g["start"], g["end"], g["entity_type"])
                    for g in gold_spans
                    if policy.rule(g["entity_type"]).operator != "keep"
                    and not any(f.start <= g["start"] and g["end"] <= f.end for f in live)
                    and not any((f.start, f.end) == (g["start"], g["end"]) for f in mine)
                ]
    return spans


def _confirm_open_low(ws: Workspace, vault: Vault, actor: Actor, below: float) -> None:
    """Confirm the open low-confidence findings gold did not settle (records without gold): keep them redacted."""
    with ws.connect() as conn:
        left = [r[0] for r in conn.execute("SELECT id FROM findings WHERE status = 'open' AND score < ?", (below,))]
    if left:
        decisions.decide_many(ws, vault, actor, [Decision(i, "confirm") for i in left])


def _decide(finding: store.FindingRow, gold_spans: list[dict[str, Any]], below: float) -> Decision | None:
    hits = [g for g in gold_spans if _overlaps(finding, g)]
    if not hits:
        return Decision(finding.id, "reject")
    if finding.score >= below:
        return None  # confident and right: approval accepts it
    types = {g["entity_type"] for g in hits}
    if finding.entity_type not in types and len(types) == 1:
        return Decision(finding.id, "retype", new_type=types.pop())
    return Decision(finding.id, "confirm")


def residual_spans(
    redacted: dict[str, str], raw: dict[str, str], spans: dict[str, list[dict[str, Any]]]
) -> list[ResidualSpan]:
    """Gold values (other than kept types and bare years) still visible in the redacted fields."""
    found = []
    for field, gold_spans in spans.items():
        for g in gold_spans:
            value = raw[field][g["start"] : g["end"]]
            if g["entity_type"] in NOT_CHECKED or len(value) < 3 or _YEAR.fullmatch(value):
                continue
            hit = re.search(rf"(?<!\w){re.escape(value)}(?!\w)", redacted.get(field, ""))
            if hit:
                found.append(ResidualSpan(field, hit.start(), hit.end(), g["entity_type"]))
    return found
