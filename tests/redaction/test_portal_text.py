"""Patient-portal Q&A text through the whole engine (real spaCy model): what is not PHI, and span shapes.

The must-not-match rows are the shapes the curation stage's residual-PHI check used to reject ordinary
patient questions and clinician answers for: capitalised sentence openers after a salutation, list items'
first words, units, eponyms, sentences ending in a facility word. The must-match rows put real names in
the same positions. Expected spans are exact: a PERSON span holds the name without its greeting, title,
label or credential (the gold convention, and what a surrogate replaces).
"""

from __future__ import annotations

import pytest

from tests.redaction.conftest import spans_of

NOT_PHI = [
    "Dear nurse, How do I know if my child's fever is serious?",
    "Dear nurse, Why do I have headaches every morning?",
    "Dear nurse, Should I wake my child to give the medicine?",
    "Dear nurse, Cold air makes me cough. What helps?",
    "Dear nurse, English is not my first language, sorry for mistakes.",
    "Hi doctor, Can I take my allergy pill with ibuprofen?",
    "My father refuses to see a doctor. How can I help?",
    "Give an oral rehydration solution.\n• Treat the fever with acetaminophen.\n• Offer fluids often.",
    "Go to the emergency department for:\n• Yellowing of the skin or eyes\n• Sudden shortness of breath",
    "My suggestions:\n• Shower and change clothes after being outside.\n• Heat deli meats until steaming.",
    "Each morning:\n- Weigh yourself before breakfast.\n- Write the number down.",
    "Your fasting target is 80-130 mg/dL and under 180 mg/dL two hours after meals.",
    "Are these real contractions or Braxton Hicks? I'm asking for my wife.",
    "Supplements such as St. John's wort can make birth control less effective.",
    "She had Bell's palsy last year and Kikuchi disease before that.",
    "Steps to take:\n1. Take the medicine with food unless told otherwise.\n* Take the medicine with water.",
    "Quick question: My medicine looks different this month.",
    "Why you were in the hospital:\n- Hypothyroidism\n- Chronic low back pain",
]

# (text, entity type, exact spans of that type)
SHAPES = [
    ("Hello Oconnor,\n\nThank you for writing.", "PERSON", ["Oconnor"]),
    ("Hi Cheng,\n\nThanks for the update.", "PERSON", ["Cheng"]),
    ("Patient WONG, BJORN, member ID 8L27-NU2-PF69", "PERSON", ["WONG, BJORN"]),
    ("Patient RUIZ, VIRGINIA, member ID KFN 7752 3981 54", "CITY", []),
    ("Dear Maria, how are you feeling?", "PERSON", ["Maria"]),
    ("Hello Mr. Okafor,\n\nYour results are back.", "PERSON", ["Okafor"]),
    ("Plan:\n• Seen by Dr. Lindqvist in clinic", "PERSON", ["Lindqvist"]),
    ("• Maria Lopez called back about her refill", "PERSON", ["Maria Lopez"]),
    ("• Nalani called back about her refill", "PERSON", ["Nalani"]),
    ("Dear nurse, Ahanu Begay here, patient of Dr. Kwon.", "PERSON", ["Ahanu Begay", "Kwon"]),
    ("Referring: Thompson, Paolo MD, PhD", "PERSON", ["Thompson, Paolo"]),
    ("PCP: Dang, Jose PA-C, Valemont Medical Center", "PERSON", ["Dang, Jose"]),
    ("Granddaughter Sigrun Dupont called at 0900.", "PERSON", ["Sigrun Dupont"]),
    ("Attending Physician: A. Patil, NP", "PERSON", ["A. Patil"]),
    ("What do you recommend?\n- Mitsuko Adamczyk", "PERSON", ["Mitsuko Adamczyk"]),
    ("Mrs. Garcia's disease has progressed.", "PERSON", ["Garcia"]),
    ("Riverside General Hospital - Face Sheet\nName: Tevita Havili", "HOSPITAL", ["Riverside General Hospital"]),
    ("This message was sent through the Harrowgate Hospital patient portal.", "HOSPITAL", ["Harrowgate Hospital"]),
    ("Kestrel Point Hospital Diagnostic Imaging\nPt: GIORDANO, CHEN M", "HOSPITAL", ["Kestrel Point Hospital"]),
    ("University Hospital of Merced - Face Sheet", "HOSPITAL", ["University Hospital of Merced"]),
    ("Follow up at Good Shepherd Regional Medical Center.", "HOSPITAL", ["Good Shepherd Regional Medical Center"]),
    ("- Dr. Arturo Yang at Northvale Medical Center on Apr 17, 2023.", "HOSPITAL", ["Northvale Medical Center"]),
    ("Dunmore Falls Medicine - Outpatient Note\nName: Chenoa Birnbaum", "HOSPITAL", ["Dunmore Falls Medicine"]),
    ("Your follow-up is on the 6th at Holy Cross Community Hospital.", "DATE", ["6th"]),
]


@pytest.mark.parametrize("text", NOT_PHI, ids=[t[:32] for t in NOT_PHI])
def test_when_portal_text_holds_no_phi_then_engine_finds_nothing(engine, text):
    assert spans_of(engine.detect(text), text) == []


@pytest.mark.parametrize(("text", "entity", "expected"), SHAPES, ids=[t[:32] for t, _, _ in SHAPES])
def test_when_identifier_sits_among_greetings_titles_or_headers_then_span_is_the_identifier_only(
    engine, text, entity, expected
):
    assert spans_of(engine.detect(text), text, entity) == expected
