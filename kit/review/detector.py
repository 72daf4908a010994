"""``kit redact train``: a learned PHI detector from the compliance reviewers' decisions (or a gold file).

Every manual approval is a labelled record: the findings it kept (confirmed, retyped, reviewer-added,
deny-listed, or open and confident) are PHI; rejected findings and all other text are not. Those records,
decrypted in memory only, plus the kit's synthetic gold corpus train a ``redaction.learned`` detector. A
fifth of the reviewed records (by a hash of their id) are held out to score it against the rules alone, and
a learning curve (recall against the number of reviewed records) can be drawn on the same held-out part.

The model's files go to ``models/detectors/<id>/`` in the workspace (never into git) and a ``detectors`` row
pins them by sha256 with the data fingerprint and the metrics. Detection (``kit redact run``) uses the
newest one when the policy's ``learned_model.enabled`` is on; a missing or damaged model is an error that
names the folder, and ``--no-model`` runs the rules alone.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import InputError, StateError
from kit.records import _pipeline_raw
from kit.review import store
from kit.review.engine import get_engine
from kit.users import Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace

if TYPE_CHECKING:
    from redaction.learned import Detector, TrainingText, TrainSettings

Progress = Callable[[str, int, int], None]  # (stage, step, total)
SYNTHETIC_NOTES = 200  # the synthetic gold set's dev half: every kind of note, every identifier type
SYNTHETIC_TELEGRAPHIC = 60  # ICU notes in upper and lower case, the register real nursing notes are in
HOLDOUT_SHARE = 0.2
MIN_HOLDOUT = 5  # fewer reviewed records than this in the held-out part: no held-out scores


@dataclass(frozen=True)
class DetectorEntry:
    """A registered detector: where it is, its identity, what it was trained on and how it scored."""

    id: str
    path: Path
    sha256: str
    fingerprint: str
    reviewed: int
    metrics: dict[str, Any]
    trained_by: str
    created_at: str


# -- training texts --------------------------------------------------------------------------------------
def synthetic_texts(engine: Any, seed: int = 7) -> list[TrainingText]:
    """The synthetic gold corpus with the rules' findings on it (what a new workspace trains on)."""
    from kit.synth.documents import generate_documents
    from kit.synth.gold import gold_set

    docs = gold_set(seed)[0] + generate_documents(SYNTHETIC_TELEGRAPHIC, seed + 4, ["telegraphic_nursing_note"])
    return labelled_texts([(d["text"], d["spans"]) for d in docs], engine, "synthetic")


def labelled_texts(items: Sequence[tuple[str, Sequence[dict]]], engine: Any, source: str) -> list[TrainingText]:
    """``(text, gold spans)`` pairs as training texts, the rules' findings computed by ``engine``."""
    from redaction.learned import Span, TrainingText

    rules = engine.rules_only().detect_batch([text for text, _ in items])
    return [
        TrainingText(text, _spans(spans), [Span(f.start, f.end, f.entity_type, f.score) for f in found], source)
        for (text, spans), found in zip(items, rules)
    ]


def _spans(rows: Sequence[dict]) -> list[Any]:
    from redaction.learned import Span

    return [Span(int(s["start"]), int(s["end"]), str(s["entity_type"])) for s in rows]


def _reviewed_texts(ws: Workspace, vault: Vault) -> list[tuple[str, TrainingText]]:
    """``(record id, text)`` for every field of every record a person approved, labelled by the review."""
    from redaction.learned import MODEL_RECOGNIZER, Span, TrainingText

    with ws.connect() as conn:
        ids = [r[0] for r in conn.execute("SELECT record_id FROM approvals WHERE automatic = 0 ORDER BY record_id")]
        rows = {rid: store.record_findings(conn, rid) for rid in ids}
    out = []
    for record_id in ids:
        raw = _pipeline_raw(ws, vault, record_id)  # in memory only: the texts never leave this process
        for name, text in raw.fields.items():
            findings = [f for f in rows[record_id] if f.field == name]
            positives = [Span(f.start, f.end, f.entity_type) for f in findings if f.status != store.REJECTED]
            flagged = [
                Span(f.start, f.end, f.original_type or f.entity_type, f.score)
                for f in findings
                if f.origin != store.ORIGIN_REVIEWER and f.recognizer != MODEL_RECOGNIZER
            ]
            out.append((record_id, TrainingText(text, positives, flagged, "reviewed")))
    return out


