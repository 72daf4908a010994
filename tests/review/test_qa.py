"""The residual bound, the QA sample, anonymization and sign-off gating."""

from __future__ import annotations

import sqlite3

import pytest

from kit.errors import PermissionDenied, StateError
from kit.review import decisions, qa, sampling, signoff
from kit.review.api import latest_signoff, signed_off_records
from tests.review.conftest import MISSED, resolve_low_confidence, set_review


@pytest.mark.parametrize(
    ("misses", "n", "expected"),
    [
        (0, 300, 1 - 0.05 ** (1 / 300)),  # the reference: about 0.0099
        (0, 1, 0.95),
        (1, 100, 0.0466),  # published one-sided 95% table value
        (5, 5, 1.0),
        (0, 0, 1.0),
    ],
)
def test_when_bounding_a_residual_rate_then_clopper_pearson_matches_reference(misses, n, expected):
    assert qa.clopper_pearson_upper(misses, n) == pytest.approx(expected, abs=1e-4)


def test_when_zero_misses_in_300_then_the_bound_is_about_one_percent():
    assert qa.clopper_pearson_upper(0, 300) == pytest.approx(0.0099, abs=1e-4)


@pytest.mark.parametrize(("misses", "n", "threshold"), [(0, 0, 0.01), (0, 120, 0.01), (2, 50, 0.05), (0, 400, 0.01)])
def test_when_asking_how_many_more_clean_records_then_the_answer_is_the_smallest_that_works(misses, n, threshold):
    k = qa.clean_needed(misses, n, threshold)
    assert qa.clopper_pearson_upper(misses, n + k) < threshold
    if k:
        assert qa.clopper_pearson_upper(misses, n + k - 1) >= threshold
    assert qa.clean_needed(0, 0, 0.01) == 299


def test_when_mode_is_sampled_then_target_size_follows_the_policy():
    assert qa.target_size("full", 40) == 40
    assert qa.target_size("sample_n", 40, n=10) == 10
    assert qa.target_size("sample_n", 4, n=10) == 4
    assert qa.target_size("sample_fraction", 41, fraction=0.1) == 5
    assert qa.permutation(["b", "a", "c"], 3) == qa.permutation(["c", "b", "a"], 3)


def _approve_all(review):
    for record_id in ["n1", "n2", "n3", "n4", "n5", "q1"]:
        decisions.approve(review.ws, review.carol, record_id)


def test_when_review_is_incomplete_then_signoff_is_refused_and_when_complete_it_is_written(review):
    ws, carol, vault = review.ws, review.carol, review.vault
    set_review(ws, mode="full", threshold=0.5)
    with pytest.raises(StateError, match="not approved by a reviewer"):
        signoff.sign_off(ws, carol)

    start = review.raw["n1"].index(MISSED)
    decisions.add_span(ws, vault, carol, "n1", "text", start, start + len(MISSED), "PERSON")
    resolve_low_confidence(review)
    _approve_all(review)
    with pytest.raises(StateError, match="no redacted text yet"):
        signoff.sign_off(ws, carol)

    drawn = sampling.draw_sample(ws, vault, carol)
    assert drawn.anonymized.anonymized == 6 and len(drawn.drawn) == 6  # full mode checks every record
    with pytest.raises(StateError, match="not checked yet"):
        signoff.sign_off(ws, carol)

    for record_id in drawn.drawn:
        sampling.mark_clean(ws, carol, record_id)
    summary = signoff.review_summary(ws)
    assert summary.blockers == () and summary.qa.bound_record == pytest.approx(1 - 0.05 ** (1 / 6))
    with pytest.raises(PermissionDenied):
        signoff.sign_off(ws, review.actors["mel"])

    signed = signoff.sign_off(ws, carol)

    assert latest_signoff(ws) == signed and signed.n_records == 6 and signed.reviewer == "carol"
    records = {r.id: r for r in signed_off_records(ws)}
    assert set(records) == {"n1", "n2", "n3", "n4", "n5", "q1"}
    assert records["q1"].fields.keys() == {"prompt", "response"} and records["q1"].category == "medications"
    for secret in ("John Miller", MISSED, "4455123", "555-201-3344", "jm@example.com"):
        assert all(secret not in text for r in records.values() for text in r.fields.values())
    with ws.connect() as conn, pytest.raises(sqlite3.DatabaseError, match="immutable"):
        conn.execute("UPDATE signoffs SET threshold = 0.9")
    with ws.connect() as conn, pytest.raises(sqlite3.DatabaseError, match="immutable"):
        conn.execute("DELETE FROM signoff_records")
    assert any(e["action"] == "review.signoff" for e in ws.audit().entries())


