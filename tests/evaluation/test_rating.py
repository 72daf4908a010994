"""Blind rating: assignment with overlap, the rater view carries no model identity, role checks."""

from __future__ import annotations

import dataclasses

import pytest

from kit.errors import PermissionDenied, StateError
from kit.evaluation.assignment import assign
from kit.evaluation.protocol import QUESTION
from kit.evaluation.rating import RaterView, next_task, progress, stored_ratings, submit_rating
from kit.evaluation.results import evaluation_stats
from tests.evaluation.conftest import BASE, RUN_ID


def test_when_prompts_are_assigned_then_overlap_items_go_to_two_raters(workspace, actors, stored_eval):
    result = assign(workspace, actors["mel"], stored_eval, ["dana", "raj"], overlap=2, seed=1)
    assert result.n_prompts == 6 and result.overlap_prompts == 2
    assert result.n_tasks == 8  # 2 overlap prompts x 2 raters + 4 single prompts
    assert result.per_rater == {"dana": 4, "raj": 4}


def test_when_rater_views_a_task_then_no_model_identity_reaches_it(workspace, actors, stored_eval):
    assign(workspace, actors["mel"], stored_eval, ["dana", "raj"], overlap=6, seed=3)
    names = {f.name for f in dataclasses.fields(RaterView)}
    assert names == {"task_id", "prompt", "answer_a", "answer_b", "position", "total", "question", "choices", "grades"}
    seen_orders = set()
    while (view := next_task(workspace, actors["dana"])) is not None:
        flat = repr(dataclasses.asdict(view))
        for secret in (RUN_ID, BASE, "base", stored_eval, "run-"):
            assert secret not in flat
        assert view.question == QUESTION
        seen_orders.add(view.answer_a.startswith("Fine-tuned"))
        submit_rating(workspace, actors["dana"], view.task_id, "a")
    assert seen_orders == {True, False}  # A/B order really is randomized


def test_when_non_expert_rates_then_permission_denied(workspace, actors, stored_eval):
    assign(workspace, actors["mel"], stored_eval, ["dana"], overlap=0)
    view = next_task(workspace, actors["dana"])
    with pytest.raises(PermissionDenied):
        submit_rating(workspace, actors["mel"], view.task_id, "a")
    with pytest.raises(PermissionDenied):
        next_task(workspace, actors["carol"])
    with pytest.raises(PermissionDenied, match="another rater"):
        submit_rating(workspace, actors["raj"], view.task_id, "a")


def test_when_task_is_rated_twice_then_state_error(workspace, actors, stored_eval):
    assign(workspace, actors["mel"], stored_eval, ["dana"], overlap=0)
    view = next_task(workspace, actors["dana"])
    submit_rating(workspace, actors["dana"], view.task_id, "tie", grade="Pass")
    with pytest.raises(StateError):
        submit_rating(workspace, actors["dana"], view.task_id, "a")
    assert progress(workspace, actors["dana"]).done == 1


def test_when_both_raters_finish_then_stats_are_unblinded_against_base(workspace, actors, stored_eval):
    assign(workspace, actors["mel"], stored_eval, ["dana", "raj"], overlap=3, seed=2)
    for rater in ("dana", "raj"):
        while (view := next_task(workspace, actors[rater])) is not None:
            prefer_ft = "a" if view.answer_a.startswith("Fine-tuned") else "b"
            submit_rating(workspace, actors[rater], view.task_id, prefer_ft, grade="excellent")
    stats = evaluation_stats(workspace, RUN_ID)
    (pair,) = stats["pairs"]
    assert pair["systems"] == [RUN_ID, BASE] and pair["win"] == 100.0
    assert stats["agreement"]["tie_discounted"] == 1.0 and stats["agreement"]["n_overlap_items"] == 3
    assert stats["grades"] == {RUN_ID: {"excellent": 9}}
    assert len(stored_ratings(workspace, stats["eval_id"])) == 9
    assert any(e["action"] == "eval.rate" for e in workspace.audit().entries())


def test_when_a_rater_has_two_evaluations_then_progress_counts_within_the_current_one(workspace, actors, stored_eval):
    from kit.evaluation.evaluations import record_evaluation
    from kit.evaluation.generation import SamplingConfig
    from kit.users import SYSTEM
    from tests.evaluation.conftest import PROMPTS, answers_for, make_plan

    later = record_evaluation(
        workspace,
        SYSTEM,
        make_plan(PROMPTS[:2]),
        answers_for(PROMPTS[:2], {BASE: "b{i}", RUN_ID: "f{i}"}),
        SamplingConfig(),
    )
    assign(workspace, actors["mel"], stored_eval, ["dana"], overlap=0)  # 6 tasks
    assign(workspace, actors["mel"], later, ["dana"], overlap=0)  # 2 tasks
    seen = []
    while (view := next_task(workspace, actors["dana"])) is not None:
        seen.append((view.position, view.total))
        submit_rating(workspace, actors["dana"], view.task_id, "tie")
    assert seen == [(k, 6) for k in range(1, 7)] + [(1, 2), (2, 2)]
