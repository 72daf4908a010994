"""Inpatient discharge summary: admission course, procedures, devices, follow-up contacts."""

from __future__ import annotations

import random

from kit.synth import clinical, dates, people, phi
from kit.synth.cases import Case, address, age_phrase, sex_word
from kit.synth.kinds.blocks import id_header, label, med_list, problem_list, signature
from kit.synth.kinds.registry import register_kind
from kit.synth.text import Phi, TextBuilder

DEVICES = (
    "dual-chamber pacemaker",
    "implantable cardioverter-defibrillator",
    "insulin pump",
    "continuous glucose monitor",
    "home CPAP unit",
    "left ventricular assist device",
    "cochlear implant processor",
    "spinal cord stimulator",
)


def _course(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    age = p.age_on(case.visit)
    b.line(label(rng, "HOSPITAL COURSE:", "Hospital Course:", "Brief Hospital Course:"))
    b.fill(
        "{n} is a {a} {s} admitted {d} with {c}. ",
        n=people.name(rng, p, rng.choice(("title last", "first last", "first m last"))),
        a=age_phrase(rng, age),
        s=sex_word(rng, p, age),
        d=dates.prose_date(rng, case.admit),
        c=rng.choice(clinical.PROBLEMS)[0],
    )
    b.fill("{x} ", x=rng.choice(clinical.PROCEDURES))
    b.fill(
        "{team} was consulted and saw the patient {d}. ",
        team=rng.choice(("Cardiology", "Nephrology", "Infectious disease", "Physical therapy", "Palliative care")),
        d=dates.prose_date(rng, dates.shift(case.admit, 1)),
    )
    if rng.random() < 0.45:
        device = rng.choice(DEVICES)
        b.fill(
            "{a} {dev} was {act}, serial number {sn}. ",
            a="An" if device[0] in "aeiou" else "A",
            dev=device,
            act=rng.choice(("interrogated", "implanted", "placed", "checked by the vendor")),
            sn=phi.device_serial(rng),
        )
    if rng.random() < 0.3:
        b.fill(
            "Transferred from {f} on {d}. ",
            f=case.other_facility.name,
            d=dates.date(rng, case.admit, dates.PROSE_STYLES),
        )
    b.line(
        rng.choice(
            (
                "Symptoms improved and the patient tolerated a regular diet.",
                "The patient remained hemodynamically stable throughout the stay.",
                "Pain was controlled on oral medication by hospital day 3.",
            )
        )
    )
    b.line()


@register_kind("discharge_summary")
def discharge_summary(rng: random.Random, case: Case) -> TextBuilder:
    """Discharge summary."""
    b = TextBuilder()
    b.line("{f}", f=case.facility.name)
    b.line(rng.choice(("DISCHARGE SUMMARY", "Discharge Summary", "INPATIENT DISCHARGE SUMMARY")))
    id_header(b, rng, case, fields=rng.randint(3, 7))
    b.line("{l} {d}", l=label(rng, "Admission Date:", "Admitted:", "Date of Admission:"), d=dates.date(rng, case.admit))
    b.line(
        "{l} {d}", l=label(rng, "Discharge Date:", "Discharged:", "Date of Discharge:"), d=dates.date(rng, case.visit)
    )
    b.line(
        "{l} {n}",
        l=label(rng, "Attending:", "Attending Physician:", "Discharging Provider:"),
        n=people.doctor(rng, case.attending),
    )
    if rng.random() < 0.5:
        b.line("PCP: {n}, {f}", n=people.doctor(rng, case.referrer), f=case.other_facility.name)
    b.line()
    b.line(label(rng, "Discharge Diagnoses:", "DIAGNOSES:", "Principal and Secondary Diagnoses:"))
    problem_list(b, rng, rng.randint(2, 5))
    b.line()
    if rng.random() < 0.6:
        b.line(label(rng, "PERTINENT RESULTS:", "Key Results:", "Labs/Imaging:"))
        b.line("{d}: {l}", d=dates.date(rng, case.admit, dates.PROSE_STYLES), l=clinical.labs(rng))
        b.line(
            "{d}: {l}",
            d=dates.date(rng, dates.shift(case.admit, rng.randint(1, 4)), dates.PROSE_STYLES),
            l=clinical.labs(rng),
        )
        b.line()
    _course(b, rng, case)
    if rng.random() < 0.5:
        b.line(
            "{l} {x}",
            l=label(rng, "Condition at discharge:", "CONDITION:"),
            x=rng.choice(("stable, ambulating independently.", "fair; requires walker.", "improved, tolerating diet.")),
        )
        b.line(
            "{l} {x}",
            l=label(rng, "Code status:", "Code Status:"),
            x=rng.choice(("Full code", "DNR/DNI", "DNR, OK to intubate")),
        )
    if rng.random() < 0.4:
        b.line(
            "Pending at discharge: {x}; results will be forwarded to {dr}.",
            x=rng.choice(("blood cultures", "pathology", "HbA1c")),
            dr=people.doctor(rng, case.referrer, rng.choice(("dr full", "dr last"))),
        )
    b.line("Allergies: {a}", a=rng.choice(clinical.ALLERGIES))
    b.line(label(rng, "DISCHARGE MEDICATIONS:", "Discharge Medications:", "Medications at Discharge:"))
    med_list(b, rng, rng.randint(3, 7))
    b.line()
    b.line("{l} {v}", l=label(rng, "Vitals at discharge:", "Discharge vitals:"), v=clinical.vitals(rng))
    b.line(
        "{l} {d}",
        l=label(rng, "Disposition:", "Discharged to:"),
        d=rng.choice(("home", "home with services", "skilled nursing facility", "acute rehab")),
    )
    if rng.random() < 0.5:
        p = case.patient
        b.line("Discharge address: {a}", a=address(rng, p.street, p.city, p.zip, inline=True))
    b.line()
    b.line(label(rng, "FOLLOW-UP:", "Follow-up Appointments:", "Follow up:"))
    b.line(
        "- {dr} at {f} {w}. Call {ph} to confirm.",
        dr=people.doctor(rng, case.referrer, "dr full"),
        f=case.other_facility.name,
        w=["on ", dates.date(rng, dates.shift(case.visit, rng.randint(5, 30)), dates.PROSE_STYLES)],
        ph=case.other_facility.phone,
    )
    if rng.random() < 0.5:
        b.line("- Records faxed to {fx} on {d}.", fx=case.other_facility.fax, d=dates.date(rng, case.visit))
    if rng.random() < 0.3:
        b.line(
            "- Home health agency contact: {n}, {ph}",
            n=people.name(rng, people.make_person(rng), "first last"),
            ph=phi.phone(rng),
        )
    b.line("Return to the ED for chest pain, fever > 101 F, or shortness of breath.")
    b.line()
    signature(b, rng, case, case.attending)
    if rng.random() < 0.3:
        b.line(
            "cc: {n}; {n2}",
            n=people.doctor(rng, case.referrer),
            n2=Phi(case.patient.contact.full, "PERSON") if rng.random() < 0.3 else people.doctor(rng, case.resident),
        )
    return b
