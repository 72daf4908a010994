"""The real chain, no stand-ins: a compliance sign-off made with kit.review -> a curated dataset -> a tiny
trained run -> generated answers -> blind ratings -> probes -> `kit release` with the sign-off required."""

from __future__ import annotations

import json

from kit.curation.build import build_dataset
from kit.curation.config import CurationConfig
from kit.evaluation.assignment import assign
from kit.evaluation.evaluations import generate_for_run
from kit.evaluation.gate_policy import ReleaseGatePolicy
from kit.evaluation.generation import SamplingConfig
from kit.evaluation.probes.memorization import MemorizationSettings
from kit.evaluation.probes.runner import run_probes
from kit.evaluation.rating import next_task, submit_rating
from kit.evaluation.release import release_run
from kit.evaluation.store import get_evaluation
from kit.review.api import latest_signoff
from tests.conftest import TEST_PASSPHRASE

GATE = ReleaseGatePolicy(
    min_ratings=4,
    min_win_or_tie_rate=0.5,
    min_win_or_tie_lower_bound=0.5,
    max_phi_findings=0,
    max_verbatim_overlap=0.5,
    require_memorization_probe=True,
    require_signoff=True,
)


def _trained_run(ws, actors, tmp_path, dataset: str) -> str:
    from kit.training.registry import add_model
    from kit.training.runs import create_run, execute
    from tests.tiny_models import tiny_causal_lm
    from tests.training.conftest import fast_config

    add_model(ws, tiny_causal_lm(tmp_path), name="tiny")
    run = create_run(ws, "tiny", dataset, fast_config(max_steps=1, epochs=1), actors["mel"], launch=False)
    assert execute(ws, run.id).status == "completed"
    return run.id


def _rate_for_candidate(ws, actors, eval_id: str) -> None:
    """Two experts rate blind; the test (not the rater view) looks up which answer is the fine-tuned one."""
    candidate = get_evaluation(ws, eval_id).candidate
    assign(ws, actors["mel"], eval_id, ["dana", "raj"], overlap=2, seed=0)
    for rater in ("dana", "raj"):
        while (view := next_task(ws, actors[rater])) is not None:
            with ws.connect() as conn:
                system_a = conn.execute(
                    "SELECT g.system FROM rating_tasks t JOIN generations g ON g.id = t.gen_a WHERE t.id = ?",
                    (view.task_id,),
                ).fetchone()[0]
            submit_rating(ws, actors[rater], view.task_id, "a" if system_a == candidate else "b", "pass")


def test_when_a_signed_off_dataset_is_trained_rated_and_probed_then_release_carries_the_real_signoff(
    workspace, actors, tmp_path, monkeypatch
):
    from tests.ui.seed import signed_off

    monkeypatch.setenv("KIT_PASSPHRASE", TEST_PASSPHRASE)
    signed_off(workspace, tmp_path)  # ingest, detect, resolve, QA sample, sign-off: kit.review library calls
    signoff = latest_signoff(workspace)
    assert signoff is not None and signoff.reviewer == "carol"

    ref = build_dataset(
        workspace, actors["mel"], name="faq", config=CurationConfig(n=8, dev=2, test=4, embedder="tfidf")
    ).ref
    assert ref.signoff_id == str(signoff.id)
    run_id = _trained_run(workspace, actors, tmp_path, f"{ref.name}@{ref.hash}")

    eval_id = generate_for_run(workspace, actors["mel"], run_id, cfg=SamplingConfig(max_new_tokens=8, batch_size=4))
    _rate_for_candidate(workspace, actors, eval_id)
    # The memorization probe runs the real model. The PHI probe gets a clean detector: a random tiny model
    # writes byte soup, on which the engine's verdict is a lottery (test_probes plants PHI for the real engine).
    probes = run_probes(
        workspace,
        actors["mel"],
        eval_id,
        detector=lambda text: [],
        settings=MemorizationSettings(max_examples=4, max_new_tokens=8),
    )
    assert probes["phi"]["n_answers"] == 8 and probes["memorization"]["n_examples"] == 4

    result = release_run(workspace, actors["carol"], run_id, policy=GATE)
    assert result.verdict.passed, [c.detail for c in result.verdict.failing]
    criterion = next(c for c in result.verdict.criteria if c.name == "require_signoff")
    assert criterion.value == str(signoff.id)
    chain = json.loads((result.path / "lineage.json").read_text())
    assert chain["signoff"] == {"id": str(signoff.id), "by": "carol", "at": signoff.created_at}
    assert chain["dataset"]["hash"] == ref.hash and chain["run"]["id"] == run_id
    assert chain["evaluation"]["id"] == eval_id and chain["approver"]["name"] == "carol"
    card = (result.path / "model_card.md").read_text()
    assert f"sign-off `{signoff.id}`" in card and ref.hash in card
