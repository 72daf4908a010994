"""The report renders as one self-contained HTML file with its plots and the gate's verdict."""

from __future__ import annotations

import base64
import re

from kit.evaluation.report import build_report
from tests.evaluation.conftest import RUN_ID
from tests.evaluation.helpers import SMALL_GATE, probe, rate_all


def test_when_evidence_exists_then_report_embeds_every_plot_and_the_verdict(workspace, actors, stored_eval, lineage):
    rate_all(workspace, actors, stored_eval)
    probe(workspace, actors, stored_eval)
    path = build_report(workspace, actors["mel"], RUN_ID, policy=SMALL_GATE, source=lineage)
    assert path == workspace.evals_dir / stored_eval / "report.html"
    html = path.read_text()
    images = dict(re.findall(r'<img alt="([^"]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', html))
    assert {"win tie loss bars", "agreement", "loss curve", "categories", "memorization"} <= set(images)
    assert all(base64.b64decode(b64).startswith(b"\x89PNG") for b64 in images.values())
    assert "Release gate: <span class='pass'>PASS</span>" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html  # self-contained
    assert "Fine-tuned answer" not in html  # numbers and ids only, no generated text


def test_when_nothing_was_rated_then_report_still_renders_and_says_refused(
    workspace, actors, stored_eval, lineage, tmp_path
):
    out = tmp_path / "r.html"
    build_report(workspace, actors["carol"], RUN_ID, output=out, policy=SMALL_GATE, source=lineage)
    html = out.read_text()
    assert "REFUSED" in html and "No ratings yet" in html and 'alt="loss curve"' in html


def test_when_a_newer_evaluation_has_no_probes_then_report_and_gate_say_which_and_reuse_the_model_probe(
    workspace, actors, stored_eval, lineage
):
    from kit.evaluation.evaluations import record_evaluation
    from kit.evaluation.gate import assess
    from kit.evaluation.generation import SamplingConfig
    from kit.users import SYSTEM
    from tests.evaluation.conftest import BASE, PROMPTS, answers_for, make_plan

    rate_all(workspace, actors, stored_eval)
    probe(workspace, actors, stored_eval)  # PHI over stored_eval's answers + memorization of the run's model
    newer = record_evaluation(
        workspace, SYSTEM, make_plan(), answers_for(PROMPTS, {BASE: "b{i}", RUN_ID: "f{i}"}), SamplingConfig()
    )
    verdict, facts = assess(workspace, RUN_ID, SMALL_GATE, lineage)
    assert facts.eval_id == newer and "phi" not in facts.probes  # new answers: not scanned yet
    assert facts.probes["memorization"]["eval_id"] == stored_eval  # same model, so its probe still speaks
    criteria = {c.name: c for c in verdict.criteria}
    assert criteria["max_verbatim_overlap"].passed
    assert f"on evaluation {stored_eval} of the same run" in criteria["max_verbatim_overlap"].detail
    assert not criteria["max_phi_findings"].passed
    assert f"kit eval probe --eval {newer}" in criteria["max_phi_findings"].detail

    html = build_report(workspace, actors["mel"], RUN_ID, policy=SMALL_GATE, source=lineage).read_text()
    assert f"PHI probe not run on evaluation {newer}" in html and f"kit eval probe --eval {newer}" in html
    assert f"measured on evaluation {stored_eval} of the same run" in html and 'alt="memorization"' in html
