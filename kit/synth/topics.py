"""Load the clinical Q&A topics shipped as ``data/qa_<topic>.txt``.

File format (one entry per line, ``#`` comments)::

    title: type 2 diabetes          # how answers name the topic
    Q: a patient question           # before any "## sub" heading: shared by the whole topic
    F: a fact sentence for answers
    S: a step the patient can take (rendered as a bullet)
    W: a warning sign (rendered under "seek care if")
    ## diet                         # a subtopic: its Q/F/S/W lines stay together
    Q: ...

An answer to a subtopic question draws from that subtopic's lines plus the shared ones, so
answers stay on topic while combinations keep them distinct.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

_PREFIXES = {"Q:": "questions", "F:": "facts", "S:": "steps", "W:": "warnings"}


@dataclass
class Block:
    """Question and answer material for one subtopic (or a topic's shared lines)."""

    name: str
    questions: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Topic:
    """A clinical topic: its category name, display title, shared lines and subtopics."""

    name: str
    title: str
    shared: Block
    subtopics: list[Block]

    def material(self, sub: Block, kind: str) -> list[str]:
        """Subtopic lines of ``kind`` followed by the shared ones."""
        return getattr(sub, kind) + getattr(self.shared, kind)


def parse_topic(name: str, text: str) -> Topic:
    """Parse one topic file's text."""
    shared = Block("shared")
    topic = Topic(name, name.replace("_", " "), shared, [])
    current = shared
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") and not line.startswith("##"):
            continue
        if line.startswith("##"):
            current = Block(line.lstrip("#").strip())
            topic.subtopics.append(current)
        elif line.startswith("title:"):
            topic.title = line.split(":", 1)[1].strip()
        else:
            prefix, body = line[:2], line[2:].strip()
            assert prefix in _PREFIXES and body, f"qa_{name}.txt: bad line {line[:40]!r}"
            getattr(current, _PREFIXES[prefix]).append(body)
    if not topic.subtopics:
        topic.subtopics.append(Block("general"))
    return topic


@lru_cache(maxsize=None)
def load_topics() -> tuple[Topic, ...]:
    """All shipped topics, sorted by name."""
    data = resources.files("kit.synth").joinpath("data")
    found = []
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        if entry.name.startswith("qa_") and entry.name.endswith(".txt"):
            name = entry.name[3:-4]
            found.append(parse_topic(name, entry.read_text(encoding="utf-8")))
    return tuple(found)
