"""Token- and entity-level scoring on a hand-checked example."""

from __future__ import annotations

from redaction import Finding
from redaction.evaluation import FalsePositive, evaluate, false_positives

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


def test_when_gold_has_a_type_outside_the_kits_list_then_it_is_counted_and_reported_by_name():
    doc = {"text": DOC["text"], "spans": [*DOC["spans"], {"start": 12, "end": 16, "entity_type": "VISIT_VERB"}]}
    report = evaluate([doc], [[Finding(12, 16, "PERSON", 0.6)]])
    assert report.by_type["VISIT_VERB"].gold_entities == 1 and report.by_type["VISIT_VERB"].entity_recall == 1.0
    assert report.total.gold_tokens == 8 and report.total.gold_tokens_found == 1


def test_to_dict_holds_counts_and_rates_per_type_and_in_total():
    report = evaluate([DOC], [[Finding(0, 5, "PERSON", 0.9)]]).to_dict()
    assert report["documents"] == 1 and sorted(report["by_type"]) == ["DATE", "HOSPITAL", "PERSON"]
    assert report["total"]["gold_tokens"] == 7 and report["total"]["token_recall"] == 1 / 7
    assert report["by_type"]["PERSON"]["entity_precision"] == 1.0


def test_when_a_finding_covers_words_outside_the_gold_then_false_positives_name_it_by_offsets_only():
    doc = {"id": "d1", **DOC}
    findings = [Finding(0, 11, "PERSON", 0.9, "R"), Finding(12, 27, "DATE", 0.9, "D"), Finding(31, 45, "HOSPITAL", 0.8)]
    assert false_positives([doc], [findings]) == [FalsePositive("d1", 12, 27, "DATE", "D", 1)]
