import json

import pytest
import torch
from safetensors.torch import load_file

from kit.errors import TrainingError
from kit.training.config import load_preset
from kit.training.loop import Trainer, lr_factor, train
from kit.training.modeling import add_residual_dropout
from tests.training.conftest import fast_config


def _losses(run_dir):
    return [json.loads(line)["loss"] for line in (run_dir / "metrics.jsonl").read_text().splitlines()]


def test_when_lora_trains_then_loss_falls_base_is_untouched_and_adapter_moves(tmp_path, tiny_model, tiny_dataset):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    trainer = Trainer(run_dir, fast_config(epochs=6), tiny_model, tiny_dataset, None)
    model = trainer.acc.unwrap_model(trainer.model)
    base_before = {n: p.detach().clone() for n, p in model.named_parameters() if "lora_" not in n}
    lora_before = {n: p.detach().clone() for n, p in model.named_parameters() if "lora_" in n}
    assert any("base_layer" in n for n in base_before) and lora_before
    result = trainer.run(resume=False, should_stop=lambda: False)
    assert result.status == "completed" and result.final_step == result.total_steps == 24
    losses = _losses(run_dir)
    assert sum(losses[-4:]) / 4 < sum(losses[:4]) / 4 - 0.3
    after = dict(model.named_parameters())
    for name, tensor in base_before.items():  # the weights the model trained with, in memory
        assert not after[name].requires_grad, name
        assert torch.equal(after[name].detach(), tensor), name
    moved = [n for n, t in lora_before.items() if not torch.equal(after[n].detach(), t)]
    assert any("lora_A" in n for n in moved) and any("lora_B" in n for n in moved)
    adapter = load_file(str(run_dir / "adapter" / "adapter_model.safetensors"))
    lora_b = [t for n, t in adapter.items() if "lora_B" in n]
    assert lora_b and all(t.abs().sum() > 0 for t in lora_b)  # B starts at zero: any change is training
    evals = [json.loads(line) for line in (run_dir / "evals.jsonl").read_text().splitlines()]
    assert len(evals) == 6 and evals[-1]["val_loss"] < evals[0]["val_loss"]
    assert (run_dir / "tensorboard").is_dir() and any((run_dir / "tensorboard").iterdir())
    assert (run_dir / "checkpoints").is_dir()
    generations = sorted((run_dir / "checkpoints").glob("step-*/generations.jsonl"))
    assert generations and json.loads(generations[-1].read_text().splitlines()[0])["id"] == "ex-1000"


def test_lima_learning_rate_starts_at_1e5_and_decays_linearly_to_1e6_at_the_last_step():
    cfg = load_preset("lima")
    total = 150  # e.g. 15 epochs x 10 steps
    lrs = [cfg.learning_rate * lr_factor(cfg, s, total) for s in range(total)]
    assert lrs[0] == pytest.approx(1e-5, rel=1e-9)
    assert lrs[-1] == pytest.approx(1e-6, rel=1e-9)
    steps = [b - a for a, b in zip(lrs, lrs[1:])]
    assert all(d == pytest.approx(-9e-6 / (total - 1), rel=1e-6) for d in steps)  # linear, no warmup


def test_when_trained_with_the_lima_schedule_then_logged_lr_runs_from_1e5_to_1e6(tmp_path, tiny_model, tiny_dataset):
    lima = load_preset("lima")
    cfg = fast_config(
        max_steps=5,
        learning_rate=lima.learning_rate,
        final_learning_rate=lima.final_learning_rate,
        lr_schedule=lima.lr_schedule,
        warmup_ratio=lima.warmup_ratio,
        eval_generations=0,
    )
    train(tmp_path, cfg, tiny_model, tiny_dataset)
    lrs = [json.loads(line)["lr"] for line in (tmp_path / "metrics.jsonl").read_text().splitlines()]
    assert lrs == pytest.approx([1e-5, 7.75e-6, 5.5e-6, 3.25e-6, 1e-6], rel=1e-9)


