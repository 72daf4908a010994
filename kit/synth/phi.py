"""Surface forms of the Safe Harbor identifiers other than names and dates.

Every function takes the caller's ``random.Random`` so output is deterministic for a seed.
Values are invented: numbers are random, checksums (NPI, DEA, VIN) are valid so that
recognizers with validators see realistic input.
"""

from __future__ import annotations

import random
import string

from kit.synth.names import City
from kit.synth.text import Phi

AREA_CODES = (
    "212",
    "213",
    "215",
    "253",
    "303",
    "305",
    "312",
    "314",
    "315",
    "317",
    "402",
    "404",
    "410",
    "412",
    "415",
    "503",
    "505",
    "512",
    "602",
    "608",
    "612",
    "615",
    "617",
    "702",
    "704",
    "713",
    "716",
    "720",
    "804",
    "808",
    "816",
    "857",
    "907",
    "919",
    "971",
    "978",
)
_UPPER = string.ascii_uppercase
_VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def digits(rng: random.Random, n: int) -> str:
    """``n`` random decimal digits (leading zeros allowed)."""
    return "".join(rng.choice(string.digits) for _ in range(n))


def letters(rng: random.Random, n: int) -> str:
    """``n`` random upper-case letters."""
    return "".join(rng.choice(_UPPER) for _ in range(n))


def phone_text(rng: random.Random) -> str:
    """A US phone number in one of several layouts."""
    area, exch, line = rng.choice(AREA_CODES), str(rng.randint(201, 989)), digits(rng, 4)
    layouts = (
        f"({area}) {exch}-{line}",
        f"{area}-{exch}-{line}",
        f"{area}.{exch}.{line}",
        f"{area} {exch} {line}",
        f"+1 {area}-{exch}-{line}",
        f"1-{area}-{exch}-{line}",
        f"{area}{exch}{line}",
        f"({area}){exch}-{line}",
        f"+1 ({area}) {exch}-{line}",
    )
    return rng.choice(layouts)


def phone(rng: random.Random) -> Phi:
    """PHONE_NUMBER."""
    return Phi(phone_text(rng), "PHONE_NUMBER")


def fax(rng: random.Random) -> Phi:
    """FAX_NUMBER (same layouts as phones; the label in the text tells them apart)."""
    return Phi(phone_text(rng), "FAX_NUMBER")


def pager(rng: random.Random) -> Phi:
    """PHONE_NUMBER: an in-house pager ("4-5678", "45678", "412-3345"); the labels "PG", "pager #" stay outside."""
    shapes = (
        lambda: f"{rng.randint(1, 9)}-{digits(rng, 4)}",
        lambda: f"{rng.randint(1, 9)}{digits(rng, 4)}",
        lambda: f"{rng.randint(2, 9)}{digits(rng, 2)}-{digits(rng, 4)}",
    )
    return Phi(rng.choice(shapes)(), "PHONE_NUMBER")


def ssn(rng: random.Random) -> Phi:
    """US_SSN with a plausible area number (not 000, 666 or 9xx)."""
    area = rng.choice([a for a in range(1, 900) if a != 666])
    group, serial = rng.randint(1, 99), rng.randint(1, 9999)
    sep = rng.choice(["-", "-", "-", " ", ""])
    return Phi(f"{area:03d}{sep}{group:02d}{sep}{serial:04d}", "US_SSN")


def mrn(rng: random.Random) -> Phi:
    """MEDICAL_RECORD_NUMBER in one of many institutional shapes."""
    shapes = (
        lambda: digits(rng, 7),
        lambda: "00" + digits(rng, 5),
        lambda: f"{digits(rng, 3)}-{digits(rng, 2)}-{digits(rng, 2)}-{digits(rng, 1)}",
        lambda: f"{letters(rng, 2)}{digits(rng, 3)}/{digits(rng, 5)}",
        lambda: f"M{digits(rng, 8)}",
        lambda: f"{digits(rng, 2)}-{digits(rng, 2)}-{digits(rng, 2)}",
        lambda: f"E{digits(rng, 9)}",
        lambda: digits(rng, 10),
        lambda: f"{letters(rng, 3)}-{digits(rng, 6)}",
    )
    return Phi(rng.choice(shapes)(), "MEDICAL_RECORD_NUMBER")


