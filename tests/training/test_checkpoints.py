"""Checkpoint rotation: resume state lives only in the newest checkpoint; selection ones keep their adapter."""

import pytest
import torch

from kit.errors import InputError, StateError
from kit.training import checkpoints


def _export(folder):
    (folder / "adapter").mkdir()
    (folder / "adapter" / "adapter_model.safetensors").write_bytes(b"weights")
    (folder / "generations.jsonl").write_text('{"id": "ex-1", "response": "ok"}\n')


def _lima_like_run(run_dir, keep_last=1):
    """Epochs of 3 steps, a step checkpoint every 2 steps, epochs 2-3 kept for selection, rotated as training does."""
    for step in range(1, 13):
        epoch, epoch_end = -(-step // 3), step % 3 == 0
        if not (epoch_end or step % 2 == 0):
            continue
        keep = epoch_end and 2 <= epoch <= 3
        meta = {"epoch": epoch, "kind": "epoch" if epoch_end else "step", "keep_for_selection": keep}
        moments = {"exp_avg": torch.zeros(64), "exp_avg_sq": torch.zeros(64)}
        checkpoints.save(run_dir, step, {"w": torch.ones(4)}, {"optimizer": moments}, meta, _export if keep else None)
        checkpoints.rotate(run_dir, keep_last)


def test_when_newer_checkpoints_exist_then_selection_ones_keep_only_adapter_and_answers(tmp_path):
    _lima_like_run(tmp_path)
    found = checkpoints.list_checkpoints(tmp_path)
    assert [(c["step"], c["resumable"]) for c in found] == [(6, False), (9, False), (12, True)]
    for step in (6, 9):
        folder = checkpoints.checkpoint_dir(tmp_path, step)
        assert sorted(p.name for p in folder.iterdir()) == ["adapter", "generations.jsonl", "meta.json"]
    newest = checkpoints.checkpoint_dir(tmp_path, 12)
    assert (newest / "state.pt").is_file() and (newest / "trainable.pt").is_file()
    assert checkpoints.latest(tmp_path)["step"] == 12


def test_when_keep_last_is_two_then_two_checkpoints_keep_resume_state(tmp_path):
    _lima_like_run(tmp_path, keep_last=2)
    assert [c["step"] for c in checkpoints.list_checkpoints(tmp_path) if c["resumable"]] == [10, 12]


def test_when_the_newest_selection_checkpoint_is_the_latest_then_it_keeps_resume_state(tmp_path):
    meta = {"epoch": 1, "kind": "epoch", "keep_for_selection": True}
    checkpoints.save(tmp_path, 3, {"w": torch.ones(1)}, {"optimizer": {}}, meta, _export)
    checkpoints.rotate(tmp_path, 1)
    assert checkpoints.latest(tmp_path)["step"] == 3
    assert (checkpoints.checkpoint_dir(tmp_path, 3) / "state.pt").is_file()


def test_when_a_checkpoint_is_named_by_epoch_or_step_then_its_step_is_found(tmp_path):
    _lima_like_run(tmp_path)
    assert checkpoints.find_selectable(tmp_path, "2") == 6
    assert checkpoints.find_selectable(tmp_path, "epoch-3") == 9
    assert checkpoints.find_selectable(tmp_path, "step-9") == 9
    with pytest.raises(StateError, match=r"no selectable checkpoint at epoch 4; selectable: epoch 2 \(step-6\)"):
        checkpoints.find_selectable(tmp_path, "4")
    with pytest.raises(StateError, match="at step 12"):
        checkpoints.find_selectable(tmp_path, "step-12")  # the last epoch is outside the window
    with pytest.raises(InputError, match="give an epoch"):
        checkpoints.find_selectable(tmp_path, "best")