def test_when_batch_is_accumulated_over_micro_batches_then_gradients_equal_one_large_batch(
    tmp_path, tiny_model, tiny_dataset
):
    grads = {}
    for micro in (1, 2, 4):
        trainer = Trainer(tmp_path / f"m{micro}", fast_config(micro_batch_size=micro), tiny_model, tiny_dataset, None)
        assert len(trainer.micro_batches(0)) == 4 // micro
        loss, _ = trainer.accumulate(0)
        model = trainer.acc.unwrap_model(trainer.model)
        grads[micro] = (loss, {n: p.grad.clone() for n, p in model.named_parameters() if p.requires_grad})
    whole_loss, whole = grads[4]
    assert any(g.abs().sum() > 0 for g in whole.values())
    for micro in (1, 2):
        loss, parts = grads[micro]
        assert loss == pytest.approx(whole_loss, rel=1e-5)
        for name, grad in whole.items():
            torch.testing.assert_close(parts[name], grad, rtol=1e-4, atol=1e-7, msg=name)


def test_when_max_steps_given_then_run_stops_there(tmp_path, tiny_model, tiny_dataset):
    result = train(tmp_path, fast_config(max_steps=3, packing=True), tiny_model, tiny_dataset)
    assert (result.final_step, result.total_steps) == (3, 3)


def test_when_residual_dropout_then_rates_rise_linearly_from_zero(tiny_model):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model), num_hidden_layers=3)
    assert add_residual_dropout(model, 0.2) == [0.0, 0.1, 0.2]


def _hooked_layers(model):
    return [
        i for i, layer in enumerate(model.model.layers) if layer.self_attn._forward_hooks and layer.mlp._forward_hooks
    ]


def test_when_residual_dropout_is_on_then_train_mode_outputs_vary_and_eval_mode_outputs_do_not(tiny_model):
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(tiny_model), num_hidden_layers=3, attn_implementation="sdpa")
    ids = torch.tensor([[5, 17, 42, 8, 99, 3, 12, 60]])
    model.eval()
    with torch.no_grad():
        plain = model(input_ids=ids).logits
    add_residual_dropout(model, 0.3)
    assert _hooked_layers(model) == [1, 2]  # the bottom layer's rate is 0: no hook
    with torch.no_grad():
        model.train()
        first, second = model(input_ids=ids).logits, model(input_ids=ids).logits
        model.eval()
        third, fourth = model(input_ids=ids).logits, model(input_ids=ids).logits
    assert not torch.allclose(first, second)  # dropout is applied, freshly sampled each pass
    assert not torch.allclose(first, plain)
    assert torch.equal(third, fourth) and torch.equal(third, plain)  # and off in eval mode


def test_when_a_model_family_names_its_branches_differently_then_dropout_still_applies():
    from transformers import GPT2Config, GPT2LMHeadModel

    model = GPT2LMHeadModel(GPT2Config(n_layer=3, n_embd=32, n_head=2, vocab_size=64, n_positions=32))
    add_residual_dropout(model, 0.2)
    assert [bool(b.attn._forward_hooks and b.mlp._forward_hooks) for b in model.transformer.h] == [False, True, True]


def test_when_no_layer_has_an_attention_or_mlp_branch_then_residual_dropout_refuses():
    from types import SimpleNamespace

    class Odd(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.config = SimpleNamespace(num_hidden_layers=2)
            self.blocks = torch.nn.ModuleList([torch.nn.Linear(4, 4), torch.nn.Linear(4, 4)])

    with pytest.raises(TrainingError, match="residual dropout: Linear has none of the sub-modules self_attn"):
        add_residual_dropout(Odd(), 0.2)
    assert add_residual_dropout(Odd(), 0.0) == []  # no dropout asked for: nothing to match


def test_when_no_example_fits_the_sequence_length_then_training_refuses_instead_of_finishing_at_step_0(
    tmp_path, tiny_model, tiny_dataset
):
    with pytest.raises(TrainingError, match="no training example fits"):
        train(tmp_path, fast_config(max_seq_len=16, system_prompt="word " * 40), tiny_model, tiny_dataset)
