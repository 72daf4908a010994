import contextlib
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


@pytest.fixture
def stopped(ws, trainable):
    """A run trained in this process through its first epoch, then stopped: an epoch checkpoint to pick."""
    from kit.training import checkpoints
    from kit.training.runs import execute

    cfg = fast_config(epochs=2, eval_max_new_tokens=3)  # 8 examples, batches of 4: 2 steps per epoch
    run = create_run(ws, "tiny", str(trainable), cfg, actor(Role.ML_ENGINEER), launch=False)
    result = execute(ws, run.id, should_stop=lambda: bool(checkpoints.list_checkpoints(run.dir)))
    assert result.status == "stopped"
    return get_run(ws, run.id)


def audit_actions(ws) -> list[str]:
    return [e["action"] for e in ws.audit().entries()]


def test_when_a_run_is_stopped_then_its_epoch_checkpoint_is_selected_and_the_run_resumed_from_the_page(
    app, ws, trainable, stopped
):
    at = open_train(app, trainable)
    no_exception(at)
    assert at.selectbox(key="train_ckpt").value == 2
    body = " ".join(str(h.proto.body) for h in at.get("html"))
    assert "question 1000 about the visit" in body  # the validation prompt, next to the checkpoint's answer
    at.button(key="train_select").click().run()
    no_exception(at)
    assert get_run(ws, stopped.id).selected_checkpoint == 2
    assert get_run(ws, stopped.id).adapter_dir.parent.name == "step-000002"
    assert "train.select" in audit_actions(ws)

    assert not at.button(key="train_resume").disabled
    at.button(key="train_resume").click().run()
    no_exception(at)
    run = get_run(ws, stopped.id)
    try:
        assert any(f"Resumed {stopped.id}" in s.value for s in at.success)
        assert run.status in ("queued", "running", "completed") and run.pid
        assert "train.resume" in audit_actions(ws)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(run.pid, signal.SIGKILL)  # the worker would finish the second epoch; the launch is the point
