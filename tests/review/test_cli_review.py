"""``kit review ...``: thin shells with clear output and one-line errors."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kit.cli import app
from tests.conftest import PASSWORDS, TEST_PASSPHRASE
from tests.review.conftest import MISSED, findings_of, low_confidence_ids, set_review


@pytest.fixture
def kit(review, monkeypatch):
    """Invoke ``kit`` as a named user of the review workspace."""
    monkeypatch.setenv("KIT_PASSPHRASE", TEST_PASSPHRASE)

    def invoke(user: str, *args: str):
        monkeypatch.setenv("KIT_USER", user)
        monkeypatch.setenv("KIT_PASSWORD", PASSWORDS[user])
        result = CliRunner().invoke(app, ["-w", str(review.ws.root), "review", *args])
        result.text = " ".join(result.output.split())  # rich wraps at the test terminal's width
        return result

    return invoke


def test_when_status_is_asked_then_counts_bound_and_blockers_are_printed(kit):
    result = kit("carol", "status")
    assert result.exit_code == 0, result.text
    assert "pending 6" in result.text and "upper bound 1.0000" in result.text
    assert "Sign-off blocked by" in result.text


def test_when_show_is_run_then_only_compliance_sees_raw_text(kit, review):
    shown = kit("carol", "show", "n1")
    assert shown.exit_code == 0 and "John Miller" in shown.text and "PERSON" in shown.text
    hidden = kit("mel", "show", "n1")
    assert hidden.exit_code == 0 and "John Miller" not in hidden.text and "compliance role only" in hidden.text


def test_when_a_reviewer_works_through_the_cli_then_signoff_follows_the_gates(kit, review):
    set_review(review.ws, mode="sample_n", n=6, threshold=0.5)
    assert "Next: kit review show" in kit("carol", "next").output
    start = review.raw["n1"].index(MISSED)
    added = kit("carol", "add-span", "n1", "--start", str(start), "--end", str(start + len(MISSED)), "--type", "PERSON")
    assert added.exit_code == 0 and "1 record(s)" in added.text, added.text
    for low in low_confidence_ids(review.ws):
        assert kit("carol", "decide", str(low), "--reject").exit_code == 0
    fid = findings_of(review.ws, "n2")[0]["id"]
    assert kit("carol", "decide", str(fid), "--confirm").exit_code == 0
    assert kit("carol", "decide", str(fid), "--confirm", "--reject").exit_code == 2
    refused = kit("carol", "signoff")
    assert refused.exit_code != 0 and "sign-off refused" in refused.text and "Traceback" not in refused.text
    assert kit("dana", "approve", "n1").exit_code == 3
    assert kit("carol", "approve", "n1").exit_code == 0
    drawn = kit("carol", "sample", "--draw")
    assert drawn.exit_code == 0 and "drew 6 record(s)" in drawn.text, drawn.text
    ids = ["n1", "n2", "n3", "n4", "n5", "q1"]
    marked = kit("carol", "sample", *[arg for rid in ids for arg in ("--clean", rid)])
    assert marked.exit_code == 0 and "Nothing blocks sign-off" in marked.text, marked.text
    signed = kit("carol", "signoff")
    assert signed.exit_code == 0 and "Sign-off 1 by carol: 6 records" in signed.text, signed.text
