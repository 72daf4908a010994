"""The filter registry: named, configurable checks that reject a candidate with a reason code.

A filter is registered as a *factory*: it takes the filter's parameters (from :class:`FilterSpec`) and returns
a check. Item checks see one candidate and return a :class:`Flag` or ``None``; batch checks (``batch=True``)
see a list and return one result per candidate, so expensive detectors run once over many texts::

    @register_filter("min_words")
    def min_words(n: int = 5) -> ItemCheck:
        return lambda c: Flag("too_few_words", f"{len(c.response.split())} < {n}") if ... else None

Details must never quote candidate text: counts, offsets, entity types and pattern names only.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pydantic import BaseModel, Field

from kit.curation.candidates import Candidate
from kit.errors import InputError


class Flag(NamedTuple):
    """Why a check rejects a candidate: a reason code and a text-free detail."""

    reason: str
    detail: str = ""


@dataclass(frozen=True)
class Rejection:
    """A candidate that did not make it, with the stage, filter, reason code and text-free detail."""

    candidate_id: str
    stage: str
    reason: str
    detail: str = ""
    filter: str = ""

    def as_dict(self) -> dict[str, str]:
        """JSON-ready form (ids and codes only)."""
        return {
            "id": self.candidate_id,
            "stage": self.stage,
            "filter": self.filter,
            "reason": self.reason,
            "detail": self.detail,
        }


ItemCheck = Callable[[Candidate], "Flag | None"]
BatchCheck = Callable[[Sequence[Candidate]], "list[Flag | None]"]


@dataclass(frozen=True)
class _Registered:
    factory: Callable[..., Any]
    batch: bool
    help: str


FILTERS: dict[str, _Registered] = {}


def register_filter(name: str, *, batch: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a filter factory under ``name`` (see the module docs for the two check shapes)."""

    def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
        if name in FILTERS:
            raise ValueError(f"filter {name!r} is already registered")
        doc = (factory.__doc__ or "").strip().splitlines()
        FILTERS[name] = _Registered(factory, batch, doc[0] if doc else "")
        return factory

    return decorate


class FilterSpec(BaseModel):
    """One filter to run, by registered name, with its parameters."""

    name: str = Field(description="Registered filter name (see `kit curate filters`).")
    params: dict[str, Any] = Field(default_factory=dict, description="Keyword arguments of the filter factory.")


@dataclass
class FilterContext:
    """Objects a filter may need that are not plain settings (e.g. an injected PHI detector)."""

    phi_detector: Any = None


def build_check(spec: FilterSpec, context: FilterContext | None = None) -> BatchCheck:
    """Instantiate the registered filter ``spec.name`` with its params, as a batch check."""
    if spec.name not in FILTERS:
        known = ", ".join(sorted(FILTERS))
        raise InputError(f"unknown curation filter {spec.name!r}; registered filters: {known}")
    entry = FILTERS[spec.name]
    params = dict(spec.params)
    signature = inspect.signature(entry.factory)
    if "context" in signature.parameters:
        params["context"] = context or FilterContext()
    try:
        signature.bind(**params)
    except TypeError as exc:
        raise InputError(f"filter {spec.name!r}: bad parameters ({exc})") from None
    check = entry.factory(**params)
    if entry.batch:
        return check
    return lambda candidates: [check(c) for c in candidates]


def run_filters(
    candidates: Sequence[Candidate], specs: Sequence[FilterSpec], context: FilterContext | None = None
) -> tuple[list[Candidate], list[Rejection]]:
    """Apply ``specs`` in order; a candidate stops at its first failing filter. Returns (kept, rejections)."""
    kept = list(candidates)
    rejections: list[Rejection] = []
    for spec in specs:
        check = build_check(spec, context)
        flags = check(kept) if kept else []
        survivors = []
        for candidate, flag in zip(kept, flags):
            if flag is None:
                survivors.append(candidate)
            else:
                rejections.append(Rejection(candidate.id, "filter", flag.reason, flag.detail, spec.name))
        kept = survivors
    return kept, rejections


def describe_filters() -> list[tuple[str, str, dict[str, Any]]]:
    """(name, one-line help, default params) of every registered filter, for docs and `kit curate filters`."""
    rows = []
    for name, entry in sorted(FILTERS.items()):
        params = {
            p.name: p.default
            for p in inspect.signature(entry.factory).parameters.values()
            if p.name != "context" and p.default is not inspect.Parameter.empty
        }
        rows.append((name, entry.help, params))
    return rows
