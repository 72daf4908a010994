"""Registration face sheet: demographics, insurance, guarantor, emergency contact, vehicle."""

from __future__ import annotations

import random

from kit.synth import dates, names, people, phi
from kit.synth.cases import Case, address
from kit.synth.kinds.blocks import label
from kit.synth.kinds.registry import register_kind
from kit.synth.text import Phi, TextBuilder


@register_kind("registration_form")
def registration_form(rng: random.Random, case: Case) -> TextBuilder:
    """Face sheet with most of the identifier kinds in labeled fields."""
    b, p = TextBuilder(), case.patient
    b.line(
        "{f} - {t}", f=case.facility.name, t=rng.choice(("PATIENT REGISTRATION", "Face Sheet", "ADMISSION FACE SHEET"))
    )
    b.line(
        "Registered {d} {t} by {u}",
        d=dates.date(rng, case.admit),
        t=dates.clock(rng),
        u=Phi(rng.choice((case.nurse.login, f"reg{phi.digits(rng, 3)}")), "USERNAME"),
    )
    b.line()
    rows = [
        ("Name", people.name(rng, p, rng.choice(("LAST, FIRST M", "LAST, FIRST", "last, first")))),
        (label(rng, "DOB", "Birth date"), dates.date(rng, p.dob)),
        ("Sex", p.sex),
        (label(rng, "SSN", "Social Security #", "SS#"), p.ids["ssn"]),
        (label(rng, "MRN", "Medical record #"), p.ids["mrn"]),
        (label(rng, "Account", "Acct #", "Visit #"), p.ids["account"]),
        ("Address", address(rng, p.street, p.city, p.zip, inline=True)),
        (label(rng, "Home phone", "Phone (H)"), p.ids["phone"]),
        (label(rng, "Cell", "Mobile", "Phone (C)"), p.ids["cell"]),
        ("Email", people.email(p.email)),
        (label(rng, "Driver's license", "DL #", "State ID"), p.ids["license"]),
        ("Employer", p.employer),
        (label(rng, "Primary insurance ID", "Member ID", "Subscriber #"), p.ids["plan"]),
        ("Portal username", Phi(p.login, "USERNAME")),
    ]
    if rng.random() < 0.6:
        rows.append(
            (
                label(rng, "Vehicle (valet)", "Parking permit vehicle"),
                [rng.choice(("Plate ", "Tag ")), phi.plate(rng)] if rng.random() < 0.6 else ["VIN ", phi.vin(rng)],
            )
        )
    for key, value in rows:
        if rng.random() < 0.9:
            b.line("{k}: {v}", k=key, v=value)
    b.line()
    c = p.contact
    b.line(
        "Emergency contact: {n} ({rel})  {ph}",
        n=people.name(rng, c, rng.choice(("first last", "last, first"))),
        rel=p.contact_relation,
        ph=phi.phone(rng),
    )
    if rng.random() < 0.5:
        b.line(
            "Guarantor: {n}, {a}",
            n=people.name(rng, p if rng.random() < 0.6 else c, "first last"),
            a=address(rng, p.street, p.city, p.zip, inline=True),
        )
    b.line(
        "PCP: {n}, {f}, {ph}",
        n=people.doctor(rng, case.referrer),
        f=case.other_facility.name,
        ph=case.other_facility.phone,
    )
    _insurance(b, rng, case)
    if rng.random() < 0.6:
        b.line(
            "Preferred pharmacy: {n} Pharmacy, {a}, {ph}",
            n=rng.choice(("Main Street", "Corner", "Family", "Valley", "Riverside")),
            a=address(
                rng,
                phi.street_address(rng, rng.choice(names.streets())),
                p.city,
                phi.zip_code(rng, p.city),
                inline=True,
            ),
            ph=phi.phone(rng),
        )
    b.line("Consent for treatment signed {d}.", d=dates.date(rng, case.admit, dates.PROSE_STYLES))
    b.line("Notice of privacy practices acknowledged: {x}", x=rng.choice(("Yes", "Y", "yes, signed on tablet")))
    return b


def _insurance(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    b.line()
    b.line(rng.choice(("INSURANCE", "Coverage:", "Insurance Information")))
    b.line(
        "Primary: {plan}  Member ID {pid}  Subscriber: {n}  DOB {d}",
        plan=rng.choice(PLANS),
        pid=p.ids["plan"],
        n=people.name(rng, p, "LAST, FIRST"),
        d=dates.date(rng, p.dob),
    )
    if rng.random() < 0.4:
        c = p.contact
        b.line(
            "Secondary: {plan}  ID {pid}  Subscriber: {n} ({rel})  SSN {ssn}",
            plan=rng.choice(PLANS),
            pid=phi.health_plan_id(rng),
            n=people.name(rng, c, "last, first"),
            rel=p.contact_relation,
            ssn=phi.ssn(rng),
        )
    b.line("Claims phone {ph}  fax {fx}", ph=phi.phone(rng), fx=phi.fax(rng))


PLANS = (
    "Medicare Part B",
    "State Medicaid",
    "Blue Shield PPO",
    "United HMO",
    "Aetna Choice POS",
    "Cigna Open Access",
    "Tricare Select",
    "Humana Gold Plus",
    "Self-pay",
    "Workers' Compensation",
)
