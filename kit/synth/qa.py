"""Patient-question / clinician-answer pairs of mixed quality, some carrying PHI with gold spans."""

from __future__ import annotations

import random

from kit.synth import dates, people
from kit.synth import qa_parts as parts
from kit.synth.answers import fair_answer, good_answer, junk_answer
from kit.synth.cases import make_facility
from kit.synth.text import Phi, TextBuilder
from kit.synth.topics import Block, Topic, load_topics

SOURCES = ("patient_portal", "patient_portal", "patient_portal", "nurse_line", "health_faq", "community_forum")
#: Share of each kind of pair; duplicates copy an earlier good pair (exactly or with small edits).
MIX = (("good", 0.74), ("fair", 0.12), ("junk", 0.08), ("exact_dup", 0.03), ("near_dup", 0.03))
PHI_SHARE = 0.15


def generate_qa_pairs(n: int, seed: int) -> list[dict]:
    """Generate ``n`` Q&A pairs, deterministic for ``seed``; topics are spread evenly.

    Each pair is ``{"id", "prompt", "response", "source", "category", "quality", "prompt_spans",
    "response_spans"}`` with quality ``good``, ``fair`` or ``junk``.
    """
    rng = random.Random(f"qa:{seed}")
    topics = list(load_topics())
    pairs: list[dict] = []
    seen: set[str] = set()
    cycle: list[Topic] = []
    originals: list[dict] = []
    for i in range(n):
        if not cycle:
            cycle = topics[:]
            rng.shuffle(cycle)
        topic = cycle.pop()
        kind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
        if kind.endswith("_dup") and originals:
            pair = _duplicate(rng, rng.choice(originals), near=kind == "near_dup")
        else:
            pair = _fresh(rng, topic, "good" if kind.endswith("_dup") else kind, seen)
        pair["id"] = f"qa-{seed}-{i:05d}"
        pairs.append({"id": pair.pop("id"), **pair})
        if kind == "good":
            originals.append(pairs[-1])
    return pairs


def _fresh(rng: random.Random, topic: Topic, quality: str, seen: set[str]) -> dict:
    """A new pair; good prompts are unique (re-drawn on collision)."""
    for _ in range(30):
        sub = rng.choice([s for s in topic.subtopics if s.questions] or [topic.shared])
        persona = _persona(rng) if rng.random() < PHI_SHARE else None
        prompt = _prompt(rng, topic, sub, persona)
        if quality != "good" or prompt.text not in seen:
            break
    seen.add(prompt.text)
    response = TextBuilder()
    if quality == "good":
        good_answer(response, rng, topic, sub, persona)
    elif quality == "fair":
        fair_answer(response, rng, topic, sub, persona)
    else:
        junk_answer(response, rng, topic, sub)
    return {
        "id": "",
        "prompt": prompt.text,
        "response": response.text,
        "source": rng.choice(SOURCES),
        "category": topic.name,
        "quality": quality,
        "prompt_spans": prompt.spans,
        "response_spans": response.spans,
    }


def _persona(rng: random.Random) -> dict:
    """The identifiers a pair with PHI may mention."""
    visit = dates.random_date(rng, 2016, 2025)
    return {
        "patient": people.make_patient(rng, visit),
        "clinician": people.make_clinician(rng),
        "facility": make_facility(rng),
        "visit": visit,
    }


def _slots(rng: random.Random, persona: dict | None) -> dict:
    age = rng.randint(19, 84)
    return {
        "age": str(age),
        "duration": rng.choice(parts.DURATIONS),
        "relative": rng.choice(parts.RELATIVES),
        "weeks": str(rng.randint(6, 38)),
        "sex": rng.choice(("woman", "man", "female", "male")),
    }


def _prompt(rng: random.Random, topic: Topic, sub: Block, persona: dict | None) -> TextBuilder:
    b = TextBuilder()
    slots = _slots(rng, persona)
    b.add(rng.choice(parts.GREETINGS))
    if persona:
        _prompt_identity(b, rng, persona)
    context = rng.choice(parts.CONTEXTS).format(**slots)
    question = rng.choice(sub.questions or topic.shared.questions).format(**slots)
    pieces = [context, question] if rng.random() < 0.6 else [question, context]
    b.add(" ".join(p for p in pieces if p))
    detail = rng.choice(parts.DETAILS)
    if detail:
        b.add(" " + detail)
    if persona and rng.random() < 0.5:
        p = persona["patient"]
        choice = rng.randrange(3)
        if choice == 0:
            b.fill(" You can reach me at {ph}.", ph=p.ids["cell"])
        elif choice == 1:
            b.fill(" My email is {e}.", e=people.email(p.email))
        else:
            b.fill(" - {n}", n=people.name(rng, p, "first last"))
    return b


def _prompt_identity(b: TextBuilder, rng: random.Random, persona: dict) -> None:
    p = persona["patient"]
    form = rng.randrange(5)
    if form == 0:
        b.fill("This is {n}, DOB {d}. ", n=people.name(rng, p, "first last"), d=dates.date(rng, p.dob))
    elif form == 1:
        b.fill(
            "My name is {n} (MRN {m}). ",
            n=people.name(rng, p, rng.choice(("first last", "first m last"))),
            m=p.ids["mrn"],
        )
    elif form == 2:
        rel, pron = ("grandmother", "she") if p.sex == "F" else ("grandfather", "he")
        b.fill(
            "I'm writing for my {rel} {n}, {pron} is {a}. ",
            rel=rel,
            n=people.name(rng, p, "first last"),
            pron=pron,
            a=Phi(str(rng.randint(90, 101)), "AGE"),
        )
    elif form == 3:
        b.fill(
            "{n} here, patient of {dr} at {f}. ",
            n=people.name(rng, p, "first"),
            dr=people.doctor(rng, persona["clinician"], "dr last"),
            f=persona["facility"].name,
        )
    else:
        b.fill(
            "Patient {n}, member ID {pid}, seen on {d}. ",
            n=people.name(rng, p, "LAST, FIRST"),
            pid=p.ids["plan"],
            d=dates.date(rng, persona["visit"], dates.PROSE_STYLES),
        )


def _duplicate(rng: random.Random, original: dict, near: bool) -> dict:
    """A copy of ``original``; ``near`` applies small edits.

    Near duplicates are made only from pairs without spans, so no span needs moving.
    """
    pair = {k: (list(v) if isinstance(v, list) else v) for k, v in original.items()}
    if not near or original["prompt_spans"] or original["response_spans"]:
        return pair
    edits = (
        lambda s: s.replace("I'm", "I am"),
        lambda s: s.rstrip(".!?") + "??",
        lambda s: s.lower(),
        lambda s: s.replace(", ", " , "),
        lambda s: "  " + s + " ",
        lambda s: s + " Thanks",
    )
    pair["prompt"] = rng.choice(edits)(original["prompt"])
    if rng.random() < 0.5:
        lines = original["response"].split("\n")
        pair["response"] = "\n".join(lines[:-1]) if len(lines) > 3 else original["response"] + "\n"
    return pair
