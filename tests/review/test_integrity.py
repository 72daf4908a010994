"""What the sign-off vouches for: replaced spans kept with the text, no stale QA marks, every id audited."""

from __future__ import annotations

import json

import pytest

from kit.errors import StateError
from kit.ingest import ingest
from kit.review import decisions, sampling, signoff, store
from kit.review.api import signed_off_records
from kit.review.detect import run_detection
from kit.review.engine import anonymize_with_spans, make_finding, resolve_for_anonymization
from tests.review.conftest import findings_of, resolve_low_confidence, set_review, write_jsonl


def _entries(ws, action: str) -> list[dict]:
    return [e for e in ws.audit().entries() if e["action"] in (action, f"{action}_batch")]


def _audited_records(ws, action: str) -> list[str]:
    out = []
    for e in _entries(ws, action):
        details = e.get("details", e)
        out += details["record"] if e["action"].endswith("_batch") else [e["object_id"]]
    return out


def test_when_anonymizing_span_by_span_then_the_text_equals_one_redaction_anonymize_call(review):
    from kit.review.config import load_workspace_policy
    from redaction import anonymize as redaction_anonymize

    policy, secret = load_workspace_policy(review.ws).policy, review.vault.derive_key("surrogates")
    for record_id in ("n1", "n2", "n4"):
        text = review.raw[record_id]
        ranked = [
            make_finding(f["start"], f["end"], f["entity_type"], f["score"]) for f in findings_of(review.ws, record_id)
        ]
        new, spans = anonymize_with_spans(text, ranked, policy, secret, "p-1")
        whole = redaction_anonymize(
            text, resolve_for_anonymization(text, ranked), policy, secret=secret, patient_key="p-1"
        )
        assert new == whole and spans
        resolved = [(f.start, f.end) for f in resolve_for_anonymization(text, ranked)]
        # Outside the replaced spans the new text is the old text, piece for piece.
        assert [new[a:b] for a, b in _gaps([s[:2] for s in spans], len(new))] == [
            text[a:b] for a, b in _gaps(resolved, len(text))
        ]


def test_when_a_text_holds_a_date_implying_an_age_over_89_then_it_becomes_a_placeholder(review):
    """The reference year comes from every date of the text, so the record is anonymized in one call."""
    from kit.review.config import load_workspace_policy
    from redaction import anonymize as redaction_anonymize

    policy, secret = load_workspace_policy(review.ws).policy, review.vault.derive_key("surrogates")
    text = "DOB 03/04/1937. Follow-up 01/15/2028."
    ranked = [make_finding(4, 14, "DATE", 1.0), make_finding(26, 36, "DATE", 1.0)]
    new, spans = anonymize_with_spans(text, ranked, policy, secret, "p-1")
    assert new == redaction_anonymize(text, ranked, policy, secret=secret, patient_key="p-1")
    assert new.startswith("DOB [DATE]. Follow-up ") and "01/15/2028" not in new  # removed, and shifted
    assert [new[a:b] for a, b, _ in spans][0] == "[DATE]" and [t for *_, t in spans] == ["DATE", "DATE"]


def _gaps(spans, length):
    cursor = 0
    for start, end in spans:
        yield cursor, start
        cursor = end
    yield cursor, length


def test_when_signed_off_then_each_record_carries_its_replaced_spans_offsets_and_types_only(review):
    ws, carol = review.ws, review.carol
    set_review(ws, mode="sample_n", n=6, threshold=0.5)
    resolve_low_confidence(review)
    drawn = sampling.draw_sample(ws, review.vault, carol)
    sampling.mark_many(ws, carol, {r: [] for r in drawn.drawn})
    signoff.sign_off(ws, carol)
    records = {r.id: r for r in signed_off_records(ws)}
    spans = records["n1"].replaced_spans["text"]
    assert {s.entity_type for s in spans} >= {"PERSON", "PHONE_NUMBER"}
    text = records["n1"].fields["text"]
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert "John Miller" not in text and "555-201-3344" not in text
    with ws.connect() as conn:
        stored = conn.execute("SELECT replaced_spans FROM signoff_records WHERE record_id = 'n1'").fetchone()[0]
    assert all(isinstance(v, (int, str)) and v not in ("John", "Miller") for s in json.loads(stored)["text"] for v in s)


