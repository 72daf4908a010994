"""Splits: planted near-duplicate groups land whole in one split, whatever the seed."""

import random

import numpy as np
import pytest

from kit.curation.candidates import Candidate
from kit.curation.splits import SPLITS, SplitConfig, SplitSizes, assign_splits, near_groups

from .conftest import TOPICS, topic_text


def _pool(rng: random.Random):
    """20 singletons, 4 text near-duplicate groups (sizes 2-4), 1 pair linked only by its embedding."""
    items, groups = [], []
    topics = sorted(TOPICS)
    for i in range(20):
        text = topic_text(rng, topics[i % len(topics)], 3)
        items.append(Candidate(f"solo-{i:02d}", f"Question {i}: {text[:60]}?", text, "faq"))
    for g, size in enumerate((2, 3, 4, 3)):
        base = topic_text(rng, topics[g], 4)
        members = []
        for k in range(size):  # the same long answer with one word changed: MinHash Jaccard well above 0.7
            members.append(len(items))
            items.append(
                Candidate(
                    f"dup{g}-{k}", f"Group {g} asks, variant {k} of {size}: what now?", base + f" Note {k}.", "faq"
                )
            )
        groups.append(members)
    vectors = np.random.default_rng(0).normal(size=(len(items) + 2, 16)).astype(np.float32)
    for k in range(2):  # different texts, the same direction: cosine 1.0
        items.append(Candidate(f"cos-{k}", f"Totally different prompt number {k}?", topic_text(rng, "sleep", 2), "faq"))
    vectors[-1] = vectors[-2]
    groups.append([len(items) - 2, len(items) - 1])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return items, vectors, groups


@pytest.mark.parametrize("seed", range(8))
def test_when_near_duplicate_groups_are_planted_then_each_lands_in_one_split(seed):
    items, vectors, planted = _pool(random.Random(seed))
    found = near_groups(items, vectors, SplitConfig())
    for members in planted:
        assert any(set(members) <= set(g) for g in found), f"group {members} not linked"

    parts = assign_splits(items, vectors, SplitSizes(train=len(items) - 10, validation=4, test=6), seed)

    where = {i: name for name in SPLITS for i in parts[name]}
    assert sorted(where) == list(range(len(items)))  # every item exactly once
    for members in planted:
        assert len({where[i] for i in members}) == 1, f"group {[items[i].id for i in members]} straddles splits"
    assert len(parts["test"]) <= 6 and len(parts["validation"]) <= 4


def test_when_a_group_is_larger_than_an_evaluation_split_then_it_goes_to_train_whole():
    items, vectors, planted = _pool(random.Random(1))
    parts = assign_splits(items, vectors, SplitSizes(train=len(items) - 5, validation=2, test=3), seed=0)
    biggest = max(planted, key=len)  # 4 members: fits neither test (3) nor validation (2)
    assert set(biggest) <= set(parts["train"])
