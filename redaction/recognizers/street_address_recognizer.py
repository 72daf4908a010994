"""Street addresses: number, street name, suffix, unit; and post office boxes.

Capitalised street names ("42 Willow Bend Rd", "12 MAIN ST") are matched anywhere. Lower-case ones are
ordinary words, so they need more: after a cue of residence or mailing ("I live at", "send it to",
"address:") any suffix counts; without one only an unmistakable suffix does ("1600 pennsylvania
avenue"), and the match is weak enough for a reviewer to decide.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from redaction import lexicon, vocabulary
from redaction.casing import case_map
from redaction.recognizers import register
from redaction.recognizers.base import ClinicalPatternRecognizer
from redaction.recognizers.patterns import words

ABBREVIATIONS = ("st", "ave", "rd", "blvd", "ln", "dr", "ct", "pl", "ter", "pkwy", "cir", "hwy", "sq", "trl")
FULL = (
    "street",
    "avenue",
    "road",
    "boulevard",
    "lane",
    "drive",
    "court",
    "way",
    "place",
    "terrace",
    "parkway",
    "circle",
    "highway",
    "square",
    "trail",
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
SUFFIX = words(*FULL, *ABBREVIATIONS)  # also used by the surrogate operator to find the street name
# A period after an abbreviation belongs to the address; after a full word it ends the sentence.
ENDING = rf"(?:{words(*ABBREVIATIONS)}\.?|{words(*FULL)})(?![\w])"
# Suffixes that are not also everyday or clinical words ("way", "place", "run", "ct", "dr", "st", "ln").
PLAIN_ENDING = (
    r"(?:(?:ave|rd|blvd|pkwy|hwy)\.?|street|avenue|road|boulevard|lane|drive|terrace|parkway|highway|crescent"
    r"|plaza|turnpike)(?!\w)"
)
# Pronouns, prepositions, articles: never part of a street name ("3 times in a row", "2 doses by way").
_FUNCTION = "|".join(sorted((re.escape(w) for w in lexicon.function_words()), key=len, reverse=True))
NOT_FUNCTION = rf"(?!(?i:{_FUNCTION})(?![\w'’]))"
NAME_WORD = rf"(?:Jr\.|Sr\.|{NOT_FUNCTION}(?:[A-Z][a-z'’]+|[A-Z]{{2,}})|\d+(?:st|nd|rd|th)|[A-Z]\.)"
LOWER_WORD = rf"(?:{NOT_FUNCTION}[a-z][a-z'’]+|\d+(?:st|nd|rd|th))"
ANY_WORD = rf"(?:{NOT_FUNCTION}[A-Za-z][A-Za-z'’]+|\d+(?:st|nd|rd|th)|[A-Za-z]\.)"
UNIT = r"(?:,?[ \t]*(?:(?i:apt|apartment|suite|ste|unit|fl|floor|rm|room|bldg)\.?[ \t]*#?|#)[ \t]*[\w\-]{1,6})"
NUMBER = r"(?<![\w-])\d{1,6}[A-Za-z]?(?:-\d{1,4})?[ \t]+"
DIRECTION_AFTER = r"(?:[ \t]+(?i:[nsew][ew]?)\.?(?!\w))?"
# "I live at", "lives on", "moved to", "send it to", "mail the forms to", "my address is", "address:".
CUE = (
    r"(?i:\b(?:(?:live[sd]?|living|reside[sd]?|residing|located|staying|stays?|moved|moving|relocated)"
    r"[ \t]+(?:at|on|to)"
    r"|(?:send|sent|mail|mailed|ship|shipped|deliver|delivered|forward|return)(?:[ \t]+\w+){0,2}?[ \t]+to"
    r"|address(?:[ \t]+(?:is|was))?[ \t]*[:\-]?|is[ \t]+at)[ \t]+)"
)
_CUE_BEFORE = re.compile(CUE + "$")
# On an all-caps line these endings are also clinical shorthand or everyday words ("9 BEAT RUN OF VT",
# "6U REG SQ", "3 HR ST", "2 PLEURAL CT"): an address ending so needs a cue or words that name a street.
_CASELESS_AMBIGUOUS = frozenset(
    "st ct sq dr ln pl ter cir trl way place court run row path loop square circle trail heights commons".split()
)
_CASELESS_NEVER = frozenset("run row path loop way place square circle trail heights commons court".split())
_WORD = re.compile(r"[^\W\d_]+")

# Street type before the name, as in French, Spanish, Portuguese and Italian addresses: "55 rue de Rivoli".
TYPE_FIRST = words("rue", "calle", "avenida", "rua", "chemin", "viale", "piazza")
# "de", "de la", "del", "d'" between the street type and the name.
LINK = r"(?:(?i:de[ \t]+la|de|du|des|del|della|di|da|do|dos|d['’])[ \t]*)?"


@register
class StreetAddressRecognizer(ClinicalPatternRecognizer):
    """``42 Willow Bend Rd``, ``1180 N. Harbor Blvd, Apt 4B``, ``P.O. Box 7781``, ``12 main st apt 4``."""

    ENTITY = "STREET_ADDRESS"
    PATTERNS = [
        Pattern(
            "street",
            # [ \t], not \s: a street never wraps, and "69499\n\nDear Dr." is no address.
            rf"{NUMBER}(?:[NSEW]\.?[ \t]+|(?:North|South|East|West)[ \t]+)?"
            rf"(?:{NAME_WORD}[ \t]+){{1,4}}{ENDING}(?:[ \t]+[NSEW][EW]?\.?(?!\w))?{UNIT}?",
            0.85,
        ),
        Pattern(
            "cued street",
            rf"{CUE}(?P<phi>{NUMBER}(?:(?i:[nsew]|north|south|east|west)\.?[ \t]+)?"
            rf"(?:{ANY_WORD}[ \t]+){{1,4}}(?i:{ENDING}){DIRECTION_AFTER}{UNIT}?)",
            0.85,
        ),
        Pattern(
            "lower-case street",
            rf"{NUMBER}(?:(?:[nsew]|north|south|east|west)\.?[ \t]+)?"
            rf"(?:{LOWER_WORD}[ \t]+){{1,3}}{PLAIN_ENDING}{DIRECTION_AFTER}{UNIT}?",
            0.45,
        ),
        Pattern(
            "type first",
            rf"(?<![\w-])\d{{1,4}}(?:[ \t]?(?i:bis|ter))?,?[ \t]+{TYPE_FIRST}[ \t]+"
            rf"{LINK}[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+){{0,2}}",
            0.6,
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
    CONTEXT = ["address", "lives", "live", "living", "resides", "reside", "street", "home", "moved", "send", "mail"]

    def reject(self, text: str, start: int, end: int) -> bool:
        """On a caseless line, a "street" with an ambiguous ending needs a cue or plain street-name words.

        Capitals say nothing there, so "1 DAY STRESS THALLIUM ST" or "9 BEAT RUN" would otherwise read as
        addresses; "LIVES AT 12 OAK ST" and "42 WILLOW BEND RD" stay.
        """
        if not case_map(text).caseless(start) or _CUE_BEFORE.search(text[max(0, start - 40) : start]):
            return False
        value = text[start:end]
        words = [w.lower() for w in _WORD.findall(value)]
        if not words or words[0] in ("p", "po", "post", "route", "rte", "rt", "apt", "apartment", "suite"):
            return False
        ending = next((w for w in reversed(words) if w in _SUFFIX_WORDS), "")
        if ending not in _CASELESS_AMBIGUOUS:
            return False
        if ending in _CASELESS_NEVER or re.match(r"\d+[Uu]\b", value):
            return True  # "9 BEAT RUN", "6U REG SQ": counts and insulin units
        names = words[: words.index(ending)]
        return any(vocabulary.word_class(w) in ("clinical", "misspelt") for w in names)


_SUFFIX_WORDS = frozenset(w.lower() for w in (*FULL, *ABBREVIATIONS))
