"""Q&A pairs: determinism, topics, quality mix, distinct good pairs, PHI spans."""

from __future__ import annotations

from collections import Counter

from kit.synth import ENTITY_TYPES, generate_qa_pairs

KEYS = {"id", "prompt", "response", "source", "category", "quality", "prompt_spans", "response_spans"}


def test_when_seed_is_repeated_then_pairs_are_identical():
    assert generate_qa_pairs(50, seed=4) == generate_qa_pairs(50, seed=4)


def test_when_seeds_differ_then_pairs_differ():
    assert generate_qa_pairs(50, seed=4) != generate_qa_pairs(50, seed=5)


def test_pairs_have_the_documented_fields_and_count(pairs):
    assert len(pairs) == 1600
    assert all(set(p) == KEYS for p in pairs)
    assert len({p["id"] for p in pairs}) == len(pairs)


def test_at_least_twelve_topics_with_balanced_counts(pairs):
    counts = Counter(p["category"] for p in pairs)
    assert len(counts) >= 12 and min(counts.values()) >= 50


def test_quality_mix_has_all_three_levels(pairs):
    counts = Counter(p["quality"] for p in pairs)
    assert counts["good"] > counts["fair"] > 0 and counts["junk"] > 0


def test_enough_distinct_good_pairs_for_a_lima_selection(pairs):
    good = {(p["prompt"].strip().lower(), p["response"].strip()) for p in pairs if p["quality"] == "good"}
    assert len(good) >= 1100


def test_duplicates_are_present(pairs):
    prompts = Counter(p["prompt"] for p in pairs)
    assert any(c > 1 for c in prompts.values())


def test_good_answers_are_structured_and_within_length(pairs):
    good = [p["response"] for p in pairs if p["quality"] == "good"]
    assert min(map(len, good)) >= 300 and max(map(len, good)) <= 2600
    assert sum("\n" in r for r in good) > 0.9 * len(good)


def test_no_field_is_blank_because_ingest_refuses_empty_fields(pairs):
    assert all(p["prompt"].strip() and p["response"].strip() for p in pairs)


def test_junk_includes_contentless_and_non_english(pairs):
    junk = [p["response"] for p in pairs if p["quality"] == "junk"]
    assert any(not any(c.isalpha() for c in r) for r in junk)
    assert any("Gracias" in r or "Merci" in r or "Vielen" in r for r in junk)


def test_phi_spans_are_exact_in_prompts_and_responses(pairs):
    with_phi = 0
    for p in pairs:
        for field in ("prompt", "response"):
            for span in p[f"{field}_spans"]:
                value = p[field][span["start"] : span["end"]]
                assert value and value == value.strip() and span["entity_type"] in ENTITY_TYPES
        with_phi += bool(p["prompt_spans"] or p["response_spans"])
    assert 0.05 * len(pairs) < with_phi < 0.3 * len(pairs)
