"""Must-match / must-not-match tables for the case-robust recognizers, with the score band each row expects.

Every table has ALL-CAPS and all-lower-case rows: these recognizers read words and cues, never capitals.
Rows are invented; none comes from a real note.
"""

from __future__ import annotations

import pytest

from redaction.casing import CaseMap
from redaction.recognizers.cued_name_recognizer import CuedNameRecognizer
from redaction.recognizers.cued_place_recognizer import CuedPlaceRecognizer
from redaction.recognizers.listed_name_recognizer import ListedNameRecognizer

TITLE, RELATION, WEAK = (0.88, 0.92), (0.8, 0.87), (0.6, 0.75)
PLACE, COMMON_PLACE = (0.75, 0.85), (0.55, 0.7)

NAMES = [
    ("DR OKONKWO AWARE OF K 3.1", [("OKONKWO", TITLE)]),
    ("dr okonkwo aware of k 3.1", [("okonkwo", TITLE)]),
    ("Dr. Okonkwo aware of K 3.1", [("Okonkwo", TITLE)]),
    ("dr rose notified", [("rose", TITLE)]),  # a census name that is also a word, after a title
    ("SPOKE WITH SON BEN ABOUT PLAN", [("BEN", RELATION)]),
    ("husband tomas in to visit", [("tomas", RELATION)]),
    ("WIFE, ILSE MARQUARDT, CALLED", [("ILSE MARQUARDT", RELATION)]),
    ("Dr. Okonkwo and Halvorsen aware", [("Okonkwo", TITLE), ("Halvorsen", (0.83, 0.88))]),
    ("DR SMITH-OKAFOR PAGED", [("SMITH-OKAFOR", TITLE)]),
    ("discussed with marisol castell", [("marisol castell", WEAK)]),
    ("J. OKAFOR AWARE OF INR", [("J. OKAFOR", WEAK)]),
    ("k. alvarez rrt", [("k. alvarez", WEAK)]),
    ("Ines Varga, RN", [("Ines Varga", WEAK)]),
    ("mira castell is a 70 yr old woman", [("mira castell", WEAK)]),
    ("AS PER T. HALVORSEN, NO CHANGES", [("T. HALVORSEN", WEAK)]),
    ("VERIFIED DOSE W/MD OKONKWO", [("OKONKWO", WEAK)]),
    ("d/w md okonkwo re: plan", [("okonkwo", WEAK)]),
    ("L PUPIL SLUGGISH (J. OKAFOR PA AWARE).", [("J. OKAFOR", WEAK)]),
    ("Halvorsen verbalizes understanding of plan", [("Halvorsen", WEAK)]),
    ("HALVORSEN VERBALIZES UNDERSTANDING", [("HALVORSEN", WEAK)]),
    ('stating "at ilse marquardt\'s house."', [("ilse marquardt", WEAK)]),
    ("STAYING AT ILSE BRENNAN'S HOME TONIGHT", [("ILSE BRENNAN", WEAK)]),
    ("PARA DONE...ANNA OKONKWO (RESIDENT) AWARE", [("ANNA OKONKWO", WEAK)]),
    ("Update: Anan Okonkwo MD met with family", [("Anan Okonkwo", WEAK)]),
    # must not match
    ("DR AWARE OF LABS", []),
    ("MS: ALERT AND ORIENTED", []),
    ("1+ MR, EF 45%", []),
    ("son will call back tonight", []),
    ("daughter at bedside, very supportive", []),
    ("continue per protocol", []),
    ("PA LINE INTACT, MD AWARE", []),
    ("if you miss a dose, take it when you remember", []),
    ("r. femoral line site clean", []),
    ("cx grew s. aureus", []),
    ("MD AWARE OF LABS", []),
    ("md orders followed", []),
    ("pt verbalizes understanding", []),
    ("SCANT SERO DRNG. PA AWARE", []),
    ("went to his mother's house", []),
    ("back to night's place", []),
    ("PHARMACY SMITH-JONES AWARE", [("SMITH-JONES", WEAK)]),
    ("COUSINS AND BROTHER MAX IN THIS AFTERNOON", [("MAX", RELATION)]),
    ("son art called back", [("art", RELATION)]),
    ("son iv in place", []),
    ("Father: MI at 60, Mother: alive", []),
    ("helped by pt's daughter, son in law and wife", []),
    ("pt's son sat at bedside", []),
]

