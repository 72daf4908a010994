"""Street addresses: number, street name, suffix, unit; and post office boxes."""

from __future__ import annotations

from presidio_analyzer import Pattern

from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import words

SUFFIX = words(
    "street",
    "st",
    "avenue",
    "ave",
    "road",
    "rd",
    "boulevard",
    "blvd",
    "lane",
    "ln",
    "drive",
    "dr",
    "court",
    "ct",
    "way",
    "place",
    "pl",
    "terrace",
    "ter",
    "parkway",
    "pkwy",
    "circle",
    "cir",
    "highway",
    "hwy",
    "square",
    "sq",
    "trail",
    "trl",
    "row",
    "path",
    "pike",
    "alley",
    "crescent",
    "loop",
    "run",
    "plaza",
    "turnpike",
    "heights",
    "commons",
)
NAME_WORD = r"(?:Jr\.|Sr\.|[A-Z][a-z'’]+|[A-Z]{2,}|\d+(?:st|nd|rd|th)|[A-Z]\.)"
UNIT = r"(?:,?[ \t]*(?:(?i:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg)\.?[ \t]*#?|#)[ \t]*[\w\-]{1,6})"


@register
class StreetAddressRecognizer(ClinicalPatternRecognizer):
    """``42 Willow Bend Rd``, ``1180 N. Harbor Blvd, Apt 4B``, ``P.O. Box 7781``."""

    ENTITY = "STREET_ADDRESS"
    PATTERNS = [
        Pattern(
            "street",
            # [ \t], not \s: a street never wraps, and "69499\n\nDear Dr." is no address.
            rf"(?<![\w-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?[ \t]+"
            rf"(?:[NSEW]\.?[ \t]+|(?:North|South|East|West)[ \t]+)?"
            rf"(?:{NAME_WORD}[ \t]+){{1,4}}{SUFFIX}\.?(?![\w])(?:[ \t]+[NSEW][EW]?\.?(?!\w))?{UNIT}?",
            0.85,
        ),
        Pattern(
            "route",
            rf"(?<![\w-])\d{{1,6}}[ \t]+(?:[NSEW]\.?[ \t]+)?"
            rf"(?:(?:State|County|US|U\.S\.|Farm[ \t]+to[ \t]+Market)[ \t]+)?"
            rf"(?:Route|Road|Highway|Hwy|Rte|Rt)\.?[ \t]+\d{{1,4}}[A-Z]?(?![\w]){UNIT}?",
            0.85,
        ),
        Pattern("po box", r"(?i:\bP\.?\s?O\.?\s+Box|\bpost\s+office\s+box)\s+\d{1,6}\b", 0.9),
        Pattern("unit alone", r"(?<=\s)(?i:apt|apartment|suite)\.?\s*#?\s*\d{1,5}[A-Z]?\b", 0.5),
    ]
    CONTEXT = ["address", "lives", "resides", "street", "home"]
