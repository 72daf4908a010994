"""Top-level commands: init, status, ingest, users, audit, demo, ui."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from kit import ingest as ingest_lib
from kit import status as status_lib
from kit.cli.common import AUDIT_BROKEN_EXIT, console, current_actor, handle_errors, new_password, open_workspace
from kit.errors import InputError
from kit.users import ROLE_HELP, add_user, list_users
from kit.workspace import Workspace

users_app = typer.Typer(help="Manage workspace users and roles.", no_args_is_help=True)
audit_app = typer.Typer(help="Inspect and verify the hash-chained audit log.", no_args_is_help=True)


@handle_errors
def init_cmd(
    path: Path = typer.Argument(..., help="Folder to create (must be missing or empty)."),
    name: Optional[str] = typer.Option(None, help="Display name (default: folder name)."),  # noqa: UP007
    policy: str = typer.Option("hipaa_safe_harbor", help="Redaction policy name or YAML file."),
    admin: str = typer.Option("admin", help="Name of the first (admin) user."),
    key_file: Optional[Path] = typer.Option(  # noqa: UP007
        None, help="Key file (mode 0600) holding the vault passphrase; default: KIT_PASSPHRASE or a prompt."
    ),
) -> None:
    """Create a workspace: kit.toml, kit.db, an encrypted vault, the audit log and the first admin user.

    The vault passphrase comes from --key-file, KIT_PASSPHRASE or a prompt; the admin's password from
    KIT_PASSWORD (the one the admin then signs in with) or a prompt. All or nothing: on any error no
    workspace is left behind.
    """
    if key_file:
        from kit.vault import read_key_file

        passphrase = read_key_file(key_file)
    else:
        passphrase = new_password("New vault passphrase", env="KIT_PASSPHRASE")
    password = new_password(f"Password for {admin}", env="KIT_PASSWORD")
    ws = Workspace.init(
        path, passphrase=passphrase, name=name, policy=policy, key_file=key_file, admin=admin, admin_password=password
    )
    console.print(f"Created workspace [bold]{ws.root}[/] with admin user [bold]{admin}[/].")
    console.print(f"Next: export KIT_WORKSPACE={ws.root}; kit users add NAME --role compliance; kit ingest FILE")


@handle_errors
def status_cmd() -> None:
    """Show what each stage holds and the next step."""
    ws = open_workspace()
    table = Table(title=f"Workspace {ws.name} ({ws.root})")
    for col in ("stage", "state", "holds", "next step"):
        table.add_column(col)
    for stage in status_lib.stages(ws):
        table.add_row(stage.title, stage.state, stage.summary, stage.next_action)
    console.print(table)


@handle_errors
def ingest_cmd(
    path: Path = typer.Argument(..., help="A .jsonl, .csv or .parquet file, or a folder of .txt files."),
    kind: str = typer.Option(..., "--kind", help="documents ({id, text, ...}) or examples ({id, prompt, response})."),
    max_chars: int = typer.Option(ingest_lib.DEFAULT_MAX_CHARS, help="Refuse fields longer than this many characters."),
) -> None:
    """Import records into the encrypted vault (all or nothing; re-imports are no-ops).

    Text fields and any other metadata go to the vault only. Record ids and the labels doc_type, source and
    category (short slugs: letters, digits, _ - . and spaces, at most 64) are stored in clear, so they must
    not hold PHI. A bad line stops the import naming file and line; nothing is written.
    """
    if kind not in ("documents", "examples"):
        raise InputError(f"--kind must be documents or examples, not {kind!r}")
    ws = open_workspace()
    actor = current_actor(ws)
    result = ingest_lib.ingest(ws, ws.vault(), path, kind, actor, max_chars=max_chars)
    if result.unchanged:
        console.print(f"{result.file}: already imported; nothing to do.")
    else:
        console.print(f"{result.file}: imported {result.added} {kind} ({result.skipped} already present).")


@users_app.command("add")
@handle_errors
def users_add(
    name: str = typer.Argument(..., help="User name."),
    role: str = typer.Option(..., "--role", help="admin | compliance | ml_engineer | domain_expert"),
) -> None:
    """Add a user (admin only; sign in with KIT_USER and KIT_PASSWORD).

    The new user's password comes only from KIT_NEW_PASSWORD or a prompt (typed twice); never from
    KIT_PASSWORD, which is the acting admin's own.
    """
    ws = open_workspace()
    by = current_actor(ws)
    password = new_password(f"Password for {name}", env="KIT_NEW_PASSWORD")
    add_user(ws, name, role, password, by=by)
    console.print(f"Added {name} ({role}).")


@users_app.command("list")
@handle_errors
def users_list() -> None:
    """List users and their roles."""
    ws = open_workspace()
    for actor in list_users(ws):
        console.print(f"{actor.name:20} {actor.role.value:14} {ROLE_HELP.get(actor.role, '')}")


@audit_app.command("verify")
@handle_errors
def audit_verify() -> None:
    """Check the hash chain; report the first broken line.

    Exit codes: 0 when the log is intact; 6 when it is broken (a line edited, deleted or reordered, or a
    count that differs from the head kept in kit.db), with the first bad line named. Other errors keep
    their usual codes (1 when there is no workspace, 74 when a file cannot be read).
    """
    ws = open_workspace()
    result = ws.audit().verify()
    if result.ok:
        console.print(f"audit log intact: {result.lines} entries")
        return
    console.print(f"[red]audit log broken at line {result.first_bad_line}[/]: {result.reason}")
    raise typer.Exit(AUDIT_BROKEN_EXIT)


@audit_app.command("show")
@handle_errors
def audit_show(last: int = typer.Option(20, help="How many of the latest entries.")) -> None:
    """Print the latest audit entries."""
    ws = open_workspace()
    for entry in ws.audit().entries()[-last:]:
        details = " ".join(f"{k}={v}" for k, v in entry["details"].items())
        console.print(
            f"{entry['seq']:>5} {entry['ts']} {entry['actor']}({entry['role']}) "
            f"{entry['action']} {entry['object_id']} {details}"
        )


@handle_errors
def demo_cmd(
    path: Path = typer.Argument(Path("kit-demo"), help="Folder for the demo workspace."),
    force: bool = typer.Option(False, "--force", help="Replace an existing demo workspace at PATH."),
    fast: bool = typer.Option(False, "--fast", help="Tiny budgets everywhere (for tests)."),
) -> None:
    """Run every stage on the bundled synthetic data, explaining each step."""
    from kit.demo import run_demo

    run_demo(path, force=force, fast=fast, console=console)


@handle_errors
def ui_cmd(
    port: int = typer.Option(8501, help="Port on 127.0.0.1 (the UI never listens beyond this machine)."),
    workspace: Optional[Path] = typer.Option(  # noqa: UP007
        None, "--workspace", "-w", help="Workspace folder (default: the global kit -w PATH, or KIT_WORKSPACE)."
    ),
) -> None:
    """Serve the Streamlit UI for the workspace on http://127.0.0.1:PORT (offline, no usage statistics).

    Sign in with a workspace user; the pages shown follow the user's role. Ctrl-C stops the server.
    """
    from kit.cli.common import STATE

    if workspace is not None:
        STATE["workspace"] = workspace
    ws = open_workspace()
    env = {**os.environ, "KIT_WORKSPACE": str(ws.root)}
    # ui.launch installs the offline guard in the server process, then runs Streamlit in-process with the
    # kit's flags (loopback only, usage statistics off, headless, no file watcher, no error details).
    cmd = [sys.executable, "-m", "ui.launch", "--port", str(port), "--workspace", str(ws.root)]
    console.print(f"lima-kit UI on http://127.0.0.1:{port} (workspace {ws.root}); Ctrl-C stops it.")
    sys.stdout.flush()
    # Become the server (exec, not a child process): a signal to `kit ui` reaches it, none is orphaned.
    os.execve(sys.executable, cmd, env)


def register(app: typer.Typer) -> None:
    """Attach the top-level commands to the main app."""
    app.command("init")(init_cmd)
    app.command("status")(status_cmd)
    app.command("ingest")(ingest_cmd)
    app.add_typer(users_app, name="users")
    app.add_typer(audit_app, name="audit")
    app.command("demo")(demo_cmd)
    app.command("ui")(ui_cmd)
