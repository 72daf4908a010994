"""What a reviewer looks at: the risk-ordered queue, one record with its findings, and navigation.

The queue shows ids, counts and types only (no text). :func:`record_view` decrypts raw text and is for the
compliance role alone.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from kit.errors import InputError
from kit.records import get_record, load_raw
from kit.review import store
from kit.review.config import ReviewConfig
from kit.review.engine import disagrees
from kit.users import Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace

# Weights of the queue's risk score; each term is listed in QueueItem.reasons.
W_LOW_CONFIDENCE, W_RARE, W_UNREVIEWED, W_QA_RESIDUAL = 2.0, 1.0, 0.5, 5.0
# Each open finding where the learned model and the rules disagree: the labels that teach the model most
# (active learning), so such records come before ones that merely hold a low-confidence finding.
W_DISAGREE = 3.0


@dataclass(frozen=True)
class QueueItem:
    """One record awaiting review, with why it ranks where it does."""

    record_id: str
    kind: str
    state: str
    risk: float
    reasons: tuple[str, ...]
    n_findings: int
    n_open_low_confidence: int
    rare_types: tuple[str, ...]


@dataclass(frozen=True)
class FindingView:
    """A finding as the review screen shows it (offsets into ``RecordView.fields[field]``)."""

    finding: store.FindingRow
    low_confidence: bool


@dataclass(frozen=True)
class Neighbors:
    """Previous and next detected record in id order, and this one's 1-based position."""

    previous: str | None
    next: str | None
    position: int
    total: int


@dataclass(frozen=True)
class RecordView:
    """One record for review: raw fields (compliance only), findings with their decisions, navigation."""

    record_id: str
    kind: str
    state: str
    fields: dict[str, str]
    findings: list[FindingView]
    approved_by: str | None
    qa_status: str | None
    neighbors: Neighbors

    def __repr__(self) -> str:  # raw text stays out of logs and tracebacks
        return f"RecordView(record_id={self.record_id!r}, findings={len(self.findings)}, fields=<redacted>)"


def queue(ws: Workspace, actor: Actor, limit: int | None = 50) -> list[QueueItem]:
    """Records not yet approved, riskiest first: low-confidence findings, rare types, never reviewed."""
    require_role(actor, Role.COMPLIANCE, Role.ADMIN)
    config = ReviewConfig.from_workspace(ws)
    with ws.connect() as conn:
        states = store.record_states(conn)
        kinds = dict(conn.execute("SELECT id, kind FROM records").fetchall())
        rows = conn.execute(
            "SELECT record_id, entity_type, score, status, recognizer FROM findings WHERE status != 'rejected'"
        )
        per_record: dict[str, list[tuple[str, float, str]]] = defaultdict(list)
        disagreements: Counter[str] = Counter()
        for row in rows:
            per_record[row[0]].append((row[1], row[2], row[3]))
            if row[3] == store.OPEN and disagrees(row[4]):
                disagreements[row[0]] += 1
        residual = {r[0] for r in conn.execute("SELECT record_id FROM qa_samples WHERE status = 'residual'")}
    type_counts = Counter(t for items in per_record.values() for t, _, _ in items)
    total = sum(type_counts.values())
    rare = {t for t, n in type_counts.items() if n / total < config.rare_type_share} if total else set()
    items = []
    for record_id, state in states.items():
        if state not in (store.PENDING, store.IN_REVIEW):
            continue
        found = per_record.get(record_id, [])
        low = [s for _, s, status in found if status == store.OPEN and s < config.low_confidence_below]
        rare_here = tuple(sorted({t for t, _, _ in found} & rare))
        risk, reasons = 0.0, []
        if low:
            risk += W_LOW_CONFIDENCE * len(low) + sum(1 - s for s in low)
            reasons.append(f"{len(low)} low-confidence finding(s)")
        if rare_here:
            risk += W_RARE * len(rare_here)
            reasons.append(f"rare type(s): {', '.join(rare_here)}")
        if disagreements[record_id]:
            risk += W_DISAGREE * disagreements[record_id]
            reasons.append(f"{disagreements[record_id]} finding(s) where the learned model and the rules disagree")
        if state == store.PENDING:
            risk += W_UNREVIEWED
            reasons.append("never reviewed")
        if record_id in residual:
            risk += W_QA_RESIDUAL
            reasons.append("QA found residual PHI")
        items.append(
            QueueItem(
                record_id, kinds[record_id], state, round(risk, 3), tuple(reasons), len(found), len(low), rare_here
            )
        )
    items.sort(key=lambda item: (-item.risk, item.record_id))
    return items[:limit] if limit else items


def record_view(ws: Workspace, vault: Vault, actor: Actor, record_id: str) -> RecordView:
    """A record's raw fields and findings, for review. Compliance only (PermissionDenied otherwise)."""
    require_role(actor, Role.COMPLIANCE)
    meta = get_record(ws, record_id)
    raw = load_raw(ws, vault, record_id, actor)
    below = ReviewConfig.from_workspace(ws).low_confidence_below
    with ws.connect() as conn:
        findings = store.record_findings(conn, record_id)
        state = store.record_states(conn).get(record_id, store.UNDETECTED)
        approval = conn.execute("SELECT approved_by FROM approvals WHERE record_id = ?", (record_id,)).fetchone()
        qa = conn.execute("SELECT status FROM qa_samples WHERE record_id = ?", (record_id,)).fetchone()
    views = [FindingView(f, f.status == store.OPEN and f.score < below) for f in findings]
    ws.audit().append(actor, "review.view", record_id)  # who read raw text, and when
    return RecordView(
        record_id,
        meta.kind,
        state,
        raw.fields,
        views,
        approval[0] if approval else None,
        qa[0] if qa else None,
        neighbors(ws, record_id),
    )


def neighbors(ws: Workspace, record_id: str) -> Neighbors:
    """The detected records before and after ``record_id`` in id order."""
    with ws.connect() as conn:
        ids = [r[0] for r in conn.execute("SELECT record_id FROM detections ORDER BY record_id")]
    if record_id not in ids:
        raise InputError(f"record {record_id!r} is unknown or not detected yet")
    i = ids.index(record_id)
    return Neighbors(ids[i - 1] if i else None, ids[i + 1] if i + 1 < len(ids) else None, i + 1, len(ids))


def previous_record(ws: Workspace, record_id: str) -> str | None:
    """The detected record before ``record_id`` (id order), or None at the start."""
    return neighbors(ws, record_id).previous


def next_record(ws: Workspace, record_id: str) -> str | None:
    """The detected record after ``record_id`` (id order), or None at the end."""
    return neighbors(ws, record_id).next


def next_in_queue(ws: Workspace, actor: Actor, after: str | None = None) -> QueueItem | None:
    """The queue item to review next: the one following ``after`` while it is still queued, else the top."""
    items = queue(ws, actor, limit=None)
    ids = [item.record_id for item in items]
    if after in ids:
        i = ids.index(after)
        rest = items[i + 1 :] or [item for item in items if item.record_id != after]
        return rest[0] if rest else None
    return items[0] if items else None


def finding_rows(ws: Workspace, actor: Actor, record_id: str) -> list[store.FindingRow]:
    """A record's findings as offsets and types, with no text: any signed-in role may list them."""
    get_record(ws, record_id)
    with ws.connect() as conn:
        return store.record_findings(conn, record_id)
