"""Residual-PHI check: run the redaction engine over prompt and response; any finding blocks the candidate.

The detector is injectable (:class:`FilterContext.phi_detector`, anything with ``detect_batch(texts)``
returning per-text findings that have ``start``, ``end``, ``entity_type``, ``score``). Without one, the
kit's engine is built from the policy (``redaction.build_engine``) once per process.

Redacted records that use *surrogates* (realistic fake names, shifted dates) would trip the detector on the
fake values themselves. The review stage records which spans anonymization replaced, and curation passes
them on (``Candidate.extra["replaced_spans"] = {"prompt": [[start, end], ...], "response": [...]}``, see
:mod:`kit.curation.derive`). A finding whose every letter and digit lies inside replaced spans (one
surrogate, or a first and last name replaced separately) is the kit's own output and does not block;
a finding with any letter or digit outside them does.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Protocol

from kit.curation.candidates import Candidate
from kit.curation.filters.registry import BatchCheck, FilterContext, Flag, register_filter
from kit.errors import StateError

FIELDS = ("prompt", "response")


class PhiDetector(Protocol):
    """What the residual-PHI filter needs from a detector (``redaction.Engine`` fits)."""

    def detect_batch(self, texts: Sequence[str]) -> list[list[Any]]:
        """Findings (``start``, ``end``, ``entity_type``, ``score``) for each text, in order."""
        ...


@functools.lru_cache(maxsize=4)
def default_detector(policy: str | None = None) -> PhiDetector:
    """The kit's redaction engine for ``policy`` (a name or path; None = default), built once per process."""
    try:
        from redaction.engine import build_engine
    except ImportError as exc:
        raise StateError(
            f"the residual-PHI check needs the redaction engine, which failed to import ({exc}); "
            "install lima-kit fully or disable the 'residual_phi' filter explicitly"
        ) from None
    return build_engine(policy)


def _inside(finding: Any, spans: Sequence[Sequence[int]], text: str) -> bool:
    """True when every alphanumeric character of the finding lies inside a replaced span."""
    if not spans:
        return False
    for i in range(max(0, finding.start), min(len(text), finding.end)):
        if text[i].isalnum() and not any(s[0] <= i < s[1] for s in spans):
            return False
    return True


def _describe(field_name: str, findings: Sequence[Any], limit: int = 4) -> str:
    parts = [f"{f.entity_type} at {f.start}-{f.end}" for f in findings[:limit]]
    more = f" (+{len(findings) - limit} more)" if len(findings) > limit else ""
    return f"{field_name}: " + ", ".join(parts) + more


@register_filter("residual_phi", batch=True)
def residual_phi(min_score: float = 0.0, policy: str | None = None, context: FilterContext | None = None) -> BatchCheck:
    """Reject pairs in which the redaction engine still finds PHI (outside the spans anonymization replaced)."""

    def check(candidates: Sequence[Candidate]) -> list[Flag | None]:
        detector = (context.phi_detector if context else None) or default_detector(policy)
        texts = [getattr(c, name) for c in candidates for name in FIELDS]
        per_text = detector.detect_batch(texts)
        flags: list[Flag | None] = []
        for index, candidate in enumerate(candidates):
            replaced = candidate.extra.get("replaced_spans") or {}
            flag = None
            for offset, field_name in enumerate(FIELDS):
                found = [
                    f
                    for f in per_text[2 * index + offset]
                    if f.score >= min_score
                    and not _inside(f, replaced.get(field_name, ()), getattr(candidate, field_name))
                ]
                if found:
                    flag = Flag("residual_phi", _describe(field_name, found))
                    break
            flags.append(flag)
        return flags

    return check
