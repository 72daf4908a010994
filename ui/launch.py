"""The server process of ``kit ui``: install the offline guard, then run Streamlit in this same process.

``kit ui`` execs ``python -m ui.launch --port N --workspace PATH``. Running Streamlit's CLI in-process (not
``python -m streamlit``) means :func:`kit.offline.install` has patched the socket layer before Streamlit
imports anything or starts its server, instead of on the app script's first run, when a browser connects.
"""

from __future__ import annotations

import argparse
import os
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
    ]


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
    print(f"{GUARD_MARKER} (pid {os.getpid()}); starting Streamlit on {HOST}:{args.port}", file=sys.stderr)
    sys.stderr.flush()
    from streamlit.web import cli as streamlit_cli

    sys.argv = streamlit_argv(args.port)
    streamlit_cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main()
