"""Identifiers as ordinary prose carries them (portal messages, emails, forms written as sentences).

Per recognizer, a must-match / must-not-match table: each must-match row names the exact spans found (after
same-type overlaps merge) and the band each score must fall in, so that a checksum-valid number scores
high and a context-free weak match scores low enough to go to review. A must-not-match row expects no
result at any score. The examples are invented for these tests.
"""

from __future__ import annotations

import pytest

from redaction.findings import Finding
from redaction.operators.surrogate import surrogate
from redaction.postprocess import resolve_overlaps
from redaction.recognizers import RECOGNIZERS
from tests.redaction.conftest import spans_of

HIGH = (0.85, 1.0)  # checksum-valid, labelled or cued
CERTAIN = (0.9, 1.0)  # checksum-valid card or IBAN
MEDIUM = (0.5, 0.8)  # at or above the policy threshold, without confirming context
WEAK = (0.3, 0.5)  # below the threshold: a reviewer decides

Row = tuple[str, list[tuple[str, tuple[float, float]]]]

TABLE: dict[str, list[Row]] = {
    "ClinicalPhoneRecognizer": [
        ("Please call me at (617) 555-0134 ext. 22 after work", [("(617) 555-0134 ext. 22", HIGH)]),
        ("My cell is 617-555-0134 x22.", [("617-555-0134 x22", HIGH)]),
        ("555.123.4567", [("555.123.4567", MEDIUM)]),
        ("You can call 555.123.4567 any time", [("555.123.4567", HIGH)]),
        ("+1-617-555-0134 is the best number", [("+1-617-555-0134", MEDIUM)]),
        ("CALL (617) 555-0134 EXT. 22 BEFORE NOON", [("(617) 555-0134 EXT. 22", HIGH)]),
        ("text me at 617.555.0134, extension 22", [("617.555.0134, extension 22", HIGH)]),
        ("DOB 03/04/2021, seen 2021-03-04", []),
        ("BP 130/80, 120/80 lying", []),
        ("Labs 10-12, version 1.2.3", []),
        ("Shift 0700-1900 with float RN", []),
        ("Took 2 tabs of 500 mg at 0800", []),
        ("Boston, MA 02118", []),
        ("SSN 123-45-6789", []),
        ("Room 412, bed 2, 42 years", []),
        ("My UK number is +44 20 7946 0958", []),
    ],
    "InternationalPhoneRecognizer": [
        ("My UK number is +44 20 7946 0958.", [("+44 20 7946 0958", HIGH)]),
        ("Office in Berlin: +49 (0)30 1234567", [("+49 (0)30 1234567", HIGH)]),
        ("Our Paris flat has +33 1 42 68 53 00", [("+33 1 42 68 53 00", HIGH)]),
        ("or try 0044 20 7946 0958 after six", [("0044 20 7946 0958", HIGH)]),
        ("my son in Pune, +91 98765 43210", [("+91 98765 43210", HIGH)]),
        ("+1-617-555-0134", [("+1-617-555-0134", HIGH)]),
        ("CALL +44 20 7946 0958 AFTER 5", [("+44 20 7946 0958", HIGH)]),
        ("whatsapp +44 20 7946 0958 please", [("+44 20 7946 0958", HIGH)]),
        ("+44 7700 900123", [("+44 7700 900123", WEAK)]),
        ("I/O +1200 / -300 over the shift", []),
        ("+2 pitting edema, +1 pulses", []),
        ("K+ 4.1, Na+ 138, Mg++ 2.0", []),
        ("0030 0100 0200 resting quietly", []),
        ("Shift 0700-1900, BP 130/80, DOB 03/04/2021", []),
        ("Call 617-555-0134 today", []),
        ("SSN 123-45-6789, zip 02118", []),
    ],
    "CardNumberRecognizer": [
        ("Please charge my card 4529 1377 0011 2232 for the copay", [("4529 1377 0011 2232", CERTAIN)]),
        ("visa 4111-1111-1111-1111 exp 09/27", [("4111-1111-1111-1111", CERTAIN)]),
        ("AMEX 3715 550123 45678", [("3715 550123 45678", CERTAIN)]),
        ("the discover card is 6011443322110095.", [("6011443322110095", CERTAIN)]),
        ("Card: 5500 0000 0000 0004", [("5500 0000 0000 0004", CERTAIN)]),
        ("card 4111 1111 1111 1112", []),
        ("ref 1234 5678 9012 3456", []),
        ("logged 2021030412000000", []),
        ("Call (617) 555-0134 ext. 22", []),
        ("SSN 123-45-6789, MRN 4417-2231", []),
        ("Order 0000 1111 2222 3333", []),
        ("BP 130/80 at 0700-1900", []),
    ],
    "IbanNumberRecognizer": [
        ("Please refund to GB18 LIMA 1234 5612 3456 78, thanks", [("GB18 LIMA 1234 5612 3456 78", CERTAIN)]),
        ("IBAN: DE41500105170123456789.", [("DE41500105170123456789", CERTAIN)]),
        ("iban nl81 lima 0123 4567 89 please", [("nl81 lima 0123 4567 89", CERTAIN)]),
        ("MY IBAN IS FR14 2004 1010 0505 0001 3M02 606", [("FR14 2004 1010 0505 0001 3M02 606", CERTAIN)]),
        ("wire it to ES91 2100 0418 4502 0005 1332", [("ES91 2100 0418 4502 0005 1332", CERTAIN)]),
        ("IBAN: DE42500105170123456789", []),
        ("GB18 LIMA 1234", []),
        ("DE41 5001 0517 0123 4567 891", []),
        ("US12 3456 7890 1234 5678 90", []),
        ("Call (617) 555-0134, card 4111 1111 1111 1111", []),
        ("CA 19-9 was 35, CEA 2.1", []),
    ],
    "ZipCodeRecognizer": [
        ("I moved to 02118 last year", [("02118", WEAK)]),
        ("We now live in Boston, MA 02118 with my sister", [("02118", HIGH)]),
        ("what is covered in zip code 90210?", [("90210", HIGH)]),
        ("ZIP: 60614-1234", [("60614-1234", HIGH)]),
        ("my zip is 10001", [("10001", HIGH)]),
        ("boston, ma 02118", [("02118", HIGH)]),
        ("brooklyn ny 11234", [("11234", MEDIUM)]),
        ("MY ZIP CODE IS 10001", [("10001", HIGH)]),
        ("SPRINGFIELD, IL 62704", [("62704", HIGH)]),
        ("Plt 29603 total", []),
        ("dropped to 45000, given 10000 units, in 10000", []),
        ("WBC 12000, plt 150000", []),
        ("tulsa, ok 74103", []),
        ("MRN 02118 7", []),
    ],
    "StreetAddressRecognizer": [
        ("I live at 742 Evergreen Terrace, Springfield", [("742 Evergreen Terrace", HIGH)]),
        ("send it to 1600 pennsylvania avenue nw", [("1600 pennsylvania avenue nw", HIGH)]),
        ("The flat is at 221B Baker Street.", [("221B Baker Street", HIGH)]),
        ("We stayed at 55 rue de Rivoli in June", [("55 rue de Rivoli", MEDIUM)]),
        ("12 MAIN ST APT 4", [("12 MAIN ST APT 4", HIGH)]),
        ("I LIVE AT 742 EVERGREEN TERRACE", [("742 EVERGREEN TERRACE", HIGH)]),
        ("i live at 12 main st apt 4", [("12 main st apt 4", HIGH)]),
        ("my address is 88 oak ridge dr.", [("88 oak ridge dr.", HIGH)]),
        ("pls mail the forms to 9 elm ct, thanks", [("9 elm ct", HIGH)]),
        ("the house on 40 harbor view road", [("40 harbor view road", WEAK)]),
        ("at 42 Willow Bend Rd today", [("42 Willow Bend Rd", HIGH)]),
        ("3 times in a row", []),
        ("given 2 doses by way of iv", []),
        ("GIVEN 2 DOSES BY WAY OF IV", []),
        ("2 pillows in place", []),
        ("had 1 head ct", []),
        ("walked 2 laps down the street", []),
        ("pt has 2 kids and wants to drive", []),
        ("we walked 3 blocks on main street", []),
        ("Took 2 tabs of 500 mg at 0800", []),
    ],
}

