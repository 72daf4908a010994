from kit.evaluation.rating import overview
from kit.evaluation.store import latest_evaluation
from kit.users import Role
from tests.ui.conftest import no_exception
from tests.ui.seed import evaluation


def test_when_no_run_is_completed_then_the_setup_says_so(app):
    at = app(Role.ML_ENGINEER, "rate")
    no_exception(at)
    assert "No completed training run" in at.info[0].value


def test_when_ml_engineer_assigns_raters_then_tasks_exist_and_progress_shows(app, ws, trained):
    eval_id = evaluation(ws, trained)
    at = app(Role.ML_ENGINEER, "rate")
    no_exception(at)
    assert at.multiselect(key="assign_raters").value == ["dana", "raj"]
    at.number_input(key="assign_overlap").set_value(1)
    at.button(key="assign").click().run()
    no_exception(at)
    assert {p.rater for p in overview(ws, eval_id)} == {"dana", "raj"}
    assert "Assigned" in at.success[0].value
    assert latest_evaluation(ws, trained).id == eval_id


def test_when_ml_engineer_generates_answers_then_an_evaluation_is_stored(app, ws, trained):
    at = app(Role.ML_ENGINEER, "rate")
    at.number_input(key="gen_limit").set_value(2)
    at.number_input(key="gen_tokens").set_value(8)
    at.button(key="generate").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    ev = latest_evaluation(ws, trained)
    assert ev is not None and ev.split == "test"
    assert at.multiselect(key="assign_raters").value == ["dana", "raj"]


def test_when_assigning_then_overlap_defaults_to_fifty_capped_by_the_number_of_prompts(app, ws, trained):
    evaluation(ws, trained)  # three prompts
    at = app(Role.ML_ENGINEER, "rate")
    no_exception(at)
    overlap = at.number_input(key="assign_overlap")
    assert overlap.label.startswith("Prompts rated by two raters")
    assert overlap.value == 3 and overlap.max == 3