def _held_out(record_id: str) -> bool:
    return int(hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF < HOLDOUT_SHARE


# -- training --------------------------------------------------------------------------------------------
def train_workspace_detector(
    ws: Workspace,
    vault: Vault,
    actor: Actor,
    settings: TrainSettings | None = None,
    curve: Sequence[int] = (),
    progress: Progress | None = None,
    base: Path | None = None,
    synthetic: bool = True,
) -> DetectorEntry:
    """Train on the synthetic corpus and the reviewed records, score it, register it. Compliance or admin.

    ``base`` is a local BERT folder to start from (default: MiniLM from its package); ``synthetic=False``
    leaves the synthetic corpus out (tests, or a site whose own reviewed records are plenty).
    """
    from redaction.learned import train_detector

    require_role(actor, Role.COMPLIANCE, Role.ADMIN)
    reviewed = _reviewed_texts(ws, vault)
    if not reviewed and not synthetic:
        raise StateError("no record has been approved by a reviewer yet: nothing to train on")
    train = [t for rid, t in reviewed if not _held_out(rid)]
    test = [t for rid, t in reviewed if _held_out(rid)]
    if len({rid for rid, _ in reviewed if _held_out(rid)}) < MIN_HOLDOUT:
        train, test = [t for _, t in reviewed], []
    engine = get_engine(_policy(ws))
    corpus = synthetic_texts(engine) if synthetic else []
    step = _stage(progress, "train")
    detector = train_detector(corpus + train, base=base, settings=settings, progress=step)
    metrics: dict[str, Any] = {"reviewed_train": len(train), "reviewed_held_out": len(test)}
    if test:
        metrics["held_out"] = score_on(detector, test, engine.policy)
        smaller = [n for n in curve if n < len(train)]
        points = learning_curve(corpus, train, test, engine.policy, settings, smaller, progress, base)
        metrics["curve"] = [*points, {"reviewed": len(train), **metrics["held_out"]["ensemble"]}]
    detector.info.metrics = metrics
    return register(ws, actor, detector, len(train))


def learning_curve(
    synthetic: Sequence[TrainingText],
    train: Sequence[TrainingText],
    test: Sequence[TrainingText],
    policy: Any,
    settings: TrainSettings | None,
    sizes: Sequence[int],
    progress: Progress | None = None,
    base: Path | None = None,
) -> list[dict[str, Any]]:
    """Held-out recall and precision of detectors trained on the first N reviewed texts, for each N."""
    from redaction.learned import train_detector

    points = []
    for n in sorted({min(n, len(train)) for n in sizes}):
        if not synthetic and n == 0:
            continue  # nothing to train on
        step = _stage(progress, f"curve {n}")
        detector = train_detector([*synthetic, *train[:n]], base=base, settings=settings, progress=step)
        points.append({"reviewed": n, **score_on(detector, test, policy)["ensemble"]})
    return points


def score_on(detector: Detector, texts: Sequence[TrainingText], policy: Any) -> dict[str, dict[str, float]]:
    """Token recall and precision on labelled texts: the rules alone and rules + model."""
    from redaction.evaluation import evaluate
    from redaction.findings import Finding
    from redaction.learned import combine

    gold = [
        {"text": t.text, "spans": [{"start": s.start, "end": s.end, "entity_type": s.entity_type} for s in t.spans]}
        for t in texts
    ]
    rules = [[Finding(s.start, s.end, s.entity_type, s.score, "rules") for s in t.rule_spans] for t in texts]
    pieces = detector.predict([t.text for t in texts], [t.rule_spans for t in texts])
    ensemble = [combine(t.text, found, p, policy.learned_model) for t, found, p in zip(texts, rules, pieces)]
    return {"rules": _rates(evaluate(gold, rules)), "ensemble": _rates(evaluate(gold, ensemble))}


def _rates(report: Any) -> dict[str, float]:
    return {"recall": round(report.total.token_recall, 4), "precision": round(report.total.token_precision, 4)}


def _stage(progress: Progress | None, name: str) -> Callable[[int, int, float], None] | None:
    if progress is None:
        return None
    return lambda step, total, loss: progress(name, step, total)


def _policy(ws: Workspace) -> Any:
    from kit.review.config import load_workspace_policy

    return load_workspace_policy(ws)


# -- the registry ----------------------------------------------------------------------------------------
def register(ws: Workspace, actor: Actor, detector: Detector, reviewed: int) -> DetectorEntry:
    """Save the detector under ``models/detectors/`` and record it, with its audit entry, in one transaction."""
    from redaction.learned import save_detector

    staging = ws.models_dir / "detectors" / f".staging-{detector.info.training['data_fingerprint'][:12]}"
    staging.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    save_detector(detector, staging)
    detector_id = detector_id_of(detector)
    same = next((e for e in list_detectors(ws) if e.id == detector_id), None)
    if same is not None:  # the same data, settings and seed gave the same weights: nothing new to register
        shutil.rmtree(staging, ignore_errors=True)
        return same
    final = ws.models_dir / "detectors" / detector_id
    fingerprint = detector.info.training["data_fingerprint"]
    created = store.now()
    try:
        with ws.audited_transaction(on_rollback=[lambda: shutil.rmtree(final, ignore_errors=True)]) as (conn, audit):
            conn.execute(
                "INSERT INTO detectors (id, path, sha256, manifest, fingerprint, reviewed, metrics, trained_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    detector_id,
                    str(final),
                    detector.digest,
                    json.dumps(detector.info.files),
                    fingerprint,
                    reviewed,
                    json.dumps(detector.info.metrics),
                    actor.name,
                    created,
                ),
            )
            audit(actor, "redact.train", detector_id, sha256=detector.digest, reviewed=reviewed, data=fingerprint[:16])
            shutil.rmtree(final, ignore_errors=True)
            staging.rename(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return DetectorEntry(
        detector_id, final, detector.digest, fingerprint, reviewed, detector.info.metrics, actor.name, created
    )


def detector_id_of(detector: Detector) -> str:
    """A detector's registry id: ``det-`` and the first 12 hex of its manifest digest."""
    return f"det-{detector.digest[:12]}"


def list_detectors(ws: Workspace) -> list[DetectorEntry]:
    """Every registered detector, newest first."""
    with ws.connect() as conn:
        rows = conn.execute("SELECT * FROM detectors ORDER BY created_at DESC, rowid DESC").fetchall()
    return [
        DetectorEntry(
            r["id"],
            Path(r["path"]),
            r["sha256"],
            r["fingerprint"],
            r["reviewed"],
            json.loads(r["metrics"]),
            r["trained_by"],
            r["created_at"],
        )
        for r in rows
    ]


def active_detector(ws: Workspace) -> DetectorEntry | None:
    """The detector detection uses: the newest registered one, or None."""
    entries = list_detectors(ws)
    return entries[0] if entries else None


def load_active(ws: Workspace) -> Detector | None:
    """The newest detector, loaded and checked against its registered sha256; None when there is none."""
    from redaction.errors import ModelError
    from redaction.learned import load_detector

    entry = active_detector(ws)
    if entry is None:
        return None
    try:
        detector = load_detector(entry.path)
    except ModelError as err:
        raise StateError(f"detector {entry.id}: {err}; retrain it (kit redact train) or run with --no-model") from None
    if detector.digest != entry.sha256:
        raise StateError(f"detector {entry.id}: files differ from the registered sha256; retrain it")
    return detector


def check_gold_output(output: Path) -> None:
    """The plain-file form's output folder: new or empty, its parent existing."""
    if output.exists() and (not output.is_dir() or any(output.iterdir())):
        raise InputError("exists and is not an empty folder; give a new folder for the model", path=output)
    if not output.parent.is_dir():
        raise InputError(f"folder {output.parent} does not exist; create it first", path=output)


def train_from_gold(
    gold_path: Path,
    output: Path,
    policy: Any,
    settings: TrainSettings | None = None,
    base: Path | None = None,
    synthetic: bool = True,
    progress: Progress | None = None,
) -> Detector:
    """The plain-file form: train on a gold file's spans (plus the synthetic corpus), save into ``output``."""
    from redaction import build_engine
    from redaction.files import read_records
    from redaction.learned import save_detector, train_detector

    check_gold_output(Path(output))
    records = read_records(gold_path, gold=True)
    if not records:
        raise InputError("holds no records to train on", path=gold_path)
    engine = build_engine(policy)
    texts = labelled_texts([(r["text"], r["spans"]) for r in records], engine, "gold")
    if synthetic:
        texts = synthetic_texts(engine) + texts
    detector = train_detector(texts, base=base, settings=settings, progress=_stage(progress, "train"))
    detector.info.training["gold_file"] = Path(gold_path).name
    save_detector(detector, output)
    return detector


def reviewed_count(ws: Workspace) -> int:
    """Records a person approved: what a new detector would learn from."""
    with ws.connect() as conn:
        return conn.execute("SELECT COUNT(*) FROM approvals WHERE automatic = 0").fetchone()[0]