def account(rng: random.Random) -> Phi:
    """ACCOUNT_NUMBER (hospital account / financial number)."""
    shapes = (
        lambda: digits(rng, 8),
        lambda: f"A-{digits(rng, 5)}-{digits(rng, 2)}",
        lambda: f"{digits(rng, 4)} {digits(rng, 4)} {digits(rng, 2)}",
        lambda: digits(rng, 9),
        lambda: f"HAR{digits(rng, 7)}",
        lambda: f"{digits(rng, 3)}-{digits(rng, 6)}",
    )
    return Phi(rng.choice(shapes)(), "ACCOUNT_NUMBER")


def health_plan_id(rng: random.Random) -> Phi:
    """HEALTH_PLAN_ID (member ids, Medicare MBI, Medicaid ids)."""
    mbi = (
        f"{rng.randint(1, 9)}{letters(rng, 1)}{rng.choice(_UPPER + string.digits)}{digits(rng, 1)}-"
        f"{letters(rng, 1)}{rng.choice(_UPPER + string.digits)}{digits(rng, 1)}-{letters(rng, 2)}{digits(rng, 2)}"
    )
    shapes = (
        lambda: f"{letters(rng, 3)}{digits(rng, 9)}",
        lambda: f"{letters(rng, 3)} {digits(rng, 4)} {digits(rng, 4)} {digits(rng, 2)}",
        lambda: mbi,
        lambda: f"{letters(rng, 2)}{digits(rng, 8)}{letters(rng, 1)}",
        lambda: f"W{digits(rng, 9)}",
        lambda: f"{digits(rng, 3)}-{digits(rng, 3)}-{digits(rng, 3)}-{letters(rng, 2)}",
    )
    return Phi(rng.choice(shapes)(), "HEALTH_PLAN_ID")


def other_id(rng: random.Random) -> Phi:
    """ID_NUMBER: accession, specimen, study, employee and order numbers."""
    year = rng.randint(10, 29)
    shapes = (
        lambda: f"RAD-{year}-{digits(rng, 6)}",
        lambda: f"S{year}-{digits(rng, 5)}",
        lambda: f"{letters(rng, 2)}{digits(rng, 7)}",
        lambda: f"SUBJ-{digits(rng, 4)}",
        lambda: digits(rng, 11),
        lambda: f"{digits(rng, 2)}-{letters(rng, 1)}-{digits(rng, 5)}",
    )
    return Phi(rng.choice(shapes)(), "ID_NUMBER")


