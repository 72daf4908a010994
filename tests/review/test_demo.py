"""The review stage's demo step on the fast demo corpus (slow: runs the whole stage)."""

from __future__ import annotations

import pytest
from rich.console import Console

from kit.demo import run_demo
from kit.review.api import latest_signoff, signed_off_records
from kit.workspace import Workspace


@pytest.mark.slow
def test_when_the_demo_runs_then_it_reviews_labels_its_stand_in_and_signs_off(tmp_path, review_engine):
    console = Console(record=True, width=120)
    ctx = run_demo(tmp_path / "demo", fast=True, console=console, steps=["kit.review.demo"])
    out = console.export_text()
    assert "DEMO STAND-IN REVIEWER" in out and "token recall" in out and "95% upper bound" in out
    ws = Workspace.open(tmp_path / "demo")
    signoff = latest_signoff(ws)
    assert signoff is not None and ctx.state["signoff_id"] == signoff.id
    assert signoff.bound_record < signoff.threshold
    assert sum(1 for _ in signed_off_records(ws)) == signoff.n_records == 184
