import json
import os
import signal
import time

import pytest

from kit.training.runs import create_run, get_run, list_runs
from kit.users import Role
from tests.training.conftest import fast_config
from tests.ui.conftest import actor, no_exception


@pytest.fixture
def trainable(ws, tiny_model, tiny_dataset):
    from kit.training.registry import add_model

    add_model(ws, tiny_model, name="tiny")
    return tiny_dataset


def open_train(app, dataset):
    at = app(Role.ML_ENGINEER, "train")
    at.text_input(key="train_dataset").input(str(dataset)).run()
    return at


def test_when_ml_engineer_opens_train_then_model_preset_and_memory_estimate_show(app, trainable):
    at = open_train(app, trainable)
    no_exception(at)
    assert at.selectbox(key="train_model").value == "tiny"
    assert set(at.selectbox(key="train_preset").options) >= {"lora", "qlora", "full", "lima"}
    assert at.metric[0].label.startswith("Estimated peak memory")
    assert "fits" in at.metric[0].proto.delta


def test_when_a_run_has_metrics_then_progress_and_the_loss_chart_show(app, ws, trainable):
    run = create_run(ws, "tiny", str(trainable), fast_config(), actor(Role.ML_ENGINEER), launch=False)
    (run.dir / "metrics.jsonl").write_text("".join(json.dumps({"step": s, "loss": 3.0 / s}) + "\n" for s in (1, 2)))
    (run.dir / "progress.json").write_text(json.dumps({"step": 2, "total_steps": 8, "loss": 1.5}))
    at = open_train(app, trainable)
    no_exception(at)
    values = {m.label: m.value for m in at.metric}
    assert values["Step"] == "2/8" and values["Status"] == "queued"
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")


def test_when_a_queued_run_has_no_worker_then_stop_explains_why_without_a_traceback(app, ws, trainable):
    create_run(ws, "tiny", str(trainable), fast_config(), actor(Role.ML_ENGINEER), launch=False)
    at = open_train(app, trainable)
    at.button(key="train_stop").click().run()
    no_exception(at)
    assert "not running" in at.error[0].value


def test_when_ml_engineer_launches_then_a_run_is_created_and_its_worker_starts(app, ws, trainable):
    at = open_train(app, trainable)
    at.number_input(key="train_max_steps").set_value(1)
    at.button(key="train_launch").click().run()
    no_exception(at)
    assert "Started run-" in at.success[0].value
    run = list_runs(ws)[0]
    assert run.pid and run.config["max_steps"] == 1
    os.kill(run.pid, signal.SIGKILL)  # the slow test below trains to the end; this one only checks the launch


@pytest.mark.slow
def test_when_ml_engineer_launches_then_the_run_trains_to_completion(app, ws, trainable):
    at = open_train(app, trainable)
    at.number_input(key="train_max_steps").set_value(2)
    at.number_input(key="train_max_seq_len").set_value(64)
    at.button(key="train_launch").click().run()
    no_exception(at)
    assert "Started run-" in at.success[0].value
    run_id = list_runs(ws)[0].id
    deadline = time.time() + 120
    while get_run(ws, run_id).status in ("queued", "running") and time.time() < deadline:
        time.sleep(0.5)
    assert get_run(ws, run_id).status == "completed", get_run(ws, run_id).error
