import pytest

from kit.review.detect import run_detection
from kit.review.signoff import review_summary
from kit.review.views import record_view
from kit.users import Role
from tests.ui.conftest import actor, no_exception


@pytest.fixture
def detected(ingested):
    run_detection(ingested, ingested.vault(), actor(Role.COMPLIANCE))
    return ingested


def html_text(at) -> str:
    return " ".join(str(h.proto.body) for h in at.get("html"))


def test_when_records_are_not_detected_then_detection_runs_from_the_page(app, ingested):
    at = app(Role.COMPLIANCE, "review")
    no_exception(at)
    at.button(key="run_detection").click().run()
    no_exception(at)
    assert review_summary(ingested).states["undetected"] == 0
    assert "Detection:" in at.success[0].value


def test_when_a_record_opens_then_findings_are_highlighted_escaped_with_a_legend(app, detected):
    at = app(Role.COMPLIANCE, "review")
    no_exception(at)
    body = html_text(at)
    assert "<mark" in body and "PERSON" in body
    assert "John Smith" in body or "Mary Jones" in body


def test_when_compliance_rejects_a_finding_then_it_is_recorded(app, detected):
    at = app(Role.COMPLIANCE, "review")
    record_id = at.session_state["review_record"]
    finding = record_view(detected, detected.vault(), actor(Role.COMPLIANCE), record_id).findings[0].finding
    at.button(key=f"rev_reject_{finding.id}").click().run()
    no_exception(at)
    after = {
        fv.finding.id: fv.finding.status
        for fv in record_view(detected, detected.vault(), actor(Role.COMPLIANCE), record_id).findings
    }
    assert after[finding.id] == "rejected"


def test_when_compliance_adds_a_missed_span_then_it_is_confirmed(app, detected):
    at = app(Role.COMPLIANCE, "review")
    record_id = at.session_state["review_record"]
    word = "seen" if record_id == "note-1" else "follow-up"
    at.text_input(key="rev_span_text").input(word)
    at.selectbox(key="rev_span_type").select("ID_NUMBER")
    at.button(key="FormSubmitter:rev_add_span-Add span").click().run()
    no_exception(at)
    findings = record_view(detected, detected.vault(), actor(Role.COMPLIANCE), record_id).findings
    assert any(fv.finding.entity_type == "ID_NUMBER" and fv.finding.status == "confirmed" for fv in findings)


def test_when_compliance_approves_then_the_record_leaves_the_queue(app, detected):
    at = app(Role.COMPLIANCE, "review")
    record_id = at.session_state["review_record"]
    view = record_view(detected, detected.vault(), actor(Role.COMPLIANCE), record_id)
    for fv in view.findings:  # low-confidence findings must be decided before approval
        if fv.low_confidence:
            at.button(key=f"rev_confirm_{fv.finding.id}").click().run()
    at.button(key="rev_approve").click().run()
    no_exception(at)
    assert any(f"Approved {record_id}" in s.value for s in at.success)


def test_when_compliance_draws_the_qa_sample_then_the_bound_and_sample_show(app, ws, tmp_path):
    from tests.ui.seed import signed_off

    signed_off(ws, tmp_path, draw=False)
    at = app(Role.COMPLIANCE, "review")
    at.button(key="qa_draw").click().run()
    no_exception(at)
    assert review_summary(ws).qa.sampled == 3
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sampled / target"] == "3/3"


def test_when_nothing_blocks_then_compliance_signs_off_from_the_page(app, ws, tmp_path):
    from tests.ui.seed import signed_off

    signed_off(ws, tmp_path, sign=False)
    at = app(Role.COMPLIANCE, "review")
    assert not at.button(key="signoff").disabled
    at.button(key="signoff").click().run()
    no_exception(at)
    assert review_summary(ws).latest is not None
    assert any("Signed off" in s.value for s in at.success)


def test_when_review_is_open_then_signoff_is_disabled_and_blockers_listed(app, detected):
    at = app(Role.COMPLIANCE, "review")
    assert at.button(key="signoff").disabled
    blockers = next(d.value for d in at.dataframe if "open item" in d.value.columns)
    assert len(blockers) >= 1


def test_when_compliance_marks_sampled_records_then_the_live_bound_moves(app, ws, tmp_path):
    from kit.review.qa import clopper_pearson_upper
    from kit.review.qa_view import qa_items
    from tests.ui.seed import signed_off

    signed_off(ws, tmp_path, check=False)
    at = app(Role.COMPLIANCE, "review")
    no_exception(at)
    bound = lambda: {m.label: m.value for m in at.metric}["95% upper bound"]  # noqa: E731
    assert bound() == f"{1.0:.5f}"
    first, second = (i.record_id for i in qa_items(ws, actor(Role.COMPLIANCE))[:2])
    assert first in html_text(at) or any(first in m.value for m in at.markdown)

    at.button(key=f"qa_clean_{first}").click().run()
    no_exception(at)
    assert bound() == f"{clopper_pearson_upper(0, 1):.5f}"
    assert any(f"{first}: clean" in s.value for s in at.success)

    item = next(i for i in qa_items(ws, actor(Role.COMPLIANCE)) if i.record_id == second)
    at.text_input(key=f"qa_text_{second}").input(item.fields["prompt"].split()[0])
    at.selectbox(key=f"qa_type_{second}").select("PERSON")
    at.button(key=f"FormSubmitter:qa_residual_{second}-Residual PHI").click().run()
    no_exception(at)
    assert bound() == f"{clopper_pearson_upper(1, 2):.5f}"
    assert any("residual PHI recorded (1 residual token(s))" in s.value for s in at.success)
    assert {i.record_id: i.status for i in qa_items(ws, actor(Role.COMPLIANCE))}[second] == "residual"
    assert review_summary(ws).qa.residual_records == 1
