import io

import pytest
from rich.console import Console

from tests.training.conftest import save_dataset


@pytest.mark.slow  # converts the packaged SmolLM2 GGUF (~25 s) and trains it for two steps
def test_when_demo_step_runs_fast_then_adapter_and_run_id_are_recorded(workspace, actors, tmp_path):
    from kit.demo import DemoContext
    from kit.training.demo import demo_step
    from kit.training.runs import get_run

    out = io.StringIO()
    ctx = DemoContext(
        console=Console(file=out, width=200),
        vault=None,
        actors=actors,
        fast=True,
        state={"dataset": str(save_dataset(tmp_path / "ds", n_train=8, n_val=2))},
    )
    demo_step(workspace, ctx)
    run = get_run(workspace, ctx.state["run_id"])
    assert run.status == "completed" and (run.adapter_dir / "adapter_model.safetensors").is_file()
    assert "step budget" in out.getvalue()


@pytest.mark.parametrize("fast", [False, True])
def test_demo_schedule_trains_on_every_step_including_the_last(fast):
    from kit.training.demo import demo_config
    from kit.training.loop import lr_factor

    cfg = demo_config(fast)
    lrs = [cfg.learning_rate * lr_factor(cfg, s, cfg.max_steps) for s in range(cfg.max_steps)]
    assert lrs[0] == pytest.approx(3e-4) and lrs[-1] == pytest.approx(3e-5)
    assert all(lr > 0 for lr in lrs)
