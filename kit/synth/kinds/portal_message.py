"""Patient-portal message thread: informal patient text, then a clinic reply."""

from __future__ import annotations

import random

from kit.synth import dates, people, phi
from kit.synth.cases import Case, age_phrase
from kit.synth.kinds.registry import register_kind
from kit.synth.text import Phi, TextBuilder

ASKS = (
    "I have been having headaches again since I started the new blood pressure pill.",
    "My sugar readings have been in the 200s in the morning.",
    "Can I take ibuprofen with my other medications? My knee is killing me.",
    "The rash on my arms is spreading and it itches a lot at night.",
    "I need a refill of my inhaler, I am almost out.",
    "My mom has been more confused the last few days and is not eating much.",
    "I was told to call about my lab results but nobody called me back.",
    "Is it normal to still have swelling two weeks after surgery?",
    "My son has had a fever of 102 since yesterday and is not drinking much.",
    "I think the new antidepressant makes me feel jittery.",
)


def _patient_body(b: TextBuilder, rng: random.Random, case: Case) -> None:
    p = case.patient
    b.line(
        "{g} {dr},",
        g=rng.choice(("Hi", "Hello", "Dear", "Good morning")),
        dr=people.doctor(rng, case.attending, rng.choice(("dr last", "dr full"))),
    )
    b.line()
    b.fill("{a} ", a=rng.choice(ASKS))
    if rng.random() < 0.5:
        b.fill("It started {d}. ", d=dates.prose_date(rng, dates.shift(case.visit, -rng.randint(1, 14))))
    if rng.random() < 0.4:
        who = p.contact
        b.fill(
            "My {rel} {n} says I should come in{age}. ",
            rel=p.contact_relation,
            n=people.name(rng, who, "first"),
            age=[" because I am ", age_phrase(rng, p.age_on(case.visit))[0], " now"] if rng.random() < 0.4 else "",
        )
    if rng.random() < 0.5:
        b.fill("You can call me at {ph} or text {ph2}. ", ph=p.ids["phone"], ph2=p.ids["cell"])
    if rng.random() < 0.25:
        b.fill("I posted about it here {u} if you want to see pictures. ", u=people.personal_url(rng, p))
    if rng.random() < 0.25:
        b.fill("My member ID is {pid} if you need it for the prior auth. ", pid=p.ids["plan"])
    b.line()
    b.line(rng.choice(("Thanks,", "Thank you!", "Thanks so much", "Sincerely,", "-")))
    b.line("{n}", n=people.name(rng, p, rng.choice(("first last", "first", "first m last"))))
    if rng.random() < 0.3:
        b.line("DOB {d}", d=dates.date(rng, p.dob))


@register_kind("portal_message")
def portal_message(rng: random.Random, case: Case) -> TextBuilder:
    """Portal thread with headers, the patient's message and a nurse or doctor reply."""
    b, p = TextBuilder(), case.patient
    sent = dates.date(rng, case.visit, ("weekday, month d", "mm/dd/yyyy", "month d, yyyy", "mon d, yyyy", "iso"))
    b.line("From: {n} <{e}>", n=people.name(rng, p, "first last"), e=people.email(p.email))
    b.line("Sent: {d} {t}", d=sent, t=dates.clock(rng))
    b.line("To: {f} {box}", f=case.facility.name, box=rng.choice(("Clinical Pool", "Nurse Triage", "Provider Inbox")))
    b.line(
        "Subject: {s}",
        s=rng.choice(("Question", "refill", "lab results??", "RE: follow up", "Urgent - rash", "appointment")),
    )
    if rng.random() < 0.5:
        b.line("Portal user {u} | MyChart ID {m} | IP {ip}", u=Phi(p.login, "USERNAME"), m=p.ids["mrn"], ip=p.ids["ip"])
    b.line()
    _patient_body(b, rng, case)
    b.line()
    b.line(
        "----- Reply from {n} on {d} -----",
        n=people.doctor(rng, case.nurse, "full cred"),
        d=dates.date(rng, dates.shift(case.visit, rng.choice((0, 1))), dates.PROSE_STYLES),
    )
    b.line("Hi {n},", n=people.name(rng, p, rng.choice(("first", "title last"))))
    b.fill(
        "{x} ",
        x=rng.choice(
            ("Thank you for your message.", "Sorry to hear you are not feeling well.", "Thanks for reaching out.")
        ),
    )
    b.fill(
        "{dr} reviewed this and {r} ",
        dr=people.doctor(rng, case.attending, "dr last"),
        r=rng.choice(
            (
                "would like to see you this week.",
                "suggests holding the new medication for now.",
                "sent a refill to your pharmacy.",
                "recommends urgent care if the fever goes above 103.",
            )
        ),
    )
    if rng.random() < 0.6:
        b.fill(
            "We have you scheduled {d} at {t}. ",
            d=dates.prose_date(rng, dates.shift(case.visit, rng.randint(1, 10))),
            t=dates.clock(rng),
        )
    b.fill("If anything changes call the clinic at {ph}", ph=case.facility.phone)
    if rng.random() < 0.6:
        b.fill(" or visit {u}", u=Phi(f"https://portal.{case.facility.domain}/visits/{phi.digits(rng, 6)}", "URL"))
    b.line(".")
    b.line("{n}", n=people.doctor(rng, case.nurse, rng.choice(("full cred", "f. last cred"))))
    if rng.random() < 0.5:
        _follow_up(b, rng, case)
    if rng.random() < 0.5:
        b.line()
        b.line(
            "This message was sent through the {f} patient portal. Do not reply with urgent concerns; call 911.",
            f=case.facility.name,
        )
    return b


FOLLOW_UPS = (
    "Thank you. Is it okay to take it with food?",
    "ok, I will come in. Can my husband drive me?",
    "Thanks. The pharmacy says they never got the refill.",
    "Got it. The swelling is a little better today.",
    "I can't make that time, is there anything later?",
    "Thank you so much, I feel better knowing this.",
)


def _follow_up(b: TextBuilder, rng: random.Random, case: Case) -> None:
    """A second round: the patient answers, the clinic closes the loop."""
    p = case.patient
    later = dates.shift(case.visit, rng.randint(1, 3))
    b.line()
    b.line(
        "----- Message from {n} on {d} {t} -----",
        n=people.name(rng, p, rng.choice(("first last", "LAST, FIRST"))),
        d=dates.date(rng, later, dates.PROSE_STYLES),
        t=dates.clock(rng),
    )
    b.line("{x}", x=rng.choice(FOLLOW_UPS))
    if rng.random() < 0.4:
        b.line("My new number is {ph}.", ph=phi.phone(rng))
    b.line()
    b.line("----- Reply from {n} -----", n=people.doctor(rng, case.attending, rng.choice(("dr full", "full cred"))))
    b.line(
        "{x}",
        x=rng.choice(
            (
                "Yes, that is fine.",
                "We have updated your chart.",
                "I called the pharmacy and resent it.",
                "Please keep the appointment; we will reassess then.",
                "Glad to hear it. Keep us posted.",
            )
        ),
    )