CASES = [(name, text, expected) for name, rows in TABLE.items() for text, expected in rows]


@pytest.fixture(scope="module")
def recognizers():
    return {name: RECOGNIZERS[name]() for name in TABLE}


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[f"{n}:{t[:28]}" for n, t, _ in CASES])
def test_when_prose_holds_an_identifier_then_recognizer_finds_its_span_with_a_fitting_score(
    recognizers, name, text, expected
):
    recognizer = recognizers[name]
    results = recognizer.analyze(text, recognizer.supported_entities)
    merged = resolve_overlaps([Finding(r.start, r.end, r.entity_type, r.score) for r in results])
    found = sorted((text[f.start : f.end], f.score) for f in merged)
    assert [span for span, _ in found] == sorted(span for span, _ in expected)
    bands = dict(expected)
    for span, score in found:
        low, high = bands[span]
        assert low <= score <= high, f"{span!r} scored {score}"


PARAGRAPH = (
    "Hi, an update for my file. I moved last month and now live at 742 Evergreen Terrace, Springfield, "
    "IL 62704. My new cell is +44 20 7946 0958 and my work line is (617) 555-0134 ext. 22. Please charge "
    "the copay to my card 4529 1377 0011 2232, or refund it to IBAN GB18 LIMA 1234 5612 3456 78."
)
CLINICAL = "BP 130/80, HR 72, shift 0700-1900, labs 10-12 and 1.2.3, DOB 03/04/2021, Plt 29603, SSN 123-45-6789."


