"""Invented patients and clinicians, and the many ways clinical text writes their names."""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass, field

from kit.synth import dates, names, phi
from kit.synth.names import City
from kit.synth.text import Phi, Piece

PERSONAL_DOMAINS = (
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "icloud.com",
    "aol.com",
    "hotmail.com",
    "comcast.net",
    "proton.me",
    "verizon.net",
    "mail.com",
)
RELATIONS = {
    "F": ("daughter", "wife", "sister", "mother", "partner", "niece", "friend", "granddaughter"),
    "M": ("son", "husband", "brother", "father", "partner", "nephew", "friend", "grandson"),
}
CREDENTIALS = ("MD", "MD", "MD", "DO", "NP", "PA-C", "MD, PhD", "FNP-BC", "RN", "RN, BSN")
SPECIALTIES = (
    "internal medicine",
    "family medicine",
    "cardiology",
    "endocrinology",
    "pulmonology",
    "neurology",
    "gastroenterology",
    "orthopedics",
    "dermatology",
    "obstetrics",
    "pediatrics",
    "psychiatry",
    "nephrology",
    "oncology",
    "urology",
    "radiology",
    "general surgery",
    "rheumatology",
    "sleep medicine",
    "allergy",
)


@dataclass
class Person:
    """A generated person (never a real one: first and last names are paired at random)."""

    first: str
    last: str
    middle: str
    sex: str

    @property
    def full(self) -> str:
        """The name as "First Last"."""
        return f"{self.first} {self.last}"

    def honorific(self, rng: random.Random) -> str:
        """Mr./Ms./Mrs./Mx. matching the person's sex."""
        if self.sex == "M":
            return "Mr."
        if self.sex == "F":
            return rng.choice(("Ms.", "Ms.", "Mrs."))
        return rng.choice(("Mx.", "Ms.", "Mr."))

    def slug(self) -> str:
        """Lower-case ascii letters of first and last name (for logins and emails)."""
        return re.sub(r"[^a-z]", "", self.first.lower()), re.sub(r"[^a-z]", "", self.last.lower())


@dataclass
class Clinician(Person):
    """A clinician with credentials and license numbers."""

    credential: str = "MD"
    specialty: str = "internal medicine"
    npi: Phi = None  # type: ignore[assignment]
    dea: Phi = None  # type: ignore[assignment]
    login: str = ""

    @property
    def is_doctor(self) -> bool:
        """True for MD/DO (who are addressed as "Dr.")."""
        return self.credential.startswith(("MD", "DO"))


@dataclass
class Patient(Person):
    """A patient with every identifier a record may mention."""

    dob: dt.date = dt.date(1970, 1, 1)
    city: City = None  # type: ignore[assignment]
    street: Phi = None  # type: ignore[assignment]
    zip: Phi = None  # type: ignore[assignment]
    ids: dict[str, Phi] = field(default_factory=dict)
    email: str = ""
    login: str = ""
    employer: str = ""
    contact: Person | None = None
    contact_relation: str = "daughter"

    def age_on(self, day: dt.date) -> int:
        """Age in whole years on ``day``."""
        return day.year - self.dob.year - ((day.month, day.day) < (self.dob.month, self.dob.day))


def make_person(rng: random.Random, sex: str | None = None) -> Person:
    """A random person; ``sex`` restricts the first name when given."""
    pool = [f for f in names.first_names() if sex is None or f.sex in (sex, "U")]
    first = rng.choice(pool)
    return Person(
        first.name,
        rng.choice(names.last_names()),
        rng.choice("ABCDEFGHJKLMNPRSTW"),
        first.sex if first.sex != "U" else rng.choice("FM"),
    )


def make_clinician(rng: random.Random) -> Clinician:
    """A random clinician with NPI, DEA and a login."""
    p = make_person(rng)
    first, last = p.slug()
    login = rng.choice(
        (
            f"{first[0]}{last}",
            f"{last}{first[0]}",
            f"{first}.{last}",
            f"{first[0]}{p.middle.lower()}{last}{rng.randint(1, 99)}",
        )
    )[:16]
    return Clinician(
        p.first,
        p.last,
        p.middle,
        p.sex,
        credential=rng.choice(CREDENTIALS),
        specialty=rng.choice(SPECIALTIES),
        npi=phi.npi(rng),
        dea=phi.dea(rng, p.last),
        login=login,
    )


