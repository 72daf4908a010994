"""The server process of ``kit ui``: install the offline guard, then run Streamlit in this same process.

``kit ui`` execs ``python -m ui.launch --port N --workspace PATH``. Running Streamlit's CLI in-process (not
``python -m streamlit``) means :func:`kit.offline.install` has patched the socket layer before Streamlit
imports anything or starts its server, instead of on the app script's first run, when a browser connects.

The security settings are pinned as command-line flags, which Streamlit ranks above ``STREAMLIT_*``
variables and every ``config.toml`` (``~/.streamlit/`` and the folder ``kit ui`` starts from): a config
file there cannot turn CORS or XSRF protection off, widen the allowed origins or hosts, or fix the cookie
secret (a fresh random one per launch, through the environment, as Streamlit accepts it only there).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path

from kit import offline
from kit.fsutil import restrict_umask

APP = Path(__file__).resolve().parent / "streamlit_app.py"
HOST = "127.0.0.1"
GUARD_MARKER = "lima-kit offline guard installed"
"""Printed to stderr (with the pid) once the guard is on and before Streamlit starts."""


def streamlit_flags(port: int) -> list[str]:
    """Streamlit's flags for the kit: loopback only, no usage statistics, headless, quiet and calm."""
    return [
        "--server.address",
        HOST,  # loopback only: the UI shows redacted (and, to compliance, raw) text
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
        # No tracebacks in the browser (messages could quote raw text), no deploy menu, no file watcher
        # (saves CPU; the code does not change under a running kit), a calm clinical colour.
        "--client.showErrorDetails",
        "none",
        "--client.toolbarMode",
        "minimal",
        "--server.fileWatcherType",
        "none",
        "--theme.primaryColor",
        "#0f766e",
        *security_flags(port),
    ]


def security_flags(port: int) -> list[str]:
    """Flags for the settings that guard the server, whatever a config file or variable says.

    Options the installed Streamlit does not know are left out: no config file can set those either.
    """
    own_origins = [f"http://{HOST}:{port}", f"http://localhost:{port}"]
    pins = [
        # CORS off would send Access-Control-Allow-Origin: * and accept a websocket from any web page.
        ("server.enableCORS", "true"),
        ("server.enableXsrfProtection", "true"),
        ("server.xsrfCookieSameSite", "lax"),
        # Lists given as flags replace a config file's list: only the UI's own origins, and a Host check
        # against DNS rebinding (a foreign name resolving to 127.0.0.1).
        *[("server.corsAllowedOrigins", origin) for origin in own_origins],
        ("server.allowedHosts", HOST),
        ("server.allowedHosts", "localhost"),
        ("browser.serverAddress", HOST),  # Streamlit also accepts websocket origins on this name
        ("server.enableStaticServing", "false"),  # no ./static folder served from the app's directory
        ("server.enableAgentApi", "false"),  # no HTTP or MCP API driving the app beside the browser
        ("server.trustedUserHeaders", "{}"),  # no identity taken from request headers
        ("logger.level", "info"),  # debug logging could write message contents to the server log
    ]
    known = _streamlit_flag_names()
    return [arg for key, value in pins if f"--{key}" in known for arg in (f"--{key}", value)]


def security_env() -> dict[str, str]:
    """Variables for the settings Streamlit takes only from the environment or a file: a random cookie secret.

    A cookie secret known from a config file would let anyone forge the XSRF token and session cookies.
    """
    return {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32)}


def _streamlit_flag_names() -> set[str]:
    from streamlit.web import cli as streamlit_cli

    return {opt for param in streamlit_cli.main_run.params for opt in getattr(param, "opts", [])}


def streamlit_argv(port: int, app: Path = APP) -> list[str]:
    """``sys.argv`` for Streamlit's CLI: ``streamlit run APP FLAGS``."""
    return ["streamlit", "run", str(app), *streamlit_flags(port)]


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ui.launch", description="Serve the lima-kit UI (kit ui).")
    parser.add_argument("--port", type=int, default=8501, help="Port on 127.0.0.1.")
    parser.add_argument("--workspace", type=Path, default=None, help="Workspace folder (default: KIT_WORKSPACE).")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Guard first, then hand this process to Streamlit's ``run`` command (returns when the server stops)."""
    offline.install()
    assert offline.is_installed()
    restrict_umask()  # what the UI writes into the workspace is private to this user (kit.fsutil)
    args = _parse(argv)
    if args.workspace is not None:
        os.environ["KIT_WORKSPACE"] = str(args.workspace.resolve())
    os.environ.update(security_env())
    print(f"{GUARD_MARKER} (pid {os.getpid()}); starting Streamlit on {HOST}:{args.port}", file=sys.stderr)
    sys.stderr.flush()
    from streamlit.web import cli as streamlit_cli

    sys.argv = streamlit_argv(args.port)
    streamlit_cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
