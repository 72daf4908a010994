"""Telegraphic ICU nursing notes: registered, seeded, wholly UPPER or lower case, exact spans, no stray names."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from kit.synth import document_kinds, generate_documents
from kit.synth.cases import make_case
from kit.synth.gold import DEMO_NOTES, GOLD_KINDS
from kit.synth.kinds import KINDS
from kit.synth.kinds.telegraphic_nursing_note import KIND
from kit.synth.text import CasedTextBuilder, Phi

NAMES = ("PERSON", "CITY")  # every word of these must stay inside spans (hospital names hold words like "Good")


@pytest.fixture(scope="module")
def notes() -> list[dict]:
    """Telegraphic notes with the original (unconverted) value of every identifier they inserted."""
    original = CasedTextBuilder._add_one
    out = []
    for i in range(150):
        inserted: list[Phi] = []

        def recording(self, piece, inserted=inserted):
            if isinstance(piece, Phi):  # before conversion: the value as generated
                inserted.append(piece)
            original(self, piece)

        rng = random.Random(f"telegraphic:{i}")
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(CasedTextBuilder, "_add_one", recording)
            b = KINDS[KIND](rng, make_case(rng))
        out.append({"text": b.text, "spans": b.spans, "inserted": inserted})
    return out


def _inside(spans: list[dict], start: int, end: int) -> bool:
    return any(s["start"] <= start and end <= s["end"] for s in spans)


def test_telegraphic_kind_is_registered_and_generated_by_default():
    assert KIND in document_kinds() and KIND in KINDS
    assert KIND in {d["doc_type"] for d in generate_documents(len(KINDS), seed=0)}


def test_when_seed_is_repeated_then_telegraphic_notes_are_identical():
    a = generate_documents(12, seed=4, kinds=[KIND])
    assert a == generate_documents(12, seed=4, kinds=[KIND])
    assert len({d["text"] for d in a}) == 12


def test_each_note_is_wholly_upper_or_wholly_lower_case_and_both_occur(notes):
    cases = Counter("upper" if n["text"].isupper() else "lower" if n["text"].islower() else "mixed" for n in notes)
    assert cases["mixed"] == 0
    assert 0.3 < cases["upper"] / len(notes) < 0.7


def test_every_span_is_its_inserted_value_in_the_notes_case(notes):
    for n in notes:
        convert = str.upper if n["text"].isupper() else str.lower
        got = [(n["text"][s["start"] : s["end"]], s["entity_type"]) for s in n["spans"]]
        assert got == [(convert(p.text), p.entity_type) for p in n["inserted"]]
        assert all(g == g.strip() and g for g, _ in got)


def test_no_inserted_name_or_place_appears_outside_a_gold_span(notes):
    for n in notes:
        words = {w for p in n["inserted"] if p.entity_type in NAMES for w in re.findall(r"[^\W\d_]{2,}", p.text)}
        hospitals = {p.text for p in n["inserted"] if p.entity_type == "HOSPITAL"}
        for word in words | hospitals:
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", n["text"], re.IGNORECASE):
                assert _inside(n["spans"], m.start(), m.end()), (word, m.start())


def test_notes_carry_the_identifiers_of_the_register(notes):
    types = Counter(p.entity_type for n in notes for p in n["inserted"])
    assert {"PERSON", "HOSPITAL", "CITY", "DATE", "PHONE_NUMBER", "AGE"} <= set(types)
    text = "\n".join(n["text"].lower() for n in notes)
    assert re.search(r"(?:pg |pager #|pgr |beeper )\d", text), "pagers"
    assert any(re.fullmatch(r"\d{1,2}/\d{1,2}", p.text) for n in notes for p in n["inserted"]), "m/d dates"
    for label in ("neuro", "cv", "resp", "gi", "gu", "social", "plan"):
        assert re.search(rf"^{label}(?::|-| -) ", text, re.MULTILINE), label


def test_ages_in_telegraphic_notes_are_spans_only_over_89(notes):
    for n in notes:
        for m in re.finditer(r"(?<![\w/.])(\d{1,3}) ?(?:yo|y/o|yr old)\b", n["text"], re.IGNORECASE):
            assert _inside(n["spans"], m.start(1), m.end(1)) == (int(m.group(1)) > 89)


def test_demo_corpus_mixes_in_telegraphic_notes_of_both_cases():
    docs = generate_documents(DEMO_NOTES, seed=0)
    counts = Counter(d["doc_type"] for d in docs)
    assert len(counts) == len(KINDS) == 8 and set(counts.values()) == {DEMO_NOTES // 8}
    telegraphic = [d["text"] for d in docs if d["doc_type"] == KIND]
    assert any(t.isupper() for t in telegraphic) and any(t.islower() for t in telegraphic)


def test_gold_set_keeps_its_seven_kinds(gold):
    dev, heldout = gold
    assert {d["doc_type"] for d in dev + heldout} == set(GOLD_KINDS) and KIND not in GOLD_KINDS
