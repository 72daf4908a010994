"""A detection result: offsets and a type, never the text it points at."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Finding:
    """One span of suspected PHI inside a document.

    Findings carry offsets only, so they can be stored, logged and shown to roles that may not see raw
    text; the characters live in the caller's copy of the document.
    """

    start: int
    end: int
    entity_type: str
    score: float
    recognizer: str = ""

    def overlaps(self, other: Finding) -> bool:
        """True when the two spans share at least one character."""
        return self.start < other.end and other.start < self.end

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape used by ``kit redact detect`` (no recognizer, no text)."""
        return {"start": self.start, "end": self.end, "entity_type": self.entity_type, "score": round(self.score, 4)}