def make_patient(rng: random.Random, visit: dt.date) -> Patient:
    """A random patient whose age on ``visit`` is over 89 about one time in eight."""
    p = make_person(rng)
    age = (
        rng.randint(90, 104)
        if rng.random() < 0.125
        else rng.choice((rng.randint(0, 17), rng.randint(18, 64), rng.randint(18, 64), rng.randint(65, 89)))
    )
    dob = dates.shift(visit, -(age * 365 + rng.randint(0, 364) + age // 4))
    city = rng.choice(names.cities())
    first, last = p.slug()
    ids = {
        "mrn": phi.mrn(rng),
        "account": phi.account(rng),
        "plan": phi.health_plan_id(rng),
        "ssn": phi.ssn(rng),
        "phone": phi.phone(rng),
        "cell": phi.phone(rng),
        "license": phi.drivers_license(rng),
        "ip": phi.ip_address(rng),
    }
    email = rng.choice(
        (
            f"{first}.{last}",
            f"{first[0]}{last}{rng.randint(1, 99)}",
            f"{first}{dob.year % 100:02d}",
            f"{last}.{first[0]}",
            f"{first}_{last}",
        )
    )
    contact = make_person(rng)
    relation = rng.choice(RELATIONS[contact.sex])
    return Patient(
        p.first,
        p.last,
        p.middle,
        p.sex,
        dob=dob,
        city=city,
        street=phi.street_address(rng, rng.choice(names.streets())),
        zip=phi.zip_code(rng, city),
        ids=ids,
        email=f"{email}@{rng.choice(PERSONAL_DOMAINS)}",
        login=rng.choice(
            (f"{first}{last[:1]}{rng.randint(1, 999)}", f"{first[0]}{last}", f"{last}{first[:2]}", f"{first}.{last}")
        ),
        employer=rng.choice(names.employers()),
        contact=contact,
        contact_relation=relation,
    )


def name(rng: random.Random, person: Person, style: str | None = None) -> Piece:
    """The person's name in a clinical surface form; the PERSON span excludes titles."""
    style = style or rng.choice(NAME_STYLES)
    forms = {
        "first last": lambda: Phi(person.full, "PERSON"),
        "first m last": lambda: Phi(f"{person.first} {person.middle}. {person.last}", "PERSON"),
        "last, first": lambda: Phi(f"{person.last}, {person.first}", "PERSON"),
        "LAST, FIRST": lambda: Phi(f"{person.last}, {person.first}".upper(), "PERSON"),
        "LAST, FIRST M": lambda: Phi(f"{person.last}, {person.first} {person.middle}".upper(), "PERSON"),
        "FIRST LAST": lambda: Phi(person.full.upper(), "PERSON"),
        "f. last": lambda: Phi(f"{person.first[0]}. {person.last}", "PERSON"),
        "title last": lambda: [person.honorific(rng) + " ", Phi(person.last, "PERSON")],
        "title first last": lambda: [person.honorific(rng) + " ", Phi(person.full, "PERSON")],
        "first": lambda: Phi(person.first, "PERSON"),
    }
    return forms[style]()


NAME_STYLES = (
    "first last",
    "first last",
    "first m last",
    "last, first",
    "LAST, FIRST",
    "LAST, FIRST M",
    "FIRST LAST",
    "f. last",
    "title last",
    "title first last",
)


def doctor(rng: random.Random, c: Clinician, style: str | None = None) -> Piece:
    """A clinician's name: "Dr. Adwoa Ofori", "Adwoa Ofori, MD", "Dr. Ofori", "OFORI, ADWOA"."""
    style = style or rng.choice(
        ("dr full", "dr full", "full cred", "dr last", "last, first", "full cred", "LAST, FIRST", "f. last cred")
    )
    title = "Dr. " if c.is_doctor else ""
    forms = {
        "dr full": lambda: [title, Phi(c.full, "PERSON")],
        "full cred": lambda: [Phi(c.full, "PERSON"), f", {c.credential}"],
        "dr last": lambda: [title or c.honorific(rng) + " ", Phi(c.last, "PERSON")],
        "last, first": lambda: [Phi(f"{c.last}, {c.first}", "PERSON"), f" {c.credential}"],
        "LAST, FIRST": lambda: Phi(f"{c.last}, {c.first}".upper(), "PERSON"),
        "f. last cred": lambda: [Phi(f"{c.first[0]}. {c.last}", "PERSON"), f", {c.credential}"],
    }
    return forms[style]()


def initials(c: Person) -> str:
    """Upper-case initials, e.g. "AKO"."""
    return f"{c.first[0]}{c.middle}{c.last[0]}".upper()


def dictation_tag(rng: random.Random, dictator: Person, typist: Person) -> Piece:
    """Dictation/transcription marks: ``XGT:holmes`` and ``AO/xgt`` (PERSON spans)."""
    if rng.random() < 0.5:
        tag = f"{initials(typist)}:{typist.slug()[1]}"
    else:
        tag = f"{initials(dictator)}/{initials(typist).lower()}"
    return Phi(tag, "PERSON")


def email(address: str) -> Phi:
    """EMAIL_ADDRESS."""
    return Phi(address, "EMAIL_ADDRESS")


def clinician_email(rng: random.Random, c: Clinician, hospital_domain: str) -> Phi:
    """A clinician's work email at the hospital's domain."""
    first, last = c.slug()
    local = rng.choice((f"{first}.{last}", f"{first[0]}{last}", f"{last}{first[0]}"))
    return Phi(f"{local}@{hospital_domain}", "EMAIL_ADDRESS")


def personal_url(rng: random.Random, p: Patient) -> Phi:
    """URL tied to the individual (social profile, personal site, portal link with an id)."""
    first, last = p.slug()
    return Phi(
        rng.choice(
            (
                f"https://www.facebook.com/{first}.{last}.{rng.randint(1, 99)}",
                f"www.{first}{last}.com",
                f"https://{first}-{last}.blogspot.com",
                f"https://instagram.com/{first}_{last}{rng.randint(1, 9)}",
                f"https://www.gofundme.com/f/help-{first}-{last}",
                f"http://linkedin.com/in/{first}-{last}-{phi.digits(rng, 4)}",
            )
        ),
        "URL",
    )
