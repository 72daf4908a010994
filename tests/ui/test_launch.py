"""`kit ui`: Streamlit's flags, and a real server whose process installs the offline guard before it serves."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from kit.cli import app
from ui.launch import APP, GUARD_MARKER, streamlit_argv, streamlit_flags


def _flags(port: int) -> dict[str, str]:
    args = streamlit_flags(port)
    assert len(args) % 2 == 0 and all(a.startswith("--") for a in args[::2])
    return dict(zip(args[::2], args[1::2]))


def test_when_flags_are_built_then_the_server_binds_loopback_only_with_usage_stats_off():
    flags = _flags(8765)
    assert flags["--server.address"] == "127.0.0.1"
    assert flags["--server.port"] == "8765"
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.headless"] == "true"
    assert flags["--server.fileWatcherType"] == "none"
    assert flags["--client.showErrorDetails"] == "none"
    assert streamlit_argv(8765)[:3] == ["streamlit", "run", str(APP)] and APP.is_file()


def test_when_ui_help_is_asked_then_it_names_port_and_workspace():
    result = CliRunner().invoke(app, ["ui", "--help"])
    assert result.exit_code == 0
    assert "--port" in result.output and "--workspace" in result.output and "127.0.0.1" in result.output


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(predicate, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        assert proc.poll() is None, f"kit ui exited with {proc.returncode}:\n{log.read_text()}"
        time.sleep(0.3)
    raise AssertionError(f"kit ui did not come up within {timeout} s:\n{log.read_text()}")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_when_kit_ui_starts_then_the_guard_is_on_in_the_server_process_before_it_serves(workspace, tmp_path):
    port, log = _free_port(), tmp_path / "ui.log"
    env = {k: v for k, v in os.environ.items() if k != "KIT_WORKSPACE"}  # `kit ui -w PATH` names it
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kit.cli", "ui", "-w", str(workspace.root), "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_for(lambda: "You can now view" in log.read_text(), proc, log)
        text = log.read_text()
        # Before Streamlit's server started (and so before any page was requested), in the server process
        # itself: `kit ui` exec'd the launcher, so the pid is the one we started.
        assert f"{GUARD_MARKER} (pid {proc.pid})" in text, text
        assert text.index(GUARD_MARKER) < text.index("You can now view")
        assert "usage statistics" not in text.lower()  # Streamlit announces them when they are on
        environ = dict(
            item.split("=", 1) for item in Path(f"/proc/{proc.pid}/environ").read_text().split("\0") if "=" in item
        )
        assert environ["KIT_WORKSPACE"] == str(workspace.root) and environ["HF_HUB_OFFLINE"] == "1"
        _wait_for(lambda: _healthy(port), proc, log)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
