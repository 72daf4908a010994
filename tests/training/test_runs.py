import json
import os
import signal
import time

import pytest

from kit.errors import StateError
from kit.training import checkpoints
from kit.training.runs import create_run, get_run, list_runs, resume_run, select_checkpoint
from tests.training.conftest import fast_config


def _wait(ws, run_id, until, timeout=90):
    deadline = time.time() + timeout
    while time.time() < deadline:
        run = get_run(ws, run_id)
        if until(run):
            return run
        time.sleep(0.2)
    raise AssertionError(f"run did not reach the expected state; log: {(run.dir / 'worker.log').read_text()[-2000:]}")


def test_when_worker_is_killed_then_resume_reaches_the_same_final_step(workspace, actors, registered, tiny_dataset):
    cfg = fast_config(epochs=15, checkpoint_every_steps=5, select_epochs=[2, 3])
    run = create_run(workspace, "tiny", str(tiny_dataset), cfg, actors["mel"])
    assert (run.dir / "config.json").is_file() and run.status == "queued"
    lineage = json.loads((run.dir / "lineage.json").read_text())
    assert lineage["model"]["sha256"] == registered.sha256 and lineage["packages"]["torch"]
    assert lineage["seed"] == 0 and lineage["dataset"]["hash"] == run.dataset_hash

    running = _wait(workspace, run.id, lambda r: (checkpoints.latest(r.dir) or {}).get("step", 0) >= 5)
    os.kill(running.pid, signal.SIGKILL)
    killed = _wait(workspace, run.id, lambda r: r.status == "interrupted", timeout=10)
    reached = killed.final_step
    assert 5 <= reached < 60

    resume_run(workspace, run.id, actors["mel"])
    done = _wait(workspace, run.id, lambda r: r.status not in ("queued", "running"))
    assert done.status == "completed", done.error
    assert done.final_step == done.total_steps == 60
    assert json.loads((done.dir / "progress.json").read_text())["resumed_at"] >= 5
    assert done.adapter_dir == done.dir / "adapter"
    assert [r.id for r in list_runs(workspace)] == [run.id]

    steps = [json.loads(line)["step"] for line in (done.dir / "metrics.jsonl").read_text().splitlines()]
    assert steps == list(range(1, 61))  # steps re-run after the kill are logged once

    found = checkpoints.list_checkpoints(done.dir)
    kept = [c for c in found if c.get("keep_for_selection")]
    assert [c["epoch"] for c in kept] == [2, 3]
    for c in kept:  # superseded selection checkpoints keep only what a person selects from
        folder = checkpoints.checkpoint_dir(done.dir, c["step"])
        assert (folder / "adapter").is_dir() and (folder / "generations.jsonl").is_file()
        assert not (folder / "state.pt").exists() and not (folder / "trainable.pt").exists()
    assert [c["step"] for c in found if c["resumable"]] == [60]
    chosen = select_checkpoint(workspace, run.id, kept[0]["step"], actors["mel"])
    assert chosen.adapter_dir == checkpoints.checkpoint_dir(done.dir, kept[0]["step"]) / "adapter"
    with pytest.raises(StateError, match="selectable steps"):
        select_checkpoint(workspace, run.id, 1, actors["mel"])
    assert "train.resume" in {e["action"] for e in workspace.audit().entries()}
    log = (done.dir / "worker.log").read_text()
    started = [line for line in log.splitlines() if line.startswith("worker rank 0/1 ")]
    assert len(started) == 2  # the first launch and the resume
    assert all("offline guard: on (HF_HUB_OFFLINE=1; Python sockets: loopback" in line for line in started)
