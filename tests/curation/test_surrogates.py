"""Residual-PHI check on signed-off records: the kit's own surrogates pass, a missed identifier blocks."""

import pytest

from kit.curation.build import build_dataset
from kit.curation.config import CurationConfig
from kit.curation.filters import FilterContext
from kit.curation.store import list_rejections

from .conftest import clustered_pool
from .signed import copy_signed, pair_rows, signed_records, signed_template

ANSWER = (
    "Thanks for asking about your inhaler. The spacer and the peak flow meter both matter, so keep using "
    "the controller every morning and the rescue inhaler only when you wheeze."
)
NAMED = {  # a patient's name and a visit date: both confirmed, so both become surrogates
    "id": "named",
    "prompt": "Can John Miller refill his inhaler before the visit on 03/14/2021?",
    "response": f"John Miller can refill it now. {ANSWER}",
    "source": "portal",
    "category": "asthma",
}
PHONE = {  # a name (surrogate) and a phone number the reviewer cleared by mistake: a miss
    "id": "phone",
    "prompt": "Who should Maria Lopez call about her spacer?",
    "response": f"{ANSWER} Maria Lopez can call the asthma nurse at 713-555-0199 this week.",
    "source": "portal",
    "category": "asthma",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory, review_engine):
    rows = pair_rows(clustered_pool(sizes={"asthma": 6, "sleep": 6})) + [NAMED, PHONE]
    return signed_template(
        tmp_path_factory.mktemp("surrogates"), review_engine, rows, miss_types={"phone": frozenset({"PHONE_NUMBER"})}
    )


def test_when_a_record_holds_surrogates_then_it_passes_and_a_missed_phone_number_still_blocks(
    template, tmp_path, actors, review_engine
):
    signed = copy_signed(template, tmp_path / "ws")
    records = {r.id: r for r in signed_records(signed.ws)}
    named = records["named"]
    assert "John Miller" not in named.fields["response"] and named.replaced_spans["response"]
    # The engine does flag the surrogates themselves: without the replaced spans this record would be rejected.
    flagged = review_engine.detect_batch([named.fields["prompt"], named.fields["response"]])
    assert any(flagged)
    assert "713-555-0199" in records["phone"].fields["response"]  # left in the clear by the reviewer

    built = build_dataset(
        signed.ws,
        actors["mel"],
        config=CurationConfig(n=100, dev=1, test=1, embedder="tfidf"),
        context=FilterContext(review_engine),
    )

    rejected = {r.candidate_id: r for r in list_rejections(signed.ws, built.ref.id)}
    assert "ex:named" not in rejected and '"ex:named"' in (built.ref.path / "lineage.jsonl").read_text()
    assert rejected["ex:phone"].reason == "residual_phi"
    assert "PHONE_NUMBER" in rejected["ex:phone"].detail and "PERSON" not in rejected["ex:phone"].detail
    assert not [r for r in rejected.values() if r.reason == "residual_phi" and r.candidate_id != "ex:phone"]
