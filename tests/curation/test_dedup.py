import random

from kit.curation.candidates import Candidate
from kit.curation.dedup import MinHasher, deduplicate, near_duplicate_pairs, normalize

from .conftest import good_candidate


def _near_copy(c: Candidate, cid: str) -> Candidate:
    """The same pair with a word changed in the prompt and a few in the response."""
    response = c.response.replace("Thanks for asking", "Thank you for asking").replace(" every ", " each ", 1)
    return Candidate(
        id=cid, prompt=c.prompt.rstrip("?") + " now?", response=response, source=c.source, category=c.category
    )


def test_when_texts_differ_only_in_case_and_punctuation_then_normalized_forms_match():
    assert normalize("Hello,   WORLD!") == normalize("hello world")


def test_when_pair_is_exact_or_near_duplicate_then_only_the_better_rated_survives():
    rng = random.Random(3)
    a = good_candidate(rng, "asthma", "a")
    other = good_candidate(rng, "sleep", "other")
    exact = Candidate(id="exact", prompt=a.prompt.upper(), response=a.response, source="faq")
    near = _near_copy(a, "near")
    quality = {"a": 3.0, "exact": 2.0, "near": 4.5, "other": 3.0}
    result = deduplicate([a, exact, near, other], quality)
    assert sorted(c.id for c in result.kept) == ["near", "other"]  # near is rated best: it is kept
    reasons = {r.candidate_id: (r.reason, r.detail.split()[1]) for r in result.rejections}
    assert reasons["a"][0].startswith("near_duplicate_") and reasons["a"][1] == "near"
    assert reasons["exact"][0] in ("exact_duplicate_response", "near_duplicate_prompt")


def test_when_responses_match_but_prompts_differ_then_response_duplicate_is_caught():
    rng = random.Random(4)
    a = good_candidate(rng, "diabetes", "a")
    b = Candidate(
        id="b", prompt="A completely different question about the weather today?", response=a.response, source="faq"
    )
    result = deduplicate([a, b], {"a": 2.0, "b": 3.0})
    assert [c.id for c in result.kept] == ["b"]
    assert result.rejections[0].reason == "exact_duplicate_response"


def test_minhash_estimate_tracks_true_jaccard():
    hasher = MinHasher(num_perm=240)
    a = "the quick brown fox jumps over the lazy dog near the river bank today"
    b = "the quick brown fox jumps over the lazy cat near the river bank today"
    grams = [set(normalize(t)[i : i + 5] for i in range(len(normalize(t)) - 4)) for t in (a, b)]
    true = len(grams[0] & grams[1]) / len(grams[0] | grams[1])
    estimate = (hasher.signature(a) == hasher.signature(b)).mean()
    assert abs(estimate - true) < 0.1


def test_near_duplicate_pairs_is_exhaustive():
    texts = ["alpha beta gamma delta epsilon zeta", "alpha beta gamma delta epsilon zeta!", "something else"]
    assert [(i, j) for i, j, _ in near_duplicate_pairs(texts, 0.7)] == [(0, 1)]
