"""Operators: placeholders, keyed surrogates that keep shape, per-patient date shifts, ZIP3, 90+."""

from __future__ import annotations

import datetime as dt

import pytest

from redaction import Finding, anonymize
from redaction.operators.date_shift import shift_date_text, shift_days
from redaction.operators.names import fake_name
from redaction.operators.simple import age, zip3
from redaction.operators.surrogate import surrogate

SECRET = b"test-secret"


def _redact(text, spans, policy, secret=SECRET, patient="p1"):
    findings = [Finding(text.index(v), text.index(v) + len(v), t, 1.0) for v, t in spans]
    return anonymize(text, findings, policy, secret, patient_key=patient)


def test_when_same_value_then_same_surrogate_and_other_secret_gives_other():
    assert fake_name(SECRET, "Maria Lopez") == fake_name(SECRET, "Maria Lopez")
    assert fake_name(SECRET, "Maria Lopez") != fake_name(b"other", "Maria Lopez")


@pytest.mark.parametrize(
    ("value", "check"),
    [
        ("Maria Lopez", lambda out: out.istitle() and len(out.split()) == 2),
        ("LOPEZ, MARIA", lambda out: out.isupper() and ", " in out),
        ("Lopez, Maria J.", lambda out: out.count(",") == 1 and out.endswith(".")),
    ],
)
def test_when_name_is_replaced_then_shape_is_kept(value, check):
    out = fake_name(SECRET, value)
    assert out != value and check(out)


def test_when_partial_mentions_then_surnames_agree():
    full, alone = fake_name(SECRET, "Maria Lopez"), fake_name(SECRET, "Lopez")
    assert full.split()[-1] == alone


def test_when_identifier_is_replaced_then_shape_is_kept():
    out = surrogate(SECRET, "MEDICAL_RECORD_NUMBER", "XW-4417/22")
    assert out != "XW-4417/22" and out[2] == "-" and out[7] == "/" and out[:2].isupper() and out[3:7].isdigit()


def test_when_dates_shift_then_intervals_and_formats_survive():
    days = shift_days(SECRET, "patient-1", 30, 365)
    assert 30 <= abs(days) <= 365 and days == shift_days(SECRET, "patient-1", 30, 365)
    admit, discharge = shift_date_text("03/01/2069", days), shift_date_text("03/09/2069", days)
    parse = lambda s: dt.datetime.strptime(s, "%m/%d/%Y")  # noqa: E731
    assert (parse(discharge) - parse(admit)).days == 8
    assert shift_date_text("2069-04-07", 10) == "2069-04-17"
    assert shift_date_text("Nov 4, 2069", 30) == "Dec 4, 2069"
    assert shift_date_text("12-Aug-2012", 1) == "13-Aug-2012"


def test_when_zip_or_age_then_safe_harbor_rules_apply():
    restricted = frozenset({"036", "102"})
    assert zip3("02118", restricted) == "021"
    assert zip3("03601", restricted) == "000"
    assert age("92") == "90+" and age("45") == "45"


def test_when_anonymizing_then_policy_operators_apply(policy):
    text = "Maria Lopez, 92-year-old, seen 03/01/2069, ZIP 03601, Boston, MA, MRN 4417-2231, SSN 123-45-6789."
    out = _redact(
        text,
        [
            ("Maria Lopez", "PERSON"),
            ("92", "AGE"),
            ("03/01/2069", "DATE"),
            ("03601", "ZIP_CODE"),
            ("MA", "STATE"),
            ("4417-2231", "MEDICAL_RECORD_NUMBER"),
            ("123-45-6789", "US_SSN"),
        ],
        policy,
    )
    for raw in ("Maria", "Lopez", "03/01/2069", "03601", "4417-2231", "123-45-6789", " 92-"):
        assert raw not in out
    assert "90+-year-old" in out and "ZIP 000," in out and ", MA," in out and "[SSN]" in out


def test_when_two_documents_share_a_patient_then_the_shift_is_the_same(policy):
    a = _redact("Admitted 03/01/2069.", [("03/01/2069", "DATE")], policy, patient="p7")
    b = _redact("Seen 03/01/2069.", [("03/01/2069", "DATE")], policy, patient="p7")
    assert a.split()[-1] == b.split()[-1]
