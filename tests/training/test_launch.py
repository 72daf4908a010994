"""`kit train --launcher accelerate`: the same run config under `accelerate launch`; shipped DDP / FSDP configs."""

import json
import shlex
import time
from fnmatch import fnmatch
from pathlib import Path

import pytest

from kit.errors import InputError, TrainingError
from kit.training.launch import SHIPPED_CONFIGS, LaunchSpec
from kit.training.runs import create_run, get_run, list_runs
from tests.training.conftest import fast_config
from tests.training.test_cli import _kit

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]


def _flat(output: str) -> str:
    return " ".join(output.split())  # rich wraps long lines at the test console's width


def _config_file(tmp_path, **fields) -> str:
    path = tmp_path / "run.yaml"
    base = dict(batch_size=4, micro_batch_size=2, max_seq_len=64, eval_generations=1, eval_max_new_tokens=4)
    path.write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in {**base, **fields}.items()))
    return str(path)


def test_when_launched_with_accelerate_on_two_processes_then_both_ranks_train_and_epochs_can_be_selected(
    workspace, registered, tiny_dataset, monkeypatch, tmp_path
):
    config = _config_file(tmp_path, epochs=2, select_epochs=[1, 2])
    args = ["train", "--dataset", str(tiny_dataset), "--model", "tiny", "--config", config]
    result = _kit(workspace, monkeypatch, *args, "--launcher", "accelerate", "--num-processes", "2", "--wait")
    assert result.exit_code == 0, result.output
    assert "2 processes via accelerate" in _flat(result.output) and "completed at step 8/8" in _flat(result.output)
    run = list_runs(workspace)[0]
    log = (run.dir / "worker.log").read_text()
    for rank in (0, 1):
        started = [line for line in log.splitlines() if line.startswith(f"worker rank {rank}/2 ")]
        assert len(started) == 1 and "offline guard: on" in started[0], log[-3000:]
    assert json.loads((run.dir / "launch.json").read_text()) == {
        "launcher": "accelerate",
        "num_processes": 2,
        "accelerate_config": None,
    }
    steps = [json.loads(line)["step"] for line in (run.dir / "metrics.jsonl").read_text().splitlines()]
    assert steps == list(range(1, 9))  # only rank 0 writes

    chosen = _kit(workspace, monkeypatch, "train", "select", run.id, "--checkpoint", "1")
    assert chosen.exit_code == 0, chosen.output
    assert get_run(workspace, run.id).selected_checkpoint == 4 and "step-4" in _flat(chosen.output)
    missing = _kit(workspace, monkeypatch, "train", "select", run.id, "--checkpoint", "epoch-7")
    assert missing.exit_code != 0 and "selectable: epoch 1 (step-4), epoch 2 (step-8)" in _flat(missing.output)


def test_when_no_start_then_the_run_is_created_and_a_valid_accelerate_command_is_printed(
    workspace, registered, tiny_dataset, monkeypatch, tmp_path
):
    from accelerate.commands.launch import launch_command_parser

    args = ["train", "--dataset", str(tiny_dataset), "--model", "tiny", "--config", _config_file(tmp_path)]
    result = _kit(workspace, monkeypatch, *args, "--launcher", "accelerate", "--num-processes", "2", "--no-start")
    assert result.exit_code == 0, result.output
    run = list_runs(workspace)[0]
    assert (run.status, run.pid) == ("queued", None) and not (run.dir / "worker.log").exists()
    line = next(x for x in result.output.splitlines() if x.startswith("accelerate launch "))
    parsed = launch_command_parser().parse_args(shlex.split(line)[2:])
    assert (parsed.config_file, parsed.num_processes, parsed.module) == (str(SHIPPED_CONFIGS["ddp"]), 2, True)
    assert parsed.training_script == "kit.training.worker"
    assert parsed.training_script_args == ["--workspace", str(workspace.root), "--run", run.id]
    time.sleep(0.5)
    assert get_run(workspace, run.id).status == "queued"  # nothing was started


def test_shipped_accelerate_configs_load_and_are_packaged():
    from accelerate.commands.config.config_args import load_config_from_file

    ddp, fsdp = (load_config_from_file(str(SHIPPED_CONFIGS[name])) for name in ("ddp", "fsdp"))
    assert ddp.distributed_type.value == "MULTI_GPU" and ddp.mixed_precision == "no"
    assert fsdp.distributed_type.value == "FSDP"
    assert fsdp.fsdp_config["fsdp_sharding_strategy"] == "FULL_SHARD"
    assert fsdp.fsdp_config["fsdp_auto_wrap_policy"] == "TRANSFORMER_BASED_WRAP"
    assert fsdp.fsdp_config["fsdp_state_dict_type"] == "FULL_STATE_DICT"  # the loop gathers full weights
    assert "fsdp_transformer_layer_cls_to_wrap" not in fsdp.fsdp_config  # taken from the model itself
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for path in SHIPPED_CONFIGS.values():
        relative = path.relative_to(ROOT / "kit").as_posix()
        assert any(fnmatch(relative, pattern) for pattern in package_data["kit"]), relative


def test_when_the_model_is_wrapped_by_fsdp_then_its_decoder_layer_class_is_known(tiny_model):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model))
    assert "LlamaDecoderLayer" in model._no_split_modules  # what TRANSFORMER_BASED_WRAP wraps


def test_when_fsdp_is_asked_for_without_a_gpu_then_refused_before_anything_is_written(
    workspace, actors, registered, tiny_dataset
):
    spec = LaunchSpec("accelerate", 2, "fsdp")
    with pytest.raises(TrainingError, match="FSDP shards the model across CUDA GPUs"):
        create_run(workspace, "tiny", str(tiny_dataset), fast_config(), actors["mel"], launcher=spec)
    assert list_runs(workspace) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (LaunchSpec("local", 2), "need --launcher accelerate"),
        (LaunchSpec("slurm"), "unknown launcher 'slurm'"),
        (LaunchSpec("accelerate", 0), "--num-processes must be >= 1"),
        (LaunchSpec("accelerate", 2, "missing.yaml"), "missing.yaml: accelerate config not found"),
    ],
)
def test_when_launch_options_are_invalid_then_input_error(spec, message):
    with pytest.raises(InputError, match=message):
        spec.validate()


def test_when_launched_by_hand_with_the_fsdp_config_on_cpu_then_the_worker_refuses_clearly(
    monkeypatch, tmp_path, tiny_model, tiny_dataset
):
    from kit.training.loop import Trainer

    monkeypatch.setenv("ACCELERATE_USE_FSDP", "true")  # what `accelerate launch --config_file fsdp.yaml` sets
    with pytest.raises(TrainingError, match="FSDP shards the model across CUDA GPUs"):
        Trainer(tmp_path, fast_config(), tiny_model, tiny_dataset, None)
