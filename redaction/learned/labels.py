"""What the learned detector predicts: a few coarse PHI classes, tagged BIO over word pieces.

The model does not need the kit's 22 entity types: the rules name the type where they fire, and a span the
model alone finds only has to be removed. Six classes cover Safe Harbor text; gold files of other schemes
("LOCATION", "HCPName", "PHONE") map onto them by name, so a hospital's own annotations train it as they
are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CLASSES: tuple[str, ...] = ("PERSON", "LOCATION", "DATE", "AGE", "PHONE", "ID")
LABELS: tuple[str, ...] = ("O", *(f"{prefix}-{c}" for c in CLASSES for prefix in ("B", "I")))
LABEL_ID = {label: i for i, label in enumerate(LABELS)}

#: A span the model alone finds gets this kit entity type (the rules' type wins where they overlap).
CLASS_TO_ENTITY = {
    "PERSON": "PERSON",
    "LOCATION": "CITY",
    "DATE": "DATE",
    "AGE": "AGE",
    "PHONE": "PHONE_NUMBER",
    "ID": "ID_NUMBER",
}

_KIT_TO_CLASS = {
    "PERSON": "PERSON",
    "USERNAME": "PERSON",
    "CITY": "LOCATION",
    "HOSPITAL": "LOCATION",
    "STREET_ADDRESS": "LOCATION",
    "ZIP_CODE": "LOCATION",
    "DATE": "DATE",
    "AGE": "AGE",
    "PHONE_NUMBER": "PHONE",
    "FAX_NUMBER": "PHONE",
}
#: Types that are not PHI under Safe Harbor (a state may stay): their text is trained as "O".
NOT_PHI = frozenset({"STATE"})
# Words inside another scheme's type name that say which class it is ("HCPName", "PTName" -> PERSON).
_NAME_HINTS = (
    ("NAME", "PERSON"),
    ("PERSON", "PERSON"),
    ("DOCTOR", "PERSON"),
    ("PATIENT", "PERSON"),
    ("LOCATION", "LOCATION"),
    ("ADDRESS", "LOCATION"),
    ("HOSPITAL", "LOCATION"),
    ("CITY", "LOCATION"),
    ("COUNTRY", "LOCATION"),
    ("ZIP", "LOCATION"),
    ("STREET", "LOCATION"),
    ("ORGANIZATION", "LOCATION"),
    ("DATE", "DATE"),
    ("AGE", "AGE"),
    ("PHONE", "PHONE"),
    ("FAX", "PHONE"),
)


def class_of(entity_type: str) -> str | None:
    """The coarse class of a kit or gold entity type; None for types that are not PHI (``STATE``)."""
    upper = entity_type.upper()
    if upper in NOT_PHI:
        return None
    if upper in _KIT_TO_CLASS:
        return _KIT_TO_CLASS[upper]
    return next((cls for hint, cls in _NAME_HINTS if hint in upper), "ID")


@dataclass(frozen=True)
class Span:
    """A character span with a type: a gold span, a reviewed finding or a rule finding (with its score)."""

    start: int
    end: int
    entity_type: str
    score: float = 1.0


def piece_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[int]:
    """One label id per word piece: ``B-``/``I-`` of the span it lies in, else ``O``.

    A piece belongs to a span when their characters overlap; the first piece of each span is ``B``. Pieces
    of non-PHI types stay ``O``.
    """
    labels = [LABEL_ID["O"]] * len(offsets)
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        cls = class_of(span.entity_type)
        if cls is None:
            continue
        first = True
        for i, (start, end) in enumerate(offsets):
            if start < span.end and end > span.start and end > start:
                labels[i] = LABEL_ID[f"{'B' if first else 'I'}-{cls}"]
                first = False
    return labels


def flagged(offsets: Sequence[tuple[int, int]], spans: Sequence[Span]) -> list[int]:
    """1 for each piece a rule finding covers, else 0: the rules' verdict as an input to the model."""
    marks = [0] * len(offsets)
    for span in spans:
        for i, (start, end) in enumerate(offsets):
            if start < span.end and end > span.start:
                marks[i] = 1
    return marks
