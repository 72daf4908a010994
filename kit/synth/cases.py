"""A *case*: one patient, the clinicians and facility around them, and the visit dates.

Documents draw everything from a case so that a note mentions the same patient consistently
(and in several surface forms), as real records do.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

from kit.synth import dates, names, people, phi
from kit.synth.names import City
from kit.synth.people import Clinician, Patient, Person
from kit.synth.text import Phi, Piece


@dataclass
class Facility:
    """A hospital or clinic with its contact details."""

    name: Phi
    city: City
    street: Phi
    zip: Phi
    phone: Phi
    fax: Phi
    domain: str


@dataclass
class Case:
    """Everything one document may mention."""

    patient: Patient
    attending: Clinician
    resident: Clinician
    nurse: Clinician
    referrer: Clinician
    typist: Person
    facility: Facility
    other_facility: Facility
    visit: dt.date
    admit: dt.date


def make_facility(rng: random.Random) -> Facility:
    """A facility with a name from hospitals.txt (``{city}`` filled in)."""
    city = rng.choice(names.cities())
    label = rng.choice(names.hospitals()).replace("{city}", city.name)
    domain = re.sub(r"[^a-z]", "", label.lower().replace("saint", "st"))[:18] + rng.choice((".org", ".org", ".com"))
    return Facility(
        Phi(label, "HOSPITAL"),
        city,
        phi.street_address(rng, rng.choice(names.streets())),
        phi.zip_code(rng, city),
        phi.phone(rng),
        phi.fax(rng),
        domain,
    )


def make_case(rng: random.Random) -> Case:
    """A random case.

    Visit years are mostly recent, sometimes shifted far ahead (as in de-identified corpora whose
    dates were moved).
    """
    visit = dates.random_date(rng, 2061, 2089) if rng.random() < 0.1 else dates.random_date(rng, 2012, 2025)
    nurse = people.make_clinician(rng)
    nurse.credential = rng.choice(("RN", "RN, BSN", "LPN", "RN, CCRN"))
    return Case(
        patient=people.make_patient(rng, visit),
        attending=people.make_clinician(rng),
        resident=people.make_clinician(rng),
        nurse=nurse,
        referrer=people.make_clinician(rng),
        typist=people.make_person(rng),
        facility=make_facility(rng),
        other_facility=make_facility(rng),
        visit=visit,
        admit=dates.shift(visit, -rng.randint(1, 12)),
    )


def city_line(rng: random.Random, city: City, zip_code: Phi) -> Piece:
    """City, state and ZIP ("Boston, MA 02118"), each its own span."""
    sep = rng.choice((", ", ", ", " "))
    return [Phi(city.name, "CITY"), sep, phi.state(rng, city), " ", zip_code]


def address(rng: random.Random, street: Phi, city: City, zip_code: Phi, inline: bool | None = None) -> Piece:
    """A full address, on one line or two."""
    inline = rng.random() < 0.5 if inline is None else inline
    return [street, ", " if inline else "\n", city_line(rng, city, zip_code)]


def age_phrase(rng: random.Random, years: int) -> Piece:
    """An age phrase ("72-year-old", "93 y/o"); only ages over 89 are PHI (the number is the AGE span)."""
    suffix = rng.choice(("-year-old", "-year-old", " y/o", " yo", " year old", "-yr-old"))
    return [Phi(str(years), "AGE") if years > 89 else str(years), suffix]


def age_clause(rng: random.Random, p: Person, years: int) -> Piece:
    """An adult's age in running text: "She is 94.", "He turned 91 this year.", "She is in her late 90s.".

    Only an age over 89 is PHI (the number, or the "90s" of a decade, is the AGE span).
    """
    pronoun, possessive = ("She", "her") if p.sex == "F" else ("He", "his")
    over = years > 89
    number: Piece = Phi(str(years), "AGE") if over else str(years)
    decade = f"{years // 10 * 10}s"
    forms = [
        lambda: [f"{pronoun} is ", number, " and still lives independently. "],
        lambda: [f"{pronoun} turned ", number, " this year. "],
        lambda: ["Aged ", number, ", ", possessive, " main concern is staying at home. "],
    ]
    if 20 <= years < 100:  # nobody is "in her 100s"
        forms.append(
            lambda: [
                f"{pronoun} is in {possessive} {rng.choice(('early ', 'mid-', 'late ', ''))}",
                Phi(decade, "AGE") if over else decade,
                ". ",
            ]
        )
    return rng.choice(forms)()


def birth_year_clause(rng: random.Random, p: Patient, visit: dt.date) -> Piece:
    """A birth year for the social history ("Born in 1931. "), or "" where its answer depends on the year.

    A lone year is PHI only when it implies an age over 89 (an AGE span). Measured from the visit, that is
    settled for patients 90 and older (PHI) and for patients under 40 (not PHI for decades to come). The
    redaction engine measures from the current year when that is later (the patient is older now), so for
    patients 40-89 the answer would change with the year the gold set is scored in: no sentence for them.
    """
    age = p.age_on(visit)
    if 40 <= age <= 89:
        return ""
    year: Piece = Phi(str(p.dob.year), "AGE") if visit.year - p.dob.year > 89 else str(p.dob.year)
    return [rng.choice(("Born in ", "Born ", "Born and raised locally; born in ")), year, ". "]


def sex_word(rng: random.Random, p: Person, age: int = 40) -> str:
    """A word for the person's sex fitting the age ("woman", "girl", "gentleman", "boy"...)."""
    if age < 18:
        return rng.choice(("girl", "female")) if p.sex == "F" else rng.choice(("boy", "male"))
    if p.sex == "F":
        return rng.choice(("woman", "female", "lady", "F"))
    return rng.choice(("man", "male", "gentleman", "M"))
