"""Bradley-Terry strengths from pairwise judgements (ties count half a win to each side).

Fitted with Hunter's (2004) MM iterations. The maximum-likelihood estimate is finite only when every
system beats every other, directly or through a chain; when that fails a half pseudo-win is added in both
directions for every compared pair and the result says ``"regularized": true``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from kit.evaluation.ratings_io import Rating


def win_matrix(ratings: Sequence[Rating], systems: list[str]) -> np.ndarray:
    """wins[i, j]: how often system i beat system j, ties counting 0.5 for each."""
    index = {name: i for i, name in enumerate(systems)}
    wins = np.zeros((len(systems), len(systems)))
    for rating in ratings:
        a, b = index[rating.a], index[rating.b]
        if rating.choice == "a":
            wins[a, b] += 1
        elif rating.choice == "b":
            wins[b, a] += 1
        else:
            wins[a, b] += 0.5
            wins[b, a] += 0.5
    return wins


def _strongly_connected(wins: np.ndarray) -> bool:
    """True when every system reaches every other along "beat at least partly" edges."""
    n = len(wins)
    reach = (wins > 0) | np.eye(n, dtype=bool)
    for k in range(n):  # Floyd-Warshall transitive closure; n is the number of systems, tiny
        reach = reach | (reach[:, [k]] & reach[[k], :])
    return bool(reach.all())


def fit(wins: np.ndarray, max_iter: int = 10_000, tol: float = 1e-12) -> np.ndarray:
    """Strengths summing to 1 that maximize the Bradley-Terry likelihood of ``wins``."""
    n = len(wins)
    games = wins + wins.T
    strength = np.full(n, 1.0 / n)
    total_wins = wins.sum(axis=1)
    for _ in range(max_iter):
        denom = games / (strength[:, None] + strength[None, :])
        np.fill_diagonal(denom, 0.0)
        updated = total_wins / denom.sum(axis=1)
        updated /= updated.sum()
        if np.max(np.abs(updated - strength)) < tol:
            return updated
        strength = updated
    return strength


def bradley_terry(ratings: Sequence[Rating]) -> dict | None:
    """Scores per system (sum 1) when more than two systems were compared; None otherwise."""
    systems = sorted({r.a for r in ratings} | {r.b for r in ratings})
    if len(systems) <= 2:
        return None
    wins = win_matrix(ratings, systems)
    regularized = not _strongly_connected(wins)
    if regularized:
        compared = (wins + wins.T) > 0
        wins = wins + 0.5 * compared
    strength = fit(wins)
    order = sorted(range(len(systems)), key=lambda i: -strength[i])
    return {
        "scores": {systems[i]: round(float(strength[i]), 4) for i in range(len(systems))},
        "ranking": [systems[i] for i in order],
        "regularized": regularized,
        "n_comparisons": len(ratings),
    }
