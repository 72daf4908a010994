"""Token- and entity-level scoring on a hand-checked example."""

from __future__ import annotations

from redaction import Finding
from redaction.evaluation import evaluate

DOC = {
    "text": "Maria Lopez seen 03/01/2069 at Mercy Hospital.",
    "spans": [
        {"start": 0, "end": 11, "entity_type": "PERSON"},
        {"start": 17, "end": 27, "entity_type": "DATE"},
        {"start": 31, "end": 45, "entity_type": "HOSPITAL"},
    ],
}


def test_when_findings_cover_part_of_the_gold_then_token_and_entity_scores_follow():
    findings = [Finding(0, 5, "PERSON", 0.9), Finding(17, 27, "DATE", 0.9), Finding(12, 16, "PERSON", 0.6)]
    report = evaluate([DOC], [findings])
    # gold tokens: Maria Lopez 03 01 2069 Mercy Hospital = 7; covered: Maria 03 01 2069 = 4
    assert report.total.gold_tokens == 7 and report.total.gold_tokens_found == 4
    # predicted tokens: Maria, seen, 03, 01, 2069 = 5; in gold: 4
    assert report.total.token_precision == 4 / 5
    assert report.by_type["HOSPITAL"].entity_recall == 0.0
    assert report.by_type["PERSON"].entity_recall == 1.0
    assert report.total.entity_precision == 2 / 3
    assert "| **all** |" in report.table()
