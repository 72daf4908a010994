"""Who is signed in, role guards, and the one way pages call the library (errors become messages)."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from kit.errors import KitError
from kit.users import Actor, Role, authenticate
from kit.workspace import Workspace

ACTOR_KEY = "actor"
T = TypeVar("T")
log = logging.getLogger("lima-kit.ui")


def current_actor() -> Actor | None:
    """The signed-in user of this browser session, if any."""
    return st.session_state.get(ACTOR_KEY)


def sign_in(ws: Workspace, name: str, password: str) -> Actor:
    """Check the password against the workspace's users and remember the actor in the session."""
    actor = authenticate(ws, name.strip(), password)
    st.session_state[ACTOR_KEY] = actor
    return actor


def sign_out() -> None:
    """Forget the signed-in user and everything the session held (selections, cached raw views)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def flash(message: str) -> None:
    """Remember a success message for the next script run (survives ``st.rerun``)."""
    st.session_state.setdefault("_flash", []).append(message)


def show_flash() -> None:
    """Show and forget the remembered success messages.

    Always one container, with or without messages: the page's elements keep their positions from run to run,
    so open expanders and selected tabs stay as the user left them.
    """
    box = st.container()
    for message in st.session_state.pop("_flash", []):
        box.success(message)


def require_role(*roles: Role) -> Actor:
    """The signed-in actor when it holds one of ``roles``; otherwise an error message and the page stops."""
    actor = current_actor()
    if actor is None:
        st.error("Sign in first.")
        st.stop()
    if actor.role not in roles:
        names = ", ".join(r.value for r in roles)
        st.error(f"This page is for {names}; you are signed in as {actor.name} ({actor.role.value}).")
        st.stop()
    return actor


def attempt(fn: Callable[..., T], *args: object, **kwargs: object) -> T | None:
    """Call one library function; show a KitError as a message and return None instead of a traceback."""
    return _call(fn, args, kwargs)[1]


def succeeded(fn: Callable[..., object], *args: object, **kwargs: object) -> bool:
    """Like :func:`attempt` for functions that return nothing: True when the call went through."""
    return _call(fn, args, kwargs)[0]


def guarded(fn: Callable[[], object]) -> None:
    """Run a whole page: an error no section caught still becomes a message, never a traceback."""
    _call(fn, (), {})


def _call(fn: Callable[..., T], args: tuple, kwargs: dict) -> tuple[bool, T | None]:
    try:
        return True, fn(*args, **kwargs)
    except KitError as err:
        st.error(str(err))
    except Exception as err:  # noqa: BLE001 - the UI never shows a traceback
        # Log the frames and the type only: an exception message could quote raw input text.
        log.error(
            "unexpected %s in %s:\n%s",
            type(err).__name__,
            getattr(fn, "__name__", fn),
            "".join(traceback.format_tb(err.__traceback__)),
        )
        st.error(f"Unexpected {type(err).__name__}; the server log has the details.")
    return False, None
