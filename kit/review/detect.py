"""``kit redact run``: detection over every ingested record, resumable, offsets only.

Raw text is decrypted in memory by the kit's own pipeline reader (``kit.records._pipeline_raw``), handed
to the engine, and dropped. Each batch of records is committed in one transaction holding both their
findings and their ``detections`` mark, so a crash loses at most the batch in flight and a rerun picks up
exactly the records without a mark.

The workspace's lists apply here too: engine findings whose value is allow-listed are dropped, and every
occurrence of a deny-listed value becomes a ``deny_list`` finding.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.records import _pipeline_raw
from kit.review import lists, store
from kit.review.config import ReviewConfig, load_workspace_policy
from kit.review.detector import detector_id_of, load_active
from kit.review.engine import get_engine, iter_detect, make_finding
from kit.users import Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace

if TYPE_CHECKING:
    from redaction.findings import Finding

ProgressCallback = Callable[[int, int], None]  # (records done, records total)


@dataclass
class DetectionResult:
    """What one ``run_detection`` call did."""

    total: int = 0
    already_done: int = 0
    processed: int = 0
    findings: int = 0
    allow_dropped: int = 0
    deny_added: int = 0
    by_type: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    detector: str | None = None  # the learned detector that joined the rules, if any


@dataclass(frozen=True)
class _Lists:
    allow: frozenset[str]
    deny: lists.ValueMatcher
    deny_types: dict[str, str]

    @classmethod
    def load(cls, vault: Vault) -> _Lists:
        deny = lists._read_list(vault, lists.DENY)
        return cls(
            frozenset(lists._read_list(vault, lists.ALLOW)),
            lists.ValueMatcher(deny),
            {k: v.get("entity_type") or "PERSON" for k, v in deny.items()},
        )


def run_detection(
    ws: Workspace,
    vault: Vault,
    actor: Actor,
    *,
    workers: int = 1,
    batch_size: int | None = None,
    engine: Any = None,
    on_progress: ProgressCallback | None = None,
    use_model: bool = True,
) -> DetectionResult:
    """Detect findings in every record that has none yet; return counts. Safe to interrupt and rerun.

    The workspace's newest learned detector (``kit redact train``) joins the rules when the policy enables
    it and ``use_model`` is on; a damaged detector stops the run before any record is touched.
    """
    require_role(actor, Role.COMPLIANCE, Role.ADMIN, Role.SYSTEM)
    started = time.perf_counter()
    loaded = load_workspace_policy(ws)
    batch_size = batch_size or ReviewConfig.from_workspace(ws).batch_size
    with ws.connect() as conn:
        all_ids = [r[0] for r in conn.execute("SELECT id FROM records ORDER BY id")]
        done = {r[0] for r in conn.execute("SELECT record_id FROM detections")}
    todo = [rid for rid in all_ids if rid not in done]
    result = DetectionResult(total=len(all_ids), already_done=len(done))
    if on_progress:
        on_progress(len(done), len(all_ids))
    detector_id = None
    if todo and engine is None:
        detector = load_active(ws) if use_model and loaded.policy.learned_model.enabled else None
        detector_id = detector_id_of(detector) if detector is not None else None
        engine = get_engine(loaded, detector)
    if todo:
        listed = _Lists.load(vault)
        for i in range(0, len(todo), batch_size):
            batch = todo[i : i + batch_size]
            _detect_batch(ws, vault, engine, listed, batch, loaded.detection_hash, workers, result)
            if on_progress:
                on_progress(len(done) + min(i + batch_size, len(todo)), len(all_ids))
    result.seconds = time.perf_counter() - started
    ws.audit().append(
        actor,
        "redact.run",
        ws.name,
        records=result.processed,
        findings=result.findings,
        deny_added=result.deny_added,
        allow_dropped=result.allow_dropped,
        policy=loaded.name,
        detector=detector_id,
    )
    result.detector = detector_id
    return result


def _detect_batch(
    ws: Workspace,
    vault: Vault,
    engine: Any,
    listed: _Lists,
    batch: Sequence[str],
    policy_hash: str,
    workers: int,
    result: DetectionResult,
) -> None:
    units = []  # (record id, field, text), in order
    for record_id in batch:
        raw = _pipeline_raw(ws, vault, record_id)
        units += [(record_id, name, text) for name, text in raw.fields.items()]
    detected = iter_detect(engine, [text for _, _, text in units], workers=workers)
    per_record: dict[str, list[tuple[str, Finding, str]]] = {rid: [] for rid in batch}
    for (record_id, name, text), findings in zip(units, detected):
        per_record[record_id] += _apply_lists(text, findings, listed, name, result)
    with ws.transaction() as conn:
        for record_id, rows in per_record.items():
            if store.is_detected(conn, record_id):  # another run got here first
                continue
            for name, finding, origin in rows:
                store.insert_finding(
                    conn,
                    record_id,
                    name,
                    finding.start,
                    finding.end,
                    finding.entity_type,
                    finding.score,
                    finding.recognizer or origin,
                    origin,
                )
            conn.execute(
                "INSERT INTO detections (record_id, policy_hash, n_findings, detected_at) VALUES (?, ?, ?, ?)",
                (record_id, policy_hash, len(rows), store.now()),
            )
            result.processed += 1
            result.findings += len(rows)
            result.by_type.update(f.entity_type for _, f, _ in rows)


def _apply_lists(
    text: str, findings: Sequence[Finding], listed: _Lists, name: str, result: DetectionResult
) -> list[tuple[str, Finding, str]]:
    kept = []
    for finding in findings:
        if listed.allow and lists.normalize(text[finding.start : finding.end]) in listed.allow:
            result.allow_dropped += 1
            continue
        kept.append((name, finding, store.ORIGIN_ENGINE))
    if listed.deny:
        for match in listed.deny.find(text):
            if not any(f.start <= match.start and match.end <= f.end for _, f, _ in kept):
                extra = make_finding(match.start, match.end, listed.deny_types[match.key], 1.0, "deny_list")
                kept.append((name, extra, store.ORIGIN_DENY))
                result.deny_added += 1
    return kept
