"""The review queue's order: low confidence first, then rare types, then never-reviewed records."""

from __future__ import annotations

from kit.ingest import ingest
from kit.review import decisions, views
from kit.review.detect import run_detection
from tests.review.conftest import findings_of, low_confidence_ids, write_jsonl

NOTES = [
    {"id": "a", "text": "Seen today for a cough. Call the patient back at 555-201-3344 tomorrow."},
    {"id": "b", "text": "Seen today for a rash. Call the patient back at 555-201-3355 tomorrow."},
    {"id": "c", "text": "Seen today for a sprain. Call the patient back at 555-201-3366 tomorrow."},
    {"id": "d", "text": "Seen today for a fever. Send the results to jm@example.com tomorrow."},
]


def test_when_no_finding_is_low_confidence_then_rare_types_and_never_reviewed_records_come_first(
    workspace, vault, actors, review_engine, tmp_path
):
    carol = actors["carol"]
    ingest(workspace, vault, write_jsonl(tmp_path / "notes.jsonl", NOTES), "documents", carol)
    run_detection(workspace, vault, carol, engine=review_engine)
    assert not low_confidence_ids(workspace), "precondition: every finding is confident"
    types = {r: {f["entity_type"] for f in findings_of(workspace, r)} for r in "abcd"}
    assert types == {"a": {"PHONE_NUMBER"}, "b": {"PHONE_NUMBER"}, "c": {"PHONE_NUMBER"}, "d": {"EMAIL_ADDRESS"}}
    workspace.settings["review"] = {"rare_type_share": 0.3}  # EMAIL_ADDRESS: 1 of 4 findings = rare
    decisions.decide(workspace, vault, carol, findings_of(workspace, "b")[0]["id"], "confirm")  # b: reviewed

    items = views.queue(workspace, carol, limit=None)

    assert [i.record_id for i in items] == ["d", "a", "c", "b"]
    by_id = {i.record_id: i for i in items}
    assert by_id["d"].rare_types == ("EMAIL_ADDRESS",) and "never reviewed" in by_id["d"].reasons
    assert by_id["a"].reasons == ("never reviewed",) and by_id["b"].reasons == () and by_id["b"].state == "in_review"
    assert by_id["d"].risk > by_id["a"].risk == by_id["c"].risk > by_id["b"].risk
    assert views.next_in_queue(workspace, carol).record_id == "d"
