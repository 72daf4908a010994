import json

import torch
from safetensors.torch import load_file

from kit.training.loop import train
from kit.training.modeling import add_residual_dropout
from tests.training.conftest import fast_config


def _losses(run_dir):
    return [json.loads(line)["loss"] for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


def test_when_lora_trains_then_loss_falls_base_is_untouched_and_adapter_moves(tmp_path, tiny_model, tiny_dataset):
    before = load_file(str(tiny_model / "model.safetensors"))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    result = train(run_dir, fast_config(epochs=6), tiny_model, tiny_dataset)
    assert result.status == "completed" and result.final_step == result.total_steps == 24
    losses = _losses(run_dir)
    assert sum(losses[-4:]) / 4 < sum(losses[:4]) / 4 - 0.3
    assert load_file(str(tiny_model / "model.safetensors")).keys() == before.keys()
    for name, tensor in load_file(str(tiny_model / "model.safetensors")).items():
        assert torch.equal(tensor, before[name]), name  # the base checkpoint on disk is never written
    adapter = load_file(str(run_dir / "adapter" / "adapter_model.safetensors"))
    lora_b = [t for n, t in adapter.items() if "lora_B" in n]
    assert lora_b and all(t.abs().sum() > 0 for t in lora_b)  # B starts at zero: any change is training
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    merged_base = PeftModel.from_pretrained(
        AutoModelForCausalLM.from_pretrained(str(tiny_model)), str(run_dir / "adapter")
    ).get_base_model()
    for name, param in merged_base.named_parameters():
        if "lora_" not in name:
            key = name.replace("base_layer.", "")
            assert torch.equal(param, before[key]), name
    evals = [json.loads(line) for line in (run_dir / "evals.jsonl").read_text().splitlines()]
    assert len(evals) == 6 and evals[-1]["val_loss"] < evals[0]["val_loss"]
    assert (run_dir / "tensorboard").is_dir() and any((run_dir / "tensorboard").iterdir())
    assert (run_dir / "checkpoints").is_dir()
    generations = sorted((run_dir / "checkpoints").glob("step-*/generations.jsonl"))
    assert generations and json.loads(generations[-1].read_text().splitlines()[0])["id"] == "ex-1000"


def test_when_max_steps_given_then_run_stops_there(tmp_path, tiny_model, tiny_dataset):
    result = train(tmp_path, fast_config(max_steps=3, packing=True), tiny_model, tiny_dataset)
    assert (result.final_step, result.total_steps) == (3, 3)


def test_when_residual_dropout_then_rates_rise_linearly_from_zero(tiny_model):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model), num_hidden_layers=3)
    assert add_residual_dropout(model, 0.2) == [0.0, 0.1, 0.2]
