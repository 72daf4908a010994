"""City and town names: from the shipped list, or in the "City, ST 02118" shape of an address."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction import lexicon
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import words

CITY_WORDS = r"(?<![\w'’-])(?:(?:St\.|Ft\.|Mt\.|[A-Z][a-z'’]+|[A-Z]{2,})(?:[ \-](?:[A-Z][a-z'’]+|[A-Z]{3,})){0,2})"
# "lives alone in", "lives with her daughter in": who someone lives with sits between the verb and the place.
LIVES_WITH = r"(?:\s+(?:alone|together|(?:with|near)(?:\s+(?:his|her|their|my|a|an|the|\w+'s))?\s+\w+))?"
# Codes that are also credentials or words (MD, PA, OK, IN, ME, OR...): an address shows them with a ZIP.
AMBIGUOUS_CODES = "MD|PA|OK|IN|ME|OR|DE|HI|ID|OH|LA|CO|MS|AL|GA|MT|NE|SC|MA|DC"
SAFE_CODE = "AK|AZ|AR|CA|CT|FL|IL|IA|KS|KY|MI|MN|MO|NV|NH|NJ|NM|NY|NC|ND|RI|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU"
STATE_CODE = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|"
    "NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR|GU"
)

STATE_NAMES = words(
    "alabama",
    "alaska",
    "arizona",
    "arkansas",
    "california",
    "colorado",
    "connecticut",
    "delaware",
    "florida",
    "georgia",
    "hawaii",
    "idaho",
    "illinois",
    "indiana",
    "iowa",
    "kansas",
    "kentucky",
    "louisiana",
    "maine",
    "maryland",
    "massachusetts",
    "michigan",
    "minnesota",
    "mississippi",
    "missouri",
    "montana",
    "nebraska",
    "nevada",
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "ohio",
    "oklahoma",
    "oregon",
    "pennsylvania",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "tennessee",
    "texas",
    "utah",
    "vermont",
    "virginia",
    "washington",
    "West Virginia",
    "wisconsin",
    "wyoming",
    "Puerto Rico",
)


def _city_list_pattern() -> str:
    names = sorted(lexicon.cities(), key=len, reverse=True)
    forms = []
    for name in names:
        title = " ".join(w[:1].upper() + w[1:] for w in name.split(" "))
        forms += [title.replace(".", r"\."), name.upper().replace(".", r"\.")]
    return r"(?<![\w-])(?:" + "|".join(forms) + r")(?![\w-])"


_NOT_A_CITY_AFTER = re.compile(
    r"[ \t]*:|[ \t]+(?:Pharmacy|Hospital|Medical|Clinic|School|Street|St\b|Avenue|Ave\b|"
    r"Road|Rd\b|Drive|Dr\b|County|Health|Center|Community|Regional|General|Memorial|"
    r"Family|Pediatrics|Surgical|Orthopedic|Imaging|Urgent|Care|Bank|Credit|Inc\b|LLC)"
)


@register
class CityRecognizer(ClinicalPatternRecognizer):
    """``Boston, MA``, ``Springfield, Illinois``, ``lives in Fall River``, a known city anywhere."""

    CASE_SENSITIVE = True

    ENTITY = "CITY"
    PATTERNS = [
        Pattern("city, ST", rf"(?P<phi>{CITY_WORDS}),[ \t]*(?:{SAFE_CODE})\b(?=[ \t]+\d{{5}}|[\s.,;)]|$)", 0.85),
        Pattern("city, ST zip", rf"(?P<phi>{CITY_WORDS}),[ \t]*(?:{STATE_CODE})[ \t]+\d{{5}}\b", 0.85),
        Pattern("city ST zip", rf"(?P<phi>{CITY_WORDS})[ \t]+(?:{STATE_CODE})[ \t]+\d{{5}}\b", 0.85),
        Pattern("city state zip", rf"(?P<phi>{CITY_WORDS}),?[ \t]+{STATE_NAMES}[ \t]+\d{{5}}\b", 0.85),
        Pattern("city, state", rf"(?P<phi>{CITY_WORDS}),[ \t]*{STATE_NAMES}\b", 0.7),
        Pattern("known city", _city_list_pattern(), 0.55),
        Pattern(
            "lives in",
            r"(?i:\b(?:lives|living|resides|residing|moved|relocated|born|from|visiting|"
            r"travel(?:l?ed)?|trip)" + LIVES_WITH + r"\s+(?:in|to|from|at)\s+)(?P<phi>" + CITY_WORDS + ")",
            0.5,
        ),
    ]
    CONTEXT = ["lives", "resides", "city", "town", "from", "moved", "address", "located", "near"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """A field label ("Mobile:"), a business ("Riverside Pharmacy"), or a short abbreviation ("NT, ND")."""
        value = text[start:end]
        return bool(_NOT_A_CITY_AFTER.match(text, end)) or (len(value) <= 3 and value.isupper())
