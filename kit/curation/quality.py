"""Quality score on a 1-5 scale: an expert rating when present, else documented heuristics.

Heuristic parts (each 0-1, registered with ``@register_scorer``, weighted by :class:`QualityConfig`):

- ``structure``: several sentences, and paragraphs or a list — LIMA's answers are organised, not one blob.
- ``completeness``: long enough to answer (square-root ramp up to ``target_chars``) and not cut off.
- ``acknowledges``: the opening engages with the question (shares its content words or acknowledges it)
  and an answer follows — the "acknowledge, then answer" style of LIMA's hand-written examples.
- ``relevance``: share of the prompt's content words that the response takes up (full marks at 50%).

The heuristic score is ``1 + 4 * weighted mean of parts``. It ranks; it does not replace expert rating.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, Field

from kit.curation.candidates import Candidate
from kit.curation.filters.language import STOPWORDS
from kit.curation.filters.text import looks_truncated
from kit.errors import InputError

Scorer = Callable[[Candidate, "QualityConfig"], float]
SCORERS: dict[str, Scorer] = {}

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+", re.MULTILINE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
_ACK = re.compile(
    r"^\s*(?:thanks?|thank you|great question|good question|i understand|i'm sorry|sorry to hear"
    r"|it's (?:common|normal|understandable)|that's a (?:good|great|common)|yes\b|no\b)",
    re.I,
)


def register_scorer(name: str) -> Callable[[Scorer], Scorer]:
    """Register a heuristic part ``fn(candidate, config) -> float in [0, 1]`` under ``name``."""

    def decorate(fn: Scorer) -> Scorer:
        SCORERS[name] = fn
        return fn

    return decorate


class QualityConfig(BaseModel):
    """Weights and settings of the heuristic quality score."""

    weights: dict[str, float] = Field(
        default_factory=lambda: {"structure": 1.0, "completeness": 1.0, "acknowledges": 1.0, "relevance": 1.0},
        description="Weight per registered scorer; a scorer with weight 0 or absent is skipped.",
    )
    target_chars: int = Field(600, ge=1, description="Response length that earns full completeness marks.")


@dataclass(frozen=True)
class QualityScore:
    """A candidate's score (1-5), whether it comes from a rating or heuristics, and the heuristic parts."""

    value: float
    basis: str
    parts: dict[str, float]


def sentences(text: str) -> int:
    """Rough sentence count (terminal punctuation followed by space or end)."""
    return max(1 if text.strip() else 0, len(_SENTENCE_END.findall(text)))


def content_words(text: str) -> set[str]:
    """Lower-cased words of four letters or more that are not English stopwords."""
    return {w.lower() for w in _WORD.findall(text) if len(w) >= 4 and w.lower() not in STOPWORDS["en"]}


@register_scorer("structure")
def structure(c: Candidate, config: QualityConfig) -> float:
    """Sentences plus paragraphs or list items."""
    n_sent = sentences(c.response)
    blocks = len([b for b in re.split(r"\n\s*\n", c.response) if b.strip()])
    items = len(_LIST_ITEM.findall(c.response))
    score = 0.3 + (0.35 if n_sent >= 3 else 0.2 if n_sent == 2 else 0.0)
    return min(1.0, score + (0.35 if blocks >= 2 or items >= 2 else 0.0))


@register_scorer("completeness")
def completeness(c: Candidate, config: QualityConfig) -> float:
    """Length ramp to ``target_chars``, halved when the response looks cut off."""
    ramp = min(1.0, math.sqrt(len(c.response.strip()) / config.target_chars))
    return ramp * (0.5 if looks_truncated(c.response) else 1.0)


@register_scorer("acknowledges")
def acknowledges(c: Candidate, config: QualityConfig) -> float:
    """Opening sentence engages with the question; an answer follows it."""
    first = re.split(r"(?<=[.!?])\s", c.response.strip(), maxsplit=1)[0]
    engages = bool(_ACK.match(first)) or bool(content_words(first) & content_words(c.prompt))
    return (0.5 if engages else 0.0) + (0.5 if sentences(c.response) >= 2 else 0.0)


@register_scorer("relevance")
def relevance(c: Candidate, config: QualityConfig) -> float:
    """Share of the prompt's content words found in the response (full marks at half of them)."""
    asked = content_words(c.prompt)
    if not asked:
        return 0.5
    return min(1.0, 2 * len(asked & content_words(c.response)) / len(asked))


def score(c: Candidate, config: QualityConfig | None = None) -> QualityScore:
    """The candidate's quality: its rating when present, else the weighted heuristic; parts always shown."""
    config = config or QualityConfig()
    unknown = set(config.weights) - set(SCORERS)
    if unknown:
        raise InputError(f"unknown quality scorer(s) {sorted(unknown)}; registered: {sorted(SCORERS)}")
    parts = {name: round(SCORERS[name](c, config), 4) for name, w in config.weights.items() if w > 0}
    total = sum(w for w in config.weights.values() if w > 0)
    heuristic = 1 + 4 * sum(parts[n] * config.weights[n] for n in parts) / total if total else 3.0
    if c.rating is not None:
        return QualityScore(round(float(c.rating), 4), "rating", parts)
    return QualityScore(round(heuristic, 4), "heuristic", parts)
