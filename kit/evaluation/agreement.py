"""Inter-rater agreement on pairwise judgements.

A *unit* is one prompt judged for one system pair. Each judgement becomes an order-free label
("first" system wins, "second" wins, or "tie", systems sorted by name) so that raters who saw the two
answers in different A/B order are compared on what they meant, not on which letter they pressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from kit.evaluation.ratings_io import Rating

NO_OVERLAP = "no item was rated by two or more raters, so agreement cannot be measured"


def label(rating: Rating) -> str:
    """The rating as "first" / "second" / "tie" relative to the sorted system pair."""
    winner = rating.winner
    if winner is None:
        return "tie"
    return "first" if winner == rating.pair[0] else "second"


def overlap_units(ratings: Sequence[Rating]) -> dict[tuple, dict[str, str]]:
    """Units rated by at least two raters: {(pair, item): {rater: label}}."""
    units: dict[tuple, dict[str, str]] = defaultdict(dict)
    for rating in ratings:
        units[(rating.pair, rating.item)][rating.rater] = label(rating)
    return {key: by_rater for key, by_rater in units.items() if len(by_rater) >= 2}


def tie_discounted_score(x: str, y: str) -> float:
    """LIMA's score: 1 when both agree, 0.5 when exactly one says tie, 0 when they are opposite."""
    if x == y:
        return 1.0
    if "tie" in (x, y):
        return 0.5
    return 0.0


def tie_discounted_agreement(units: dict[tuple, dict[str, str]]) -> float | None:
    """Mean tie-discounted score over every pair of raters on every overlapping unit."""
    scores = [
        tie_discounted_score(x, y)
        for by_rater in units.values()
        for x, y in combinations([by_rater[r] for r in sorted(by_rater)], 2)
    ]
    return sum(scores) / len(scores) if scores else None


def cohens_kappa(units: dict[tuple, dict[str, str]], rater_1: str, rater_2: str) -> tuple[float | None, str | None]:
    """Cohen's kappa on the units both raters judged; (None, reason) when it is undefined."""
    pairs = [(u[rater_1], u[rater_2]) for u in units.values() if rater_1 in u and rater_2 in u]
    if not pairs:
        return None, f"raters {rater_1!r} and {rater_2!r} share no item"
    n = len(pairs)
    observed = sum(x == y for x, y in pairs) / n
    categories = {c for pair in pairs for c in pair}
    expected = sum((sum(x == c for x, _ in pairs) / n) * (sum(y == c for _, y in pairs) / n) for c in categories)
    if expected >= 1.0:
        return None, "every judgement falls in one category, so chance agreement is 1 and kappa is undefined"
    return (observed - expected) / (1.0 - expected), None


def krippendorff_alpha_nominal(units: dict[tuple, dict[str, str]]) -> tuple[float | None, str | None]:
    """Krippendorff's alpha (nominal) from the coincidence matrix; (None, reason) when undefined."""
    coincidence: dict[tuple[str, str], float] = defaultdict(float)
    for by_rater in units.values():
        values = list(by_rater.values())
        m = len(values)
        for i, j in ((i, j) for i in range(m) for j in range(m) if i != j):
            coincidence[(values[i], values[j])] += 1.0 / (m - 1)
    totals: dict[str, float] = defaultdict(float)
    for (c, _), weight in coincidence.items():
        totals[c] += weight
    n = sum(totals.values())
    disagree_observed = sum(w for (c, k), w in coincidence.items() if c != k)
    disagree_expected = sum(totals[c] * totals[k] for c in totals for k in totals if c != k)
    if n == 0:
        return None, NO_OVERLAP
    if disagree_expected == 0:
        return None, "every judgement falls in one category, so alpha is undefined"
    return 1.0 - (n - 1) * disagree_observed / disagree_expected, None


def agreement_summary(ratings: Sequence[Rating]) -> dict:
    """Agreement block of the stats JSON: tie-discounted agreement, kappa (2 raters), alpha (2+ raters)."""
    units = overlap_units(ratings)
    raters = sorted({r for u in units.values() for r in u})
    result: dict = {
        "n_overlap_items": len(units),
        "raters": raters,
        "tie_discounted": None,
        "cohens_kappa": None,
        "krippendorff_alpha": None,
        "reason": None,
    }
    if not units:
        result["reason"] = NO_OVERLAP
        return result
    result["tie_discounted"] = _round(tie_discounted_agreement(units))
    reasons = []
    if len(raters) == 2:
        kappa, why = cohens_kappa(units, raters[0], raters[1])
        result["cohens_kappa"] = _round(kappa)
        reasons.append(why)
    else:
        reasons.append(f"{len(raters)} raters overlap: Cohen's kappa is for two, see krippendorff_alpha")
    alpha, why = krippendorff_alpha_nominal(units)
    result["krippendorff_alpha"] = _round(alpha)
    reasons.append(why)
    result["reason"] = "; ".join(r for r in reasons if r) or None
    return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
