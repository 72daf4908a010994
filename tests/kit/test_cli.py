import typer
from typer.testing import CliRunner

from kit.cli import app


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
