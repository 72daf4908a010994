"""Drive the running Streamlit app in headless Chromium: start `kit ui`, sign in, wait, screenshot."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
DOC_IMAGES = ROOT / "docs" / "img"
# KIT_UPDATE_DOC_SCREENSHOTS=1 also copies every screenshot into docs/img/ for the role guides.
UPDATE_DOCS_ENV = "KIT_UPDATE_DOC_SCREENSHOTS"
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def kit_ui(workspace: Path, env: dict[str, str] | None = None, timeout: float = 90) -> Iterator[str]:
    """Run ``kit -w WORKSPACE ui`` on a free port; yield its URL; stop it on exit."""
    port = free_port()
    log = open(workspace.parent / f"kit-ui-{port}.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "kit.cli", "-w", str(workspace), "ui", "--port", str(port)],
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # its own process group: stopped as a whole below
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, timeout)
        yield url
    finally:
        _stop_group(proc)
        log.close()


def _stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL it if it lingers."""
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
            proc.wait(timeout=wait)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kit ui exited with {proc.returncode} before serving")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"kit ui did not answer on {url} within {timeout} s")


def wait_idle(page, timeout: float = 90_000) -> None:
    """Wait until the app's script run finished (stApp's data-test-script-state) and the page painted."""
    page.wait_for_timeout(400)  # let a rerun triggered by the last click begin
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
    page.wait_for_timeout(500)


def sign_in(page, url: str, name: str, password: str) -> None:
    """Open the app and sign in through the form."""
    page.goto(url)
    wait_idle(page)
    page.get_by_label("User name").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text(f"Signed in as {name}").wait_for()
    wait_idle(page)


def open_page(page, title: str) -> None:
    """Click a page in the sidebar navigation."""
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title, exact=True).click()
    wait_idle(page)


def open_tab(page, name: str) -> None:
    """Show the tab labelled ``name`` (no rerun: Streamlit renders every tab and the browser switches)."""
    page.get_by_role("tab", name=name).click()
    page.wait_for_timeout(300)


def click(page, name: str, *, index: int = 0, timeout: float = 90_000, exact: bool = False) -> None:
    """Click the ``index``-th button labelled ``name`` (a substring match unless ``exact``); wait for the rerun."""
    page.get_by_role("button", name=name, exact=exact).nth(index).click()
    wait_idle(page, timeout)
    assert_no_errors(page, f"after clicking {name!r}")


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label``."""
    box = page.get_by_role("combobox", name=label)
    wanted = page.get_by_role("option", name=option, exact=True)
    for _ in range(6):  # the list opens on a click or ArrowDown, but not always on the first one
        for action in (box.click, lambda: box.press("ArrowDown")):
            if not wanted.count():
                action()
                page.wait_for_timeout(400)
    wanted.first.click()
    wait_idle(page)


def expect_text(page, text: str, timeout: float = 90_000) -> None:
    """Wait until ``text`` is visible somewhere on the page."""
    page.get_by_text(text).first.wait_for(timeout=timeout)


def sign_out(page) -> None:
    """Sign out through the sidebar; the sign-in form comes back."""
    click(page, "Sign out")
    page.get_by_label("User name").wait_for()


def assert_no_errors(page, where: str) -> None:
    """Fail when the page shows an exception box or an error alert (st.error)."""
    found = page.locator(ERRORS)
    if found.count():
        texts = [found.nth(i).inner_text()[:300] for i in range(found.count())]
        raise AssertionError(f"{where}: the page shows {len(texts)} error(s): {texts}")


def screenshot(page, name: str) -> Path:
    """Check the page shows no error, then save a PNG of the whole page under test-artifacts/screenshots/.

    Streamlit scrolls inside its main container, not the document, so the viewport is stretched to the
    container's height for the shot and restored afterwards. With ``KIT_UPDATE_DOC_SCREENSHOTS=1`` the PNG
    is copied into docs/img/ too.
    """
    assert_no_errors(page, name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate("() => (document.querySelector('[data-testid=\"stMain\"]') || document.body).scrollHeight")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 4000))})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)
    if os.environ.get(UPDATE_DOCS_ENV) == "1":
        shutil.copyfile(path, DOC_IMAGES / path.name)
    return path
