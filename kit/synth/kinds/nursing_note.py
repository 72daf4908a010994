"""Nursing shift note: vitals, lines and drains, family contact, belongings, transport."""

from __future__ import annotations

import random

from kit.synth import clinical, dates, people, phi
from kit.synth.cases import Case, address, age_phrase, sex_word
from kit.synth.kinds.blocks import label
from kit.synth.kinds.registry import register_kind
from kit.synth.text import Phi, TextBuilder

EVENTS = (
    "Foley catheter draining clear yellow urine, 450 mL this shift.",
    "IV site right forearm clean, dry and intact; NS at 75 mL/hr.",
    "Turned q2h; skin intact, Braden score 16.",
    "Ambulated in hallway x2 with walker and standby assist.",
    "Fall precautions in place, bed alarm on.",
    "Tolerating clear liquids, no nausea.",
    "Pain 6/10 at 0200, improved to 3/10 after acetaminophen 650 mg.",
    "Incentive spirometer 1250 mL x10 each hour while awake.",
    "Jackson-Pratt drain emptied, 25 mL serosanguinous.",
    "Blood glucose 212 at 2100, sliding scale 4 units given.",
    "Telemetry shows sinus rhythm, rate 70s-80s.",
    "CIWA score 6, no intervention needed.",
)


@register_kind("nursing_note")
def nursing_note(rng: random.Random, case: Case) -> TextBuilder:
    """Nursing note."""
    b, p = TextBuilder(), case.patient
    b.line(rng.choice(("NURSING NOTE", "Nursing Shift Note", "RN Progress Note", "Nursing Assessment")))
    b.line(
        "{n}  {l} {m}  Rm {r}",
        n=people.name(rng, p, rng.choice(("LAST, FIRST", "last, first", "first last"))),
        l=label(rng, "MRN", "MR#", "Unit#"),
        m=p.ids["mrn"],
        r=str(rng.randint(101, 950)) + rng.choice(("", "A", "B")),
    )
    b.line(
        "{d} {s} shift",
        d=dates.date(rng, case.visit),
        s=rng.choice(("0700-1900", "1900-0700", "day", "night", "evening")),
    )
    b.line("{v}", v=clinical.vitals(rng))
    if rng.random() < 0.4:
        b.line(
            "Pt is a {a} {s} admitted {d} for {c}.",
            a=age_phrase(rng, p.age_on(case.visit)),
            s=sex_word(rng, p, p.age_on(case.visit)),
            d=dates.prose_date(rng, case.admit),
            c=rng.choice(clinical.PROBLEMS)[0],
        )
    b.line(label(rng, "Assessment:", "ASSESSMENT", "Systems:"))
    for finding in clinical.pick(rng, clinical.NURSING_SYSTEMS, rng.randint(4, 8)):
        b.line(finding)
    b.line(label(rng, "Events:", "Shift events:", "Interventions:"))
    for event in clinical.pick(rng, EVENTS, rng.randint(2, 5)):
        b.line(event)
    roll = rng.random()
    c = p.contact
    if roll < 0.5:
        b.line(
            "{rel} {n} called at {t}, updated on plan of care; callback number {ph}.",
            rel=p.contact_relation.capitalize(),
            n=people.name(rng, c, rng.choice(("first last", "first", "title last"))),
            t=dates.clock(rng),
            ph=phi.phone(rng),
        )
    else:
        b.line(
            "Family ({n}) at bedside, questions answered.", n=people.name(rng, c, rng.choice(("first last", "first")))
        )
    if rng.random() < 0.4:
        b.line(
            "Patient's vehicle ({car}, plate {pl}) moved to visitor garage level {lv} per security.",
            car=rng.choice(("gray sedan", "blue pickup", "white SUV", "red hatchback")),
            pl=phi.plate(rng),
            lv=str(rng.randint(1, 5)),
        )
    if rng.random() < 0.45:
        b.line(
            "Infusion pump serial {sn} swapped for battery fault; biomed ticket {t}.",
            sn=phi.device_serial(rng),
            t=phi.other_id(rng),
        )
    if rng.random() < 0.3:
        b.line("Transport home arranged to {a}.", a=address(rng, p.street, p.city, p.zip, inline=True))
    if rng.random() < 0.25:
        b.line("Patient asked that updates go to {e}.", e=people.email(p.email))
    if rng.random() < 0.5:
        b.line(
            "{dr} notified of {x} at {t}; new orders received.",
            dr=people.doctor(rng, case.resident, rng.choice(("dr last", "dr full"))),
            x=rng.choice(("BP 168/94", "temp 38.4 C", "glucose 312", "HR 124", "UOP < 30 mL/hr")),
            t=dates.clock(rng),
        )
    b.line(
        "Plan: {x}",
        x=rng.choice(
            (
                "continue to monitor, fall precautions.",
                "wean O2 as tolerated, IS q1h.",
                "discharge teaching in AM with family present.",
                "PT/OT eval tomorrow.",
            )
        ),
    )
    if rng.random() < 0.6:
        b.line(
            "Report given to {n} at {t}.",
            n=people.name(rng, people.make_person(rng), rng.choice(("first last", "f. last", "first"))),
            t=rng.choice(("0700", "1900", "change of shift", "1500")),
        )
    b.line("-- {n}", n=people.doctor(rng, case.nurse, rng.choice(("full cred", "f. last cred"))))
    if rng.random() < 0.4:
        b.line("Documented by {u} from workstation {ip}", u=Phi(case.nurse.login, "USERNAME"), ip=phi.ip_address(rng))
    return b
