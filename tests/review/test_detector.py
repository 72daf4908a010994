"""kit redact train (workspace form): labels from review decisions, training, the registry, detection with it."""

from __future__ import annotations

import json
import shutil

import pytest

from kit.errors import PermissionDenied, StateError
from kit.review import decisions
from kit.review.detect import run_detection
from kit.review.detector import _reviewed_texts, active_detector, list_detectors, load_active, train_workspace_detector
from kit.review.views import queue
from tests.review.conftest import findings_of, low_confidence_ids

CANARY = "Vorderbrugge"  # planted below; must never reach a file outside the vault


def _settings():
    from redaction.learned import TrainSettings

    return TrainSettings(epochs=2, layers=1, window=32, batch_size=8)


def _span_of(review, record_id: str, value: str) -> tuple[int, int]:
    start = review.raw[record_id].index(value)
    return start, start + len(value)


def _finding_at(review, record_id: str, value: str) -> dict:
    start, end = _span_of(review, record_id, value)
    return next(f for f in findings_of(review.ws, record_id) if f["start"] <= start and end <= f["end"])


@pytest.fixture
def reviewed(review):
    """n1 reviewed with every kind of decision and approved; n2 approved untouched; the rest open."""
    ws, vault, carol = review.ws, review.vault, review.carol
    name = _finding_at(review, "n1", "John Miller")
    phone = _finding_at(review, "n1", "555-201-3344")
    hospital = _finding_at(review, "n1", "Mercy Hospital")
    decisions.decide(ws, vault, carol, name["id"], "confirm")
    decisions.decide(ws, vault, carol, phone["id"], "retype", new_type="FAX_NUMBER")
    decisions.decide(ws, vault, carol, hospital["id"], "reject")
    start, end = _span_of(review, "n1", "zephyrine")
    decisions.add_span(ws, vault, carol, "n1", "text", start, end, "PERSON")
    for finding_id in low_confidence_ids(ws):
        decisions.decide(ws, vault, carol, finding_id, "confirm")
    decisions.approve(ws, carol, "n1")
    decisions.approve(ws, carol, "n2")
    return review


def test_labels_come_from_each_kind_of_review_decision(reviewed):
    texts = dict(_reviewed_texts(reviewed.ws, reviewed.vault))
    assert set(texts) == {"n1", "n2"}  # approved by a person; open records teach nothing yet
    n1 = texts["n1"]
    text = reviewed.raw["n1"]
    positives = {(text[s.start : s.end], s.entity_type) for s in n1.spans}
    flagged = {text[s.start : s.end] for s in n1.rule_spans}
    assert ("John Miller", "PERSON") in positives  # confirmed
    assert ("555-201-3344", "FAX_NUMBER") in positives  # retyped: the reviewer's type
    assert ("zephyrine", "PERSON") in positives  # added by the reviewer
    assert not any(value == "Mercy Hospital" for value, _ in positives)  # rejected: a negative ...
    assert "Mercy Hospital" in flagged  # ... that the rules flagged, so the model learns to veto it
    assert "zephyrine" not in flagged  # the rules missed it: the model learns to find it


def test_automatic_approvals_do_not_count_as_reviewed(reviewed):
    with reviewed.ws.transaction() as conn:
        conn.execute("UPDATE approvals SET automatic = 1 WHERE record_id = 'n2'")
    assert [rid for rid, _ in _reviewed_texts(reviewed.ws, reviewed.vault)] == ["n1"]


def test_training_registers_a_detector_that_detection_then_uses(reviewed, tiny_bert_base):
    ws, vault, carol = reviewed.ws, reviewed.vault, reviewed.carol
    entry = train_workspace_detector(ws, vault, carol, _settings(), base=tiny_bert_base, synthetic=False)
    assert entry.id.startswith("det-") and entry.path.is_dir() and entry.path.parent == ws.models_dir / "detectors"
    assert entry.reviewed == 2 and len(entry.fingerprint) == 64
    assert active_detector(ws) == list_detectors(ws)[0] == entry
    assert load_active(ws).digest == entry.sha256
    audit = [json.loads(line) for line in ws.audit_path.read_text().splitlines()]
    assert audit[-1]["action"] == "redact.train" and audit[-1]["object_id"] == entry.id
    with ws.transaction() as conn:  # a new record, detected with rules + model
        conn.execute("DELETE FROM detections WHERE record_id = 'n3'")
        conn.execute("DELETE FROM findings WHERE record_id = 'n3'")
    result = run_detection(ws, vault, carol)
    assert result.processed == 1 and result.detector == entry.id
    assert ws.audit().verify().ok


def test_detection_refuses_a_damaged_detector_and_runs_without_it_when_asked(reviewed, tiny_bert_base):
    ws, vault, carol = reviewed.ws, reviewed.vault, reviewed.carol
    entry = train_workspace_detector(ws, vault, carol, _settings(), base=tiny_bert_base, synthetic=False)
    (entry.path / "model.safetensors").write_bytes(b"not a model")
    with ws.transaction() as conn:
        conn.execute("DELETE FROM detections WHERE record_id = 'n3'")
        conn.execute("DELETE FROM findings WHERE record_id = 'n3'")
    with pytest.raises(StateError, match=rf"detector {entry.id}: .*model\.safetensors: sha256 does not match"):
        run_detection(ws, vault, carol)
    assert run_detection(ws, vault, carol, use_model=False).processed == 1  # the rules still run
    shutil.rmtree(entry.path)
    with pytest.raises(StateError, match="no such model folder"):
        load_active(ws)


def test_only_compliance_or_admin_may_train(reviewed, tiny_bert_base):
    with pytest.raises(PermissionDenied):
        train_workspace_detector(reviewed.ws, reviewed.vault, reviewed.actors["mel"], _settings(), base=tiny_bert_base)


def test_with_nothing_reviewed_and_no_synthetic_corpus_training_is_refused(review, tiny_bert_base):
    with pytest.raises(StateError, match="nothing to train on"):
        train_workspace_detector(
            review.ws, review.vault, review.carol, _settings(), base=tiny_bert_base, synthetic=False
        )


def test_records_where_model_and_rules_disagree_come_first_in_the_queue(review):
    with review.ws.transaction() as conn:
        conn.execute("UPDATE findings SET recognizer = 'learned_model' WHERE record_id = 'n4'")
    items = queue(review.ws, review.carol)
    assert items[0].record_id == "n4"
    assert any("disagree" in reason for reason in items[0].reasons)


def test_no_raw_text_reaches_a_file_outside_the_vault_after_training(review, tiny_bert_base, tmp_path):
    from kit.ingest import ingest
    from tests.review.conftest import write_jsonl

    ws, vault, carol = review.ws, review.vault, review.carol
    rows = [{"id": "c1", "text": f"Spoke with daughter {CANARY} about the plan."}]
    ingest(ws, vault, write_jsonl(tmp_path / "canary.jsonl", rows), "documents", carol)
    run_detection(ws, vault, carol)
    for finding_id in low_confidence_ids(ws):
        decisions.decide(ws, vault, carol, finding_id, "confirm")
    decisions.approve(ws, carol, "c1")
    train_workspace_detector(ws, vault, carol, _settings(), base=tiny_bert_base, synthetic=False)
    for path in ws.root.rglob("*"):
        if path.is_file() and path.relative_to(ws.root).parts[0] != "vault":
            assert CANARY.encode() not in path.read_bytes(), path
            assert CANARY.lower().encode() not in path.read_bytes(), path