def npi(rng: random.Random) -> Phi:
    """LICENSE_NUMBER: a 10-digit NPI with a valid Luhn check digit (prefix 80840)."""
    body = str(rng.choice((1, 2))) + digits(rng, 8)
    total = 0
    for i, ch in enumerate(reversed("80840" + body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return Phi(body + str((10 - total % 10) % 10), "LICENSE_NUMBER")


def dea(rng: random.Random, last_name: str) -> Phi:
    """LICENSE_NUMBER: a DEA number (registrant letter, last-name initial, 7 digits, checksum)."""
    body = [rng.randint(0, 9) for _ in range(6)]
    check = (body[0] + body[2] + body[4] + 2 * (body[1] + body[3] + body[5])) % 10
    first = rng.choice("ABFGM")
    return Phi(f"{first}{last_name[0].upper()}{''.join(map(str, body))}{check}", "LICENSE_NUMBER")


def drivers_license(rng: random.Random) -> Phi:
    """LICENSE_NUMBER: a driver's license number in a state-like shape."""
    shapes = (
        lambda: f"{letters(rng, 1)}{digits(rng, 7)}",
        lambda: f"{letters(rng, 1)}{digits(rng, 3)}-{digits(rng, 4)}-{digits(rng, 4)}",
        lambda: digits(rng, 9),
        lambda: f"{letters(rng, 2)}{digits(rng, 6)}",
    )
    return Phi(rng.choice(shapes)(), "LICENSE_NUMBER")


def plate(rng: random.Random) -> Phi:
    """VEHICLE_ID: a license plate."""
    shapes = (
        lambda: f"{rng.randint(1, 9)}{letters(rng, 3)}{digits(rng, 3)}",
        lambda: f"{letters(rng, 3)}-{digits(rng, 4)}",
        lambda: f"{letters(rng, 3)} {digits(rng, 4)}",
        lambda: f"{digits(rng, 3)} {letters(rng, 3)}",
    )
    return Phi(rng.choice(shapes)(), "VEHICLE_ID")


def vin(rng: random.Random) -> Phi:
    """VEHICLE_ID: a 17-character VIN with a valid check digit (position 9)."""
    values = {
        c: v
        for v, cs in enumerate(("", "AJ1", "BKS2", "CLT3", "DMU4", "ENV5", "FW6", "GPX7", "HY8", "RZ9"))
        for c in cs
    }
    values["0"] = 0
    weights = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
    chars = [rng.choice(_VIN_CHARS) for _ in range(17)]
    check = sum(values[c] * w for c, w in zip(chars, weights)) % 11
    chars[8] = "X" if check == 10 else str(check)
    return Phi("".join(chars), "VEHICLE_ID")


def device_serial(rng: random.Random) -> Phi:
    """DEVICE_ID: a device serial number."""
    shapes = (
        lambda: f"{letters(rng, 3)}{digits(rng, 6)}{letters(rng, 1)}",
        lambda: f"{digits(rng, 1)}-{digits(rng, 2)}-{digits(rng, 4)}-{letters(rng, 1)}",
        lambda: digits(rng, 11),
        lambda: f"SN{digits(rng, 8)}",
        lambda: f"{letters(rng, 2)}{digits(rng, 4)}-{digits(rng, 4)}",
    )
    return Phi(rng.choice(shapes)(), "DEVICE_ID")


def ip_address(rng: random.Random) -> Phi:
    """IP_ADDRESS: mostly IPv4 (private and public), sometimes IPv6."""
    if rng.random() < 0.1:
        groups = ["2001", "db8"] + [f"{rng.randint(0, 0xFFFF):x}" for _ in range(4)]
        return Phi(":".join(groups[:2]) + "::" + ":".join(groups[2:]), "IP_ADDRESS")
    first = rng.choice((10, 172, 192, 73, 98, 24, 68, 104))
    if first == 192:
        return Phi(f"192.168.{rng.randint(0, 255)}.{rng.randint(2, 254)}", "IP_ADDRESS")
    return Phi(f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}", "IP_ADDRESS")


def street_address(rng: random.Random, stem: str) -> Phi:
    """STREET_ADDRESS: number, street and suffix, sometimes a unit."""
    number = rng.choice((rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 19999)))
    suffix = rng.choice(
        (
            "Street",
            "St",
            "St.",
            "Avenue",
            "Ave",
            "Ave.",
            "Road",
            "Rd",
            "Lane",
            "Ln",
            "Drive",
            "Dr",
            "Court",
            "Ct",
            "Boulevard",
            "Blvd",
            "Way",
            "Terrace",
            "Place",
            "Circle",
            "Parkway",
        )
    )
    if stem.startswith(("County Road", "State Route")):
        suffix = ""
    text = f"{number} {stem} {suffix}".strip()
    if rng.random() < 0.1:
        text = f"{number} {rng.choice('NSEW')}. {stem} {suffix}".strip()
    roll = rng.random()
    if roll < 0.12:
        text += f", Apt {rng.randint(1, 30)}{rng.choice(['', 'A', 'B', 'C'])}"
    elif roll < 0.18:
        text += f" #{rng.randint(1, 400)}"
    elif roll < 0.22:
        text += f", Unit {rng.randint(1, 40)}"
    if rng.random() < 0.04:
        text = f"PO Box {rng.randint(10, 9999)}"
    return Phi(text, "STREET_ADDRESS")


def zip_code(rng: random.Random, city: City) -> Phi:
    """ZIP_CODE: five digits, sometimes ZIP+4."""
    code = city.zip3 + digits(rng, 2)
    if rng.random() < 0.12:
        code += "-" + digits(rng, 4)
    return Phi(code, "ZIP_CODE")


def state(rng: random.Random, city: City, full_prob: float = 0.2) -> Phi:
    """STATE as its code or full name."""
    return Phi(city.state_name if rng.random() < full_prob else city.state, "STATE")
