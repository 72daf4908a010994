"""Pairwise ratings as plain records, and the RATINGS.jsonl contract that `kit eval stats` reads.

One line per judgement: ``{"item", "rater", "a", "b", "choice": "a"|"b"|"tie"}`` where ``a``/``b`` are the
names of the systems whose answers were shown as A and B. The same format is what
``kit eval export-ratings`` writes, so workspace ratings and outside files go through one code path.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kit.errors import InputError

CHOICES = ("a", "b", "tie")
REQUIRED_FIELDS = ("item", "rater", "a", "b", "choice")


@dataclass(frozen=True)
class Rating:
    """One rater's judgement of two systems' answers to one prompt."""

    item: str
    rater: str
    a: str
    b: str
    choice: str

    @property
    def winner(self) -> str | None:
        """The winning system's name, or None for a tie (A/B order no longer matters)."""
        if self.choice == "tie":
            return None
        return self.a if self.choice == "a" else self.b

    @property
    def pair(self) -> tuple[str, str]:
        """The two systems in sorted order: the key ratings of one comparison share."""
        return (self.a, self.b) if self.a <= self.b else (self.b, self.a)

    def to_json(self) -> dict:
        """The contract's JSON object."""
        return {"item": self.item, "rater": self.rater, "a": self.a, "b": self.b, "choice": self.choice}


def parse_rating(obj: object, path: str | Path | None = None, line: int | None = None) -> Rating:
    """Validate one decoded JSON value; InputError names the file and line on any problem."""
    if not isinstance(obj, dict):
        raise InputError("each line must be a JSON object", path=path, line=line)
    for field in REQUIRED_FIELDS:
        if field not in obj:
            raise InputError(f"missing field {field!r}", path=path, line=line)
        if not isinstance(obj[field], str | int) or isinstance(obj[field], bool) or obj[field] == "":
            raise InputError(f"field {field!r} must be a non-empty string", path=path, line=line)
    choice = str(obj["choice"]).strip().lower()
    if choice not in CHOICES:
        raise InputError("field 'choice' must be one of 'a', 'b', 'tie'", path=path, line=line)
    if str(obj["a"]) == str(obj["b"]):
        raise InputError("fields 'a' and 'b' name the same system", path=path, line=line)
    return Rating(str(obj["item"]), str(obj["rater"]), str(obj["a"]), str(obj["b"]), choice)


def read_ratings(path: str | Path) -> list[Rating]:
    """Read RATINGS.jsonl; blank lines are skipped, a bad or duplicate line raises InputError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("file not found", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ratings ({type(exc).__name__})", path=path) from None
    ratings: list[Rating] = []
    seen: dict[tuple[str, str, tuple[str, str]], int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path=path, line=number) from None
        rating = parse_rating(obj, path=path, line=number)
        key = (rating.item, rating.rater, rating.pair)
        if key in seen:
            raise InputError(
                f"duplicate rating of item {rating.item!r} by rater {rating.rater!r} (first on line {seen[key]})",
                path=path,
                line=number,
            )
        seen[key] = number
        ratings.append(rating)
    if not ratings:
        raise InputError("no ratings in file", path=path)
    return ratings


def write_ratings(path: str | Path, ratings: Iterable[Rating]) -> int:
    """Write the contract's JSONL atomically; return the number of lines."""
    from kit.fsutil import atomic_write_text

    lines = [json.dumps(rating.to_json()) + "\n" for rating in ratings]
    atomic_write_text(Path(path), "".join(lines))
    return len(lines)
