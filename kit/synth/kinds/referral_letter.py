"""Referral letter between clinicians, on letterhead, with identifiers in the "Re:" block."""

from __future__ import annotations

import random

from kit.synth import clinical, dates, people
from kit.synth.cases import Case, age_phrase, city_line, sex_word
from kit.synth.kinds.blocks import facility_letterhead, label, med_list, problem_list
from kit.synth.kinds.registry import register_kind
from kit.synth.text import TextBuilder

REASONS = (
    "evaluation of worsening tremor",
    "management of poorly controlled diabetes",
    "further workup of iron deficiency anemia",
    "consideration of sleep study",
    "evaluation of new-onset atrial fibrillation",
    "surgical opinion regarding right knee osteoarthritis",
    "management of treatment-resistant depression",
    "evaluation of chronic rash",
    "assessment of recurrent wheezing",
    "high-risk pregnancy consultation",
)


@register_kind("referral_letter")
def referral_letter(rng: random.Random, case: Case) -> TextBuilder:
    """Referral letter."""
    b, p = TextBuilder(), case.patient
    facility_letterhead(b, rng, case)
    b.line()
    b.line("{d}", d=dates.date(rng, case.visit, ("month d, yyyy", "mm/dd/yyyy", "d month yyyy", "mon d, yyyy")))
    b.line()
    b.line("{n}", n=people.doctor(rng, case.referrer, rng.choice(("dr full", "full cred"))))
    b.line("{f}", f=case.other_facility.name)
    other = case.other_facility
    b.line("{a}", a=[other.street, "\n", city_line(rng, other.city, other.zip)])
    b.line()
    b.line(
        "{re} {n}, {l} {d}, {ml} {m}",
        re=label(rng, "Re:", "RE:", "Regarding:"),
        n=people.name(rng, p, rng.choice(("first last", "first m last", "LAST, FIRST"))),
        l=label(rng, "DOB", "DOB:", "born"),
        d=dates.date(rng, p.dob),
        ml=label(rng, "MRN", "MRN:", "Chart #"),
        m=p.ids["mrn"],
    )
    if rng.random() < 0.5:
        b.line("{l} {pid}", l=label(rng, "Insurance:", "Plan member ID:", "Medicaid #:"), pid=p.ids["plan"])
    b.line()
    b.line("Dear {n},", n=people.doctor(rng, case.referrer, "dr last"))
    b.line()
    age = p.age_on(case.visit)
    b.fill(
        "Thank you for seeing {n}, a {a} {s} I have followed since {y}, for {r}. ",
        n=people.name(rng, p, rng.choice(("title first last", "title last", "first last"))),
        a=age_phrase(rng, age),
        s=sex_word(rng, p, age),
        y=str(case.visit.year - rng.randint(1, 12)),
        r=rng.choice(REASONS),
    )
    b.fill("{x} ", x=rng.choice(clinical.EXAM))
    b.fill(
        "Most recent labs {d}: {l}. ",
        d=dates.prose_date(rng, dates.shift(case.visit, -rng.randint(3, 40))),
        l=clinical.labs(rng),
    )
    b.line(
        rng.choice(
            (
                "I would appreciate your input on further management.",
                "Please let me know if you need any additional records.",
                "I have asked the patient to bring all medication bottles to the visit.",
            )
        )
    )
    b.line()
    if rng.random() < 0.7:
        b.line("Past medical history:")
        problem_list(b, rng, rng.randint(2, 5))
        b.line()
    b.line("Current medications:")
    med_list(b, rng, rng.randint(2, 5))
    b.line("Allergies: {a}", a=rng.choice(clinical.ALLERGIES))
    b.line()
    b.fill("The patient can be reached at {ph}", ph=p.ids["phone"])
    if rng.random() < 0.5:
        b.fill(" or by email at {e}", e=people.email(p.email))
    b.line(". Please send your consult note to my fax, {fx}.", fx=case.facility.fax)
    b.line()
    b.line(rng.choice(("Sincerely,", "Best regards,", "With thanks,", "Kind regards,")))
    b.line("{n}", n=people.doctor(rng, case.attending, "full cred"))
    b.line(
        "{l} {npi}{dea}",
        l=label(rng, "NPI", "NPI:", "NPI #"),
        npi=case.attending.npi,
        dea=["  DEA ", case.attending.dea] if rng.random() < 0.4 else "",
    )
    if rng.random() < 0.5:
        b.line("{e}", e=people.clinician_email(rng, case.attending, case.facility.domain))
    return b
