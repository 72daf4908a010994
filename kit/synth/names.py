"""Load the invented word lists shipped in ``kit/synth/data/`` (package data)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class City:
    """A city with its state and the ZIP3 prefix its ZIP codes start with."""

    name: str
    state: str
    state_name: str
    zip3: str


@dataclass(frozen=True)
class FirstName:
    """A first name and the sex it is usually given to (F, M or U)."""

    name: str
    sex: str


@lru_cache(maxsize=None)
def load_lines(filename: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file, in file order."""
    text = resources.files("kit.synth").joinpath("data").joinpath(filename).read_text(encoding="utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@lru_cache(maxsize=None)
def first_names() -> tuple[FirstName, ...]:
    """First names with sex."""
    return tuple(FirstName(*ln.split("|")) for ln in load_lines("first_names.txt"))


def last_names() -> tuple[str, ...]:
    """Last names."""
    return load_lines("last_names.txt")


@lru_cache(maxsize=None)
def cities() -> tuple[City, ...]:
    """Cities with state and ZIP3."""
    return tuple(City(*ln.split("|")) for ln in load_lines("cities.txt"))


def streets() -> tuple[str, ...]:
    """Street name stems (no number, no suffix)."""
    return load_lines("streets.txt")


def hospitals() -> tuple[str, ...]:
    """Hospital and clinic name patterns; ``{city}`` is filled with a city name."""
    return load_lines("hospitals.txt")


def employers() -> tuple[str, ...]:
    """Invented employers (not PHI under Safe Harbor; no spans)."""
    return load_lines("employers.txt")


def eponyms() -> tuple[str, ...]:
    """The allow-list of medical eponyms that must never be a generated name."""
    return load_lines("eponyms.txt")
