"""Hospitals, clinics and other care facilities named in the text."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction import lexicon
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import words

FACILITY_TERMS = (
    "hospital",
    "medical center",
    "health center",
    "clinic",
    "clinics",
    "infirmary",
    "hospice",
    "rehabilitation center",
    "rehab center",
    "rehabilitation hospital",
    "nursing home",
    "nursing facility",
    "nursing center",
    "health system",
    "healthcare",
    "health care",
    "medical group",
    "urgent care",
    "surgery center",
    "surgical center",
    "cancer center",
    "cancer institute",
    "heart institute",
    "medical associates",
    "family practice",
    "family medicine",
    "care center",
    "assisted living",
    "rehab",
    "health",
    "physicians",
    "sanatorium",
    "dialysis center",
    "imaging center",
    "pediatrics",
    "associates",
    "partners",
    "institute",
    "internal medicine",
    "practice",
    "medicine",
    "specialists",
    "allergy and asthma",
    "medical clinic",
    "health partners",
    "group practice",
    "orthopedics",
    "cardiology associates",
    "center",
)
FACILITY = words(*FACILITY_TERMS)
_FACILITY_WORDS = {w for term in FACILITY_TERMS for w in term.split()}
NAME_WORD = r"(?:[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?|[A-Z]{2,}|&|of|the|and)"
# Words that name a kind of facility, not a particular one: "General Hospital" alone is not PHI.
GENERIC = {
    "general",
    "community",
    "regional",
    "university",
    "county",
    "state",
    "city",
    "memorial",
    "children's",
    "women's",
    "veterans",
    "the",
    "of",
    "and",
    "&",
    "our",
    "your",
    "this",
    "that",
    "a",
    "main",
    "central",
    "local",
    "outside",
    "new",
    "at",
    "to",
    "from",
    "in",
    "primary",
    "care",
    "walk-in",
    "urgent",
    "specialty",
    "outpatient",
    "inpatient",
    "private",
    "public",
    "teaching",
    "brief",
    "past",
    "internal",
    "family",
    "department",
    "sports",
    "emergency",
    "preventive",
}


_EVERYDAY = lexicon.everyday_words()
EMPLOYER_BEFORE = re.compile(r"(?i)\b(?:works|worked|working|employed|employer|job)\b[^\n]{0,6}$")


@register
class HospitalRecognizer(ClinicalPatternRecognizer):
    """``Mercy General Hospital``, ``St. Brendan's Medical Center``, ``Lakeview Clinic``."""

    CASE_SENSITIVE = True

    ENTITY = "HOSPITAL"
    PATTERNS = [
        Pattern(
            "facility",
            rf"(?<![\w-])(?P<phi>(?:(?:St\.?|Saint|Mount|Mt\.)[ \t]+)?(?:[A-Z][a-z'’\-]+|[A-Z]{{2,}})"
            rf"(?:[ \t]+{NAME_WORD}){{0,4}}?[ \t]+{FACILITY}(?:[ \t]+(?:of|at)[ \t]+[A-Z][a-z]+"
            r"(?:[ \t]+[A-Z][a-z]+)?)?)(?![\w-])",
            0.85,
        ),
    ]
    CONTEXT = ["admitted", "transferred", "hospital", "seen", "followed", "discharged"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """An employer ("Works at Redwood Call Center") is not a care facility."""
        return bool(EMPLOYER_BEFORE.search(text[max(0, start - 24) : start]))

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject spans whose naming words are all generic, clinical or everyday words.

        "Cardiology Clinic" names no particular clinic; "Take the medicine" and "My medicine" are a sentence
        that happens to end in a facility word.
        """
        allow = _EVERYDAY
        naming = [
            w for w in pattern_text.lower().replace(".", "").split() if w not in _FACILITY_WORDS and w not in GENERIC
        ]
        if not naming or all(w in allow for w in naming):
            return False
        return None
