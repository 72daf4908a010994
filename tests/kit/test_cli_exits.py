"""typer's own exits and usage errors keep their exit codes: they are no internal error (issue 16)."""

import json

import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app, common


@pytest.fixture
def ws_path(tmp_path, monkeypatch):
    """A workspace made by ``kit init``, with the admin signed in through the environment."""
    monkeypatch.setenv("KIT_PASSPHRASE", "a long passphrase")
    monkeypatch.setenv("KIT_PASSWORD", "admin-password")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w"), "--admin", "root"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("KIT_USER", "root")
    return tmp_path / "w"


def test_when_the_audit_log_is_intact_then_verify_exits_zero(ws_path):
    result = CliRunner().invoke(app, ["-w", str(ws_path), "audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output


def test_when_an_audit_line_is_edited_then_verify_reports_it_and_exits_with_its_own_code(ws_path):
    log = ws_path / "audit.log"
    lines = log.read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[0])
    entry["actor"] = "mallory"
    lines[0] = json.dumps(entry)
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["-w", str(ws_path), "audit", "verify"])
    assert result.exit_code == common.AUDIT_BROKEN_EXIT == 6, result.output
    assert "broken at line" in result.output
    assert "internal error" not in result.output


def test_when_a_line_is_appended_to_the_audit_log_then_verify_exits_with_its_own_code(ws_path):
    with (ws_path / "audit.log").open("a", encoding="utf-8") as handle:
        handle.write('{"seq": 99}\n')
    result = CliRunner().invoke(app, ["-w", str(ws_path), "audit", "verify"])
    assert result.exit_code == common.AUDIT_BROKEN_EXIT, result.output
    assert "internal error" not in result.output


def test_verify_help_documents_the_broken_log_exit_code():
    result = CliRunner().invoke(app, ["audit", "verify", "--help"])
    assert result.exit_code == 0
    assert "6 when it is broken" in " ".join(result.output.split())


def test_when_train_gets_no_arguments_then_it_shows_help_and_exits_zero():
    result = CliRunner().invoke(app, ["train"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output and "internal error" not in result.output


def test_when_an_option_is_unknown_then_the_usage_error_keeps_its_exit_code(ws_path):
    result = CliRunner().invoke(app, ["-w", str(ws_path), "audit", "verify", "--no-such-option"])
    assert result.exit_code == 2, result.output
    assert "internal error" not in result.output


@pytest.mark.parametrize(
    ("raised", "code"),
    [
        (typer.Exit(6), 6),
        (typer.Exit(0), 0),
        (typer.Abort(), 1),
        (typer.BadParameter("nope"), 2),
    ],
)
def test_typer_control_flow_passes_through_handle_errors(raised, code):
    @common.handle_errors
    def command() -> None:
        raise raised

    cli = typer.Typer()
    cli.command()(command)
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == code, result.output
    assert "internal error" not in result.output
