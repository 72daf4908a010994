"""ICU nursing note in telegraphic shorthand, written wholly in UPPER or wholly in lower case.

Real ICU notes read "PT C/O SOB ... DR SMITH AWARE" or "neuro- a&ox3, mae; husband john in to visit": system
by system, names in the note's one case, hospitals by short name or initials, wards named after people,
pagers, m/d dates. Every identifier is a gold span, converted along with the rest of the note
(:class:`~kit.synth.text.CasedTextBuilder`), so a span's text is its value in the note's case.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from kit.synth import clinical, dates, names, people, phi, telegraphic
from kit.synth.cases import Case, Facility
from kit.synth.kinds.registry import register_kind
from kit.synth.people import Clinician
from kit.synth.text import CasedTextBuilder, Phi, Piece, TextBuilder

KIND = "telegraphic_nursing_note"
SEPARATORS = (": ", ": ", "- ", " - ")
JOINERS = (", ", "; ", ". ")
DATE_STYLES = ("m/d", "m/d", "m/d", "m/d/yy", "mon d")
# Trailing words a nurse drops from a facility's name ("Mercy Valley Hospital" -> "Mercy Valley").
GENERIC = frozenset(
    "Hospital Medical Center Clinic Health Regional Community General Memorial System Group Associates Institute "
    "Partners Practice Care Family Rehabilitation Surgical Children's Women's Free Urgent Primary Imaging Sleep "
    "Veterans Affairs Pediatrics Cardiology Dermatology Orthopedic Behavioral Internal Medicine Endocrine "
    "Pulmonary Oncology Allergy and Asthma Maternal-Fetal Senior".split()
)


@register_kind(KIND)
def telegraphic_nursing_note(rng: random.Random, case: Case) -> TextBuilder:
    """A shorthand ICU nursing note, about half of them UPPER CASE and half lower case."""
    b = CasedTextBuilder(str.upper if rng.random() < 0.5 else str.lower)
    sep, joiner = rng.choice(SEPARATORS), rng.choice(JOINERS)
    _header(b, rng, case, sep)
    _opening(b, rng, case)
    if rng.random() < 0.5:
        b.line(rng.choice(("VSS, afebrile", "VSS", _vitals(rng))))
    if rng.random() < 0.5:
        b.line("EVENTS{sep}{e}", sep=sep, e=_call(rng, case))
    for system in _systems(rng):
        items: list[Piece] = list(clinical.pick(rng, telegraphic.SYSTEMS[system], rng.randint(1, 3)))
        if system in ("CV", "RESP", "GU", "ENDO") and rng.random() < 0.35:
            items.append(_call(rng, case))
        b.line("{s}{sep}{body}", s=system, sep=sep, body=_joined(items, joiner))
    b.line("SOCIAL{sep}{body}", sep=sep, body=_joined(_social(rng, case), joiner))
    plans: list[Piece] = list(clinical.pick(rng, telegraphic.PLANS, rng.randint(1, 3)))
    if rng.random() < 0.3:
        plans.append(["transfer to ", _ward(rng), " when bed available"])
    b.line("PLAN{sep}{body}", sep=sep, body=_joined(plans, joiner))
    _sign(b, rng, case)
    return b


def _joined(items: list[Piece], joiner: str) -> list[Piece]:
    out: list[Piece] = []
    for i, item in enumerate(items):
        out += [joiner, item] if i else [item]
    return out


def _systems(rng: random.Random) -> list[str]:
    optional = [s for s in telegraphic.SYSTEMS if s not in telegraphic.CORE_SYSTEMS]
    chosen = set(telegraphic.CORE_SYSTEMS) | set(rng.sample(optional, rng.randint(1, 3)))
    return [s for s in telegraphic.SYSTEMS if s in chosen]


def _date(rng: random.Random, day: dt.date) -> Phi:
    return dates.date(rng, day, DATE_STYLES)


def _header(b: TextBuilder, rng: random.Random, case: Case, sep: str) -> None:
    head = " ".join(x for x in (rng.choice(telegraphic.HEADERS), rng.choice(telegraphic.SHIFTS)) if x)
    if rng.random() < 0.6:
        b.line("{d} {h}", d=_date(rng, case.visit), h=head)
    else:
        b.line(head)
    if rng.random() < 0.45:
        style = rng.choice(("last, first", "first last", "f. last"))
        b.line("PT{sep}{n}  BED {bed}", sep=sep, n=people.name(rng, case.patient, style), bed=str(rng.randint(1, 24)))


def _opening(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    age = p.age_on(case.visit)
    years = [Phi(str(age), "AGE") if age > 89 else str(age), rng.choice((" yo ", "yo ", " y/o ", " yr old "))]
    who = [years if age else f"{rng.randint(2, 11)} mo ", _sex(rng, p.sex, age)]
    hx = ", ".join(clinical.pick(rng, telegraphic.HISTORY, rng.randint(1, 4)))
    if age < 18:
        reason = rng.choice(telegraphic.CHILD_REASONS)
        b.line(
            "{w} transferred from {f} on {d} for {r}.",
            w=who,
            f=_facility(rng, case.other_facility),
            d=_date(rng, case.admit),
            r=reason,
        )
    elif rng.random() < 0.5:
        b.line(
            "{w} adm {d} from {f} w/ {r}. PMH: {hx}.",
            w=who,
            d=_date(rng, case.admit),
            f=_facility(rng, case.other_facility),
            r=rng.choice(telegraphic.REASONS),
            hx=hx,
        )
    else:
        surgery = dates.shift(case.admit, rng.randint(0, (case.visit - case.admit).days))
        origin: Piece = _ward(rng) if rng.random() < 0.4 else rng.choice(telegraphic.UNITS)
        b.line(
            "{w} s/p {proc} {d}, came up from {o} at {t}. PMH {hx}.",
            w=who,
            proc=rng.choice(telegraphic.PROCEDURES),
            d=_date(rng, surgery),
            o=origin,
            t=rng.choice(("1400", "0230", "1815", "2100")),
            hx=hx,
        )


def _sex(rng: random.Random, sex: str, age: int) -> str:
    if age < 18:
        return rng.choice(("M", "boy")) if sex == "M" else rng.choice(("F", "girl"))
    return rng.choice(("M", "male", "man")) if sex == "M" else rng.choice(("F", "female", "woman"))


def _vitals(rng: random.Random) -> str:
    return (
        f"VS: T {rng.uniform(97.0, 101.6):.1f} HR {rng.randint(58, 124)} BP {rng.randint(88, 168)}/"
        f"{rng.randint(44, 96)} RR {rng.randint(12, 28)} SAT {rng.randint(89, 100)}%"
    )


def _facility(rng: random.Random, f: Facility) -> Phi:
    """A facility as nurses write it: full name, short name or initials (all HOSPITAL spans)."""
    full = f.name.text
    words = full.split()
    while len(words) > 1 and words[-1] in GENERIC:
        words.pop()
    short = " ".join(words)
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z][\w'.-]*", full) if w[0].isupper())
    roll = rng.random()
    if roll < 0.35 and len(initials) >= 3:
        return Phi(initials, "HOSPITAL")
    if roll < 0.7 and short != full:
        return Phi(short, "HOSPITAL")
    return Phi(full, "HOSPITAL")


def _ward(rng: random.Random) -> Phi:
    """A ward named after a (generated) person, with its floor: "Ofori 7" (a HOSPITAL span)."""
    return Phi(f"{rng.choice(names.last_names())} {rng.randint(2, 12)}", "HOSPITAL")


def _clinician(rng: random.Random, c: Clinician, title: str | None = None) -> Piece:
    """A clinician as "dr ofori" or "np adwoa ofori"; the title stays outside the PERSON span."""
    title = title or {"NP": "np ", "FNP-BC": "np ", "PA-C": "pa "}.get(c.credential, "dr ")
    return [title, Phi(c.last if rng.random() < 0.7 else c.full, "PERSON")]


def _call(rng: random.Random, case: Case) -> Piece:
    """A call to a clinician: "dr last aware of sbp 80s", "paged re k 3.2, PG 4-5678"."""
    c = rng.choice((case.attending, case.resident, case.resident))
    issue = rng.choice(telegraphic.ISSUES)
    label = rng.choice(("PG ", "pager #", "pgr ", "beeper "))
    forms = (
        lambda: [_clinician(rng, c), " aware of ", issue],
        lambda: [_clinician(rng, c), " paged re ", issue, ", ", label, phi.pager(rng), ", new orders rec'd"],
        lambda: ["covering MD ", Phi(c.last, "PERSON"), " (pager #", phi.pager(rng), ") notified of ", issue],
        lambda: [
            rng.choice(telegraphic.SERVICES),
            " fellow ",
            _clinician(rng, c, "dr "),
            " in to see pt, recs appreciated",
        ],
        lambda: [_clinician(rng, c), " notified of ", issue, " at ", dates.clock(rng), ", orders rec'd"],
    )
    return rng.choice(forms)()


def _social(rng: random.Random, case: Case) -> list[Piece]:
    """Family, contacts and home: always the patient's contact by name, sometimes more."""
    p, c, rel = case.patient, case.patient.contact, case.patient.contact_relation
    first, full = Phi(c.first, "PERSON"), Phi(c.full, "PERSON")
    contact = (
        lambda: [rel, " ", first, " in to visit, updated on POC"],
        lambda: [rel, " ", full, " called x2, updated by RN"],
        lambda: ["family (", rel, " ", first, ") at bedside most of shift, very supportive"],
        lambda: ["HCP is ", rel, " ", full, ", ph ", phi.phone(rng)],
        lambda: [rel, " ", first, " requests call w/ any change: ", p.ids["cell"]],
        lambda: ["full code, confirmed w/ ", rel, " ", first],
    )
    other = people.make_person(rng)
    other_rel = rng.choice(people.RELATIONS[other.sex])
    extras = (
        lambda: ["lives in ", Phi(p.city.name, "CITY"), " w/ ", rel],
        lambda: [
            other_rel,
            " ",
            Phi(other.first, "PERSON"),
            " driving in from ",
            Phi(rng.choice(names.cities()).name, "CITY"),
        ],
        lambda: ["pt prefers to be called ", Phi(p.first, "PERSON")],
        lambda: ["SW ", Phi(other.full, "PERSON"), " following"],
        lambda: ["plan for rehab at ", _facility(rng, case.other_facility), " when stable"],
    )
    return [rng.choice(contact)()] + [f() for f in rng.sample(extras, rng.randint(0, 2))]


def _sign(b: TextBuilder, rng: random.Random, case: Case) -> None:
    if rng.random() < 0.5:
        other = people.make_person(rng)
        b.line(
            "report given to {n} RN at {t}",
            n=Phi(rng.choice((other.first, other.full)), "PERSON"),
            t=rng.choice(("0700", "1900", "1500", "2300")),
        )
    n, cred = case.nurse, case.nurse.credential.replace(",", "")
    style = rng.randrange(3)
    if style == 0:
        b.line("{n}, {c}", n=Phi(f"{n.first[0]}. {n.last}", "PERSON"), c=cred)
    elif style == 1:
        b.line("-{n} {c}", n=Phi(n.first, "PERSON"), c=cred)
    else:
        b.line("{n} {c}", n=Phi(n.full, "PERSON"), c=cred)
