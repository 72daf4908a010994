"""The QA reviewer's list: sampled records with their redacted text and state (kit.review.qa_view)."""

from __future__ import annotations

import pytest

from kit.errors import InputError, PermissionDenied
from kit.review import qa_view, sampling
from tests.review.conftest import MISSED, resolve_low_confidence, set_review


@pytest.fixture
def drawn(review):
    set_review(review.ws, mode="sample_n", n=3, threshold=0.9)
    resolve_low_confidence(review)
    review.drawn = sampling.draw_sample(review.ws, review.vault, review.carol).drawn
    return review


def test_when_the_sample_is_drawn_then_qa_items_list_it_in_draw_order_with_redacted_text(drawn):
    items = qa_view.qa_items(drawn.ws, drawn.carol)
    assert [i.record_id for i in items] == drawn.drawn
    assert all(i.status == "pending" and i.markable and i.fields for i in items)
    for item in items:  # redacted: the raw names and numbers are gone
        text = " ".join(item.fields.values())
        assert "John Miller" not in text and "4455123" not in text
    assert "fields=<redacted text>" in repr(items[0])


def test_when_records_are_marked_then_their_state_and_residual_tokens_show(drawn):
    first, second = drawn.drawn[:2]
    sampling.mark_clean(drawn.ws, drawn.carol, first)
    fields = {i.record_id: i.fields for i in qa_view.qa_items(drawn.ws, drawn.carol)}[second]
    field = next(iter(fields))
    word = fields[field].split()[0]
    start, end = qa_view.find_span(fields, field, word)
    sampling.mark_residual(drawn.ws, drawn.carol, second, [sampling.ResidualSpan(field, start, end, "PERSON")])
    by_id = {i.record_id: i for i in qa_view.qa_items(drawn.ws, drawn.carol)}
    assert by_id[first].status == "clean" and by_id[first].checked_by == "carol"
    assert by_id[second].status == "residual" and by_id[second].residual_tokens >= 1
    assert by_id[second].fields == {} and not by_id[second].markable  # re-opened: redacted text withdrawn
    assert [i.record_id for i in qa_view.pending_items(drawn.ws, drawn.carol)] == drawn.drawn[2:]
    assert [i.record_id for i in qa_view.qa_items(drawn.ws, drawn.carol, "clean")] == [first]


def test_when_a_non_compliance_role_asks_then_qa_items_are_refused(drawn):
    with pytest.raises(PermissionDenied):
        qa_view.qa_items(drawn.ws, drawn.actors["mel"])
    with pytest.raises(InputError, match="unknown QA status"):
        qa_view.qa_items(drawn.ws, drawn.carol, "done")


def test_when_the_typed_text_is_absent_then_find_span_names_field_not_text():
    with pytest.raises(InputError, match="does not occur 1 time") as err:
        qa_view.find_span({"text": "[PERSON] called"}, "text", MISSED)
    assert MISSED not in str(err.value)
    assert qa_view.find_span({"text": "a b a"}, "text", "a", occurrence=2) == (4, 5)