PLACES = [
    ("TRANSFERRED TO MGH FOR CATH", [("MGH", PLACE)]),
    ("pt admitted from halvorsen 3 overnight", [("halvorsen", PLACE)]),
    ("Son from Bexleyheath called", [("Bexleyheath", PLACE)]),
    ("lives alone in san diego", [("san diego", PLACE)]),
    ("DAUGHTER FLYING IN FROM LISBON TOMORROW", [("LISBON", PLACE)]),
    ("awaiting bed at Brandtwick rehab", [("Brandtwick", PLACE)]),
    ("WORKS AT CORWINDALE MEMORIAL HOSPITAL", [("CORWINDALE MEMORIAL", PLACE)]),
    ("seen at Meadow Hosp last week", [("Meadow", COMMON_PLACE)]),
    ("admitted from University of Vermont", [("University of Vermont", PLACE)]),
    ("on halvorsen 6 since monday", [("halvorsen", (0.65, 0.85))]),
    ("PT TRANSFERRED TO ST BRENDAN FOR CATH", [("ST BRENDAN", PLACE)]),
    ("went to holy family with fever", [("holy family", PLACE)]),
    ("SENT TO BLESSED TRINITY FOR CATH", [("BLESSED TRINITY", PLACE)]),
    ("pt transferred to 512 halvorsen.", [("halvorsen", PLACE)]),
    ("PT TRANSFERRED TO 512 HALVORSEN.", [("HALVORSEN", PLACE)]),
    ("PLAN: HALVORSEN 4 WHEN BED AVAILABLE", [("HALVORSEN", (0.65, 0.85))]),
    ("plan: halvorsen 4 when bed available", [("halvorsen", (0.65, 0.85))]),
    ("PLAN TO LEAVE MGH FOR SURGERY", [("MGH", (0.65, 0.85))]),
    ("transferred from bright meadow hosp.", [("bright meadow", COMMON_PLACE)]),
    ("TRANSFERRED FROM BRIGHT MEADOW HOSP.", [("BRIGHT MEADOW", COMMON_PLACE)]),
    ("son works at corwindale memorial now", [("corwindale memorial", PLACE)]),
    ("Pt admitted to U Vermont ER", [("U Vermont", PLACE)]),
    ("PT ADMITTED TO U VERMONT ER", [("U VERMONT", PLACE)]),
    ("c/o to halvorsen if stable", [("halvorsen", PLACE)]),
    ("CALLED OUT TO HALVORSEN 4", [("HALVORSEN", PLACE)]),
    ("he works for bright meadow health.", [("bright meadow health", COMMON_PLACE)]),
    ("HE WORKS FOR BRIGHT MEADOW HEALTH", [("BRIGHT MEADOW HEALTH", COMMON_PLACE)]),
    ("? increase metoprolol, halvorsen 2\n", [("halvorsen", COMMON_PLACE)]),
    ("HALVORSEN 4 WHEN BED AVAILABLE", [("HALVORSEN", COMMON_PLACE)]),
    ("social: lives alone in green xyzville, daughter nearby", [("green xyzville", COMMON_PLACE)]),
    ("SOCIAL: LIVES ALONE IN GREEN XYZVILLE, DAUGHTER NEARBY", [("GREEN XYZVILLE", COMMON_PLACE)]),
    # must not match
    ("ADMITTED TO MICU FROM THE FLOOR", []),
    ("returned to normal sinus rhythm", []),
    ("wean from sedation as tolerated", []),
    ("cardiac rehab referral placed", []),
    ("blood from og tube", []),
    ("outside hospital records requested", []),
    ("PT SENT TO ST DEPRESSION WORKUP", []),
    ("discharged to home hospice", []),
    ("TRANSFERRED TO THE PSYCH HOSPITAL", []),
    ("pt came from burn hospital", []),
    ("SENT TO MAIN HOSPITAL FOR CT", []),
    ("we went to holy communion on sunday", []),
    ("WENT TO HOLY COMMUNION ON SUNDAY", []),
    ("plan: lasix 40 tonight", []),
    ("PLAN: CONTINUE 2 UNITS", []),
    ("transferred to 2 units of prbc", []),
    ("returned to good health", []),
    ("he works for mental health", []),
    ("pt c/o to left arm pain", []),
    ("cx drawn from pheresis line", []),
    ("SECRETIONS SUCTIONED FROM ORAL CAVITY", []),
    ("lasix 2 when needed", []),
    ("neutraphoss 1 pkt given", []),
    ("LIVES IN NURSING HOME", []),
    ("lives alone in apartment", []),
]

