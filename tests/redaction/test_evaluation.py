"""Token- and entity-level scoring on a hand-checked example."""

from __future__ import annotations

import re

from redaction import Finding
from redaction.evaluation import NEWLINE_MARK, FalsePositive, analyze_errors, evaluate, false_positives

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


def test_when_one_span_is_missed_and_one_finding_is_false_then_errors_list_both_by_type_with_context():
    doc = {"id": "d1", **DOC}
    findings = [Finding(0, 11, "PERSON", 0.9, "R"), Finding(12, 16, "PERSON", 0.6, "Cue"), Finding(17, 27, "DATE", 0.9)]
    errors = analyze_errors([doc], [findings])
    [missed] = errors.missed
    assert (missed.entity_type, missed.tokens) == ("HOSPITAL", 2)
    [item] = missed.strings
    assert (item.text, item.count, item.tokens) == ("Mercy Hospital", 1, 2)
    where = item.occurrences[0]
    assert (where.document, where.start, where.end) == ("d1", 31, 45)
    assert (where.left, where.right) == (" seen 03/01/2069 at ", ".")
    [false] = errors.false
    assert (false.entity_type, false.recognizer, false.tokens) == ("PERSON", "Cue", 1)
    assert [(s.text, s.count) for s in false.strings] == [("seen", 1)]
    assert false.strings[0].occurrences[0].left == "Maria Lopez "


def test_error_counts_match_the_token_metrics_and_identical_strings_are_grouped_most_frequent_first():
    text = "Seen by Dr Ode.\nDr Ode agreed; Ode and Bex.\nDr Ode left"
    names = [m.span() for m in re.finditer(r"Ode|Bex", text)]
    doc = {"id": "d2", "text": text, "spans": [{"start": s, "end": e, "entity_type": "PERSON"} for s, e in names]}
    findings = [Finding(*names[3], "PERSON", 0.9), Finding(0, 4, "DATE", 0.5, "D")]  # Bex found; "Seen" false
    errors, report = analyze_errors([doc], [findings]), evaluate([doc], [findings])
    [missed] = errors.missed
    assert [(s.text, s.count) for s in missed.strings] == [("Ode", 4)]
    assert missed.tokens == report.total.gold_tokens - report.total.gold_tokens_found
    assert sum(g.tokens for g in errors.false) == report.total.pred_tokens - report.total.pred_tokens_correct
    assert NEWLINE_MARK in missed.strings[0].occurrences[1].left and "\n" not in missed.strings[0].occurrences[1].left


def test_adjacent_missed_tokens_of_one_span_form_one_string_and_to_dict_keeps_the_most_frequent():
    text = "Ann Lee met Bo Kay and Bo Kay."
    spans = [{"start": s, "end": e, "entity_type": "PERSON"} for s, e in ((0, 7), (12, 18), (23, 29))]
    errors = analyze_errors([{"id": "d3", "text": text, "spans": spans}], [[]])
    assert [(s.text, s.count, s.tokens) for s in errors.missed[0].strings] == [("Bo Kay", 2, 4), ("Ann Lee", 1, 2)]
    data = errors.to_dict(max_strings=1)
    assert data["false"] == [] and data["missed"][0]["tokens"] == 6 and data["missed"][0]["distinct"] == 2
    assert [s["text"] for s in data["missed"][0]["strings"]] == ["Bo Kay"]
    assert data["missed"][0]["strings"][0]["occurrences"][0] == {
        "document": "d3",
        "start": 12,
        "end": 18,
        "left": "Ann Lee met ",
        "right": " and Bo Kay.",
    }
