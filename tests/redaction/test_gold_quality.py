"""Quality on the synthetic gold set (kit.synth): a fast dev-sample check and the full held-out target."""

from __future__ import annotations

import pytest

from redaction.evaluation import evaluate


@pytest.fixture(scope="module")
def gold():
    from kit.synth import gold_set

    return gold_set()


def test_when_dev_sample_is_redacted_then_recall_and_precision_hold(engine, gold):
    docs = gold[0][:25]
    report = evaluate(docs, engine.detect_batch([d["text"] for d in docs]))
    assert report.total.token_recall >= 0.98
    assert report.total.token_precision >= 0.85


@pytest.mark.slow
def test_when_heldout_half_is_redacted_then_issue_targets_are_met(engine, gold):
    docs = gold[1]
    report = evaluate(docs, engine.detect_batch([d["text"] for d in docs]))
    assert report.total.token_recall >= 0.99
    assert report.total.token_precision >= 0.85
