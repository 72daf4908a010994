"""Clinician answers of three qualities, composed from a topic's fact, step and warning pools."""

from __future__ import annotations

import random

from kit.synth import dates, people
from kit.synth import qa_parts as parts
from kit.synth.text import Phi, TextBuilder
from kit.synth.topics import Block, Topic

MAX_GOOD_CHARS = 2500


def _pick(rng: random.Random, pool: list[str], low: int, high: int) -> list[str]:
    return rng.sample(pool, min(len(pool), rng.randint(low, high)))


def _bullets(rng: random.Random, items: list[str]) -> str:
    style = rng.choice(parts.BULLETS)
    return "\n".join(style.format(i=i) + item for i, item in enumerate(items, 1))


def good_answer(b: TextBuilder, rng: random.Random, topic: Topic, sub: Block, persona: dict | None) -> None:
    """Acknowledge, explain, give steps and warning signs, close; ~400-2,500 characters."""
    if persona and rng.random() < 0.7:
        b.fill(
            "{g} {n},\n\n",
            g=rng.choice(("Hi", "Dear", "Hello")),
            n=people.name(rng, persona["patient"], rng.choice(("first", "title last"))),
        )
    title = topic.title
    b.add(rng.choice(parts.ACKS).format(title=title, Title=title[0].upper() + title[1:]))
    long_form = rng.random() < 0.3  # the "excellent" end: two explanatory paragraphs, more steps
    facts = _pick(rng, topic.material(sub, "facts"), 4 if long_form else 2, 6 if long_form else 4)
    steps = _pick(rng, topic.material(sub, "steps"), 5 if long_form else 3, 9 if long_form else 6)
    warnings = _pick(rng, topic.material(sub, "warnings"), 2 if long_form else 0, 4)
    split = len(facts) // 2 if long_form else len(facts)
    body: list[str] = [" ".join(facts[:split])]
    if facts[split:]:
        lead, rest = (
            rng.choice(("Why this matters: ", "A bit more background: ", "", "It also helps to know that ")),
            facts[split:],
        )
        if lead.endswith("that ") and rest[0][1:2].islower():
            rest = [rest[0][0].lower() + rest[0][1:]] + rest[1:]
        body.append(lead + " ".join(rest))
    if rng.random() < 0.2:  # prose style: the steps as a paragraph
        body.append("What helps most: " + " ".join(s[0].lower() + s[1:] if not s[:2].isupper() else s for s in steps))
    else:
        body.append(rng.choice(parts.STEP_HEADERS) + "\n" + _bullets(rng, steps))
    if warnings:
        body.append(rng.choice(parts.WARN_HEADERS) + "\n" + _bullets(rng, warnings))
    if long_form:
        others = [f for o in topic.subtopics if o is not sub for f in o.facts]
        if others:
            body.append(rng.choice(parts.RELATED_HEADERS) + " " + " ".join(_pick(rng, others, 1, 3)))
        if rng.random() < 0.5:
            body.append(rng.choice(parts.VISIT_NOTES))
    text = "\n\n" + "\n\n".join(body)
    while len(b.text) + len(text) > MAX_GOOD_CHARS - 150 and len(body) > 3:  # keep within the length budget
        body.pop()
        text = "\n\n" + "\n\n".join(body)
    b.add(text)
    if persona and rng.random() < 0.6:
        _answer_phi(b, rng, persona)
    closing = rng.choice(parts.CLOSINGS)
    if closing:
        b.add("\n\n" + closing)


def _answer_phi(b: TextBuilder, rng: random.Random, persona: dict) -> None:
    p, c, f = persona["patient"], persona["clinician"], persona["facility"]
    form = rng.randrange(4)
    if form == 0:
        b.fill("\n\nPlease call the nurse line at {ph} if you have questions.", ph=f.phone)
    elif form == 1:
        b.fill(
            "\n\nI have asked {dr} to review your chart (MRN {m}).", dr=people.doctor(rng, c, "dr full"), m=p.ids["mrn"]
        )
    elif form == 2:
        b.fill(
            "\n\nYour follow-up is {d} at {h}.",
            d=dates.prose_date(rng, dates.shift(persona["visit"], rng.randint(3, 40))),
            h=f.name,
        )
    else:
        b.fill("\n\nWe will also send this to {e}.", e=people.email(p.email))


def fair_answer(b: TextBuilder, rng: random.Random, topic: Topic, sub: Block, persona: dict | None) -> None:
    """One or two loose sentences, no structure; sometimes a clinician's name."""
    pool = topic.material(sub, "facts") + topic.material(sub, "steps")
    b.add(" ".join(_pick(rng, pool, 1, 2)))
    tail = rng.choice(parts.FAIR_TAILS)
    if tail:
        b.add(" " + tail)
    if persona and rng.random() < 0.4:
        b.fill(" - {dr}", dr=people.doctor(rng, persona["clinician"], rng.choice(("dr last", "full cred"))))


def junk_answer(b: TextBuilder, rng: random.Random, topic: Topic, sub: Block) -> None:
    """Empty, truncated, non-answer, link-only, HTML residue or off-language."""
    form = rng.randrange(7)
    n = str(rng.randint(10, 99))
    if form == 0:  # effectively empty (ingest refuses a truly empty field, so keep one non-space char)
        b.add(rng.choice(parts.EMPTYISH))
    elif form == 1:
        text = " ".join(_pick(rng, topic.material(sub, "facts"), 2, 3))
        cut = rng.randint(max(10, len(text) // 4), max(11, len(text) * 3 // 4))
        b.add(text[:cut].rstrip(" .,;"))
    elif form == 2:
        b.add(rng.choice(parts.NON_ANSWERS))
    elif form == 3:
        _link(b, rng, topic.name.replace("_", "-"), n)
    elif form == 4:
        b.add(rng.choice(parts.HTML_RESIDUE))
    elif form == 5:
        b.add(rng.choice(parts.FOREIGN))
    else:
        b.add(rng.choice(parts.NON_ANSWERS).upper() + " ")
        _link(b, rng, topic.name, n)


def _link(b: TextBuilder, rng: random.Random, topic: str, n: str) -> None:
    """A link-only answer; every URL is a URL span, public or not (one rule for the engine)."""
    before, url, after = rng.choice(parts.LINKS)
    b.add(before, Phi(url.format(topic=topic, n=n), "URL"), after)
