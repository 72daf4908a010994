"""Deny/allow-list matching and the overlap resolution anonymization relies on (no engine needed)."""

from __future__ import annotations

import pytest

from kit.review.engine import resolve_for_anonymization
from kit.review.lists import ValueMatcher, normalize
from redaction.findings import Finding


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        ("John  Smith", "Pt JOHN SMITH seen", ["JOHN SMITH"]),
        ("Smith", "Smithson and smith.", ["smith"]),
        ("03/04/2019", "on 03/04/2019, not 2003/04/2019", ["03/04/2019"]),
        ("O'Neil", "Mrs O'Neil and O Neil", ["O'Neil"]),
        ("Ann", "Annual review", []),
        ("May", "Seen in May; MAY 3; you may call", ["May", "MAY"]),
        ("Will Brown", "Will Brown called; will brown rice help?", ["Will Brown"]),
    ],
)
def test_when_a_listed_value_occurs_then_whole_word_case_insensitive_matches_are_found(value, text, expected):
    matcher = ValueMatcher([normalize(value)])
    assert [text[m.start : m.end] for m in matcher.find(text)] == expected


def test_when_values_nest_then_the_longest_wins_at_a_position():
    matcher = ValueMatcher([normalize("Mercy"), normalize("Mercy Hospital")])
    text = "Seen at Mercy Hospital, then Mercy clinic."
    assert [text[m.start : m.end] for m in matcher.find(text)] == ["Mercy Hospital", "Mercy"]


def test_when_findings_overlap_then_every_character_is_covered_and_the_higher_rank_keeps_its_type():
    text = "14 W. Cedar Rd\nBridgeport CT 06683"
    ranked = [
        Finding(15, 25, "CITY", 1.0, "reviewer"),
        Finding(0, 28, "STREET_ADDRESS", 0.9, "engine"),
        Finding(29, 34, "ZIP_CODE", 1.0, "engine"),
    ]
    spans = resolve_for_anonymization(text, ranked)
    assert [(text[f.start : f.end], f.entity_type) for f in spans] == [
        ("14 W. Cedar Rd", "STREET_ADDRESS"),
        ("Bridgeport", "CITY"),
        ("CT", "STREET_ADDRESS"),
        ("06683", "ZIP_CODE"),
    ]
