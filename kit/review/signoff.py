"""Where review stands, what blocks sign-off, and the sign-off itself (immutable; compliance only)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from kit.errors import StateError
from kit.review import store
from kit.review.anonymize import REOPENED_SQL
from kit.review.api import Signoff, latest_signoff
from kit.review.config import ReviewConfig, load_workspace_policy
from kit.review.qa import QaReport, qa_report, stale_marks
from kit.users import Actor, Role, require_role
from kit.workspace import Workspace


@dataclass(frozen=True)
class ReviewSummary:
    """Counts per record state and finding status, the QA bound, and every open item blocking sign-off."""

    records: int
    states: dict[str, int]
    findings: dict[str, int]
    open_low_confidence: int
    qa: QaReport
    policy_name: str
    policy_hash: str
    blockers: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    latest: Signoff | None = field(default=None)

    @property
    def can_sign_off(self) -> bool:
        """True when nothing blocks a sign-off."""
        return not self.blockers


def review_summary(ws: Workspace) -> ReviewSummary:
    """Everything ``kit review status``, ``kit status`` and the UI show about the review stage."""
    loaded = load_workspace_policy(ws)
    below = ReviewConfig.from_workspace(ws).low_confidence_below
    with ws.connect() as conn:
        states = Counter(store.record_states(conn).values())
        findings = dict(conn.execute("SELECT status, COUNT(*) FROM findings GROUP BY status").fetchall())
        low = conn.execute(
            "SELECT COUNT(*), COUNT(DISTINCT record_id) FROM findings WHERE status = 'open' AND score < ?", (below,)
        ).fetchone()
        reopened = conn.execute(
            f"SELECT COUNT(DISTINCT record_id) FROM ({REOPENED_SQL}) "
            "WHERE record_id NOT IN (SELECT record_id FROM approvals)"
        ).fetchone()[0]
        stale = conn.execute(
            "SELECT COUNT(*) FROM detections WHERE policy_hash != ?", (loaded.detection_hash,)
        ).fetchone()[0]
    qa = qa_report(ws)
    counts = {state: states.get(state, 0) for state in store.RECORD_STATES}
    blockers = _blockers(counts, low[0], low[1], reopened, qa)
    warnings = (f"{stale} record(s) were detected under an earlier version of the policy",) if stale else ()
    return ReviewSummary(
        sum(counts.values()),
        counts,
        findings,
        low[0],
        qa,
        loaded.name,
        loaded.sha256,
        tuple(blockers),
        warnings,
        latest_signoff(ws),
    )


def _blockers(counts: dict[str, int], low: int, low_records: int, reopened: int, qa: QaReport) -> list[str]:
    out = []
    if not sum(counts.values()):
        return ["nothing ingested (kit ingest FILE --kind documents|examples)"]
    if counts[store.UNDETECTED]:
        out.append(f"{counts[store.UNDETECTED]} record(s) not through detection (kit redact run)")
    unapproved = counts[store.PENDING] + counts[store.IN_REVIEW]
    if qa.mode == "full" and unapproved:
        out.append(f"{unapproved} record(s) not approved by a reviewer (full review mode; kit review next)")
    if low:
        out.append(f"{low} open low-confidence finding(s) in {low_records} record(s) (kit review next)")
    if reopened:
        out.append(f"{reopened} record(s) re-opened by QA need the missed span added and approval (kit review next)")
    # Sampled modes: the kit approves the rest itself at the next draw (see kit.review.anonymize).
    unredacted = counts[store.APPROVED] + (unapproved if qa.mode != "full" else 0)
    if unredacted:
        out.append(
            f"{unredacted} record(s) have no redacted text yet (kit review sample --draw anonymizes approved records)"
        )
    if qa.sampled < qa.target:
        out.append(f"QA sample incomplete: {qa.sampled}/{qa.target} drawn (kit review sample --draw)")
    if qa.stale:
        out.append(
            f"{qa.stale} sampled record(s) marked clean have changed since (propagation, allow-list or re-open "
            "rebuilt their redacted text): re-check them (kit review sample --draw re-queues them)"
        )
    if qa.pending - qa.stale > 0:
        out.append(
            f"{qa.pending - qa.stale} sampled record(s) not checked yet (kit review sample --clean ID | --residual ID)"
        )
    if qa.checked and not qa.passes:
        out.append(_bound_blocker(qa))
    elif not qa.checked and qa.target:
        out.append(f"no QA checks yet: the residual bound is 1.0 (threshold {qa.threshold})")
    return out


def _bound_blocker(qa: QaReport) -> str:
    more = qa.more_needed
    text = f"residual bound {qa.bound_record:.5f} is not under the threshold {qa.threshold}"
    if more is None:
        return text + ": no feasible number of clean records reaches it"
    text += f": {more} more clean record(s) needed (kit review sample --draw --more {more})"
    available = qa.population - qa.sampled
    if more > available:
        text += f"; only {available} unsampled redacted record(s) remain"
    return text


def record_set_hash(rows: list[tuple[str, str]]) -> str:
    """sha256 over sorted ``record id <TAB> redacted-text hash`` lines: names exactly what was signed."""
    digest = hashlib.sha256()
    for record_id, text_hash in sorted(rows):
        digest.update(f"{record_id}\t{text_hash}\n".encode())
    return digest.hexdigest()


def sign_off(ws: Workspace, actor: Actor) -> Signoff:
    """Write an immutable sign-off over every redacted record; refused while anything blocks it."""
    require_role(actor, Role.COMPLIANCE)
    summary = review_summary(ws)
    if summary.blockers:
        raise StateError("sign-off refused: " + "; ".join(summary.blockers))
    qa = summary.qa
    with ws.audited_transaction() as (conn, audit):
        rows = conn.execute(
            "SELECT record_id, fields, text_hash, replaced_spans FROM redacted ORDER BY record_id"
        ).fetchall()
        if len(rows) != conn.execute("SELECT COUNT(*) FROM records").fetchone()[0]:
            raise StateError("sign-off refused: records changed while signing; run kit review status again")
        changed = stale_marks(conn)  # every record has redacted text here (counted above)
        if changed:  # checked in the same transaction as the snapshot: no clean mark on text it did not see
            raise StateError(
                f"sign-off refused: {len(changed)} QA-checked record(s) changed since their check "
                f"({', '.join(changed[:10])}); run kit review sample --draw and check them again"
            )
        cur = conn.execute(
            "INSERT INTO signoffs (policy_name, policy_hash, record_set_hash, n_records, review_mode, qa_checked, "
            "qa_residual, bound_record, bound_token, threshold, reviewer, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                summary.policy_name,
                summary.policy_hash,
                record_set_hash([(r[0], r[2]) for r in rows]),
                len(rows),
                qa.mode,
                qa.checked,
                qa.residual_records,
                qa.bound_record,
                qa.bound_token,
                qa.threshold,
                actor.name,
                store.now(),
            ),
        )
        signoff_id = cur.lastrowid
        conn.executemany(
            "INSERT INTO signoff_records (signoff_id, record_id, fields, text_hash, replaced_spans) "
            "VALUES (?, ?, ?, ?, ?)",
            [(signoff_id, r[0], r[1], r[2], r[3]) for r in rows],
        )
        signed = Signoff.from_row(conn.execute("SELECT * FROM signoffs WHERE id = ?", (signoff_id,)).fetchone())
        audit(
            actor,
            "review.signoff",
            f"signoff-{signed.id}",
            records=signed.n_records,
            record_set_hash=signed.record_set_hash,
            policy_hash=signed.policy_hash,
            bound=round(signed.bound_record, 6),
            threshold=signed.threshold,
        )
    return signed
