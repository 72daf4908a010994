import pytest

from kit.users import Role
from tests.ui.conftest import no_exception
from tests.ui.seed import rated_and_probed


@pytest.fixture
def evaluated(ws, trained):
    rated_and_probed(ws, trained)
    return trained


def test_when_nothing_is_evaluated_then_the_report_page_says_what_comes_first(app):
    at = app(Role.COMPLIANCE, "report")
    no_exception(at)
    assert "No evaluated run yet" in at.info[0].value


def test_when_a_run_is_rated_then_chart_agreement_probes_and_gate_show(app, evaluated):
    at = app(Role.ML_ENGINEER, "report")
    no_exception(at)
    assert at.get("image"), "win/tie/loss chart"
    labels = {m.label: m.value for m in at.metric}
    assert labels["PHI findings, fine-tuned model"] == "0"
    assert "Tie-discounted agreement" in labels
    assert "PASS" in at.success[0].value
    assert not [b for b in at.button if b.key == "release"], "ML engineers may not release"


def test_when_compliance_releases_a_passing_run_then_the_release_is_exported(app, ws, evaluated):
    at = app(Role.COMPLIANCE, "report")
    at.button(key="release").click().run()
    no_exception(at)
    assert any("Released rel-" in s.value for s in at.success)
    assert [p.name for p in ws.releases_dir.iterdir() if p.name.startswith("rel-")]


def test_when_compliance_runs_the_phi_probe_alone_then_findings_show_and_memorization_stays_not_run(app, ws, trained):
    from kit.evaluation.store import latest_evaluation, latest_probes
    from tests.ui.seed import evaluation_with_tasks

    evaluation_with_tasks(ws, trained)
    at = app(Role.COMPLIANCE, "report")
    no_exception(at)
    assert any("REFUSED" in w.value for w in at.warning)  # no ratings, no probes yet: a verdict, not an error
    at.checkbox(key="probe_memorization").uncheck().run()
    at.button(key="run_probes").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    probes = latest_probes(ws, latest_evaluation(ws, trained).id)
    assert set(probes) == {"phi"}
    labels = {m.label: m.value for m in at.metric}
    phi = probes["phi"]
    assert labels["PHI findings, fine-tuned model"] == str(phi["by_system"][phi["candidate"]])
    assert any(f"{phi['n_findings']} in all systems' answers" in c.value for c in at.caption)
    assert labels["Max verbatim overlap"] == "not run"
