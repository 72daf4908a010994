"""Generation with a real tiny Llama and LoRA adapter: batching, left padding, seeds, storage."""

from __future__ import annotations

import json

from kit.evaluation.evaluations import EvalPlan, generate
from kit.evaluation.generation import SamplingConfig, SystemSpec, answer_all, chat_prompt, loaded
from kit.evaluation.store import generations, get_evaluation

PROMPTS = (("q1", "What should I do?"), ("q2", "Hello, a much longer question about the nurse line?"), ("q3", "Thanks"))


def test_when_defaults_are_used_then_they_are_limas():
    cfg = SamplingConfig()
    assert (cfg.top_p, cfg.temperature, cfg.repetition_penalty, cfg.do_sample) == (0.9, 0.7, 1.2, True)


def test_when_batched_then_padding_is_left_and_template_is_applied(tiny_adapter):
    model_dir, _ = tiny_adapter
    with loaded(SystemSpec("base", model_dir)) as (_, tokenizer):
        assert tokenizer.padding_side == "left"
        assert chat_prompt(tokenizer, "Hi").endswith("<|im_start|>assistant\n")


def test_when_base_and_adapter_answer_then_seeds_are_recorded_and_repeatable(tiny_adapter):
    model_dir, adapter_dir = tiny_adapter
    specs = [SystemSpec("base", model_dir), SystemSpec("ft", model_dir, adapter_dir)]
    cfg = SamplingConfig(max_new_tokens=6, batch_size=2, seed=11)
    first = answer_all(specs, PROMPTS, cfg)
    assert [(a.system, a.prompt_id, a.seed) for a in first] == [
        ("base", "q1", 11),
        ("base", "q2", 11),
        ("base", "q3", 12),
        ("ft", "q1", 11),
        ("ft", "q2", 11),
        ("ft", "q3", 12),
    ]
    assert [a.text for a in answer_all(specs, PROMPTS, cfg)] == [a.text for a in first]
    base, ft = [a.text for a in first[:3]], [a.text for a in first[3:]]
    assert base != ft  # the adapter changes the weights


def test_when_generated_then_answers_are_stored_in_db_and_eval_folder(workspace, actors, tiny_adapter):
    model_dir, adapter_dir = tiny_adapter
    plan = EvalPlan(
        "run-x",
        "demo@abc",
        "test",
        SystemSpec("run-x", model_dir, adapter_dir),
        SystemSpec("base:tiny", model_dir),
        (),
        PROMPTS,
    )
    eval_id = generate(workspace, actors["mel"], plan, SamplingConfig(max_new_tokens=4))
    ev = get_evaluation(workspace, eval_id)
    assert ev.candidate == "run-x" and ev.baseline == "base:tiny" and ev.sampling["top_p"] == 0.9
    assert len(generations(workspace, eval_id)) == 6
    folder = workspace.evals_dir / eval_id
    lines = (folder / "generations.jsonl").read_text().splitlines()
    assert len(lines) == 6 and {"seed", "prompt_id", "system", "answer"} <= set(json.loads(lines[0]))
    assert json.loads((folder / "eval.json").read_text())["systems"] == ["base:tiny", "run-x"]
