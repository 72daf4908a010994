"""Evaluation fixtures: a stored evaluation with hand-written answers, a lineage source, a LoRA adapter."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kit.evaluation.evaluations import EvalPlan, record_evaluation
from kit.evaluation.generation import Answer, SamplingConfig, SystemSpec
from kit.evaluation.lineage import RunFacts, SignoffFacts
from kit.users import SYSTEM

RUN_ID = "run-ft-0001"
BASE = "base:tiny"

PROMPTS = [(f"p{k:02d}", f"Question number {k} about clinic hours?") for k in range(6)]


def answers_for(prompts, texts_by_system: dict[str, str]) -> list[Answer]:
    """One answer per prompt and system; ``{i}`` in a text is replaced by the prompt index."""
    return [
        Answer(pid, system, text.format(i=i), seed=0, batch=0, n_new_tokens=5)
        for system, text in texts_by_system.items()
        for i, (pid, _) in enumerate(prompts)
    ]


def make_plan(prompts=PROMPTS, others=()) -> EvalPlan:
    return EvalPlan(
        RUN_ID,
        "demo@abc123",
        "test",
        SystemSpec(RUN_ID, Path("m")),
        SystemSpec(BASE, Path("m")),
        tuple(SystemSpec(o, Path("m")) for o in others),
        tuple(prompts),
    )


@pytest.fixture
def stored_eval(workspace):
    """An evaluation of RUN_ID vs BASE on 6 prompts, answers written by hand (no model needed)."""
    answers = answers_for(PROMPTS, {BASE: "Base answer {i}.", RUN_ID: "Fine-tuned answer {i}:\n- step one"})
    return record_evaluation(workspace, SYSTEM, make_plan(), answers, SamplingConfig())


@dataclass
class FakeLineage:
    """LineageSource double: the facts another stage would report, set by the test."""

    run_dir: Path
    adapter_dir: Path | None = None
    model_path: Path | None = None
    signoff_id: str | None = "signoff-7"
    stats: dict = field(default_factory=lambda: {"n_train": 6, "categories": {"faq": 4, "portal": 2}})

    def run(self, ws, run_id):
        return RunFacts(
            run_id,
            "tiny",
            str(self.model_path or ""),
            "0" * 64,
            "demo",
            "abc123",
            str(self.adapter_dir or ""),
            "completed",
            10,
            "1" * 64,
            str(self.run_dir),
        )

    def signoff(self, ws, run_id):
        return SignoffFacts(self.signoff_id, "carol", "2026-01-01") if self.signoff_id else None

    def dataset_stats(self, ws, run_id):
        return self.stats


@pytest.fixture
def lineage(tmp_path):
    run_dir = tmp_path / "runs" / RUN_ID
    run_dir.mkdir(parents=True)
    (run_dir / "metrics.jsonl").write_text(
        "".join(json.dumps({"step": s, "loss": 3.0 / s}) + "\n" for s in range(1, 11))
    )
    (run_dir / "evals.jsonl").write_text(json.dumps({"step": 10, "epoch": 1, "val_loss": 0.5}) + "\n")
    return FakeLineage(run_dir)


@pytest.fixture
def tiny_adapter(tmp_path):
    """A real tiny Llama and a LoRA adapter for it (random, untrained): (model dir, adapter dir)."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from tests.tiny_models import tiny_causal_lm

    model_dir = tiny_causal_lm(tmp_path)
    model = get_peft_model(
        AutoModelForCausalLM.from_pretrained(model_dir),
        LoraConfig(r=2, lora_alpha=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False),
    )
    adapter_dir = tmp_path / "adapter"
    model.save_pretrained(adapter_dir)
    return model_dir, adapter_dir