LISTED = [
    ("ONCE MARISOL WOKE UP SHE ASKED FOR WATER", [("MARISOL", (0.55, 0.65))]),
    ("once marisol woke up she asked for water", [("marisol", (0.55, 0.65))]),
    ("then Marisol asked for water", [("Marisol", (0.55, 0.65))]),
    ("MET WITH MARISOL BRENNAN TODAY", [("MARISOL BRENNAN", (0.55, 0.65))]),
    ("met with marisol brennan today", [("marisol brennan", (0.55, 0.65))]),
    ("swap butter for olive oil", []),
    ("LIPS TURNING BLUE OR GRAY", []),
]


def _found(recognizer, text):
    results = recognizer.analyze(text, recognizer.supported_entities)
    return sorted((text[r.start : r.end], r.score) for r in results)


def _check(found, expected):
    names = [value for value, _ in found]
    for value, (low, high) in expected:
        assert value in names, f"{value!r} not found in {found}"
        score = max(s for v, s in found if v == value)
        assert low <= score <= high, f"{value!r} scored {score}, expected {low}-{high}"
    if not expected:
        assert [v for v, s in found if s >= 0.5] == []


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_cued_names_table(text, expected):
    _check(_found(CuedNameRecognizer(), text), expected)


@pytest.mark.parametrize(("text", "expected"), PLACES)
def test_cued_places_table(text, expected):
    _check(_found(CuedPlaceRecognizer(), text), expected)


@pytest.mark.parametrize(("text", "expected"), LISTED)
def test_listed_names_table(text, expected):
    _check(_found(ListedNameRecognizer(), text), expected)


def test_when_a_name_is_lower_case_in_a_mixed_line_then_it_goes_to_review_not_to_redaction():
    found = _found(ListedNameRecognizer(), "Pt calm. Asked for marisol twice.")
    assert found == [("marisol", 0.4)]


@pytest.mark.parametrize(
    ("text", "caseless"),
    [
        ("PT RESTING COMFORTABLY, VSS, AFEBRILE", True),
        ("pt resting comfortably, vss, afebrile", True),
        ("Pt resting comfortably. VSS, afebrile per Dr. Lee.", False),
    ],
)
def test_when_a_line_has_one_case_then_it_is_caseless(text, caseless):
    assert CaseMap(text).caseless(0) is caseless


def test_when_lines_differ_then_each_gets_its_own_verdict():
    text = (
        "NEURO: ALERT AND ORIENTED X3, MOVES ALL EXTREMITIES, FOLLOWS COMMANDS\n"
        "Plan: Continue heparin, recheck PTT in the morning.\nOKAFOR, ANA  MRN 4417"
    )
    cases = CaseMap(text)
    assert cases.caseless(0) and not cases.caseless(text.index("Plan"))
    # a short all-caps header line in a mixed-case note keeps its capitals as evidence
    assert not cases.caseless(text.index("OKAFOR"))
