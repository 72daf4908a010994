"""``kit redact detect|apply|eval`` through the real CLI app (the outside contract)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kit.cli import app
from redaction.policy import POLICY_DIR

NOTE = "Ms. Maria Garcia (MRN 4417-2231) was seen 03/01/2069; call (617) 555-0134."
runner = CliRunner()


@pytest.fixture
def records(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "r1", "text": NOTE}) + "\n" + json.dumps({"id": "r2", "text": "No PHI."}) + "\n")
    return path


def test_when_detect_runs_then_output_has_offsets_and_no_phi(engine, records, tmp_path):
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["redact", "detect", "--input", str(records), "--output", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["r1", "r2"] and rows[1]["findings"] == []
    assert set(rows[0]["findings"][0]) == {"start", "end", "entity_type", "score"}
    assert {NOTE[f["start"] : f["end"]] for f in rows[0]["findings"]} >= {"Maria Garcia", "4417-2231", "03/01/2069"}
    for raw in ("Maria", "Garcia", "4417", "555-0134"):
        assert raw not in out.read_text()


def test_when_apply_runs_then_text_is_redacted_consistently(engine, records, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_REDACT_SECRET", "s3cret")
    out1, out2 = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    for out in (out1, out2):
        result = runner.invoke(app, ["redact", "apply", "--input", str(records), "--output", str(out)])
        assert result.exit_code == 0, result.output
    text = json.loads(out1.read_text().splitlines()[0])["text"]
    assert "Garcia" not in text and "4417-2231" not in text and "03/01/2069" not in text
    assert out1.read_text() == out2.read_text()


def test_when_apply_uses_placeholder_policy_then_tags_appear(engine, records, tmp_path):
    policy = tmp_path / "tags.yaml"
    source = (POLICY_DIR / "hipaa_safe_harbor.yaml").read_text()
    policy.write_text(
        source.replace("PERSON: {operator: surrogate, tag: NAME}", "PERSON: {operator: placeholder, tag: NAME}")
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["redact", "apply", "-i", str(records), "-o", str(out), "--policy", str(policy)])
    assert result.exit_code == 0, result.output
    assert "Ms. [NAME]" in out.read_text()


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ('{"id": "a", "text": "ok"}\nnot json\n', 2),
        ('{"id": "a", "text": "ok"}\n{"id": "b"}\n', 2),
        ('{"text": "no id"}\n', 1),
    ],
)
def test_when_input_is_bad_then_one_line_error_and_no_output(tmp_path, content, line):
    bad, out = tmp_path / "bad.jsonl", tmp_path / "out.jsonl"
    bad.write_text(content)
    result = runner.invoke(app, ["redact", "detect", "--input", str(bad), "--output", str(out)])
    assert result.exit_code != 0
    message = result.output.strip()
    assert f"bad.jsonl:{line}:" in message and len(message.splitlines()) == 1
    assert not out.exists()


def test_when_policy_is_invalid_then_cli_names_the_file(records, tmp_path):
    policy = tmp_path / "broken.yaml"
    policy.write_text("name: x\n")
    result = runner.invoke(
        app, ["redact", "detect", "-i", str(records), "-o", str(tmp_path / "o.jsonl"), "--policy", str(policy)]
    )
    assert result.exit_code != 0 and "broken.yaml" in result.output


def test_when_eval_runs_then_it_prints_per_type_recall_and_precision(engine, tmp_path):
    start = NOTE.index("Maria Garcia")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "g1", "text": NOTE, "spans": [{"start": start, "end": start + 12, "entity_type": "PERSON"}]})
        + "\n"
    )
    result = runner.invoke(app, ["redact", "eval", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    assert "PERSON" in result.output and "ALL" in result.output and "1.000" in result.output


@pytest.mark.parametrize("command", ["detect", "apply"])
def test_when_the_output_folder_is_missing_then_one_line_error_and_nothing_is_created(records, tmp_path, command):
    out = tmp_path / "missing" / "dir" / "x.jsonl"
    result = runner.invoke(app, ["redact", command, "--input", str(records), "--output", str(out)])
    message = result.output.strip()
    assert result.exit_code == 2 and len(message.splitlines()) == 1, message
    assert f"{out}: output folder" in message and "does not exist" in message and "Traceback" not in message
    assert not (tmp_path / "missing").exists()


def test_when_the_output_is_a_folder_then_one_line_error(records, tmp_path):
    result = runner.invoke(app, ["redact", "detect", "--input", str(records), "--output", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.output


@pytest.mark.parametrize("command", ["detect", "apply", "eval"])
def test_when_input_is_not_utf8_then_the_error_names_file_and_line(tmp_path, command):
    bad = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "a", "text": "ok", "spans": []}).encode()
    bad.write_bytes(good + b"\n" + good.replace(b'"a"', b'"b"') + b"\n" + b'{"id": "c", "text": "caf\xe9"}\n')
    args = ["--gold", str(bad)] if command == "eval" else ["-i", str(bad), "-o", str(tmp_path / "o.jsonl")]
    result = runner.invoke(app, ["redact", command, *args])
    message = result.output.strip()
    assert result.exit_code == 2 and len(message.splitlines()) == 1, message
    assert f"{bad}:3: not valid UTF-8" in message and not (tmp_path / "o.jsonl").exists()


def _gold(tmp_path):
    start = NOTE.index("Maria Garcia")
    spans = [
        {"start": start, "end": start + 12, "entity_type": "PERSON"},
        {"start": start, "end": start + 5, "entity_type": "GIVEN_NAME_OF_ANOTHER_ANNOTATION_SCHEME"},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": NOTE, "spans": spans}) + "\n")
    return gold


def test_when_eval_is_asked_for_json_then_it_prints_per_type_token_and_entity_scores(engine, tmp_path):
    result = runner.invoke(app, ["redact", "eval", "--gold", str(_gold(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["documents"] == 1 and set(report) == {"documents", "total", "by_type"}
    person = report["by_type"]["PERSON"]
    for key in ("token_recall", "token_precision", "entity_recall", "entity_typed_recall", "entity_precision"):
        assert 0.0 <= person[key] <= 1.0
    assert person["gold_entities"] == 1 and person["entity_recall"] == 1.0


def test_when_gold_uses_an_unknown_entity_type_then_it_is_scored_under_its_own_name(engine, tmp_path):
    result = runner.invoke(app, ["redact", "eval", "--gold", str(_gold(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    other = report["by_type"]["GIVEN_NAME_OF_ANOTHER_ANNOTATION_SCHEME"]
    assert other["gold_entities"] == 1 and other["entity_recall"] == 1.0 and other["entity_typed_recall"] == 0.0
    assert report["total"]["gold_entities"] == 2  # counted in the type-agnostic totals


def test_when_eval_output_is_piped_then_the_table_is_not_truncated(engine, tmp_path):
    result = runner.invoke(app, ["redact", "eval", "--gold", str(_gold(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "GIVEN_NAME_OF_ANOTHER_ANNOTATION_SCHEME" in result.output and "…" not in result.output
    header = next(line for line in result.output.splitlines() if "entity type" in line)
    for column in ("token recall", "token precision", "entity recall", "typed recall", "entity precision"):
        assert column in header


@pytest.mark.parametrize(
    "span",
    [{"start": 0, "end": 3}, {"start": 0, "end": 3, "entity_type": ""}, {"start": 0, "end": 3, "entity_type": 7}],
    ids=["missing", "empty", "not-text"],
)
def test_when_a_gold_span_has_no_entity_type_name_then_eval_names_file_and_line(tmp_path, span):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": NOTE, "spans": [span]}) + "\n")
    result = runner.invoke(app, ["redact", "eval", "--gold", str(gold)])
    assert result.exit_code == 2 and f"{gold}:1: span 0" in result.output


def _gold_with_one_miss(tmp_path):
    """Gold for NOTE: the name (found), "call" under a made-up type (never detected); the date is not gold."""
    name, verb = NOTE.index("Maria Garcia"), NOTE.index("call")
    spans = [
        {"start": name, "end": name + 12, "entity_type": "PERSON"},
        {"start": verb, "end": verb + 4, "entity_type": "MADE_UP_TYPE"},
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "g1", "text": NOTE, "spans": spans}) + "\n")
    return gold


def test_when_eval_shows_errors_then_missed_and_false_tokens_appear_by_type_with_context(engine, tmp_path):
    result = runner.invoke(app, ["redact", "eval", "--gold", str(_gold_with_one_miss(tmp_path)), "--show-errors"])
    assert result.exit_code == 0, result.output
    table, errors = result.output.split("MISSED tokens")
    missed, false = errors.split("FALSE tokens")
    assert "MADE_UP_TYPE" in table and "ALL" in table
    assert "MADE_UP_TYPE: 1 token(s)" in missed and "g1 @" in missed and "2069; «call» (617)" in missed
    assert "Maria" not in missed  # found names are not errors
    assert "DATE via " in false and "was seen «03/01/2069»; call" in false


def test_when_eval_shows_errors_as_json_then_an_errors_key_holds_both_lists(engine, tmp_path):
    args = ["redact", "eval", "--gold", str(_gold_with_one_miss(tmp_path)), "--json", "--show-errors"]
    result = runner.invoke(app, [*args, "--max-errors", "1"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report) == {"documents", "total", "by_type", "errors"}
    [missed] = report["errors"]["missed"]
    assert missed["entity_type"] == "MADE_UP_TYPE" and missed["strings"][0]["text"] == "call"
    assert missed["strings"][0]["occurrences"][0]["start"] == NOTE.index("call")
    dates = [g for g in report["errors"]["false"] if g["entity_type"] == "DATE"]
    assert dates and dates[0]["strings"][0]["text"] == "03/01/2069" and dates[0]["recognizer"]
    assert all(len(g["strings"]) <= 1 for g in report["errors"]["false"])
