"""Candidates from signed-off records: example pairs as they are, documents through their pair rule.

Each candidate carries the spans anonymization replaced (``extra["replaced_spans"]``, ``{"prompt": [[start,
end], ...], "response": [...]}``, offsets only) so the residual-PHI filter can skip the kit's own surrogates.
Example fields map one to one, so their offsets carry over. A document's pair rule cuts and reassembles its
text, so there the spans are found again by value: every occurrence, in the prompt or response, of a string
anonymization inserted into that record. A missed identifier is never such a string (unless it equals a
surrogate letter for letter), so it still blocks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from kit.curation.candidates import UNCATEGORIZED, Candidate
from kit.curation.rules import PAIR_RULES

Spans = dict[str, list[list[int]]]


def _example_spans(record: Any) -> Spans:
    replaced = getattr(record, "replaced_spans", None) or {}
    return {name: [[int(s[0]), int(s[1])] for s in replaced.get(name, ())] for name in ("prompt", "response")}


def spans_by_value(source: str, spans: Sequence[Sequence[Any]], texts: dict[str, str]) -> Spans:
    """Where the values of ``spans`` (offsets into ``source``) occur in each of ``texts``."""
    values = {source[int(s[0]) : int(s[1])] for s in spans if int(s[1]) > int(s[0])}
    out: Spans = {}
    for name, text in texts.items():
        found = []
        for value in values:
            at = text.find(value)
            while at >= 0:
                found.append([at, at + len(value)])
                at = text.find(value, at + 1)
        out[name] = sorted(found)
    return out


def _extra(spans: Spans) -> dict[str, Any]:
    return {"replaced_spans": spans} if any(spans.values()) else {}


def candidate_from_record(record: Any) -> tuple[Candidate | None, str]:
    """One candidate from a redacted record, or (None, why not).

    The record has ``id, kind, doc_type, source, category, fields, signoff_id`` and, when the review stage
    recorded them, ``replaced_spans`` (``kit.review.api.RedactedRecord``).
    """
    signoff = None if record.signoff_id is None else str(record.signoff_id)
    if record.kind == "example":
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
            extra=_extra(_example_spans(record)),
        ), "ok"
    rule = PAIR_RULES.get(record.doc_type or "")
    if rule is None:
        return None, f"no_pair_rule:{record.doc_type or 'unknown'}"
    pair = rule(record.fields["text"])
    if pair is None:
        return None, f"rule_found_no_pair:{record.doc_type}"
    replaced = (getattr(record, "replaced_spans", None) or {}).get("text", ())
    spans = spans_by_value(record.fields["text"], replaced, {"prompt": pair[0], "response": pair[1]})
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
        extra=_extra(spans),
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
