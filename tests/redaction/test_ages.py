"""Ages over 89, and dates that imply one, with the real engine and both shipped policies."""

from __future__ import annotations

import pytest

from redaction import anonymize, load_policy
from redaction.age_dates import implies_age_over_89, reference_year, year_of
from redaction.operators.simple import age
from tests.redaction.conftest import spans_of

SECRET = b"test-secret"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("She is 94 and lives alone.", "94"),
        ("Mrs. Okonjo, 94 yo, seen for falls.", "94"),
        ("A woman aged 94 with dementia.", "94"),
        ("A 94-year-old woman with dementia.", "94"),
        ("Age: 94\nSex: F", "94"),
        ("She is in her late 90s and uses a walker.", "90s"),
        ("He turned 101 in March.", "101"),
        ("I am 96 now and live alone.", "96"),
        ("A ninety-two-year-old man.", "ninety-two"),
    ],
)
def test_when_an_age_over_89_is_written_then_it_is_found_as_age(engine, text, value):
    assert spans_of(engine.detect(text), text, "AGE") == [value]


@pytest.mark.parametrize(
    "text",
    [
        "She is 89 and lives alone.",
        "A woman aged 72 with dementia.",
        "An 89-year-old man.",
        "Age: 45",
        "She is in her 80s.",
        "BP 94/60, HR 94, SpO2 94% on room air.",
        "A high fever above 104 F (40 C) needs care.",
        "She is 95% adherent to her inhaler.",
    ],
)
def test_when_an_age_is_89_or_less_or_not_an_age_then_no_age_is_found(engine, text):
    assert spans_of(engine.detect(text), text, "AGE") == []


def test_when_an_age_over_89_is_anonymized_then_it_becomes_90_plus(engine, policy):
    text = "She is 94 and in her late 90s by her own account; a 101-year-old neighbor visits."
    out = anonymize(text, engine.detect(text), policy, SECRET)
    assert out == "She is 90+ and in her late 90+ by her own account; a 90+-year-old neighbor visits."
    assert age("ninety-two") == "90+" and age("1931") == "90+" and age("88") == "88"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Seen 03/02/2025. She was born in 1931 on a farm.", "1931"),
        ("DOB 1930. Widowed.", "1930"),
        ("Seen 2025-01-10. Had polio in 1929 as a child.", "1929"),
    ],
)
def test_when_years_are_kept_but_one_implies_an_age_over_89_then_it_is_redacted(engine, policy, text, value):
    assert policy.keep_years
    findings = engine.detect(text)
    assert spans_of(findings, text, "AGE") == [value]
    assert value not in anonymize(text, findings, policy, SECRET)


def test_when_a_lone_year_is_recent_then_keep_years_leaves_it(engine, policy):
    text = "Seen 03/02/2025. Diagnosed with diabetes in 1998; quit smoking in 2010."
    findings = engine.detect(text)
    assert spans_of(findings, text, "AGE") == [] and spans_of(findings, text, "DATE") == ["03/02/2025"]
    out = anonymize(text, findings, policy, SECRET)
    assert "in 1998" in out and "in 2010" in out


def test_when_the_policy_sets_a_reference_year_then_ages_are_measured_from_it(policy):
    from redaction import build_engine

    then = build_engine(policy.model_copy(update={"reference_year": 2000}))
    text = "She was born in 1920 and married in 1941."
    assert spans_of(then.detect(text), text, "AGE") == []  # 80 in 2000
    assert reference_year(["1920"], 2000) == 2000 and not implies_age_over_89(1920, 2000)


def test_when_the_document_is_dated_later_than_today_then_its_latest_date_is_the_reference(engine):
    text = "Visit 04/07/2089. Diagnosed with asthma in 1995; born in 2050."
    assert spans_of(engine.detect(text), text, "AGE") == ["1995"]  # 94 years before the visit
    assert reference_year(["04/07/2089", "1995"]) == 2089


def test_when_a_full_date_implies_an_age_over_89_then_it_is_not_merely_shifted(engine, policy):
    text = "DOB: 03/04/1930. Seen 01/02/2025 and 01/09/2025."
    out = anonymize(text, engine.detect(text), policy, SECRET, patient_key="p1")
    assert "1930" not in out and out.startswith("DOB: [DATE].")
    assert "2025" in out or "2024" in out  # the visits are shifted as usual


def test_when_limited_data_set_then_implied_ages_are_found_but_kept_as_hipaa_allows():
    from redaction import build_engine

    lds = load_policy("limited_data_set")
    text = "Seen 03/02/2025. She was born in 1931; she is 94."
    findings = build_engine(lds).detect(text)
    assert spans_of(findings, text, "AGE") == ["1931", "94"]
    assert anonymize(text, findings, lds, SECRET) == text  # 164.514(e): an LDS may hold dates and ages


@pytest.mark.parametrize(
    ("value", "reference", "year"),
    [
        ("1931", 2025, 1931),
        ("03/04/1930", 2025, 1930),
        ("04/07/69", 2025, 1969),
        ("'31", 2025, 1931),
        ("'19", 2025, 2019),
    ],
)
def test_when_a_date_names_a_year_then_year_of_reads_it(value, reference, year):
    assert year_of(value, reference) == year


def test_when_measuring_then_more_than_89_years_counts_as_over_89():
    assert implies_age_over_89(1935, 2025) and not implies_age_over_89(1936, 2025)
    assert not implies_age_over_89(None, 2025)
