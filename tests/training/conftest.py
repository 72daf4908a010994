"""Fixtures for training tests: a tiny random Llama, a tiny curated-shaped DatasetDict, a registered model."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tiny_models import tiny_causal_lm

ANSWERS = [
    "Drink plenty of water and rest.",
    "Call the nurse line if the fever lasts.",
    "Take the medication twice a day with food.",
]


def make_rows(n: int, offset: int = 0) -> list[dict]:
    return [
        {
            "id": f"ex-{i}",
            "prompt": f"question {i} about the visit",
            "response": ANSWERS[i % 3],
            "source": "faq",
            "category": "care",
            "quality": 1.0,
        }
        for i in range(offset, offset + n)
    ]


def save_dataset(folder: Path, n_train: int = 16, n_val: int = 4) -> Path:
    from datasets import Dataset, DatasetDict

    splits = DatasetDict(
        train=Dataset.from_list(make_rows(n_train)),
        validation=Dataset.from_list(make_rows(n_val, 1000)),
        test=Dataset.from_list(make_rows(2, 2000)),
    )
    splits.save_to_disk(str(folder))
    return folder


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return tiny_causal_lm(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory) -> Path:
    return save_dataset(tmp_path_factory.mktemp("data") / "tiny-ds")


@pytest.fixture
def registered(workspace, tiny_model):
    from kit.training.registry import add_model

    return add_model(workspace, tiny_model, name="tiny")


def fast_config(**overrides):
    from kit.training.config import build_config

    values = dict(
        epochs=4,
        batch_size=4,
        micro_batch_size=2,
        learning_rate=1e-2,
        warmup_ratio=0.0,
        lr_schedule="constant",
        max_seq_len=64,
        checkpoint_every_steps=2,
        eval_generations=1,
        eval_max_new_tokens=4,
        lora_dropout=0.0,
    )
    values.update(overrides)
    return build_config("lora", **values)
