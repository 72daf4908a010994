"""Must-match / must-not-match tables, one per clinical recognizer (spans are the exact strings found)."""

from __future__ import annotations

import pytest

from redaction.findings import Finding
from redaction.postprocess import resolve_overlaps
from redaction.recognizers import RECOGNIZERS

# recognizer -> list of (text, expected spans at or above 0.5). An empty list is a must-not-match row.
TABLE: dict[str, list[tuple[str, list[str]]]] = {
    "AgeRecognizer": [
        ("A 92-year-old woman", ["92"]),
        ("age 94, lives alone", ["94"]),
        ("Father: alive and well at 101", ["101"]),
        ("in her 90s", ["90s"]),
        ("97F presents with", ["97"]),
        ("A 45-year-old man", []),
        ("88 yo male", []),
        ("T 99.2 F, fever > 101 F", []),
        ("She is 94 and lives alone", ["94"]),
        ("I am 96 now", ["96"]),
        ("He turned 101 in March", ["101"]),
        ("aged 94, widowed", ["94"]),
        ("in his late nineties", ["nineties"]),
        ("a ninety-two-year-old man", ["ninety-two"]),
        ("celebrated her 100th birthday", ["100"]),
        ("She is 89 and lives alone", []),
        ("in her 80s", []),
        ("SBP in the 90s", []),
        ("She is 95% adherent", []),
        ("fever above 104 F (40 C)", []),
    ],
    "ClinicalDateRecognizer": [
        ("DOB: 04/07/69.", ["04/07/69"]),
        ("seen 2069-04-07", ["2069-04-07"]),
        ("follow up 3/12", ["3/12"]),
        ("admitted 12-Aug-2012", ["12-Aug-2012"]),
        ("on 08JAN1927 at", ["08JAN1927"]),
        ("on Nov. 4, 2069", ["Nov. 4, 2069"]),
        ("Tuesday the 4th", ["Tuesday the 4th"]),
        ("Pain 6/10 at rest", []),
        ("Strength 5/5 throughout", []),
        ("Smokes 1/2 ppd", []),
        ("BP 120/80", []),
        ("May consider a statin", []),
        ("Symptoms started on 3/26 and have been worse", ["3/26"]),
        ("She was born in 1931.", ["1931"]),
        ("Report given to Rania at 1900.", []),
        ("Sent: 02/26/2017 1931", ["02/26/2017"]),
        ("Take 1/2 tab at night", []),
        ("Your follow-up is on the 6th at the clinic", ["6th"]),
        ("WBC 8.8\nJuly 2068: Cr 1.55", ["July 2068"]),
        ("s/p pelvic fx4/97, arm fx 5/97", ["4/97", "5/97"]),
        ("S/P PELVIC FX4/97", ["4/97"]),
        ("SIMV12/40", []),
        ("prefx4/97", []),
    ],
    "ClinicalPhoneRecognizer": [
        ("Call (617) 555-0134 today", ["(617) 555-0134"]),
        ("cell 617.555.0134 x22", ["617.555.0134 x22"]),
        ("text 9192626635.", ["9192626635"]),
        ("pager 4-5678", ["4-5678"]),
        ("CELL-617 555-0134 & HOME-617 555-0199", ["617 555-0134", "617 555-0199"]),
        ("son Ari- 617- 555- 0134.", ["617- 555- 0134"]),
        ("WIFE (617/555/0134) AT BEDSIDE", ["617/555/0134"]),
        ("contact person (155-234-0199)", ["155-234-0199"]),
        ("can be reached at 617 5550134.", ["617 5550134"]),
        ("PAGER: #34567", ["34567"]),
        ("Pager: #34567", ["34567"]),
        ("PG 45678", ["45678"]),
        ("pg 45678", ["45678"]),
        ("beeper # 4-5678", ["4-5678"]),
        ("Fax: 617-555-0199", []),
        ("Hgb 12.7, Plt 296", []),
        ("see pg 2 of the consent", []),
        ("BNP 1234 pg/ml", []),
        ("BNP 1234 PG/ML", []),
        ("SIMV 700/14/5", []),
    ],
    "FaxRecognizer": [
        ("Fax: (617) 555-0199", ["(617) 555-0199"]),
        ("F: 3156782107", ["3156782107"]),
        ("Records faxed to 9786300325 on", ["9786300325"]),
        ("Phone (617) 555-0134", []),
    ],
    "SsnRecognizer": [
        ("SSN: 123-45-6789", ["123-45-6789"]),
        ("social security 123 45 6789", ["123 45 6789"]),
        ("SSN 000-12-3456", []),
        ("ratio 666-12-3456", []),
    ],
    "MrnRecognizer": [
        ("MRN: 4417-2231", ["4417-2231"]),
        ("MR# 560-40-78-5", ["560-40-78-5"]),
        ("Medical record #: IRF-421795", ["IRF-421795"]),
        ("Unit# 95-71-30  Rm 356", ["95-71-30"]),
        ("MRN pending", []),
    ],
    "AccountNumberRecognizer": [
        ("Acct #: HAR8211722", ["HAR8211722"]),
        ("Visit #: 719-486349", ["719-486349"]),
        ("Account No. 8016 6268 68", ["8016 6268 68"]),
        ("account reviewed", []),
    ],
    "CardNumberRecognizer": [
        ("card 4529 1377 0011 2232", ["4529 1377 0011 2232"]),
        ("card 4529 1377 0011 2233", []),
    ],
    "IbanNumberRecognizer": [
        ("IBAN GB18 LIMA 1234 5612 3456 78", ["GB18 LIMA 1234 5612 3456 78"]),
        ("IBAN GB19 LIMA 1234 5612 3456 78", []),
    ],
    "InternationalPhoneRecognizer": [
        ("Call +44 20 7946 0958", ["+44 20 7946 0958"]),
        ("I/O +1200 / -300", []),
    ],
    "HealthPlanIdRecognizer": [
        ("Member ID: XGH448120931", ["XGH448120931"]),
        ("Medicaid #: SDD 4137 6400 00", ["SDD 4137 6400 00"]),
        ("Policy # 7731-22-001", ["7731-22-001"]),
        ("member of the team", []),
        ("Secondary: United HMO  ID WLO 7786 0122 79  Subscriber:", ["WLO 7786 0122 79"]),
        ("Primary: Tricare Select  ID ZCN-5170953012", ["ZCN-5170953012"]),
        ("Secondary: none on file", []),
    ],
    "IdNumberRecognizer": [
        ("Acc#: FV0453215", ["FV0453215"]),
        ("Specimen XW277/90683 sent", ["XW277/90683"]),
        ("biomed ticket S22-58084.", ["S22-58084"]),
        ("ID badge on", []),
    ],
    "LicenseNumberRecognizer": [
        ("DEA AB1234563", ["AB1234563"]),
        ("NPI: 1234567893", ["1234567893"]),
        ("License # MD-48213", ["MD-48213"]),
        ("code AB1234567 (bad checksum, no label)", []),
    ],
    "VehicleIdRecognizer": [
        ("VIN 1HGCM82633A004352", ["1HGCM82633A004352"]),
        ("license plate 7ABC123", ["7ABC123"]),
        ("driver of vehicle FLZ 7121, police", ["FLZ 7121"]),
        ("plate of food", []),
    ],
    "DeviceIdRecognizer": [
        ("Serial # PJN448122S", ["PJN448122S"]),
        ("S/N: 88-21931", ["88-21931"]),
        ("UDI (01)00844588003288", ["(01)00844588003288"]),
        ("serial exams", []),
    ],
    "StreetAddressRecognizer": [
        ("at 42 Willow Bend Rd today", ["42 Willow Bend Rd"]),
        ("1180 N. Harbor Blvd, Apt 4B", ["1180 N. Harbor Blvd, Apt 4B"]),
        ("P.O. Box 7781", ["P.O. Box 7781"]),
        ("14088 County Road 12", ["14088 County Road 12"]),
        ("walked 2 blocks", []),
        ("Chart # FW383/69499\n\nDear Dr. Lachlan", []),
        ("PT LIVES WITH WIFE AT 12 OAK ST NEAR THE PARK", ["12 OAK ST"]),
        ("ADDRESS ON FILE IS 42 WILLOW BEND RD IN TOWN", ["42 WILLOW BEND RD"]),
        ("PT HAD 14 BEAT RUN OF VT, ASYMPTOMATIC AND STABLE", []),
        ("ENDO: COVERED WITH 4U REG SQ AT NOON TODAY", []),
        ("CARDIAC: HR 99-104 NSR ST WITH OCCASIONAL PACS", []),
        ("NOTED 2 HR ST CHANGES ON THE MONITOR OVERNIGHT", []),
    ],
    "CityRecognizer": [
        ("Springfield, MA 01103", ["Springfield"]),
        ("Tacoma WA 98402", ["Tacoma"]),
        ("Normal Illinois 61777", ["Normal"]),
        ("lives in Fall River", ["Fall River"]),
        ("Lives with family in Durango, CO. Works", ["Durango"]),
        ("lives alone in Tucumcari", ["Tucumcari"]),
        ("Mobile: (617) 555-0134", []),
        ("Code status: DNR, OK to intubate", []),
    ],
    "StateRecognizer": [
        ("moved from Massachusetts", ["Massachusetts"]),
        ("Boston, MA 02118", ["MA"]),
        ("Brooklyn NY 11234", ["NY"]),
        ("Lives with family in Durango, CO. Works", ["CO"]),
        ("Lives alone in Enid, OK.", ["OK"]),
        ("Code status: DNR, OK to intubate", []),
        ("Dawn Nikolic, MD", []),
        ("Pt admitted to U Vermont ER", []),
        ("transferred from University of Vermont", []),
    ],
    "ZipCodeRecognizer": [
        ("Boston, MA 02118", ["02118"]),
        ("Columbus Ohio 44101-2231", ["44101-2231"]),
        ("ZIP: 60614", ["60614"]),
        ("Plt 29603 total", []),
    ],
    "HospitalRecognizer": [
        ("admitted to Mercy General Hospital", ["Mercy General Hospital"]),
        ("St. Brendan's Medical Center", ["St. Brendan's Medical Center"]),
        ("Westfield Internal Medicine\n", ["Westfield Internal Medicine"]),
        ("Brief Hospital Course:", []),
        ("seen in Cardiology Clinic", []),
        ("Works at Redwood Call Center", []),
        ("* Take the medicine with food unless told otherwise", []),
        ("2. Take the medicine with food", []),
        ("Quick question: My medicine looks different", []),
        ("Follow up at Good Shepherd Regional Medical Center.", ["Good Shepherd Regional Medical Center"]),
    ],
    # The case-robust recognizers; their full tables with score bands are in test_cue_recognizers.py.
    "CuedNameRecognizer": [
        ("DR OKONKWO AWARE", ["OKONKWO"]),
        ("husband tomas in to visit", ["tomas"]),
        ("PATIENT: DELA CRUZ, YAW F", ["DELA CRUZ, YAW F"]),
        ("DR AWARE OF LABS", []),
    ],
    "CuedPlaceRecognizer": [
        ("TRANSFERRED TO MGH FOR CATH", ["MGH"]),
        ("lives alone in san diego", ["san diego"]),
        ("ADMITTED TO MICU FROM THE FLOOR", []),
    ],
    "ListedNameRecognizer": [
        ("ONCE MARISOL WOKE UP", ["MARISOL"]),
        ("swap butter for olive oil", []),
    ],
    "UsernameRecognizer": [
        ("username: jdoe42", ["jdoe42"]),
        ("Registered 12-Apr-2017 9:06 AM by reeds", ["reeds"]),
        ("Documented by rsfischer62 from", ["rsfischer62"]),
        ("Signed in as castron", ["castron"]),
        ("taken by mouth", []),
    ],
    "PersonNameRecognizer": [
        ("Seen by Dr. Okafor today", ["Okafor"]),
        ("Maria Lopez is here", ["Maria Lopez"]),
        ("Mrs. Brown came", ["Brown"]),
        ("Will continue Lasix", []),
        ("Parkinson disease, Foley catheter", []),
        ("Brown stool noted", []),
        ("Re: Adwoa Marchand, DOB 09.02.1934", ["Adwoa Marchand"]),
        ("My niece Nalani says I should come in", ["Nalani"]),
        ("Signed: Minh Jansen  5/2/23", ["Minh Jansen"]),
        ("Seen by Dr. Nyström today", ["Nyström"]),
        ("Keep the bedroom cool", []),
        ("Dear nurse, How do I know if it is working?", []),
        ("Dear nurse, Should I wake my child?", []),
        ("Hi doctor, Cold air makes me cough", []),
        ("Dear nurse, English is not my first language", []),
        ("He refuses to see a doctor. How can I help?", []),
        ("Insurance ID: 730-092-042-BY\nAge/Sex: 90+ F", []),
        ("Dear Maria, how are you", ["Maria"]),
        ("Hello Mr. Okafor,", ["Okafor"]),
        ("• Seen by Dr. Lindqvist", ["Lindqvist"]),
        ("Dear nurse, Dr. Okafor said to write", ["Okafor"]),
        ("Patient:\nMaria Lopez", ["Maria Lopez"]),
    ],
    "NameCueRecognizer": [
        # An all-caps line is caseless: CuedNameRecognizer reads "PATIENT: DELA CRUZ, YAW F" (its table).
        ("PATIENT: DELA CRUZ, YAW F\n", []),
        ("Hi Ahanu,\nThanks", ["Ahanu"]),
        ("Sincerely,\nTevita\n", ["Tevita"]),
        ("Family (Chaim Jang) at bedside", ["Chaim Jang"]),
        ("-- J. Colombo, RN", ["J. Colombo"]),
        ("D: 10/25/2020  T: 10/26/20  DJN/sww", ["DJN/sww"]),
        ("Nayeli is a 77-yr-old lady", ["Nayeli"]),
        ("D: 08/19/16  T: 08/20/16  ACB:barry", ["ACB:barry"]),
        ("Thank you for seeing Imogen Akande, a 14-year-old girl", ["Imogen Akande"]),
        ("NURSING NOTE\nDorotea Manzano  MRN M98123204  Rm 416A", ["Dorotea Manzano"]),
        ("NYSTRÖM, XIUYING  Unit# 5744467277", ["NYSTRÖM, XIUYING"]),
        ("From: Dragan Baek <dbaek8@example.net>", ["Dragan Baek"]),
        ("----- Reply from Prudencio Fashola -----", ["Prudencio Fashola"]),
        ("It itches.\n-\nDragan Baek\nDOB 1993-10-10", ["Dragan Baek"]),
        ("cc: ESPINOZA, LOSANA; Dorcas Crowther", ["ESPINOZA, LOSANA", "Dorcas Crowther"]),
        ("17 August 2024\n\nSaturnino Dutta\nGranite State Medical Center", ["Saturnino Dutta"]),
        ("Hi doctor, This is Tuan Bonfiglio, DOB 04.17.1942.", ["Tuan Bonfiglio"]),
        ("Good morning. Anneliese here, patient of Dr. Kwon", ["Anneliese"]),
        ("What do you recommend? - Dayo Kahananui", ["Dayo Kahananui"]),
        ("What do you recommend?\n- Dayo Kahananui", ["Dayo Kahananui"]),
        ("Why you were admitted:\n- Hypothyroidism\n- Chronic low back pain", []),
        ("Diagnoses:\n- Hypothyroidism", []),
        ("PCP: Beaulieu, Yetunde MD, Durango Clinic", ["Beaulieu, Yetunde"]),
        ("PCP: Dang, Jose PA-C, Valemont Medical Center", ["Dang, Jose"]),
        ("PCP: Dang, Jose P., Valemont Medical Center", ["Dang, Jose P."]),
        ("Dear Maria, how are you", ["Maria"]),
        ("Hello Mr. Okafor,", ["Okafor"]),
        ("Dear nurse, How do I know", []),
        ("I have asked Temitope Lhamo to review your chart", ["Temitope Lhamo"]),
        ("Diagnostic Imaging\nMercy Valley Hospital", []),
        ("This is a 45-year-old man", []),
        ("Visit Acct: 297987724", []),
        ("Code status: DNR, OK to intubate", []),
        ("CLINICAL INDICATION: pain", []),
    ],
}

CASES = [(name, text, expected) for name, rows in TABLE.items() for text, expected in rows]


@pytest.fixture(scope="module")
def recognizers():
    return {name: cls() for name, cls in RECOGNIZERS.items()}


def test_when_a_recognizer_is_registered_then_it_has_a_table():
    assert set(TABLE) == set(RECOGNIZERS)


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[f"{n}:{t[:24]}" for n, t, _ in CASES])
def test_when_recognizer_runs_then_it_finds_exactly_the_expected_spans(recognizers, name, text, expected):
    recognizer = recognizers[name]
    results = recognizer.analyze(text, recognizer.supported_entities)
    merged = resolve_overlaps([Finding(r.start, r.end, r.entity_type, r.score) for r in results if r.score >= 0.5])
    found = sorted(text[f.start : f.end] for f in merged)
    assert found == sorted(expected)
