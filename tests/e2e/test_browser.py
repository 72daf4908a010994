"""End to end in headless Chromium: `kit demo --fast`, `kit ui`, every role walks its pages' main actions.

Screenshots of every page land in test-artifacts/screenshots/ (git-ignored); docs/img/ holds curated copies.
Debian's chromium only (/usr/bin/chromium): nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.streamlit_driver import (
    CHROMIUM,
    CHROMIUM_ARGS,
    click,
    expect_text,
    kit_ui,
    open_page,
    screenshot,
    sign_in,
    sign_out,
    wait_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # builds the demo workspace: minutes on a CPU
NEW_NOTES = [
    {
        "id": "e2e-note-1",
        "text": "Patient Walter Brennan (MRN 7781234) called on 02/11/2024 about his refill.",
        "doc_type": "portal_message",
    },
    {
        "id": "e2e-note-2",
        "text": "Follow-up with Dr. Imelda Sousa at 617-555-0199 next Tuesday.",
        "doc_type": "portal_message",
    },
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace built by `kit demo --fast` (every stage, tiny budgets)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    path = tmp_path_factory.mktemp("e2e") / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "kit.cli", "demo", str(path), "--fast"], capture_output=True, text=True, timeout=1200
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return path


@pytest.fixture
def browser():
    """Headless Chromium from Debian, offline flags on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def session(browser, url: str, name: str, password: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, url, name, password)
    return page


def walk_admin(browser, url: str, folder: Path) -> None:
    page = session(browser, url, "admin", "demo-admin")
    screenshot(page, "admin-overview")
    open_page(page, "Workspace")
    click(page, "Verify the hash chain")
    expect_text(page, "Audit log intact")
    screenshot(page, "admin-workspace")
    open_page(page, "Ingest")
    notes = folder / "new_notes.jsonl"
    notes.write_text("".join(json.dumps(n) + "\n" for n in NEW_NOTES), encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(notes))
    wait_idle(page)
    click(page, "Import")
    expect_text(page, "imported 2 documents")
    screenshot(page, "admin-ingest")
    sign_out(page)


def walk_compliance(browser, url: str) -> None:
    page = session(browser, url, "carol", "demo-carol")
    screenshot(page, "compliance-overview")
    open_page(page, "Redact & review")
    click(page, "Run detection", timeout=300_000)
    expect_text(page, "Detection:")
    page.locator("mark").first.wait_for()  # a new note opened, its findings highlighted
    screenshot(page, "compliance-review")
    for index in range(page.get_by_role("button", name="Confirm", exact=True).count()):
        click(page, "Confirm", index=index)  # one decision per finding; each reruns the page
    click(page, "Approve record")
    expect_text(page, "Approved e2e-note-")
    where = page.get_by_text(re.compile(r"· \d+ of \d+$")).first
    position = where.inner_text()
    page.keyboard.press("p")  # keyboard-friendly: P / N move through records
    wait_idle(page)
    assert page.get_by_text(re.compile(r"· \d+ of \d+$")).first.inner_text() != position
    page.get_by_role("tab", name="QA sample").click()
    screenshot(page, "compliance-qa")
    page.get_by_role("tab", name="Sign-off").click()
    screenshot(page, "compliance-signoff")
    sign_out(page)


def walk_ml_engineer(browser, url: str) -> None:
    page = session(browser, url, "mel", "demo-mel")
    screenshot(page, "ml_engineer-overview")
    open_page(page, "Curate")
    screenshot(page, "ml_engineer-curate")
    page.get_by_label("Prompt").last.fill("How long should I rest after a flu shot?")
    page.get_by_label("Response").last.fill(
        "Most people can go back to their usual day right away; a sore arm for a day or two is common and harmless."
    )
    click(page, "Add example", timeout=180_000)
    expect_text(page, "Added hand-")
    open_page(page, "Train")
    screenshot(page, "ml_engineer-train")
    page.get_by_text("New run").click()  # the launch form is folded once runs exist
    page.get_by_label("Max steps (0 = all epochs)").fill("50")
    page.get_by_label("Max sequence length").fill("64")
    page.keyboard.press("Tab")
    wait_idle(page)
    click(page, "Launch training")
    expect_text(page, "Started run-")
    screenshot(page, "ml_engineer-train-run")
    click(page, "Stop")  # a CPU run takes minutes: stopping it exercises the control instead
    expect_text(page, "to checkpoint and stop")
    open_page(page, "Rate")  # the completed demo run: generate a round for real experts
    page.get_by_text("New evaluation round").click()
    page.get_by_label("How many prompts (0 = all)").fill("2")
    page.get_by_label("Longest answer (tokens)").fill("12")
    page.keyboard.press("Tab")
    wait_idle(page)
    click(page, "Generate answers", timeout=600_000)
    expect_text(page, "Stored evaluation")
    page.get_by_label("Prompts every rater sees (for agreement)").fill("1")
    page.keyboard.press("Tab")
    wait_idle(page)
    click(page, "Assign rating tasks")
    expect_text(page, "Assigned")
    screenshot(page, "ml_engineer-rate-setup")
    sign_out(page)


def walk_domain_expert(browser, url: str) -> None:
    page = session(browser, url, "dana", "demo-dana")
    screenshot(page, "domain_expert-overview")
    open_page(page, "Rate")
    expect_text(page, "Which answer best satisfies your needs?")
    screenshot(page, "domain_expert-rate")
    body = page.locator('[data-testid="stMain"]').inner_text()
    assert "run-" not in body and "base:" not in body, "the rating page must not reveal model identity"
    page.keyboard.press("a")  # keyboard: A, T, B
    wait_idle(page)
    while page.get_by_role("button", name="Neither is significantly better").count():
        click(page, "Neither is significantly better")
    expect_text(page, "Nothing left to rate")
    screenshot(page, "domain_expert-rate-done")
    sign_out(page)


def walk_report(browser, url: str) -> None:
    page = session(browser, url, "carol", "demo-carol")
    open_page(page, "Report & release")
    expect_text(page, "Release gate")
    screenshot(page, "compliance-report")
    click(page, "Build the HTML report")
    expect_text(page, "Download report.html")
    sign_out(page)


def stop_workers(workspace: Path) -> None:
    """Kill training workers the walk started (a stopped run may still be finishing its step)."""
    from kit.training.runs import ACTIVE, list_runs
    from kit.workspace import Workspace

    for run in list_runs(Workspace.open(workspace)):
        if run.status in ACTIVE and run.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(run.pid, signal.SIGKILL)


def test_when_each_role_walks_the_flow_in_a_browser_then_every_page_works(demo, browser, tmp_path):
    try:
        with kit_ui(demo) as url:
            walk_admin(browser, url, tmp_path)
            walk_compliance(browser, url)
            walk_ml_engineer(browser, url)
            walk_domain_expert(browser, url)
            walk_report(browser, url)
    finally:
        stop_workers(demo)
