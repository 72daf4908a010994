import pytest
import typer
from typer.testing import CliRunner

from kit.cli import app, common
from kit.errors import InputError, PermissionDenied
from kit.users import authenticate, list_users
from kit.workspace import Workspace


def _commands(group, prefix: list[str]):
    yield prefix
    if hasattr(group, "commands"):
        for name, sub in group.commands.items():
            yield from _commands(sub, prefix + [name])


def test_every_command_has_clear_help():
    runner = CliRunner()
    root = typer.main.get_command(app)
    paths = list(_commands(root, []))
    assert len(paths) > 8
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage" in result.output


def test_user_errors_are_one_line_without_traceback(tmp_path):
    result = CliRunner().invoke(app, ["-w", str(tmp_path / "nope"), "status"])
    assert result.exit_code != 0
    assert "not a lima-kit workspace" in result.output and "Traceback" not in result.output


def test_init_creates_a_workspace_and_admin(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PASSPHRASE", "a long passphrase")
    monkeypatch.setenv("KIT_PASSWORD", "admin-password")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w"), "--admin", "root"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("KIT_USER", "root")
    monkeypatch.setenv("KIT_NEW_PASSWORD", "dana-password")
    result = CliRunner().invoke(app, ["-w", str(tmp_path / "w"), "users", "add", "dana", "--role", "domain_expert"])
    assert result.exit_code == 0, result.output
    listing = CliRunner().invoke(app, ["-w", str(tmp_path / "w"), "users", "list"])
    assert "dana" in listing.output and "domain_expert" in listing.output


def _init(tmp_path, monkeypatch, name="w"):
    monkeypatch.setenv("KIT_PASSPHRASE", "a long passphrase")
    monkeypatch.setenv("KIT_PASSWORD", "admin-password")
    result = CliRunner().invoke(app, ["init", str(tmp_path / name), "--admin", "root"])
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("KIT_USER", "root")
    return tmp_path / name


def test_when_kit_new_password_is_unset_then_users_add_refuses_instead_of_reusing_the_admins(tmp_path, monkeypatch):
    ws = _init(tmp_path, monkeypatch)
    monkeypatch.delenv("KIT_NEW_PASSWORD", raising=False)
    result = CliRunner().invoke(app, ["-w", str(ws), "users", "add", "eve", "--role", "compliance"])
    assert result.exit_code == 2 and "KIT_NEW_PASSWORD" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "eve" not in [a.name for a in list_users(Workspace.open(ws))]
    with pytest.raises(PermissionDenied):  # and nobody can sign in as eve with the admin's password
        authenticate(Workspace.open(ws), "eve", "admin-password")


def test_when_users_add_runs_interactively_then_the_password_is_prompted_twice(tmp_path, monkeypatch):
    ws = _init(tmp_path, monkeypatch)
    monkeypatch.delenv("KIT_NEW_PASSWORD", raising=False)
    answers = iter(["eve-password", "eve-password", "x-password", "y-password"])
    monkeypatch.setattr(common.getpass, "getpass", lambda prompt: next(answers))
    monkeypatch.setattr(common, "interactive", lambda: True)
    result = CliRunner().invoke(app, ["-w", str(ws), "users", "add", "eve", "--role", "compliance"])
    assert result.exit_code == 0, result.output
    assert authenticate(Workspace.open(ws), "eve", "eve-password").role == "compliance"
    result = CliRunner().invoke(app, ["-w", str(ws), "users", "add", "fay", "--role", "compliance"])
    assert result.exit_code == 2 and "differ" in result.output


def test_when_init_password_is_too_short_then_no_workspace_is_left_and_a_rerun_succeeds(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PASSPHRASE", "a long passphrase")
    monkeypatch.setenv("KIT_PASSWORD", "short")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w")])
    assert result.exit_code == 2 and "8 characters" in result.output
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setenv("KIT_PASSWORD", "long-enough")
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w")])
    assert result.exit_code == 0, result.output
    assert [a.name for a in list_users(Workspace.open(tmp_path / "w"))] == ["admin"]


def test_when_init_has_no_passphrase_source_then_it_refuses_before_creating_anything(tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_PASSWORD", "admin-password")  # never used as the vault passphrase
    result = CliRunner().invoke(app, ["init", str(tmp_path / "w")])
    assert result.exit_code == 2 and "KIT_PASSPHRASE" in result.output
    assert list(tmp_path.iterdir()) == []


def _boom_command(exc: BaseException):
    sub = typer.Typer()

    @sub.command()
    @common.handle_errors
    def boom() -> None:
        raise exc

    @sub.command()
    def other() -> None:  # a second command keeps typer from collapsing the group
        pass

    return sub


def test_when_a_bug_raises_then_cli_prints_one_line_with_the_type_only(monkeypatch):
    monkeypatch.delenv("KIT_DEBUG", raising=False)
    result = CliRunner().invoke(_boom_command(ValueError("Patient Zelda Quarrington")), ["boom"])
    assert result.exit_code == common.INTERNAL_ERROR_EXIT
    line = result.output.strip()
    assert line.startswith("internal error (ValueError);") and len(line.splitlines()) == 1
    assert "Quarrington" not in result.output and "Traceback" not in result.output


def test_when_kit_debug_is_set_then_the_bug_is_re_raised(monkeypatch):
    monkeypatch.setenv("KIT_DEBUG", "1")
    result = CliRunner().invoke(_boom_command(ValueError("x")), ["boom"])
    assert isinstance(result.exception, ValueError)


def test_when_the_file_system_fails_then_cli_says_so_in_one_line(monkeypatch):
    monkeypatch.delenv("KIT_DEBUG", raising=False)
    result = CliRunner().invoke(_boom_command(OSError(28, "No space left on device", "/ws/Quarrington")), ["boom"])
    assert result.exit_code == common.OS_ERROR_EXIT and "No space left on device" in result.output
    assert "Quarrington" not in result.output and len(result.output.strip().splitlines()) == 1


def test_when_an_error_message_holds_brackets_then_it_is_printed_verbatim(monkeypatch):
    result = CliRunner().invoke(_boom_command(InputError("bad tag [bold] here", "f.jsonl", 3)), ["boom"])
    assert result.exit_code == 2 and "f.jsonl:3: bad tag [bold] here" in result.output


def test_every_command_has_a_one_line_summary():
    root = typer.main.get_command(app)
    for path in list(_commands(root, []))[1:]:
        command = root
        for name in path:
            command = command.commands[name]
        summary = command.get_short_help_str(limit=200)
        assert summary and not summary.endswith("..."), (path, summary)
