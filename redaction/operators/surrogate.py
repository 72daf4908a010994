"""Consistent realistic fakes: the same real value always becomes the same fake under one secret."""

from __future__ import annotations

import regex as re

from redaction import lexicon
from redaction.operators.keyed import choose, reshape
from redaction.operators.names import fake_name, with_case_of
from redaction.recognizers.street_address_recognizer import LINK, SUFFIX, TYPE_FIRST

# Invented place and facility stems; none is meant to name a real place.
PLACE_STEMS = (
    "Alderbrook",
    "Bramblewood",
    "Cedar Hollow",
    "Dunmore Falls",
    "Elmstead",
    "Foxmere",
    "Glenhaven",
    "Harrowgate",
    "Ivybridge",
    "Juniper Flats",
    "Kestrel Point",
    "Larkspur",
    "Millbrook",
    "Northvale",
    "Oakhurst",
    "Pinecrest",
    "Quarry Hill",
    "Ravenwood",
    "Silverlake",
    "Thornbury",
    "Upton Ridge",
    "Valemont",
    "Willowmere",
    "Yarrow Bay",
)
STREET_STEMS = (
    "Birch",
    "Canal",
    "Chestnut",
    "Dogwood",
    "Fernhill",
    "Garnet",
    "Hawthorn",
    "Heron",
    "Linden",
    "Magnolia",
    "Meadow",
    "Orchard",
    "Quail",
    "Rowan",
    "Sparrow",
    "Sycamore",
    "Tamarack",
    "Walnut",
    "Wren",
    "Yew",
)
_FACILITY_TAIL = re.compile(
    r"(?i)\s+(?:(?:general|memorial|regional|community|university|medical|health|"
    r"children's|care|rehabilitation|rehab|surgical|surgery|cancer|heart|family|"
    r"urgent|nursing|dialysis|imaging)\s+)*(?:hospital|medical center|health center|"
    r"clinic|infirmary|hospice|center|institute|home|facility|system|healthcare|"
    r"group|associates|practice|medicine|physicians|pediatrics)\b.*$"
)
_STREET_PARTS = re.compile(rf"^(\d+[A-Za-z]?(?:-\d+)?\s+(?:[NSEW]\.?\s+)?)(.+?)(\s+{SUFFIX}\.?(?!\w).*)$")
# "55 rue de Rivoli": the street type comes first and the name last.
_TYPE_FIRST_PARTS = re.compile(rf"^(\d+\S*,?\s+{TYPE_FIRST}\s+{LINK})(.+)$")


def surrogate(secret: bytes, entity_type: str, value: str) -> str:
    """A fake of the same kind and shape as ``value``."""
    handler = _HANDLERS.get(entity_type, _identifier)
    return handler(secret, value)


def _identifier(secret: bytes, value: str) -> str:
    return reshape(secret, value, "id")


def _person(secret: bytes, value: str) -> str:
    return fake_name(secret, value)


def _city(secret: bytes, value: str) -> str:
    return with_case_of(value, choose(secret, PLACE_STEMS, "city", value.lower()))


def _hospital(secret: bytes, value: str) -> str:
    tail = _FACILITY_TAIL.search(value)
    suffix = tail.group(0) if tail else " Hospital"
    stem = choose(secret, PLACE_STEMS, "hospital", value.lower())
    return with_case_of(value.split()[0], stem) + suffix if value.isupper() else stem + suffix


def _street(secret: bytes, value: str) -> str:
    """New house and unit numbers (same shape) and a new street name; suffix and layout stay."""
    renumbered = "".join(d if o.isdigit() else o for o, d in zip(value, reshape(secret, value, "street")))
    match = _STREET_PARTS.match(renumbered)
    if match:
        fake = choose(secret, STREET_STEMS, "street", match.group(2).lower())
        return match.group(1) + with_case_of(match.group(2).split()[0], fake) + match.group(3)
    match = _TYPE_FIRST_PARTS.match(renumbered)
    if match:
        fake = choose(secret, STREET_STEMS, "street", match.group(2).lower())
        return match.group(1) + with_case_of(match.group(2).split()[0], fake)
    return renumbered


def _email(secret: bytes, value: str) -> str:
    first = choose(secret, sorted(lexicon.first_names()), "email-first", value.lower())
    last = choose(secret, sorted(lexicon.last_names()), "email-last", value.lower())
    return f"{first}.{last}@example.org".replace(" ", "").replace("'", "")


def _phone(secret: bytes, value: str) -> str:
    # Keep area-code and exchange first digits in 2-9 so the fake still looks dialable.
    fake = list(reshape(secret, value, "phone"))
    digit_positions = [i for i, c in enumerate(value) if c.isdigit()]
    skip = 1 if len(digit_positions) == 11 else 0
    for k in (skip, skip + 3):
        if k < len(digit_positions) and fake[digit_positions[k]] in "01":
            fake[digit_positions[k]] = str(int(fake[digit_positions[k]]) + 2)
    return "".join(fake)


def _username(secret: bytes, value: str) -> str:
    return reshape(secret, value, "user")


def _url(secret: bytes, value: str) -> str:
    return f"https://example.org/{reshape(secret, 'abcdefgh', 'url', value)}"


def _ip(secret: bytes, value: str) -> str:
    if ":" in value:
        return reshape(secret, value, "ip6")
    octets = [str(int(reshape(secret, "000", "ip", value, str(i))) % 254 + 1) for i in range(4)]
    return "10." + ".".join(octets[1:])


_HANDLERS = {
    "PERSON": _person,
    "CITY": _city,
    "HOSPITAL": _hospital,
    "STREET_ADDRESS": _street,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "FAX_NUMBER": _phone,
    "USERNAME": _username,
    "URL": _url,
    "IP_ADDRESS": _ip,
}
