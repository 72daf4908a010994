import json
import random

import numpy as np
import pytest

from kit.curation.candidates import Candidate
from kit.curation.config import CurationConfig
from kit.curation.dedup import near_duplicate_pairs
from kit.curation.filters import FilterContext
from kit.curation.output import content_hash, write_dataset
from kit.curation.pipeline import curate

from .conftest import JUNK, RegexPhiDetector, clustered_pool, good_candidate, junk_candidates

CONFIG = CurationConfig(n=30, dev=5, test=10, embedder="tfidf")


def planted_pool() -> tuple[list[Candidate], list[tuple[str, str]]]:
    """The clustered pool plus junk, exact duplicates and near duplicates (pairs returned)."""
    pool = clustered_pool()
    rng = random.Random(9)
    pairs = []
    for i, topic in enumerate(["diabetes", "sleep", "skin", "heart"]):
        original = good_candidate(rng, topic, f"orig-{i}")
        exact = Candidate(
            id=f"exact-{i}", prompt=original.prompt.upper(), response=original.response, source="faq", category=topic
        )
        near = Candidate(
            id=f"near-{i}",
            prompt=original.prompt.rstrip("?") + " now?",
            response=original.response.replace("Thanks for asking", "Thank you for asking"),
            source="faq",
            category=topic,
        )
        pool += [original, exact, near]
        pairs += [(original.id, exact.id), (original.id, near.id), (exact.id, near.id)]
    return pool + junk_candidates(), pairs


@pytest.fixture(scope="module")
def result():
    pool, _ = planted_pool()
    return curate(pool, CONFIG, FilterContext(RegexPhiDetector()))


def _selected(res) -> dict[str, str]:
    return {row["id"]: split for split, rows in res.splits.items() for row in rows}


def test_when_duplicates_are_planted_then_never_both_selected(result):
    _, pairs = planted_pool()
    selected = _selected(result)
    assert not [pair for pair in pairs if pair[0] in selected and pair[1] in selected]
    rejected = {r.candidate_id: r.reason for r in result.rejections}
    assert sum(1 for a, b in pairs if a in rejected or b in rejected) == len(pairs)


def test_when_junk_is_planted_then_never_selected_and_reported_with_reason(result):
    selected = _selected(result)
    rejected = {r.candidate_id: r.reason for r in result.rejections}
    for cid, (_, reason) in JUNK.items():
        assert cid not in selected
        assert rejected[cid] == reason
    assert result.stats["counts"]["rejected_by_reason"]["residual_phi"] == 2


def test_when_splits_are_made_then_they_are_disjoint_and_free_of_cross_split_near_duplicates(result):
    ids = {split: [row["id"] for row in rows] for split, rows in result.splits.items()}
    assert [len(ids[s]) for s in ("train", "validation", "test")] == [30, 5, 10]
    assert len(set().union(*ids.values())) == 45
    rows = [(split, row) for split, rs in result.splits.items() for row in rs]
    for field_name in ("prompt", "response"):
        for i, j, _ in near_duplicate_pairs([row[field_name] for _, row in rows], CONFIG.splits.near_threshold):
            assert rows[i][0] == rows[j][0], "near duplicates straddle two splits"


def test_when_pool_is_clustered_then_selection_covers_better_than_random(result):
    cov = result.stats["coverage"]
    assert cov["selected"]["mean_nearest_distance"] < cov["random"]["mean_nearest_distance"]
    assert cov["distance_ratio_random_over_selected"] > 1.0


def test_when_written_then_dataset_card_stats_and_plots_exist(result, tmp_path):
    from datasets import DatasetDict

    written = write_dataset(result, tmp_path / "out", name="t")
    loaded = DatasetDict.load_from_disk(str(written.path))
    assert {k: len(v) for k, v in loaded.items()} == {"train": 30, "validation": 5, "test": 10}
    assert loaded["train"].column_names == ["id", "prompt", "response", "source", "category", "quality"]
    stats = json.loads((written.path / "stats.json").read_text())
    assert stats["content_hash"] == written.content_hash == content_hash(result.splits)
    card = (written.path / "card.md").read_text()
    assert "## Filters and counts" in card and "residual_phi" in card and "Intended use" in card
    assert {p.name for p in (written.path / "plots").iterdir()} == {"lengths.png", "sources.png", "coverage.png"}
    rejections = [json.loads(line) for line in (written.path / "rejections.jsonl").read_text().splitlines()]
    assert {r["id"] for r in rejections} >= set(JUNK)
    assert "555" not in (written.path / "rejections.jsonl").read_text()


def test_when_run_twice_with_the_same_seed_then_output_is_identical(result):
    pool, _ = planted_pool()
    again = curate(list(reversed(pool)), CONFIG, FilterContext(RegexPhiDetector()))
    assert content_hash(again.splits) == content_hash(result.splits)


def test_when_pool_is_smaller_than_requested_then_sizes_shrink_with_a_message():
    pool = clustered_pool(sizes={"asthma": 20, "sleep": 20})
    res = curate(pool, CurationConfig(n=1000, embedder="tfidf").without_filter("residual_phi"))
    counts = res.stats["counts"]["splits"]
    assert sum(counts.values()) == res.stats["counts"]["after_dedup"]
    assert counts["validation"] >= 1 and counts["test"] >= 1
    assert "shrunk proportionally" in res.messages[0]
    half = curate(pool, CurationConfig(n=1000, embedder="tfidf", shrink_share=0.5).without_filter("residual_phi"))
    assert sum(half.stats["counts"]["splits"].values()) == res.stats["counts"]["after_dedup"] // 2


def test_minilm_embeddings_are_unit_length_and_semantic(minilm):
    vectors = minilm.embed(
        [
            "How do I use my asthma inhaler?",
            "What is the right way to use an inhaler for asthma?",
            "When is my next electricity bill due?",
        ]
    )
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


@pytest.fixture(scope="module")
def minilm_runs(minilm):
    """The clustered pool (about 230 candidates) curated twice with the real MiniLM embedder."""
    pool = clustered_pool(sizes={"asthma": 120, **{t: 15 for t in ("diabetes", "sleep", "skin", "heart", "fever")}})
    config = CurationConfig(n=24, dev=3, test=5, embedder="minilm").without_filter("residual_phi")
    first = curate(pool, config, embedder=minilm)
    second = curate(list(reversed(pool)), config, embedder=minilm)
    return first, second


def test_when_curating_twice_with_minilm_and_one_seed_then_the_dataset_is_identical(minilm_runs):
    first, second = minilm_runs
    assert first.stats["embedder"] == "minilm"
    assert content_hash(first.splits) == content_hash(second.splits)
    assert first.selected_idx == second.selected_idx and first.random_idx == second.random_idx


def test_when_curating_a_clustered_pool_with_minilm_then_selection_covers_better_than_random(minilm_runs):
    first, _ = minilm_runs
    cov = first.stats["coverage"]
    assert cov["selected"]["mean_nearest_distance"] < cov["random"]["mean_nearest_distance"]
    assert cov["distance_ratio_random_over_selected"] > 1.05
    topics = {c.category for c in (first.pool[i] for i in first.selected_idx)}
    assert topics == {"asthma", "diabetes", "sleep", "skin", "heart", "fever"}  # every cluster gets an example
