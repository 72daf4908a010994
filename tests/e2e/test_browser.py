"""End to end in headless Chromium: `kit demo --fast`, `kit ui`, every role walks its pages' main actions.

The walk: admin verifies the audit log and ingests two notes; compliance detects, reviews and approves them,
draws and checks a QA record, signs off; the ML engineer runs selection, adds an example, selects a checkpoint,
launches / stops / resumes a run and prepares a rating round; a domain expert rates it; compliance runs the
PHI probe and releases under a lenient test gate. Every screenshot first checks the page shows no exception
and no error alert. Screenshots land in test-artifacts/screenshots/ (git-ignored);
``KIT_UPDATE_DOC_SCREENSHOTS=1`` also copies them into docs/img/ for the guides.
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
    choose,
    click,
    expect_text,
    kit_ui,
    open_page,
    open_tab,
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


# The demo's one real rating round is tiny; this test-only gate lets it through so the release action runs
# (the shipped gate, policies/release_gate.yaml, asks for 100 ratings and the memorization probe).
LENIENT_GATE = """# Test gate for the browser test: kit release RUN
min_ratings: 1
min_win_or_tie_rate: 0.0
min_win_or_tie_lower_bound: 0.0
max_phi_findings: 50
require_memorization_probe: false
require_signoff: false
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace built by `kit demo --fast` (every stage, tiny budgets), with a lenient release gate."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    path = tmp_path_factory.mktemp("e2e") / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "kit.cli", "demo", str(path), "--fast"], capture_output=True, text=True, timeout=1200
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (path / "policies").mkdir(exist_ok=True)
    (path / "policies" / "release_gate.yaml").write_text(LENIENT_GATE, encoding="utf-8")
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


def review_new_notes(page) -> None:
    """Confirm every open finding of the opened record (open ones have a primary Confirm) and approve it."""
    open_confirm = page.locator('button[data-testid="stBaseButton-primary"]').filter(has_text=re.compile(r"^Confirm$"))
    for _ in range(len(NEW_NOTES)):
        for _ in range(50):  # bounded: each decision reruns the page (and may propagate to the other note)
            if not open_confirm.count():
                break
            open_confirm.first.click()
            wait_idle(page)
        click(page, "Approve record")
        expect_text(page, "Approved e2e-note-")


def walk_compliance(browser, url: str) -> None:
    page = session(browser, url, "carol", "demo-carol")
    screenshot(page, "compliance-overview")
    open_page(page, "Redact & review")
    click(page, "Run detection", timeout=300_000)
    expect_text(page, "Detection:")
    page.locator("mark").first.wait_for()  # a new note opened, its findings highlighted
    screenshot(page, "compliance-review")
    where = page.get_by_text(re.compile(r"· \d+ of \d+$")).first
    position = where.inner_text()
    page.keyboard.press("p")  # keyboard-friendly: P / N move through records
    wait_idle(page)
    assert page.get_by_text(re.compile(r"· \d+ of \d+$")).first.inner_text() != position
    click(page, "Next in queue")
    review_new_notes(page)
    open_tab(page, "QA sample")
    page.get_by_label("Extra records").fill("3")  # the demo's sample is complete: draw a few more to check
    page.keyboard.press("Tab")
    wait_idle(page)
    open_tab(page, "QA sample")  # a rerun shows the first tab again
    click(page, "Anonymize approved records and draw the QA sample", timeout=180_000)
    expect_text(page, "for QA.")
    open_tab(page, "QA sample")
    expect_text(page, "Sampled records to check")
    screenshot(page, "compliance-qa")
    while page.get_by_role("button", name="Clean").count():  # each check moves the live bound
        click(page, "Clean")
        expect_text(page, ": clean.")
        open_tab(page, "QA sample")
    expect_text(page, "Every sampled record is checked.")
    open_tab(page, "Sign-off")
    click(page, "Sign off the redacted record set")
    expect_text(page, "curation may start")
    open_tab(page, "Sign-off")
    screenshot(page, "compliance-signoff")
    open_tab(page, "Learned detector")  # the demo trained one on its reviewed records
    expect_text(page, "In use: det-")  # (--fast reviews too few records to hold some out and score it)
    screenshot(page, "compliance-detector")
    sign_out(page)


