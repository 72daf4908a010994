import json

import pytest

from kit.users import Actor


@pytest.fixture
def log(workspace):
    audit = workspace.audit()
    audit.path.write_bytes(b"")  # start the chain afresh so line numbers below are this test's own
    with workspace.connect() as conn:
        conn.execute("DELETE FROM meta WHERE key = 'audit_head'")
    actor = Actor("carol", "compliance")
    for i in range(5):
        audit.append(actor, "review.decide", f"finding-{i}", decision="confirm")
    return audit


def _lines(log):
    return log.path.read_bytes().splitlines(keepends=True)


def test_intact_log_verifies(log):
    result = log.verify()
    assert result.ok and result.lines == 5


def test_entries_carry_who_what_when_and_previous_hash(log):
    entry = log.entries()[1]
    assert {"ts", "actor", "role", "action", "object_id", "prev", "seq"} <= entry.keys()
    assert entry["actor"] == "carol" and entry["role"] == "compliance" and len(entry["prev"]) == 64


def test_when_a_line_is_edited_then_verify_names_the_next_line(log):
    lines = _lines(log)
    entry = json.loads(lines[1])
    entry["details"]["decision"] = "reject"
    lines[1] = (json.dumps(entry, sort_keys=True) + "\n").encode()
    log.path.write_bytes(b"".join(lines))
    result = log.verify()
    assert not result.ok and result.first_bad_line == 3


def test_when_a_line_is_deleted_then_verify_fails_there(log):
    lines = _lines(log)
    del lines[2]
    log.path.write_bytes(b"".join(lines))
    assert log.verify().first_bad_line == 3


def test_when_a_line_is_inserted_then_verify_fails_there(log):
    lines = _lines(log)
    lines.insert(2, lines[1])
    log.path.write_bytes(b"".join(lines))
    assert log.verify().first_bad_line == 3


def test_when_lines_are_reordered_then_verify_fails(log):
    lines = _lines(log)
    lines[1], lines[2] = lines[2], lines[1]
    log.path.write_bytes(b"".join(lines))
    assert log.verify().first_bad_line == 2


def test_when_the_tail_is_truncated_then_the_recorded_head_catches_it(log):
    log.path.write_bytes(b"".join(_lines(log)[:-1]))
    result = log.verify()
    assert not result.ok and "records 5 lines" in result.reason


def test_when_the_last_line_is_edited_then_the_recorded_head_catches_it(log):
    lines = _lines(log)
    entry = json.loads(lines[-1])
    entry["object_id"] = "finding-99"
    lines[-1] = (json.dumps(entry, sort_keys=True) + "\n").encode()
    log.path.write_bytes(b"".join(lines))
    assert log.verify().first_bad_line == 5


def test_when_details_look_like_text_then_append_refuses(workspace):
    with pytest.raises(ValueError, match="never carry text"):
        workspace.audit().append(Actor("carol", "compliance"), "x", "y", note="a" * 500)


def test_cli_audit_verify_exits_non_zero_on_tamper(log, workspace):
    from typer.testing import CliRunner

    from kit.cli import app

    runner = CliRunner()
    assert runner.invoke(app, ["-w", str(workspace.root), "audit", "verify"]).exit_code == 0
    lines = _lines(log)
    log.path.write_bytes(b"".join(lines[:1] + lines[2:]))
    result = runner.invoke(app, ["-w", str(workspace.root), "audit", "verify"])
    assert result.exit_code != 0 and "line 2" in result.output
