"""Regression on real text: the engine over the first 100 notes of the dev set (real ICU nursing notes).

The issue's bar is recall >= 0.97 and precision >= 0.75 on them: 0.981 / 0.951 measured (`kit redact eval
--gold` over all 984 notes: 0.983 / 0.881). This test holds the floor that was reached, a little below the
measurement, and fails on any change that loses ground. Raise the floor as the detector improves;
docs/redaction.md tracks the numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from redaction.evaluation import evaluate

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "data" / "nursing-notes-deid-dev.jsonl"
RECALL_FLOOR = 0.97
PRECISION_FLOOR = 0.93


@pytest.mark.skipif(not DEV_SET.is_file(), reason="the dev set (../shared/data) is not present")
def test_when_100_real_nursing_notes_are_redacted_then_recall_and_precision_hold(engine):
    lines = DEV_SET.read_text(encoding="utf-8").splitlines()[:100]
    docs = [json.loads(line) for line in lines]
    report = evaluate(docs, engine.detect_batch([d["text"] for d in docs]))
    assert report.total.token_recall >= RECALL_FLOOR
    assert report.total.token_precision >= PRECISION_FLOOR
