"""Sampled QA: check redacted records for anything still identifying, and bound the residual rate.

The policy's ``review`` section picks how many redacted records are checked (``full``: all of them;
``sample_n``: n; ``sample_fraction``: a share), drawn from a seeded permutation. A reviewer marks each
sampled record clean or names its residual spans. With x of n checked records holding residual PHI, the
one-sided exact (Clopper-Pearson) upper bound at 95% is the 0.95 quantile of Beta(x + 1, n - x); for
x = 0 it is 1 - 0.05^(1/n), about 3/n ("rule of three"): 0 misses in 300 records -> 0.0099.

A clean mark vouches for the exact redacted text that was checked (``qa_samples.text_hash``). When that
text is rebuilt differently (propagation, an allow-list, a re-open), the mark is *stale*: it no longer
counts as a check, the next draw puts the record back in the queue, and sign-off waits for a new mark. A
residual mark stays: it records a miss of the process, which a later fix does not undo.
"""

from __future__ import annotations

import math
import random
import sqlite3
from dataclasses import dataclass

from kit.review.config import ReviewConfig, load_workspace_policy
from kit.users import Actor, Role, require_role
from kit.workspace import Workspace

CONFIDENCE = 0.95


def clopper_pearson_upper(misses: int, n: int, confidence: float = CONFIDENCE) -> float:
    """One-sided exact upper confidence bound of a binomial rate; 1.0 when nothing was checked."""
    if n <= 0 or misses >= n:
        return 1.0
    from scipy.stats import beta  # imported here: scipy.stats costs a second that `kit status` should not pay

    return float(beta.ppf(confidence, misses + 1, n - misses))


def clean_needed(misses: int, n: int, threshold: float, confidence: float = CONFIDENCE) -> int | None:
    """How many more clean checks bring the upper bound strictly under ``threshold`` (None: over 10^9)."""
    if clopper_pearson_upper(misses, n, confidence) < threshold:
        return 0
    step = 1
    while clopper_pearson_upper(misses, n + step, confidence) >= threshold:
        step *= 2
        if step > 10**9:
            return None
    low, high = step // 2, step  # bound(n + low) >= threshold > bound(n + high)
    while high - low > 1:
        mid = (low + high) // 2
        if clopper_pearson_upper(misses, n + mid, confidence) < threshold:
            high = mid
        else:
            low = mid
    return high


def target_size(mode: str, population: int, n: int | None = None, fraction: float | None = None) -> int:
    """How many redacted records the policy's review mode asks to check."""
    if mode == "full":
        return population
    if mode == "sample_n":
        return min(population, int(n or 0))
    return min(population, math.ceil((fraction or 0.0) * population))


def permutation(record_ids: list[str], seed: int) -> list[str]:
    """The seeded order records are drawn in (stable for a given population and seed)."""
    order = sorted(record_ids)
    random.Random(seed).shuffle(order)
    return order


@dataclass(frozen=True)
class QaReport:
    """Where the QA sample stands, and what it demonstrates."""

    mode: str
    population: int
    target: int
    sampled: int
    checked: int
    residual_records: int
    checked_tokens: int
    residual_tokens: int
    threshold: float
    seed: int
    stale: int = 0
    """Clean marks whose record's redacted text has changed since the check (they count for nothing)."""

    @property
    def pending(self) -> int:
        """Sampled records without a current mark (never marked, or marked clean on older text)."""
        return self.sampled - self.checked

    @property
    def rate_record(self) -> float:
        """Observed share of checked records with residual PHI."""
        return self.residual_records / self.checked if self.checked else 0.0

    @property
    def rate_token(self) -> float:
        """Observed share of checked tokens that are residual PHI."""
        return self.residual_tokens / self.checked_tokens if self.checked_tokens else 0.0

    @property
    def bound_record(self) -> float:
        """95% one-sided upper bound of the per-record residual rate (the one sign-off is gated on)."""
        return clopper_pearson_upper(self.residual_records, self.checked)

    @property
    def bound_token(self) -> float:
        """95% one-sided upper bound of the per-token residual rate."""
        return clopper_pearson_upper(self.residual_tokens, self.checked_tokens)

    @property
    def more_needed(self) -> int | None:
        """More clean records (beyond those checked) that would bring the record bound under the threshold."""
        return clean_needed(self.residual_records, self.checked, self.threshold)

    @property
    def passes(self) -> bool:
        """True when the per-record bound is under the threshold."""
        return self.bound_record < self.threshold


# A clean mark on text that is no longer the record's redacted text (rebuilt differently, or not rebuilt yet).
STALE_SQL = (
    "SELECT q.record_id FROM qa_samples q LEFT JOIN redacted x ON x.record_id = q.record_id "
    "WHERE q.status = 'clean' AND (x.text_hash IS NULL OR x.text_hash != q.text_hash)"
)


def stale_marks(conn: sqlite3.Connection) -> list[str]:
    """Sampled records whose clean mark no longer matches their redacted text, by id."""
    return [r[0] for r in conn.execute(STALE_SQL + " ORDER BY q.record_id")]


def qa_report(ws: Workspace) -> QaReport:
    """The QA sample's counts and bounds under the workspace policy (stale clean marks do not count)."""
    settings = load_workspace_policy(ws).policy.review
    with ws.connect() as conn:
        population = conn.execute("SELECT COUNT(*) FROM redacted").fetchone()[0]
        row = conn.execute(
            f"WITH stale AS ({STALE_SQL}), q AS (SELECT *, record_id IN (SELECT record_id FROM stale) AS is_stale "
            "FROM qa_samples) SELECT COUNT(*) AS sampled, SUM(status != 'pending' AND NOT is_stale) AS checked, "
            "SUM(status = 'residual') AS residual, SUM(is_stale) AS stale, "
            "SUM(CASE WHEN status != 'pending' AND NOT is_stale THEN n_tokens ELSE 0 END) AS tokens, "
            "SUM(residual_tokens) AS residual_tokens FROM q"
        ).fetchone()
    target = target_size(settings.mode, population, settings.n, settings.fraction)
    return QaReport(
        settings.mode,
        population,
        target,
        row["sampled"],
        row["checked"] or 0,
        row["residual"] or 0,
        row["tokens"] or 0,
        row["residual_tokens"] or 0,
        settings.threshold,
        ReviewConfig.from_workspace(ws).seed,
        row["stale"] or 0,
    )


def require_qa_role(actor: Actor) -> None:
    """QA decisions are compliance decisions."""
    require_role(actor, Role.COMPLIANCE)
