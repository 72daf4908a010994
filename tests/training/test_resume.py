"""kill -9 mid-run, then resume: same final weights as an uninterrupted run, every step logged once."""

import json
import os
import signal

import torch
import torch.multiprocessing as mp
from safetensors.torch import load_file

from kit.training import checkpoints
from kit.training.loop import train
from tests.training.conftest import fast_config

KILL_AFTER = 7  # not an epoch end (4 steps/epoch) nor a checkpoint step (every 5): steps 6-7 are lost


def _config():
    return fast_config(epochs=3, checkpoint_every_steps=5, lora_dropout=0.1, eval_generations=0)


def _killed_run(run_dir: str, model: str, data: str) -> None:
    """Train until step KILL_AFTER has been logged, then SIGKILL this process (no cleanup, no flush)."""
    from kit import offline

    offline.install()
    metrics = os.path.join(run_dir, "metrics.jsonl")

    def kill_when_logged() -> bool:
        with open(metrics) as handle:
            if json.loads(handle.read().splitlines()[-1])["step"] >= KILL_AFTER:
                os.kill(os.getpid(), signal.SIGKILL)
        return False

    train(run_dir, _config(), model, data, should_stop=kill_when_logged)


def _tensorboard_steps(run_dir, tag: str) -> list[int]:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    events = EventAccumulator(str(run_dir / "tensorboard"), purge_orphaned_data=True).Reload()
    return [e.step for e in events.Scalars(tag)]


def test_when_killed_and_resumed_then_weights_match_an_uninterrupted_run_and_each_step_is_logged_once(
    tmp_path, tiny_model, tiny_dataset
):
    whole, resumed = tmp_path / "whole", tmp_path / "resumed"
    whole.mkdir(), resumed.mkdir()
    assert train(whole, _config(), tiny_model, tiny_dataset).final_step == 12

    child = mp.get_context("spawn").Process(target=_killed_run, args=(str(resumed), str(tiny_model), str(tiny_dataset)))
    child.start()
    child.join(120)
    assert child.exitcode == -signal.SIGKILL
    logged = [json.loads(x)["step"] for x in (resumed / "metrics.jsonl").read_text().splitlines()]
    assert logged == list(range(1, KILL_AFTER + 1)) and checkpoints.latest(resumed)["step"] == 5

    result = train(resumed, _config(), tiny_model, tiny_dataset, resume=True)
    assert (result.status, result.final_step) == ("completed", 12)

    expected, got = (load_file(str(d / "adapter" / "adapter_model.safetensors")) for d in (whole, resumed))
    assert expected.keys() == got.keys()
    for name, tensor in expected.items():
        torch.testing.assert_close(got[name], tensor, rtol=1e-5, atol=1e-6, msg=name)

    lines = [json.loads(x) for x in (resumed / "metrics.jsonl").read_text().splitlines()]
    assert [x["step"] for x in lines] == list(range(1, 13))
    assert [x["step"] for x in (json.loads(y) for y in (resumed / "evals.jsonl").read_text().splitlines())] == [
        4,
        8,
        12,
    ]
    whole_lines = [json.loads(x) for x in (whole / "metrics.jsonl").read_text().splitlines()]
    assert [x["loss"] for x in lines] == [x["loss"] for x in whole_lines]
    assert all(b["elapsed_s"] >= a["elapsed_s"] for a, b in zip(lines, lines[1:]))  # the clock carries on
    assert _tensorboard_steps(resumed, "train/loss") == list(range(1, 13))
