"""`kit ui` pins its security settings: a hostile `.streamlit/config.toml` in the folder it starts from cannot
turn CORS or XSRF protection off, widen the origins or hosts, or fix the cookie secret (issue 16)."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

import ui.launch
from ui.launch import APP, security_env, security_flags, streamlit_argv

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_CONFIG = """\
[server]
enableCORS = false
enableXsrfProtection = false
corsAllowedOrigins = ["http://evil.example"]
allowedHosts = ["*"]
cookieSecret = "known-to-the-attacker"
enableStaticServing = true
enableAgentApi = true

[browser]
serverAddress = "evil.example"

[logger]
level = "debug"
"""


def _pairs(args: list[str]) -> list[tuple[str, str]]:
    assert len(args) % 2 == 0 and all(a.startswith("--") for a in args[::2])
    return list(zip(args[::2], args[1::2]))


def test_security_flags_pin_cors_xsrf_origins_and_hosts():
    pairs = _pairs(security_flags(8765))
    flags = dict(pairs)
    assert flags["--server.enableCORS"] == "true"
    assert flags["--server.enableXsrfProtection"] == "true"
    assert flags["--server.xsrfCookieSameSite"] == "lax"
    assert flags["--server.enableStaticServing"] == "false"
    assert flags["--server.enableAgentApi"] == "false"
    assert flags["--browser.serverAddress"] == "127.0.0.1"
    assert [v for k, v in pairs if k == "--server.corsAllowedOrigins"] == [
        "http://127.0.0.1:8765",
        "http://localhost:8765",
    ]
    assert [v for k, v in pairs if k == "--server.allowedHosts"] == ["127.0.0.1", "localhost"]
    argv = streamlit_argv(8765)
    assert argv[-len(security_flags(8765)) :] == security_flags(8765)


def test_streamlits_own_command_line_parser_accepts_every_pinned_flag():
    from streamlit.web import cli as streamlit_cli

    ctx = streamlit_cli.main_run.make_context("run", [str(APP), *streamlit_argv(8765)[3:]])
    assert ctx.params["server_enableCORS"] is True
    assert ctx.params["server_enableXsrfProtection"] is True
    assert tuple(ctx.params["server_allowedHosts"]) == ("127.0.0.1", "localhost")


def test_when_streamlit_lacks_an_option_then_its_flag_is_left_out(monkeypatch):
    monkeypatch.setattr(ui.launch, "_streamlit_flag_names", lambda: {"--server.enableCORS"})
    assert security_flags(8765) == ["--server.enableCORS", "true"]


def test_security_env_gives_a_fresh_random_cookie_secret_per_launch():
    first, second = security_env(), security_env()
    assert set(first) == {"STREAMLIT_SERVER_COOKIE_SECRET"}
    assert len(first["STREAMLIT_SERVER_COOKIE_SECRET"]) >= 32
    assert first != second


def test_when_the_launcher_starts_streamlit_then_flags_and_a_fresh_cookie_secret_are_in_place(monkeypatch):
    from streamlit.web import cli as streamlit_cli

    seen = {}

    def fake_streamlit_main(prog_name: str) -> None:
        seen.update(argv=list(sys.argv), secret=os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET"))

    monkeypatch.setattr(streamlit_cli, "main", fake_streamlit_main)
    monkeypatch.setattr(ui.launch, "restrict_umask", lambda: 0o022)  # keep this test process's umask
    monkeypatch.setattr(sys, "argv", ["python -m ui.launch"])
    monkeypatch.setenv("STREAMLIT_SERVER_COOKIE_SECRET", "known-to-the-attacker")
    ui.launch.main(["--port", "8765"])
    assert seen["argv"] == streamlit_argv(8765)
    assert seen["secret"] not in (None, "", "known-to-the-attacker")


def _free_port() -> int:
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


def _health(port: int, origin: str):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/health", headers={"Origin": origin})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers


def _websocket_status(port: int, host: str, origin: str) -> bytes:
    """The status line Streamlit answers a websocket upgrade with (101 accepted, 403 refused)."""
    key = base64.b64encode(os.urandom(16)).decode("ascii")
    request = (
        f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request.encode("ascii"))
        return sock.recv(200).split(b"\r\n")[0]


@pytest.fixture
def hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    (folder / ".streamlit").mkdir(parents=True)
    (folder / ".streamlit" / "config.toml").write_text(HOSTILE_CONFIG, encoding="utf-8")
    return folder


def test_when_kit_ui_starts_beside_a_hostile_streamlit_config_then_cors_xsrf_and_host_checks_stay_on(
    workspace, tmp_path, hostile_folder
):
    port, log = _free_port(), tmp_path / "ui.log"
    env = {k: v for k, v in os.environ.items() if k != "KIT_WORKSPACE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [sys.executable, "-m", "kit.cli", "ui", "-w", str(workspace.root), "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, cwd=hostile_folder, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for(lambda: "You can now view" in log.read_text(), proc, log)
        _wait_for(lambda: _health(port, f"http://127.0.0.1:{port}")[0] == 200, proc, log)
        status, headers = _health(port, "http://evil.example")
        assert status == 200
        assert headers.get("Access-Control-Allow-Origin") is None  # CORS on: no "*" for a foreign page
        assert "_streamlit_xsrf=" in (headers.get("Set-Cookie") or "")  # XSRF protection on
        own = f"127.0.0.1:{port}"
        assert _websocket_status(port, own, f"http://{own}").startswith(b"HTTP/1.1 101")
        assert _websocket_status(port, f"evil.example:{port}", f"http://evil.example:{port}").startswith(
            b"HTTP/1.1 403"
        )  # Host check: DNS rebinding refused
        assert _websocket_status(port, own, "http://evil.example").startswith(b"HTTP/1.1 403")  # foreign origin
        text = log.read_text()
        assert f"URL: http://127.0.0.1:{port}" in text and "URL: http://evil.example" not in text
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