def test_when_qa_finds_residual_phi_then_the_bound_blocks_signoff_and_the_record_reopens(review):
    ws, carol, vault = review.ws, review.carol, review.vault
    set_review(ws, mode="sample_n", n=3, threshold=0.5)
    resolve_low_confidence(review)
    drawn = sampling.draw_sample(ws, vault, carol)  # sample mode: the kit approves unflagged records itself
    assert drawn.anonymized.auto_approved == 6 and len(drawn.drawn) == 3
    victim = drawn.drawn[0]
    sampling.mark_residual(
        ws, carol, victim, [sampling.ResidualSpan("text" if victim != "q1" else "prompt", 0, 4, "PERSON")]
    )
    for record_id in drawn.drawn[1:]:
        sampling.mark_clean(ws, carol, record_id)

    summary = signoff.review_summary(ws)
    assert summary.qa.residual_records == 1 and summary.qa.bound_record > 0.5
    assert any("re-opened by QA" in b for b in summary.blockers)
    assert any("more clean record(s) needed" in b for b in summary.blockers)
    with pytest.raises(StateError, match="residual bound"):
        signoff.sign_off(ws, carol)
    assert latest_signoff(ws) is None
    with pytest.raises(StateError):
        list(signed_off_records(ws))


def _reference_upper(misses: int, n: int, alpha: float = 0.05) -> float:
    """Clopper-Pearson one-sided upper bound by definition: the p at which P(X <= misses | n, p) = alpha.

    Computed from the binomial sum by bisection (no scipy), as an independent reference.
    """
    import math

    def cdf(p: float) -> float:
        return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(misses + 1))

    low, high = 0.0, 1.0
    for _ in range(100):
        mid = (low + high) / 2
        low, high = (mid, high) if cdf(mid) > alpha else (low, mid)
    return (low + high) / 2


@pytest.mark.parametrize(("residual_tokens", "checked_tokens"), [(0, 1000), (3, 1000), (1, 250), (10, 2000)])
def test_when_bounding_the_per_token_rate_then_it_matches_the_exact_reference(residual_tokens, checked_tokens):
    report = qa.QaReport("sample_n", 300, 300, 300, 300, 1, checked_tokens, residual_tokens, 0.01, 0)
    assert report.rate_token == residual_tokens / checked_tokens
    assert report.bound_token == pytest.approx(_reference_upper(residual_tokens, checked_tokens), rel=1e-6)
    if residual_tokens == 0:  # closed form: 1 - 0.05^(1/n)
        assert report.bound_token == pytest.approx(1 - 0.05 ** (1 / checked_tokens), rel=1e-9)
    assert report.bound_record == pytest.approx(_reference_upper(1, 300), rel=1e-6)


def test_when_qa_names_residual_spans_then_the_token_rate_and_bound_follow_the_redacted_tokens(review):
    ws, carol, vault = review.ws, review.carol, review.vault
    set_review(ws, mode="sample_n", n=6, threshold=0.5)
    resolve_low_confidence(review)
    drawn = sampling.draw_sample(ws, vault, carol)
    with ws.connect() as conn:
        tokens = dict(conn.execute("SELECT record_id, n_tokens FROM redacted").fetchall())
    victim = "n3"  # "No complaints today. ..." - the span covers the first two whitespace tokens
    sampling.mark_many(
        ws, carol, {r: [sampling.ResidualSpan("text", 0, 13, "PERSON")] if r == victim else [] for r in drawn.drawn}
    )
    report = qa.qa_report(ws)
    assert report.residual_tokens == 2 and report.checked_tokens == sum(tokens.values())
    assert report.rate_token == 2 / sum(tokens.values())
    assert report.bound_token == pytest.approx(_reference_upper(2, sum(tokens.values())), rel=1e-6)
    assert report.bound_record == pytest.approx(_reference_upper(1, 6), rel=1e-6)
