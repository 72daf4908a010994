import pytest

from kit.curation.derive import candidates_from_records
from kit.curation.rules import PAIR_RULES, discharge_summary, portal_message, sections
from kit.review.api import RedactedRecord
from kit.synth import generate_documents

PORTAL = """From: [NAME] <[EMAIL]>
Sent: [DATE] 0002
To: Clinic Pool
Subject: Question

Dear Mr. [NAME],

The rash on my arms is spreading and it itches a lot at night. Should I use a cream?
Thank you!
[NAME]

----- Reply from [NAME], LPN on [DATE] -----
Hi Mr. [NAME],
Sorry to hear you are not feeling well. Please use the cream twice a day and come in this week."""


def test_portal_message_rule_splits_question_and_reply():
    prompt, response = portal_message(PORTAL)
    assert prompt == "The rash on my arms is spreading and it itches a lot at night. Should I use a cream?"
    assert response == "Sorry to hear you are not feeling well. Please use the cream twice a day and come in this week."


@pytest.mark.parametrize("doc_type", sorted(PAIR_RULES))
def test_every_rule_yields_a_pair_on_synthetic_documents(doc_type):
    docs = generate_documents(12, seed=5, kinds=[doc_type])
    pairs = [PAIR_RULES[doc_type](d["text"]) for d in docs]
    assert sum(p is not None for p in pairs) >= 10
    assert all(p[0].strip() and p[1].strip() for p in pairs if p)


def test_discharge_rule_builds_a_patient_summary_from_sections():
    doc = generate_documents(1, seed=2, kinds=["discharge_summary"])[0]
    prompt, response = discharge_summary(doc["text"])
    assert prompt.startswith("Summarize this discharge summary for the patient")
    assert "What happened during your stay:" in response
    assert any(name.endswith("course") for name in sections(doc["text"]))


def test_records_become_candidates_with_lineage_and_unruled_kinds_are_counted():
    records = [
        RedactedRecord("r1", "example", None, "portal", "asthma", {"prompt": "q?", "response": "a."}, 7),
        RedactedRecord("r2", "document", "portal_message", None, None, {"text": PORTAL}, 7),
        RedactedRecord("r3", "document", "registration_form", None, None, {"text": "Name: [NAME]"}, 7),
    ]
    candidates, skipped = candidates_from_records(records)
    assert [(c.id, c.origin, c.record_id, c.signoff_id, c.source) for c in candidates] == [
        ("ex:r1", "example", "r1", "7", "portal"),
        ("doc:r2", "document", "r2", "7", "portal_message"),
    ]
    assert skipped == {"no_pair_rule:registration_form": 1}
