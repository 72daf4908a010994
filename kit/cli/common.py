"""Shared plumbing for the CLI: workspace and user resolution, error handling, consoles.

Every command is a thin shell: parse arguments, call one library function, print the result. A
:class:`~kit.errors.KitError` becomes one line on stderr and the error's exit code — never a traceback.
"""

from __future__ import annotations

import functools
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console

from kit.errors import InputError, KitError, PermissionDenied
from kit.users import Actor, authenticate
from kit.workspace import Workspace

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
STATE: dict[str, Any] = {"workspace": None, "user": None}
F = TypeVar("F", bound=Callable[..., Any])


def open_workspace() -> Workspace:
    """The workspace named by ``--workspace`` or ``$KIT_WORKSPACE``."""
    return Workspace.open(STATE.get("workspace") or os.environ.get("KIT_WORKSPACE"))


def current_actor(ws: Workspace) -> Actor:
    """The signed-in user: ``--user``/``$KIT_USER`` with ``$KIT_PASSWORD`` or a prompt."""
    name = STATE.get("user") or os.environ.get("KIT_USER")
    if not name:
        raise PermissionDenied("no user given: pass --user NAME or set KIT_USER (and KIT_PASSWORD)")
    password = os.environ.get("KIT_PASSWORD")
    if password is None:
        if not sys.stdin or not sys.stdin.isatty():
            raise PermissionDenied(f"no password for {name}: set KIT_PASSWORD or run interactively")
        password = getpass.getpass(f"Password for {name}: ")
    return authenticate(ws, name, password)


def new_password(prompt: str = "Password") -> str:
    """A new password from ``$KIT_PASSWORD`` or an interactive prompt with confirmation."""
    if os.environ.get("KIT_PASSWORD"):
        return os.environ["KIT_PASSWORD"]
    if not sys.stdin or not sys.stdin.isatty():
        raise InputError("no password given: set KIT_PASSWORD or run interactively")
    first = getpass.getpass(f"{prompt}: ")
    if first != getpass.getpass(f"{prompt} (again): "):
        raise InputError("the two passwords differ")
    return first


def fail(err: KitError) -> None:
    """Print ``err`` as one line and exit with its code."""
    err_console.print(f"[bold red]error:[/] {err}", soft_wrap=True, markup=True, highlight=False)
    raise typer.Exit(err.exit_code)


def handle_errors(fn: F) -> F:
    """Turn KitError (and Ctrl-C) into a one-line message and a non-zero exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KitError as err:
            fail(err)
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def existing_file(path: Path, what: str = "input") -> Path:
    """Check that ``path`` exists, naming it in the error otherwise."""
    if not Path(path).exists():
        raise InputError(f"{what} file not found", path)
    return Path(path)
