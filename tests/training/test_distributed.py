"""Two CPU processes, gloo backend: the DDP path `accelerate launch` / torchrun use on GPUs."""

import os
import socket

import torch
import torch.multiprocessing as mp

from tests.training.conftest import fast_config


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rank_main(rank: int, world: int, port: int, run_dir: str, model: str, data: str) -> None:
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
