"""Outpatient progress note (SOAP-style, many header and section variants)."""

from __future__ import annotations

import random

from kit.synth import clinical, dates, people, phi
from kit.synth.cases import Case, address, age_clause, age_phrase, birth_year_clause, sex_word
from kit.synth.kinds.blocks import (
    family_history,
    id_header,
    label,
    med_list,
    problem_list,
    review_of_systems,
    signature,
)
from kit.synth.kinds.registry import register_kind
from kit.synth.text import Phi, TextBuilder

TITLES = (
    "PROGRESS NOTE",
    "Clinic Progress Note",
    "Follow-up Visit",
    "OFFICE VISIT",
    "Outpatient Note",
    "Established Patient Visit",
    "Telehealth Visit Note",
)


def _hpi(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    age = p.age_on(case.visit)
    b.line(label(rng, "HPI:", "HISTORY OF PRESENT ILLNESS:", "Subjective:", "S:"))
    b.fill(
        "{n} is a {a} {s} {w} {c}. ",
        n=people.name(rng, p, rng.choice(("first last", "title last", "first"))),
        a=age_phrase(rng, age),
        s=sex_word(rng, p, age),
        w=rng.choice(("who presents for", "seen today for", "here with", "who comes in for")),
        c=rng.choice(clinical.COMPLAINTS),
    )
    if age >= 18 and rng.random() < (0.6 if age > 89 else 0.25):  # the oldest get talked about by age
        b.fill("{x}", x=age_clause(rng, p, age))
    if age < 5:
        b.fill(
            "Born at {w} weeks, Apgar scores {a1} and {a2}. ",
            w=str(rng.randint(34, 41)),
            a1=str(rng.randint(6, 9)),
            a2=str(rng.randint(8, 10)),
        )
    prob, code = rng.choice(clinical.PROBLEMS)
    b.fill("History of {prob}, diagnosed in {y}. ", prob=prob, y=str(case.visit.year - rng.randint(1, 15)))
    b.fill(
        "Last seen {d} by {dr}. ",
        d=dates.prose_date(rng, dates.shift(case.visit, -rng.randint(20, 200))),
        dr=people.doctor(rng, case.referrer, rng.choice(("dr last", "dr full"))),
    )
    if rng.random() < 0.5:
        b.fill(
            "Symptoms started {d} and have been {q}. ",
            d=dates.prose_date(rng, dates.shift(case.visit, -rng.randint(2, 30))),
            q=rng.choice(("getting worse", "stable", "intermittent", "improving slowly")),
        )
    if rng.random() < 0.35:
        c = p.contact
        b.fill(
            "Accompanied by {rel} {n}, who can be reached at {ph}. ",
            rel=p.contact_relation,
            n=people.name(rng, c, rng.choice(("first last", "first"))),
            ph=phi.phone(rng),
        )
    b.line()
    if rng.random() < 0.3:
        _devices(b, rng, case)


def _social(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    b.line(label(rng, "Social History:", "SOCIAL HISTORY:", "SH:"))
    b.fill(
        "Lives {w} in {c}, {s}. ",
        w=rng.choice(("alone", "with spouse", "with family", "with daughter")),
        c=Phi(p.city.name, "CITY"),
        s=phi.state(rng, p.city, 0.5),
    )
    if rng.random() < (0.7 if p.age_on(case.visit) > 89 else 0.3):
        b.fill("{x}", x=birth_year_clause(rng, p, case.visit))
    if p.age_on(case.visit) < 70:
        b.fill("Works at {e}. ", e=p.employer)
    b.line(
        rng.choice(
            (
                "Never smoker. Drinks 1-2 glasses of wine per week.",
                "Former smoker, 20 pack-years, quit in 2010.",
                "Denies tobacco, alcohol or drug use.",
                "Smokes 1/2 ppd.",
            )
        )
    )


def _telehealth(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    b.line(
        "Visit type: video visit via {u}",
        u=Phi(f"https://telehealth.{case.facility.domain}/room/{phi.digits(rng, 7)}", "URL"),
    )
    b.line(
        "Patient location: home, {a}; connected from {ip}",
        a=address(rng, p.street, p.city, p.zip, inline=True),
        ip=p.ids["ip"],
    )
    if rng.random() < 0.5:
        b.line("Callback if disconnected: {ph}", ph=p.ids["cell"])


def _devices(b: TextBuilder, rng: random.Random, case: Case) -> None:
    roll = rng.random()
    if roll < 0.5:
        b.fill(
            "Uses a {d} (serial {sn}); ",
            d=rng.choice(("continuous glucose monitor", "insulin pump", "CPAP machine", "home oxygen concentrator")),
            sn=phi.device_serial(rng),
        )
        b.line("download reviewed today.")
    else:
        b.line(
            "Seen after a minor MVC {d}; was the driver of vehicle {pl}, police report filed.",
            d=dates.prose_date(rng, dates.shift(case.visit, -rng.randint(1, 10))),
            pl=phi.plate(rng) if rng.random() < 0.7 else phi.vin(rng),
        )


@register_kind("progress_note")
def progress_note(rng: random.Random, case: Case) -> TextBuilder:
    """SOAP progress note."""
    b = TextBuilder()
    b.line("{h}{t}", h=[case.facility.name, " - "] if rng.random() < 0.5 else "", t=rng.choice(TITLES))
    id_header(b, rng, case, fields=rng.randint(3, 6))
    if rng.random() < 0.25:
        _telehealth(b, rng, case)
    b.line()
    b.line("{l} {c}", l=label(rng, "Chief Complaint:", "CC:", "Reason for visit:"), c=rng.choice(clinical.COMPLAINTS))
    _hpi(b, rng, case)
    sections = [
        lambda: (
            b.line(label(rng, "Past Medical History:", "PMH:", "Problem List:")),
            problem_list(b, rng, rng.randint(2, 5)),
        ),
        lambda: (
            b.line(label(rng, "Medications:", "Current Outpatient Medications:", "Meds:")),
            med_list(b, rng, rng.randint(2, 6)),
        ),
        lambda: b.line("{l} {a}", l=label(rng, "Allergies:", "ALLERGIES:"), a=rng.choice(clinical.ALLERGIES)),
        lambda: _social(b, rng, case),
        lambda: review_of_systems(b, rng),
        lambda: family_history(b, rng),
    ]
    rng.shuffle(sections)
    for section in sections[: rng.randint(3, 6)]:
        section()
        b.line()
    b.line("{l} {v}", l=label(rng, "Vitals:", "VS:", "O: Vitals"), v=clinical.vitals(rng))
    b.line(label(rng, "Exam:", "PHYSICAL EXAM:", "Physical Examination:"))
    for finding in clinical.pick(rng, clinical.EXAM, rng.randint(3, 6)):
        b.line(finding)
    if rng.random() < 0.6:
        b.line(
            "Labs ({d}): {l}",
            d=dates.date(rng, dates.shift(case.visit, -rng.randint(0, 14)), dates.PROSE_STYLES),
            l=clinical.labs(rng),
        )
    if rng.random() < 0.5:
        b.line("{l} {m}", l=label(rng, "MDM:", "Impression:", "Medical decision making:"), m=rng.choice(clinical.MDM))
    b.line()
    b.line(label(rng, "Assessment and Plan:", "A/P:", "ASSESSMENT/PLAN:", "Plan:"))
    for i, plan in enumerate(clinical.pick(rng, clinical.PLANS, rng.randint(2, 5)), 1):
        b.line(f"{i}. {plan}")
    b.fill("Follow up {w}", w=rng.choice(("in 3 months", "in 6 weeks", "as scheduled", "in 2 weeks")))
    if rng.random() < 0.5:
        b.fill(
            " on {d} at {f}",
            d=dates.date(rng, dates.shift(case.visit, rng.randint(14, 120)), dates.PROSE_STYLES),
            f=case.other_facility.name if rng.random() < 0.3 else case.facility.name,
        )
    b.line(".")
    b.line()
    signature(b, rng, case, case.attending)
    return b
