"""PHI probe: run the redaction engine over every generated answer and report what it finds.

The detector is injectable (any ``text -> findings`` callable; findings need ``start``, ``end``,
``entity_type``, ``score`` as attributes or keys) so tests and other engines can stand in for Presidio.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

Detector = Callable[[str], Sequence[Any]]


def default_detector(policy: str | Path | None = None) -> Detector:
    """The redaction engine for ``policy`` (a file or a shipped policy name) as a detector."""
    from redaction.engine import build_engine

    return build_engine(str(policy) if policy is not None else None).detect


def _field(finding: Any, name: str) -> Any:
    return finding[name] if isinstance(finding, dict) else getattr(finding, name)


def phi_probe(answers: Iterable[tuple[str, str, str]], detector: Detector, min_score: float = 0.0) -> dict:
    """Scan ``(prompt_id, system, answer)`` triples; summary with one row per finding (offsets, no text)."""
    findings: list[dict] = []
    n_answers = 0
    systems: set[str] = set()
    for prompt_id, system, text in answers:
        n_answers += 1
        systems.add(system)
        for found in detector(text):
            score = float(_field(found, "score"))
            if score < min_score:
                continue
            findings.append(
                {
                    "prompt_id": prompt_id,
                    "system": system,
                    "entity_type": str(_field(found, "entity_type")),
                    "start": int(_field(found, "start")),
                    "end": int(_field(found, "end")),
                    "score": round(score, 4),
                }
            )
    by_system = Counter(f["system"] for f in findings)
    return {
        "n_answers": n_answers,
        "n_findings": len(findings),
        "by_system": {s: by_system.get(s, 0) for s in sorted(systems)},
        "by_entity": dict(sorted(Counter(f["entity_type"] for f in findings).items())),
        "findings": findings,
    }
