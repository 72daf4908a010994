"""The review stage's thin seam onto the redaction package: one cached engine, detection, anonymization.

``redaction`` is built by another part of the kit; everything the review stage needs from it passes through
this module, so a change there is one edit here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing redaction loads Presidio (seconds): only the functions that run it do
    from kit.review.config import LoadedPolicy
    from redaction.findings import Finding

_ENGINES: dict[str, Any] = {}  # detection hash -> Engine; loading spaCy costs seconds, so load once per process


def get_engine(loaded: LoadedPolicy, detector: Any = None) -> Any:
    """The detection engine for this policy (and learned detector), built on first use, cached for the process.

    With a detector, findings it vetoes are kept at its low score (``keep_vetoed``): in the workspace a
    reviewer sees them first instead of never.
    """
    key = f"{loaded.detection_hash}:{detector.digest if detector is not None else ''}"
    engine = _ENGINES.get(key)
    if engine is None:
        from redaction import build_engine

        rules = _ENGINES.get(f"{loaded.detection_hash}:") or build_engine(loaded.policy)
        _ENGINES[f"{loaded.detection_hash}:"] = rules
        engine = rules
        if detector is not None:
            engine = rules.with_model(detector)  # the policy may turn it off: then it holds none
            engine.keep_vetoed = True
        _ENGINES[key] = engine
    return engine


def make_finding(start: int, end: int, entity_type: str, score: float, recognizer: str = "") -> Finding:
    """A ``redaction.findings.Finding`` (imported on first use)."""
    from redaction.findings import Finding

    return Finding(start, end, entity_type, score, recognizer)


def iter_detect(engine: Any, texts: Sequence[str], workers: int = 1) -> Iterator[list[Finding]]:
    """Findings for each text in order, yielded as they are ready when the engine can stream them."""
    if hasattr(engine, "iter_detect"):
        yield from engine.iter_detect(texts, workers=workers)
    else:
        yield from engine.detect_batch(list(texts), workers=workers)


def resolve_for_anonymization(text: str, ranked: Sequence[Finding]) -> list[Finding]:
    """Non-overlapping spans that together cover every non-blank character any finding covers.

    ``ranked`` is in priority order (a reviewer's span before a deny-list match before the engine's). Each
    character goes to the first finding that covers it, and each finding keeps the runs it won, trimmed of
    surrounding blanks. Unlike the engine's overlap resolution, which may drop the lower-ranked of two
    clashing spans, nothing a reviewer or the engine flagged is ever left in place, and one reviewer's
    ``CITY`` inside the engine's longer ``STREET_ADDRESS`` keeps its own operator.
    """
    owner: dict[int, int] = {}
    for rank, finding in enumerate(ranked):
        for i in range(max(0, finding.start), min(len(text), finding.end)):
            owner.setdefault(i, rank)
    out, run_start = [], None
    positions = sorted(owner)
    for k, i in enumerate(positions):
        if run_start is None:
            run_start = i
        nxt = positions[k + 1] if k + 1 < len(positions) else None
        if nxt != i + 1 or owner[nxt] != owner[i]:
            start, end = run_start, i + 1
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                best = ranked[owner[i]]
                out.append(make_finding(start, end, best.entity_type, best.score, best.recognizer))
            run_start = None
    return out


def anonymize_with_spans(
    text: str, ranked: Sequence[Finding], policy: Any, secret: bytes, patient_key: str
) -> tuple[str, list[tuple[int, int, str]]]:
    """The anonymized text and the spans it replaced: ``(start, end, entity type)`` in the NEW text.

    ``ranked`` lists the findings in priority order (see :func:`resolve_for_anonymization`); the resolved
    spans go to ``redaction.anonymize.anonymize_with_spans`` in one call, so text-wide rules (the reference
    year behind "a date implying an age over 89") see every date of the text. The spans let later checks
    tell a surrogate the kit inserted from PHI it missed. They hold offsets and types only, never text.
    """
    from redaction.anonymize import anonymize_with_spans as apply_policy

    return apply_policy(text, resolve_for_anonymization(text, ranked), policy, secret, patient_key)


def disagrees(recognizer: str) -> bool:
    """Whether a finding marks a disagreement of the learned model and the rules (it reviews first)."""
    from redaction.learned import disagrees as check

    return check(recognizer)


def entity_types() -> tuple[str, ...]:
    """Every entity type the kit knows (a reviewer's new type must be one of them)."""
    from redaction.entities import ENTITY_TYPES

    return ENTITY_TYPES
