"""Candidates from signed-off records: example pairs as they are, documents through their pair rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from kit.curation.candidates import UNCATEGORIZED, Candidate
from kit.curation.rules import PAIR_RULES


def candidate_from_record(record: Any) -> tuple[Candidate | None, str]:
    """One candidate from a redacted record, or (None, why not).

    The record has ``id, kind, doc_type, source, category, fields, signoff_id`` (``kit.review.api``).
    """
    signoff = None if record.signoff_id is None else str(record.signoff_id)
    if record.kind == "example":
        spans = getattr(record, "replaced_spans", None) or {}
        return Candidate(
            id=f"ex:{record.id}",
            prompt=record.fields["prompt"],
            response=record.fields["response"],
            source=record.source or "example",
            category=record.category or UNCATEGORIZED,
            origin="example",
            record_id=record.id,
            signoff_id=signoff,
            rule="example",
            extra={"replaced_spans": spans} if spans else {},
        ), "ok"
    rule = PAIR_RULES.get(record.doc_type or "")
    if rule is None:
        return None, f"no_pair_rule:{record.doc_type or 'unknown'}"
    pair = rule(record.fields["text"])
    if pair is None:
        return None, f"rule_found_no_pair:{record.doc_type}"
    return Candidate(
        id=f"doc:{record.id}",
        prompt=pair[0],
        response=pair[1],
        source=record.doc_type,
        category=record.category or record.doc_type,
        origin="document",
        record_id=record.id,
        signoff_id=signoff,
        rule=record.doc_type,
    ), "ok"


def candidates_from_records(records: Iterable[Any]) -> tuple[list[Candidate], Counter]:
    """Candidates from redacted, signed-off records, and a count of records that gave none (and why)."""
    candidates, skipped = [], Counter()
    for record in records:
        candidate, why = candidate_from_record(record)
        if candidate is None:
            skipped[why] += 1
        else:
            candidates.append(candidate)
    return candidates, skipped