def walk_ml_engineer(browser, url: str) -> None:
    page = session(browser, url, "mel", "demo-mel")
    screenshot(page, "ml_engineer-overview")
    open_page(page, "Curate")
    page.get_by_text("Run selection", exact=True).click()  # folded once a dataset exists
    choose(page, "Embeddings", "tfidf")  # MiniLM costs a model load; TF-IDF is the same selection path
    click(page, "Run selection and build", timeout=300_000)
    expect_text(page, "Built demo@")
    screenshot(page, "ml_engineer-curate")
    page.get_by_label("Prompt").last.fill("How long should I rest after a flu shot?")
    page.get_by_label("Response").last.fill(
        "Most people can go back to their usual day right away; a sore arm for a day or two is common and harmless."
    )
    click(page, "Add example", timeout=180_000)
    expect_text(page, "Added hand-")
    walk_training(page)
    walk_rate_setup(page)
    sign_out(page)


def walk_training(page) -> None:
    open_page(page, "Train")  # the demo's completed run is the only one: pick its epoch checkpoint
    page.get_by_text("validation example").first.click()
    expect_text(page, "Response at this checkpoint")
    click(page, "as the run's adapter")
    expect_text(page, "evaluation and release use it")
    screenshot(page, "ml_engineer-train")
    page.get_by_text("New run").click()  # the launch form is folded once runs exist
    page.get_by_label("Max steps (0 = all epochs)").fill("50")
    page.get_by_label("Max sequence length").fill("64")  # short and cheap steps: Stop takes effect after one
    page.keyboard.press("Tab")
    wait_idle(page)
    click(page, "Launch training")
    expect_text(page, "Started run-")
    click(page, "Stop")  # a CPU run takes minutes: stop it (it checkpoints), then resume it
    expect_text(page, "to checkpoint and stop")
    resume = page.get_by_role("button", name="Resume")
    page.wait_for_function(  # the worker finishes its step, checkpoints and exits; the page refreshes itself
        "() => [...document.querySelectorAll('button')].some(b => b.innerText.includes('Resume') && !b.disabled)",
        timeout=300_000,
    )
    wait_idle(page)
    screenshot(page, "ml_engineer-train-run")  # stopped after its first step: loss, progress, Resume
    resume.click()
    wait_idle(page)
    expect_text(page, "Resumed run-")
    click(page, "Stop")  # keep the CPU for the rest of the walk
    expect_text(page, "to checkpoint and stop")


def walk_rate_setup(page) -> None:
    open_page(page, "Rate")  # the completed demo run: generate a round for real experts
    page.get_by_text("New evaluation round").click()
    page.get_by_label("How many prompts (0 = all)").fill("2")
    page.get_by_label("Longest answer (tokens)").fill(
        "64"
    )  # long enough for the two answers to part (screenshots in docs/)
    page.keyboard.press("Tab")
    wait_idle(page)
    click(page, "Generate answers", timeout=600_000)
    expect_text(page, "Stored evaluation")
    # the overlap defaults to LIMA's 50 capped by the 2 prompts: both raters see both, agreement is measured
    assert page.get_by_role("spinbutton", name="Prompts rated by two raters").input_value() == "2"
    click(page, "Assign rating tasks")
    expect_text(page, "Assigned")
    screenshot(page, "ml_engineer-rate-setup")


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
    page.get_by_text("Include the memorization probe").click()  # PHI probe only: seconds, not minutes
    wait_idle(page)
    click(page, "Run privacy probes", timeout=300_000)
    expect_text(page, "PASS: every criterion holds.")
    click(page, "Release this run", timeout=300_000)
    expect_text(page, "Released ")
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
