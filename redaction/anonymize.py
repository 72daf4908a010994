"""Apply a policy's operators to a text's findings."""

from __future__ import annotations

from collections.abc import Iterable

from redaction.age_dates import reference_year
from redaction.findings import Finding
from redaction.operators import OPERATORS, OperatorContext
from redaction.operators.date_shift import shift_days
from redaction.policy import Policy
from redaction.postprocess import resolve_overlaps


def anonymize(
    text: str, findings: Iterable[Finding], policy: Policy, secret: bytes, patient_key: str | None = None
) -> str:
    """``text`` with every finding replaced as the policy says (see :func:`anonymize_with_spans`)."""
    return anonymize_with_spans(text, findings, policy, secret, patient_key)[0]


def anonymize_with_spans(
    text: str, findings: Iterable[Finding], policy: Policy, secret: bytes, patient_key: str | None = None
) -> tuple[str, list[tuple[int, int, str]]]:
    """``text`` with every finding replaced as the policy says, and the replaced spans.

    The spans are ``(start, end, entity type)`` in the NEW text, one per non-empty replacement: offsets and
    types only, so later checks can tell a surrogate this function inserted from PHI a detector missed.

    ``secret`` keys surrogates and date shifts (keep it in the vault: whoever holds it can test guesses).
    ``patient_key`` selects the date shift: pass the same key for all of one patient's documents so the
    intervals between them survive. Overlapping findings are resolved first. A date old enough to imply an
    age over 89 (see ``redaction.age_dates``) becomes a placeholder instead of being shifted.
    """
    days = shift_days(secret, patient_key, policy.date_shift.min_days, policy.date_shift.max_days)
    restricted = frozenset(policy.restricted_zip3)
    findings = resolve_overlaps(list(findings))
    reference = reference_year(
        [text[f.start : f.end] for f in findings if f.entity_type == "DATE"], policy.reference_year
    )
    pieces, replaced, cursor, length = [], [], 0, 0
    for finding in findings:
        if finding.start < cursor or finding.end > len(text):
            continue
        rule = policy.rule(finding.entity_type)
        ctx = OperatorContext(
            secret=secret,
            tag=rule.tag or finding.entity_type,
            shift_days=days,
            restricted_zip3=restricted,
            reference_year=reference,
        )
        before = text[cursor : finding.start]
        new = OPERATORS[rule.operator](text[finding.start : finding.end], finding.entity_type, ctx)
        pieces += [before, new]
        length += len(before)
        if new:
            replaced.append((length, length + len(new), finding.entity_type))
        length += len(new)
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces), replaced