def test_when_a_clean_marked_record_is_rebuilt_differently_then_its_mark_is_requeued_and_signoff_waits(review):
    ws, vault, carol = review.ws, review.vault, review.carol
    set_review(ws, mode="sample_n", n=6, threshold=0.5)
    resolve_low_confidence(review)
    drawn = sampling.draw_sample(ws, vault, carol)
    sampling.mark_many(ws, carol, {r: [] for r in drawn.drawn})
    assert signoff.review_summary(ws).blockers == ()

    start = review.raw["n3"].index("metformin")  # a reviewer redacts one more span: n3's text changes
    decisions.add_span(ws, vault, carol, "n3", "text", start, start + len("metformin"), "PERSON")
    assert signoff.review_summary(ws).qa.stale == 1
    redrawn = sampling.draw_sample(ws, vault, carol)

    assert redrawn.requeued == ["n3"] and redrawn.drawn == []
    summary = signoff.review_summary(ws)
    assert summary.qa.checked == 5 and summary.qa.pending == 1 and summary.qa.stale == 0
    assert any("not checked yet" in b for b in summary.blockers)
    with pytest.raises(StateError, match="not checked yet"):
        signoff.sign_off(ws, carol)
    assert _audited_records(ws, "review.sample.requeue") == ["n3"]

    sampling.mark_clean(ws, carol, "n3")
    signed = signoff.sign_off(ws, carol)
    with ws.connect() as conn:
        mismatched = conn.execute(
            "SELECT COUNT(*) FROM qa_samples q JOIN signoff_records s ON s.record_id = q.record_id "
            "WHERE s.signoff_id = ? AND q.text_hash != s.text_hash",
            (signed.id,),
        ).fetchone()[0]
    assert mismatched == 0


def test_when_the_policy_approves_records_then_every_id_is_in_the_audit_log(review):
    ws = review.ws
    set_review(ws, mode="sample_n", n=2, threshold=0.5)
    resolve_low_confidence(review)
    sampling.draw_sample(ws, review.vault, review.carol)
    with ws.connect() as conn:
        automatic = sorted(r[0] for r in conn.execute("SELECT record_id FROM approvals WHERE automatic = 1"))
    assert len(automatic) == 6
    assert sorted(_audited_records(ws, "review.auto_approve")) == automatic


def test_when_an_allow_list_decision_suppresses_many_findings_then_every_id_is_audited(
    workspace, vault, actors, review_engine, tmp_path, monkeypatch
):
    monkeypatch.setattr(store, "AUDIT_CHUNK", 25)  # several batch entries, as a big corpus would write
    notes = [{"id": f"m{i:02d}", "text": f"Seen at Mercy Hospital on day {i} for a routine check."} for i in range(60)]
    ingest(workspace, vault, write_jsonl(tmp_path / "notes.jsonl", notes), "documents", actors["carol"])
    run_detection(workspace, vault, actors["carol"], engine=review_engine)
    with workspace.connect() as conn:
        hospital = [r[0] for r in conn.execute("SELECT id FROM findings WHERE entity_type = 'HOSPITAL' ORDER BY id")]
    assert len(hospital) == 60, "precondition: the engine flags the facility in every note"

    result = decisions.decide(workspace, vault, actors["carol"], hospital[0], "reject", allow_list=True)

    assert result.propagated.findings == 59
    entries = _entries(workspace, "review.suppress")
    audited = [f for e in entries for f in e.get("details", e)["finding"]]
    assert sorted(audited) == hospital[1:] and len(entries) == 3
    assert "Mercy" not in json.dumps(entries)
