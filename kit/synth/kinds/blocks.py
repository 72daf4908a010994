"""Building blocks shared by document kinds: headers, lists, signatures, dictation lines."""

from __future__ import annotations

import random

from kit.synth import clinical, dates, people
from kit.synth.cases import Case, address, age_phrase
from kit.synth.people import Clinician
from kit.synth.text import Phi, TextBuilder


def label(rng: random.Random, *options: str) -> str:
    """One of several spellings of a field label."""
    return rng.choice(options)


def id_header(b: TextBuilder, rng: random.Random, case: Case, fields: int = 4) -> None:
    """The patient identification block at the top of a record, fields in varied order."""
    p = case.patient
    rows = [
        lambda: b.line(
            "{l}: {v}",
            l=label(rng, "Patient", "Patient Name", "Name", "PT", "Pt Name"),
            v=people.name(
                rng, p, rng.choice(("LAST, FIRST", "last, first", "first last", "LAST, FIRST M", "FIRST LAST"))
            ),
        ),
        lambda: b.line(
            "{l} {v}",
            l=label(rng, "MRN:", "MRN", "MR#", "Med Rec #:", "Medical Record No.", "Unit No:", "Hospital #:"),
            v=p.ids["mrn"],
        ),
        lambda: b.line(
            "{l} {v}", l=label(rng, "DOB:", "Date of Birth:", "D.O.B.", "Birthdate:"), v=dates.date(rng, p.dob)
        ),
        lambda: b.line(
            "{l} {v}", l=label(rng, "Acct #:", "Account No.", "FIN:", "Visit Acct:", "HAR:"), v=p.ids["account"]
        ),
        lambda: b.line(
            "{l} {v}",
            l=label(rng, "Date of Service:", "DOS:", "Visit Date:", "Date:", "Encounter Date:"),
            v=dates.date(rng, case.visit),
        ),
        lambda: b.line(
            "{l}: {v}", l=label(rng, "Age", "Age/Sex"), v=[age_phrase(rng, p.age_on(case.visit))[0], " ", p.sex]
        ),
        lambda: b.line(
            "{l} {v}", l=label(rng, "Insurance ID:", "Member ID:", "Policy #:", "Subscriber ID:"), v=p.ids["plan"]
        ),
    ]
    first_two, rest = rows[:2], rows[2:]
    rng.shuffle(rest)
    for row in first_two + rest[: max(0, fields - 2)]:
        row()


def facility_letterhead(b: TextBuilder, rng: random.Random, case: Case) -> None:
    """Facility name, address, phone and fax."""
    f = case.facility
    b.line("{n}", n=f.name)
    if rng.random() < 0.4:
        b.line("Department of {d}", d=case.attending.specialty.title())
    b.line("{a}", a=address(rng, f.street, f.city, f.zip))
    b.line(
        "{pl} {p}  {fl} {fx}",
        pl=label(rng, "Tel:", "Phone:", "Ph", "T:"),
        p=f.phone,
        fl=label(rng, "Fax:", "Fax", "F:", "Fax #:"),
        fx=f.fax,
    )


def problem_list(b: TextBuilder, rng: random.Random, k: int) -> None:
    """Numbered or bulleted problems with ICD-10 codes."""
    bullet = rng.choice(("{i}. ", "- ", "* ", "#{i} "))
    for i, (name, code) in enumerate(clinical.problems(rng, k), 1):
        form = rng.choice(("{n} ({c})", "{n} - {c}", "{n} [ICD-10 {c}]", "{n}"))
        b.line(bullet.format(i=i) + form.format(n=name[0].upper() + name[1:], c=code))


def med_list(b: TextBuilder, rng: random.Random, k: int) -> None:
    """Medication lines."""
    bullet = rng.choice(("- ", "* ", "", "  "))
    for med in clinical.meds(rng, k):
        b.line(bullet + med)


def signature(b: TextBuilder, rng: random.Random, case: Case, who: Clinician | None = None) -> None:
    """An e-signature line, sometimes with NPI/pager, sometimes a dictation mark."""
    c = who or case.attending
    when = dates.shift(case.visit, rng.choice((0, 0, 1, 2)))
    style = rng.randrange(4)
    if style == 0:
        b.line(
            "Electronically signed by {n} on {d} at {t}",
            n=people.doctor(rng, c, "full cred"),
            d=dates.date(rng, when),
            t=dates.clock(rng),
        )
    elif style == 1:
        b.line("Signed: {n}  {d}", n=people.doctor(rng, c), d=dates.date(rng, when))
    elif style == 2:
        b.line("{n}", n=people.doctor(rng, c, "full cred"))
        b.line("{s}", s=c.specialty.title())
    else:
        b.line("Attending attestation: I saw and examined the patient and agree with the resident's note.")
        b.line("-- {n}, {d}", n=people.doctor(rng, c, "dr full"), d=dates.date(rng, when))
    if rng.random() < 0.35:
        b.line("NPI: {npi}", npi=c.npi)
    if rng.random() < 0.2:
        b.line("{l} {u}", l=label(rng, "User:", "Login:", "Signed in as", "EHR user ID:"), u=Phi(c.login, "USERNAME"))
    if rng.random() < 0.4:
        dictated = dates.shift(case.visit, rng.choice((0, 1)))
        b.line(
            "D: {d1}  T: {d2}  {tag}",
            d1=dates.date(rng, dictated, ("mm/dd/yy", "mm/dd/yyyy")),
            d2=dates.date(rng, dates.shift(dictated, 1), ("mm/dd/yy", "mm/dd/yyyy")),
            tag=people.dictation_tag(rng, c, case.typist),
        )


def review_of_systems(b: TextBuilder, rng: random.Random) -> None:
    """ROS lines (non-PHI)."""
    b.line(label(rng, "Review of Systems:", "ROS:", "REVIEW OF SYSTEMS:"))
    for item in clinical.pick(rng, clinical.ROS, rng.randint(3, 7)):
        b.line(item)


def family_history(b: TextBuilder, rng: random.Random) -> None:
    """Family history; relatives' ages over 89 are AGE spans, younger ones are plain text."""
    b.line(label(rng, "Family History:", "FH:", "FAMILY HISTORY:"))
    for item in clinical.pick(rng, clinical.FAMILY, rng.randint(2, 4)):
        age = rng.choice((rng.randint(45, 89), rng.randint(90, 102)))
        head, _, tail = item.partition("{age}")
        b.line("{h}{a}{t}", h=head, a=(Phi(str(age), "AGE") if age > 89 else str(age)) if _ else "", t=tail)
