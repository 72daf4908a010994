"""Roles, decisions, audit and propagation through the deny- and allow-lists."""

from __future__ import annotations

import pytest

from kit.errors import InputError, PermissionDenied, StateError
from kit.ingest import ingest
from kit.records import load_raw
from kit.review import decisions, lists, sampling, signoff, views
from kit.review.detect import run_detection
from tests.review.conftest import MISSED, findings_of, write_jsonl


def _covering(ws, record_id, start, end):
    return [
        f for f in findings_of(ws, record_id) if f["start"] <= start and end <= f["end"] and f["status"] != "rejected"
    ]


@pytest.mark.parametrize("user", ["mel", "dana", "admin"])
def test_when_not_compliance_then_raw_text_and_decisions_are_refused(review, user):
    actor = review.actors[user]
    ws, vault = review.ws, review.vault
    finding_id = findings_of(ws, "n1")[0]["id"]
    calls = [
        lambda: load_raw(ws, vault, "n1", actor),
        lambda: views.record_view(ws, vault, actor, "n1"),
        lambda: decisions.decide(ws, vault, actor, finding_id, "confirm"),
        lambda: decisions.add_span(ws, vault, actor, "n3", "text", 0, 2, "PERSON"),
        lambda: decisions.approve(ws, actor, "n3"),
        lambda: sampling.draw_sample(ws, vault, actor),
        lambda: sampling.mark_clean(ws, actor, "n3"),
        lambda: signoff.sign_off(ws, actor),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()


def test_when_compliance_opens_a_record_then_raw_text_and_findings_are_shown(review):
    view = views.record_view(review.ws, review.vault, review.carol, "n1")
    assert view.fields["text"] == review.raw["n1"]
    assert {fv.finding.entity_type for fv in view.findings} >= {"PERSON", "MEDICAL_RECORD_NUMBER"}
    assert "Miller" not in repr(view)
    assert view.neighbors.next == "n2" and view.neighbors.previous is None


def test_when_a_reviewer_adds_a_missed_name_then_its_repeat_elsewhere_is_flagged(review):
    ws = review.ws
    start = review.raw["n1"].index(MISSED)
    other = review.raw["n2"].index(MISSED)
    assert not _covering(ws, "n1", start, start + len(MISSED)), "precondition: the engine misses the name"
    assert not _covering(ws, "n2", other, other + len(MISSED)), "precondition: the engine misses the repeat"

    result = decisions.add_span(ws, review.vault, review.carol, "n1", "text", start, start + len(MISSED), "PERSON")

    assert result.propagated.records == 1
    repeat = _covering(ws, "n2", other, other + len(MISSED))
    assert [(f["recognizer"], f["origin"], f["entity_type"]) for f in repeat] == [("deny_list", "deny_list", "PERSON")]
    assert lists.normalize(MISSED) in lists.read_list(review.vault, lists.DENY, review.carol)


def test_when_new_records_arrive_then_detection_applies_the_deny_list(review, tmp_path):
    ws = review.ws
    start = review.raw["n1"].index(MISSED)
    decisions.add_span(ws, review.vault, review.carol, "n1", "text", start, start + len(MISSED), "PERSON")
    text = "Phoned ZEPHYRINE about results."
    ingest(
        ws, review.vault, write_jsonl(tmp_path / "more.jsonl", [{"id": "n9", "text": text}]), "documents", review.carol
    )
    result = run_detection(ws, review.vault, review.carol)
    assert result.processed == 1 and result.deny_added == 1
    assert _covering(ws, "n9", text.index("ZEPHYRINE"), text.index("ZEPHYRINE") + 9)


def test_when_a_false_positive_is_allow_listed_then_identical_values_are_suppressed(review):
    ws = review.ws
    hospital = [f for f in findings_of(ws, "n1") if f["entity_type"] == "HOSPITAL"]
    assert hospital and [f for f in findings_of(ws, "n2") if f["entity_type"] == "HOSPITAL"]

    result = decisions.decide(ws, review.vault, review.carol, hospital[0]["id"], "reject", allow_list=True)

    assert result.status == "rejected" and result.propagated.findings == 1
    assert all(f["status"] == "rejected" for f in findings_of(ws, "n2") if f["entity_type"] == "HOSPITAL")
    assert "mercy hospital" in lists.read_list(review.vault, lists.ALLOW, review.carol)


def test_when_decisions_are_made_then_each_is_in_the_audit_log_without_text(review):
    ws, carol = review.ws, review.carol
    n1 = findings_of(ws, "n1")
    person = next(f for f in n1 if f["entity_type"] == "PERSON")
    phone = next(f for f in n1 if f["entity_type"] == "PHONE_NUMBER")
    decisions.decide(ws, review.vault, carol, person["id"], "confirm")
    decisions.decide(ws, review.vault, carol, phone["id"], "retype", new_type="FAX_NUMBER")
    decisions.decide(ws, review.vault, carol, next(f for f in n1 if f["entity_type"] == "HOSPITAL")["id"], "reject")
    start = review.raw["n1"].index(MISSED)
    decisions.add_span(ws, review.vault, carol, "n1", "text", start, start + len(MISSED), "PERSON")
    decisions.approve(ws, carol, "n1")

    entries = ws.audit().entries()
    decided = [e for e in entries if e["action"] == "review.decide"]
    assert [(e["details"]["finding"], e["details"]["decision"]) for e in decided] == [
        (person["id"], "confirm"),
        (phone["id"], "retype"),
        (decided[2]["details"]["finding"], "reject"),
    ]
    assert decided[1]["details"]["new_type"] == "FAX_NUMBER"
    assert any(e["action"] == "review.add_span" and e["object_id"] == "n1" for e in entries)
    assert any(e["action"] == "review.approve" and e["object_id"] == "n1" for e in entries)
    assert all(e["actor"] == "carol" for e in entries if e["action"].startswith("review.decide"))
    with ws.connect() as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM decisions ORDER BY id")]
    assert actions == ["confirm", "retype", "reject", "add_span", "approve"]
    log = ws.audit_path.read_text(encoding="utf-8")
    for secret in ("John Miller", MISSED, "555-201-3344", "Mercy"):
        assert secret not in log
    assert ws.audit().verify().ok


def test_when_bad_decisions_are_given_then_they_are_refused_before_any_change(review):
    ws, carol, vault = review.ws, review.carol, review.vault
    fid = findings_of(ws, "n1")[0]["id"]
    with pytest.raises(InputError):
        decisions.decide(ws, vault, carol, fid, "retype", new_type="NOT_A_TYPE")
    with pytest.raises(InputError):
        decisions.decide(ws, vault, carol, fid, "confirm", allow_list=True)
    with pytest.raises(InputError):
        decisions.decide(ws, vault, carol, 99999, "confirm")
    with pytest.raises(InputError):
        decisions.add_span(ws, vault, carol, "n1", "text", 5, 10_000, "PERSON")
    assert all(f["status"] == "open" for f in findings_of(ws, "n1"))


def test_when_low_confidence_findings_are_open_then_approval_waits_for_them(review):
    ws, carol = review.ws, review.carol
    with ws.connect() as conn:  # make one finding low-confidence
        fid = conn.execute("SELECT id FROM findings WHERE record_id = 'n4' ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE findings SET score = 0.55 WHERE id = ?", (fid,))
    top = views.queue(ws, carol)[0]
    assert top.record_id == "n4" and top.n_open_low_confidence == 1
    with pytest.raises(StateError):
        decisions.approve(ws, carol, "n4")
    decisions.decide(ws, review.vault, carol, fid, "confirm")
    decisions.approve(ws, carol, "n4")
    assert "n4" not in [item.record_id for item in views.queue(ws, carol, limit=None)]
    assert views.next_in_queue(ws, carol, after="n4") is not None


def test_when_decisions_come_in_a_batch_then_each_one_is_listed_in_the_audit_log(review):
    ws = review.ws
    ids = [f["id"] for f in findings_of(ws, "n2")][:3]
    decisions.decide_many(ws, review.vault, review.carol, [decisions.Decision(i, "reject") for i in ids])
    decisions.approve_many(ws, review.carol, ["n2", "n3"])
    entries = {e["action"]: e for e in ws.audit().entries()}
    assert entries["review.decide_batch"]["details"]["finding"] == ids
    assert entries["review.decide_batch"]["details"]["decision"] == ["reject"] * 3
    assert entries["review.approve_batch"]["details"]["record"] == ["n2", "n3"]


class _AuditFails(RuntimeError):
    pass


def _failing_audit(*args, **kwargs):
    raise _AuditFails("the audit log could not be written")


def test_when_the_audit_entry_cannot_be_written_then_the_decision_does_not_land_either(review, monkeypatch):
    """Decisions and their audit entries commit together (Workspace.audited_transaction)."""
    ws, carol = review.ws, review.carol
    finding = findings_of(ws, "n1")[0]
    entries_before = len(ws.audit().entries())
    monkeypatch.setattr("kit.review.store.audit_decisions", _failing_audit)
    with pytest.raises(_AuditFails):
        decisions.decide(ws, review.vault, carol, finding["id"], "reject")
    with pytest.raises(_AuditFails):
        decisions.approve(ws, carol, "n3")
    assert next(f for f in findings_of(ws, "n1") if f["id"] == finding["id"])["status"] == finding["status"]
    with ws.connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM approvals WHERE record_id = 'n3'").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0] == 0
    assert len(ws.audit().entries()) == entries_before and ws.audit().verify().ok
