"""The release gate refuses, then accepts, in the right states; release exports with card and lineage."""

from __future__ import annotations

import json

import pytest

from kit.errors import PermissionDenied
from kit.evaluation.gate import assess
from kit.evaluation.gate_policy import ReleaseGatePolicy, load_gate_policy
from kit.evaluation.release import GateRefused, release_run
from kit.workspace import REPO_POLICIES
from tests.evaluation.conftest import RUN_ID
from tests.evaluation.helpers import SMALL_GATE, probe, rate_all


def _failing(verdict):
    return {c.name for c in verdict.failing}


def test_shipped_release_gate_policy_loads_and_opens_with_its_command():
    path = REPO_POLICIES / "release_gate.yaml"
    assert (
        path.read_text().splitlines()[0].startswith("# Release gate")
        and "kit release RUN" in path.read_text().splitlines()[0]
    )
    assert load_gate_policy(path) == ReleaseGatePolicy()


def test_when_gate_policy_has_a_bad_value_then_error_names_file_and_line(tmp_path):
    bad = tmp_path / "gate.yaml"
    bad.write_text("# kit release RUN\nmin_ratings: 10\nmax_phi_findings: -1\n")
    with pytest.raises(Exception, match=r"gate.yaml:3: max_phi_findings"):
        load_gate_policy(bad)


def test_when_nothing_is_measured_then_release_is_refused_and_decision_audited(workspace, actors, stored_eval, lineage):
    with pytest.raises(GateRefused) as err:
        release_run(workspace, actors["carol"], RUN_ID, policy=SMALL_GATE, source=lineage)
    message = str(err.value)
    for name in ("min_ratings", "max_phi_findings", "max_verbatim_overlap"):
        assert name in message
    gate_entries = [e for e in workspace.audit().entries() if e["action"] == "release.gate"]
    assert gate_entries and gate_entries[-1]["details"]["passed"] is False
    assert not any(workspace.releases_dir.iterdir())


def test_when_evidence_is_complete_then_gate_accepts_and_release_has_card_and_lineage(
    workspace, actors, stored_eval, lineage, tiny_adapter
):
    lineage.model_path, lineage.adapter_dir = tiny_adapter
    rate_all(workspace, actors, stored_eval)
    verdict, _ = assess(workspace, RUN_ID, SMALL_GATE, lineage)
    assert _failing(verdict) == {"max_phi_findings", "max_verbatim_overlap"}  # probes not run yet
    probe(workspace, actors, stored_eval)
    with pytest.raises(PermissionDenied):
        release_run(workspace, actors["dana"], RUN_ID, policy=SMALL_GATE, source=lineage)
    result = release_run(workspace, actors["carol"], RUN_ID, merge=True, policy=SMALL_GATE, source=lineage)
    assert result.verdict.passed
    assert (result.path / "adapter" / "adapter_config.json").is_file()
    assert (result.path / "merged" / "config.json").is_file() and (result.path / "merged" / "tokenizer.json").is_file()
    card = (result.path / "model_card.md").read_text()
    assert RUN_ID in card and "signoff-7" in card
    chain = json.loads((result.path / "lineage.json").read_text())
    assert chain["dataset"]["hash"] == "abc123" and chain["signoff"]["id"] == "signoff-7"
    assert chain["run"]["id"] == RUN_ID and chain["evaluation"]["id"] == stored_eval
    assert chain["approver"]["name"] == "carol" and "adapter/adapter_config.json" in chain["artifacts"]
    assert any(e["action"] == "release.export" for e in workspace.audit().entries())


def test_when_candidate_loses_or_signoff_is_missing_then_gate_refuses(workspace, actors, stored_eval, lineage):
    rate_all(workspace, actors, stored_eval, prefer_prefix="Base")
    probe(workspace, actors, stored_eval)
    lineage.signoff_id = None
    verdict, _ = assess(workspace, RUN_ID, SMALL_GATE, lineage)
    assert _failing(verdict) == {"min_win_or_tie_rate", "min_win_or_tie_lower_bound", "require_signoff"}


def test_when_ratings_are_simulated_then_they_do_not_count(workspace, actors, stored_eval, lineage):
    from kit.evaluation.assignment import assign
    from kit.evaluation.rating import next_task, submit_rating
    from kit.users import Actor

    sim = Actor("SIMULATED-rater-1", "domain_expert")
    assign(workspace, actors["mel"], stored_eval, [sim.name], overlap=0)
    while (view := next_task(workspace, sim)) is not None:
        submit_rating(workspace, sim, view.task_id, "a", simulated=True)
    verdict, facts = assess(workspace, RUN_ID, SMALL_GATE, lineage)
    assert facts.n_ratings == 0 and "min_ratings" in _failing(verdict)
    detail = next(c.detail for c in verdict.criteria if c.name == "min_ratings")
    assert f"{facts.n_simulated_excluded} simulated rating(s) not counted" in detail and facts.n_simulated_excluded > 0
    counted, _ = assess(workspace, RUN_ID, SMALL_GATE.model_copy(update={"count_simulated_ratings": True}), lineage)
    assert "min_ratings" not in _failing(counted)
