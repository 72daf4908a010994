"""The engine end to end with the real spaCy model: findings, batching, workers, offline."""

from __future__ import annotations

import dataclasses
import socket

import pytest

from redaction import Finding
from tests.redaction.conftest import spans_of

NOTE = (
    "Patient: GARCIA, MARIA  MRN: 4417-2231  DOB: 04/07/1969\n"
    "Ms. Garcia is a 92-year-old woman seen on 3/12/2069 at Mercy General Hospital by Dr. Okafor.\n"
    "She lives at 42 Willow Bend Rd, Springfield, MA 01103. Phone (617) 555-0134, fax 617-555-0199.\n"
    "Email maria.garcia@example.com. Hx Parkinson disease; Foley catheter placed. SSN 123-45-6789.\n"
)


@pytest.fixture(scope="module")
def findings(engine):
    return engine.detect(NOTE)


@pytest.mark.parametrize(
    ("entity", "value"),
    [
        ("PERSON", "GARCIA, MARIA"),
        ("PERSON", "Garcia"),
        ("PERSON", "Okafor"),
        ("MEDICAL_RECORD_NUMBER", "4417-2231"),
        ("DATE", "04/07/1969"),
        ("DATE", "3/12/2069"),
        ("AGE", "92"),
        ("HOSPITAL", "Mercy General Hospital"),
        ("STREET_ADDRESS", "42 Willow Bend Rd"),
        ("CITY", "Springfield"),
        ("STATE", "MA"),
        ("ZIP_CODE", "01103"),
        ("PHONE_NUMBER", "(617) 555-0134"),
        ("FAX_NUMBER", "617-555-0199"),
        ("EMAIL_ADDRESS", "maria.garcia@example.com"),
        ("US_SSN", "123-45-6789"),
    ],
)
def test_when_note_is_detected_then_each_identifier_is_found_with_its_type(findings, entity, value):
    assert value in spans_of(findings, NOTE, entity)


def test_when_medical_eponyms_appear_then_they_are_not_names(findings):
    found = " ".join(spans_of(findings, NOTE))
    assert "Parkinson" not in found and "Foley" not in found


@pytest.mark.parametrize(
    "title", ["CCU Nursing Progress Note 7p-7a:\nNeuro: alert", "SICU Nursing Admission Note\n\nThis is a"]
)
def test_when_a_note_opens_with_its_title_then_the_title_is_no_hospital(engine, title):
    assert spans_of(engine.detect(title), title, "HOSPITAL") == []


def test_when_detecting_then_findings_hold_offsets_not_text(findings):
    assert all(isinstance(f, Finding) for f in findings)
    assert {f.name for f in dataclasses.fields(Finding)} == {"start", "end", "entity_type", "score", "recognizer"}
    assert findings == sorted(findings)
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:]))


def test_when_batching_or_using_workers_then_results_match_single_calls(engine):
    texts = [NOTE, "Seen by Dr. Okafor on 04/07/2069.", "", NOTE.upper()]
    single = [engine.detect(t) for t in texts]
    assert engine.detect_batch(texts) == single
    assert engine.detect_batch(texts, workers=2) == single


def test_when_detecting_an_email_then_no_connection_is_attempted(engine, monkeypatch):
    attempts = []

    def refuse(self, address):
        attempts.append(address)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    text = "Write to jane.roe@mailhost.example.org or j.doe@hospital.co.uk about the visit."
    emails = spans_of(engine.detect(text), text, "EMAIL_ADDRESS")
    assert emails == ["jane.roe@mailhost.example.org", "j.doe@hospital.co.uk"]
    assert attempts == []


def test_when_policy_threshold_is_raised_then_weaker_findings_drop(policy):
    from redaction.postprocess import Postprocessor

    strict = policy.model_copy(update={"default_threshold": 0.99})
    assert Postprocessor(strict).policy.threshold("CITY") == 0.99
