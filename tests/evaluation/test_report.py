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