@pytest.mark.parametrize(
    ("entity", "expected"),
    [
        ("STREET_ADDRESS", ["742 Evergreen Terrace"]),
        ("ZIP_CODE", ["62704"]),
        ("PHONE_NUMBER", ["+44 20 7946 0958", "(617) 555-0134 ext. 22"]),
        ("ACCOUNT_NUMBER", ["4529 1377 0011 2232", "GB18 LIMA 1234 5612 3456 78"]),
    ],
)
def test_when_a_portal_message_gives_contact_and_payment_details_then_engine_finds_each(engine, entity, expected):
    for text in (PARAGRAPH, PARAGRAPH.lower(), PARAGRAPH.upper()):
        found = spans_of(engine.detect(text), text, entity)
        assert [s.lower() for s in found] == [e.lower() for e in expected], text[:20]


def test_when_a_note_holds_vitals_times_and_dates_then_no_prose_identifier_is_found(engine):
    found = spans_of(engine.detect(CLINICAL), CLINICAL)
    types = {f.entity_type for f in engine.detect(CLINICAL)}
    assert not types & {"PHONE_NUMBER", "ACCOUNT_NUMBER", "ZIP_CODE", "STREET_ADDRESS"}, found


@pytest.mark.parametrize(
    ("value", "name", "kept"),
    [
        ("55 rue de Rivoli", "Rivoli", " rue de "),
        ("12 Calle Mayor", "Mayor", " Calle "),
        ("1600 pennsylvania avenue nw", "pennsylvania", " avenue nw"),
    ],
)
def test_when_a_found_street_is_replaced_then_its_name_does_not_survive(value, name, kept):
    fake = surrogate(b"k" * 32, "STREET_ADDRESS", value)
    assert name not in fake
    assert kept in fake
