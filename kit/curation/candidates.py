"""Candidates: prompt/response pairs that may become training examples, with their lineage.

A candidate comes from one of three origins: an imported example pair, a redacted document turned into a pair
by a per-``doc_type`` rule (:mod:`kit.curation.rules`), or a pair authored by hand (:mod:`kit.curation.store`).
Plain-file curation (``kit curate select``) reads candidates from JSONL with :func:`read_candidates_jsonl`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kit.errors import InputError

ORIGINS = ("example", "document", "authored", "file")
UNCATEGORIZED = "uncategorized"
MAX_FIELD_CHARS = 100_000  # a larger field is a malformed export, not an instruction pair


@dataclass(frozen=True)
class Candidate:
    """One prompt/response pair and where it came from. Text here is redacted or hand-authored, never raw."""

    id: str
    prompt: str
    response: str
    source: str
    category: str = UNCATEGORIZED
    rating: float | None = None
    origin: str = "file"
    record_id: str | None = None
    signoff_id: str | None = None
    rule: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __repr__(self) -> str:  # ids only: candidate text never lands in logs or tracebacks
        return f"Candidate(id={self.id!r}, source={self.source!r}, origin={self.origin!r})"

    def with_rating(self, rating: float | None) -> Candidate:
        """A copy carrying an expert rating."""
        return replace(self, rating=rating)

    def lineage(self) -> dict[str, Any]:
        """Where this candidate came from: ids only, safe to write next to a dataset."""
        return {
            "id": self.id,
            "origin": self.origin,
            "source": self.source,
            "record_id": self.record_id,
            "signoff_id": self.signoff_id,
            "rule": self.rule,
        }


def check_rating(value: Any, path: str | Path | None = None, line: int | None = None) -> float | None:
    """Validate an expert rating: ``None`` or a number from 1 to 5."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 1 <= value <= 5:
        raise InputError("'rating' must be a number from 1 to 5 (or absent)", path, line)
    return float(value)


def _text_field(obj: dict[str, Any], name: str, path: Path, line: int, required: bool) -> str | None:
    value = obj.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        kind = "missing" if value is None else f"a {type(value).__name__}, not a string"
        raise InputError(f"field {name!r} is {kind}", path, line)
    if len(value) > MAX_FIELD_CHARS:
        raise InputError(f"field {name!r} has {len(value)} characters (limit {MAX_FIELD_CHARS})", path, line)
    return value


def _parse_line(text: str, path: Path, line: int) -> Candidate:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path, line) from None
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object", path, line)
    cid = obj.get("id")
    if isinstance(cid, int) and not isinstance(cid, bool):
        cid = str(cid)
    if not isinstance(cid, str) or not cid.strip():
        raise InputError("field 'id' is missing or empty", path, line)
    prompt = _text_field(obj, "prompt", path, line, required=True)
    response = _text_field(obj, "response", path, line, required=True)
    source = _text_field(obj, "source", path, line, required=False) or "file"
    category = _text_field(obj, "category", path, line, required=False) or UNCATEGORIZED
    rating = check_rating(obj.get("rating"), path, line)
    return Candidate(
        id=cid, prompt=prompt, response=response, source=source, category=category, rating=rating, origin="file"
    )


def iter_candidates_jsonl(path: str | Path) -> Iterator[Candidate]:
    """Parse a candidates file line by line; raise InputError naming file and line on the first bad line."""
    path = Path(path)
    if not path.is_file():
        raise InputError("candidates file not found", path)
    seen: dict[str, int] = {}
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise InputError("not valid UTF-8", path, number) from None
            if not text.strip():
                continue
            candidate = _parse_line(text, path, number)
            if candidate.id in seen:
                raise InputError(f"duplicate id {candidate.id!r} (first on line {seen[candidate.id]})", path, number)
            seen[candidate.id] = number
            yield candidate


def read_candidates_jsonl(path: str | Path) -> list[Candidate]:
    """All candidates of a JSONL file (``{"id","prompt","response","source"?,"category"?,"rating"?}``)."""
    candidates = list(iter_candidates_jsonl(path))
    if not candidates:
        raise InputError("no candidates in file (it is empty)", path)
    return candidates
