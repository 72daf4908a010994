"""Build text from pieces so that every PHI span's offsets are exact by construction.

A *piece* is a plain ``str`` (no span), a :class:`Phi` (one gold span), or a sequence of
pieces. Templates use ``{slot}`` fields; a slot's value is any piece.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Union

#: The entity types of gold spans; the redaction engine uses the same names.
ENTITY_TYPES: tuple[str, ...] = (
    "PERSON",
    "DATE",
    "AGE",
    "PHONE_NUMBER",
    "FAX_NUMBER",
    "EMAIL_ADDRESS",
    "URL",
    "IP_ADDRESS",
    "US_SSN",
    "MEDICAL_RECORD_NUMBER",
    "ACCOUNT_NUMBER",
    "HEALTH_PLAN_ID",
    "ID_NUMBER",
    "LICENSE_NUMBER",
    "VEHICLE_ID",
    "DEVICE_ID",
    "STREET_ADDRESS",
    "CITY",
    "STATE",
    "ZIP_CODE",
    "HOSPITAL",
    "USERNAME",
)


@dataclass(frozen=True)
class Phi:
    """One identifier as it appears in the text, and its entity type."""

    text: str
    entity_type: str

    def __post_init__(self) -> None:
        assert self.entity_type in ENTITY_TYPES, self.entity_type
        assert self.text and self.text == self.text.strip(), "PHI text must be trimmed"


Piece = Union[str, Phi, Sequence["Piece"]]

_FORMATTER = string.Formatter()


class TextBuilder:
    """Accumulates pieces into one text and records a span for every :class:`Phi`."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._spans: list[dict] = []
        self._length = 0

    def add(self, *pieces: Piece) -> TextBuilder:
        """Append pieces in order."""
        for piece in pieces:
            self._add_one(piece)
        return self

    def fill(self, template: str, **slots: Piece) -> TextBuilder:
        """Append ``template`` with each ``{slot}`` replaced by its piece (``{{`` escapes)."""
        for literal, field, _spec, _conv in _FORMATTER.parse(template):
            if literal:
                self._add_one(literal)
            if field is not None:
                self._add_one(slots[field])
        return self

    def line(self, template: str = "", **slots: Piece) -> TextBuilder:
        """Like :meth:`fill`, then a newline."""
        return self.fill(template, **slots).add("\n")

    @property
    def text(self) -> str:
        """The text built so far."""
        return "".join(self._parts)

    @property
    def spans(self) -> list[dict]:
        """Gold spans ``{"start", "end", "entity_type"}`` in text order."""
        return [dict(s) for s in self._spans]

    def _add_one(self, piece: Piece) -> None:
        if isinstance(piece, str):
            self._parts.append(piece)
            self._length += len(piece)
        elif isinstance(piece, Phi):
            start = self._length
            self._add_one(piece.text)
            self._spans.append({"start": start, "end": self._length, "entity_type": piece.entity_type})
        else:
            for sub in piece:
                self._add_one(sub)


class CasedTextBuilder(TextBuilder):
    """A :class:`TextBuilder` that writes every piece, identifiers included, through one case conversion.

    Telegraphic notes are written wholly in upper or wholly in lower case (``str.upper`` / ``str.lower``).
    Each piece is converted as it is added, so spans stay exact even where a conversion changes a string's
    length (``"ß".upper() == "SS"``), and each span's text is its value converted.
    """

    def __init__(self, convert: Callable[[str], str]) -> None:
        super().__init__()
        self._convert = convert

    def _add_one(self, piece: Piece) -> None:
        if isinstance(piece, str):
            piece = self._convert(piece)
        elif isinstance(piece, Phi):
            piece = Phi(self._convert(piece.text), piece.entity_type)
        super()._add_one(piece)


def render(template: str, **slots: Piece) -> tuple[str, list[dict]]:
    """Render one template on its own: returns ``(text, spans)``."""
    builder = TextBuilder().fill(template, **slots)
    return builder.text, builder.spans


def plain(piece: Piece) -> str:
    """The text of a piece without its spans."""
    return TextBuilder().add(piece).text
