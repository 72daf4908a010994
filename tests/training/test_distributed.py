"""Two CPU processes, gloo backend: the DDP path `accelerate launch` / torchrun use on GPUs."""

import os
import socket

import pytest
import torch
import torch.multiprocessing as mp

from tests.training.conftest import fast_config


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _join_group(rank: int, world: int, port: int) -> None:
    """What a launcher gives each process: the offline guard first, then the torch.distributed variables."""
    from kit import offline

    offline.install()
    os.environ.update(
        RANK=str(rank),
        LOCAL_RANK=str(rank),
        WORLD_SIZE=str(world),
        MASTER_ADDR="127.0.0.1",
        MASTER_PORT=str(port),
        OMP_NUM_THREADS="1",
    )


def _rank_main(rank: int, world: int, port: int, run_dir: str, model: str, data: str) -> None:
    _join_group(rank, world, port)
    from kit.training.loop import Trainer
    from kit.training.modeling import trainable_state

    trainer = Trainer(run_dir, fast_config(epochs=2, lora_dropout=0.1), model, data, None)
    assert trainer.world == 2 and trainer.acc.distributed_type.value == "MULTI_CPU"
    result = trainer.run(resume=False, should_stop=lambda: False)
    torch.save(
        {"state": trainable_state(trainer.acc.unwrap_model(trainer.model)), "step": result.final_step},
        os.path.join(run_dir, f"rank{rank}.pt"),
    )


def test_when_two_gloo_processes_train_then_both_ranks_end_with_equal_weights(tmp_path, tiny_model, tiny_dataset):
    from safetensors.torch import load_file

    mp.spawn(_rank_main, args=(2, _free_port(), str(tmp_path), str(tiny_model), str(tiny_dataset)), nprocs=2)
    rank0, rank1 = (torch.load(tmp_path / f"rank{r}.pt") for r in (0, 1))
    assert rank0["step"] == rank1["step"] == 8
    assert rank0["state"].keys() == rank1["state"].keys()
    for name, tensor in rank0["state"].items():
        torch.testing.assert_close(tensor, rank1["state"][name], rtol=0, atol=0, msg=name)
    assert any(t.abs().sum() > 0 for n, t in rank0["state"].items() if "lora_B" in n)
    assert (tmp_path / "adapter").is_dir() and not (tmp_path / "rank1").exists()
    assert load_file(str(tmp_path / "adapter" / "adapter_model.safetensors"))


def _stopping_rank_main(rank: int, world: int, port: int, run_dir: str, model: str, data: str) -> None:
    _join_group(rank, world, port)
    from kit.training.loop import Trainer

    asked = []

    def only_rank_1_after_three_steps() -> bool:  # `kit train stop` seen by one process first
        asked.append(1)
        return rank == 1 and len(asked) >= 3

    trainer = Trainer(run_dir, fast_config(epochs=2, checkpoint_every_steps=100), model, data, None)
    result = trainer.run(resume=False, should_stop=only_rank_1_after_three_steps)
    torch.save({"status": result.status, "step": result.final_step}, os.path.join(run_dir, f"stop{rank}.pt"))


@pytest.mark.timeout(180)
def test_when_one_rank_is_asked_to_stop_then_every_rank_stops_after_the_same_step(tmp_path, tiny_model, tiny_dataset):
    from kit.training import checkpoints

    args = (2, _free_port(), str(tmp_path), str(tiny_model), str(tiny_dataset))
    mp.spawn(_stopping_rank_main, args=args, nprocs=2)
    ends = [torch.load(tmp_path / f"stop{r}.pt") for r in (0, 1)]
    assert ends == [{"status": "stopped", "step": 3}] * 2
    assert checkpoints.latest(tmp_path)["step"] == 3
