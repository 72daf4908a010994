"""Shared plumbing for the CLI: workspace and user resolution, error handling, consoles.

Every command is a thin shell: parse arguments, call one library function, print the result. A
:class:`~kit.errors.KitError` becomes one line on stderr and the error's exit code — never a traceback.
Any other exception is a bug: it becomes one line naming only its type (its message might quote raw
text), exit code 70; ``KIT_DEBUG=1`` re-raises it for the traceback.
"""

from __future__ import annotations

import functools
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import typer
from rich.console import Console
from rich.markup import escape

from kit.errors import InputError, KitError, PermissionDenied
from kit.users import Actor, authenticate
from kit.workspace import Workspace

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
STATE: dict[str, Any] = {"workspace": None, "user": None}
F = TypeVar("F", bound=Callable[..., Any])
INTERNAL_ERROR_EXIT = 70  # EX_SOFTWARE
OS_ERROR_EXIT = 74  # EX_IOERR
AUDIT_BROKEN_EXIT = 6
"""``kit audit verify``'s exit code when the audit log does not verify (docs/guide-admin.md)."""

# typer's own control flow: exits, aborts and usage errors carry their exit code and must pass through.
# Recent typer releases carry their own copy of click (typer.Exit is then a plain RuntimeError, no click
# Exit); older ones re-export click's classes. Both families are listed so either passes through.
TYPER_CONTROL_FLOW: tuple[type[BaseException], ...] = (
    typer.Exit,
    typer.Abort,
    getattr(typer, "TyperException", click.ClickException),
    click.exceptions.Exit,
    click.ClickException,
    click.Abort,
)


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
        if not interactive():
            raise PermissionDenied(f"no password for {name}: set KIT_PASSWORD or run interactively")
        password = getpass.getpass(f"Password for {name}: ")
    return authenticate(ws, name, password)


def new_password(prompt: str = "Password", env: str = "KIT_NEW_PASSWORD") -> str:
    """A new secret from ``$env`` or an interactive prompt with confirmation; never from another variable.

    ``kit users add`` reads ``KIT_NEW_PASSWORD`` only: falling back to ``KIT_PASSWORD`` would silently give
    the new user the acting admin's password.
    """
    value = os.environ.get(env)
    if value:
        return value
    if not interactive():
        raise InputError(f"{prompt.lower()}: none given; set {env} or run interactively")
    first = getpass.getpass(f"{prompt}: ")
    if first != getpass.getpass(f"{prompt} (again): "):
        raise InputError("the two entries differ")
    return first


def interactive() -> bool:
    """True when a person at a terminal can answer a prompt."""
    return bool(sys.stdin) and sys.stdin.isatty()


def fail(err: KitError) -> None:
    """Print ``err`` as one line and exit with its code."""
    err_console.print(f"[bold red]error:[/] {escape(str(err))}", soft_wrap=True, markup=True, highlight=False)
    raise typer.Exit(err.exit_code)


def handle_errors(fn: F) -> F:
    """Turn KitError (and Ctrl-C) into a one-line message and a non-zero exit code; anything else too."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KitError as err:
            fail(err)
        except KeyboardInterrupt:
            err_console.print("interrupted")
            raise typer.Exit(130) from None
        except TYPER_CONTROL_FLOW:
            raise  # typer's own control flow: exits with its own code, never an internal error
        except OSError as err:
            if os.environ.get("KIT_DEBUG") == "1":
                raise
            os_error(err)
        except Exception as err:
            if os.environ.get("KIT_DEBUG") == "1":
                raise
            internal_error(err)

    return wrapper  # type: ignore[return-value]


def os_error(err: OSError) -> None:
    """A failed file-system call (disk full, permissions): the system's reason, never a path or message text."""
    reason = err.strerror or type(err).__name__
    err_console.print(
        f"[bold red]error:[/] the operating system refused a file operation ({escape(reason)}); "
        "check free space and permissions, then rerun",
        soft_wrap=True,
        markup=True,
        highlight=False,
    )
    raise typer.Exit(OS_ERROR_EXIT)


def internal_error(err: BaseException) -> None:
    """Report a bug in one line: the exception's type only (its message might carry raw text)."""
    err_console.print(
        f"[bold red]internal error[/] ({type(err).__name__}); this is a bug in lima-kit. Rerun with "
        "KIT_DEBUG=1 for the traceback (it may quote input text: keep it private).",
        soft_wrap=True,
        markup=True,
        highlight=False,
    )
    raise typer.Exit(INTERNAL_ERROR_EXIT)


def existing_file(path: Path, what: str = "input") -> Path:
    """Check that ``path`` exists, naming it in the error otherwise."""
    if not Path(path).exists():
        raise InputError(f"{what} file not found", path)
    return Path(path)
