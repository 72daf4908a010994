import pytest

from kit.curation.candidates import Candidate
from kit.curation.quality import QualityConfig, score
from kit.errors import InputError

PROMPT = "How often should I check my blood sugar at home with my meter?"
STRUCTURED = (
    "Good question about checking your blood sugar. How often depends on your treatment.\n\n"
    "- On insulin: before meals and at bedtime.\n- On metformin alone: a few times a week.\n\n"
    "Bring your meter log to your next visit so we can adjust the plan together."
)
BLOB = "Depends. Ask your doctor"


def test_when_response_is_structured_and_complete_then_it_scores_higher_than_a_blob():
    good = score(Candidate("a", PROMPT, STRUCTURED, "faq"))
    bad = score(Candidate("b", PROMPT, BLOB, "faq"))
    assert good.value > bad.value + 1.5
    assert set(good.parts) == {"structure", "completeness", "acknowledges", "relevance"}
    assert good.basis == "heuristic" and 1.0 <= bad.value <= 5.0


def test_when_an_expert_rating_exists_then_it_is_the_score_and_parts_are_still_shown():
    rated = score(Candidate("a", PROMPT, BLOB, "faq", rating=4.5))
    assert (rated.value, rated.basis) == (4.5, "rating") and rated.parts


def test_when_weights_name_an_unknown_scorer_then_input_error():
    with pytest.raises(InputError, match="unknown quality scorer"):
        score(Candidate("a", PROMPT, STRUCTURED, "faq"), QualityConfig(weights={"vibes": 1.0}))
