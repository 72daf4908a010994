"""How well a selection covers the pool, compared with a random selection of the same size.

- ``mean_nearest_distance``: mean cosine distance from every pool item to its nearest selected item (lower
  is better: nothing in the pool is far from the training set).
- ``cluster_entropy``: the pool is clustered with k-means; the entropy of the selection's cluster histogram
  divided by log(k) (1.0 = the selection spreads evenly over all clusters).
- ``clusters_covered``: share of clusters with at least one selected item.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np


def mean_nearest_distance(vectors: np.ndarray, selected: Sequence[int], block: int = 2048) -> float:
    """Mean over the pool of the cosine distance to the nearest selected item."""
    if not len(selected):
        return float("nan")
    chosen = vectors[np.asarray(selected)]
    total = 0.0
    for start in range(0, len(vectors), block):
        sims = vectors[start : start + block] @ chosen.T
        total += float(np.maximum(1.0 - sims.max(axis=1), 0.0).sum())
    return total / len(vectors)


def cluster_pool(vectors: np.ndarray, seed: int, n_clusters: int | None = None) -> np.ndarray:
    """k-means labels of the pool (k = sqrt(n), between 2 and 50, unless given)."""
    from sklearn.cluster import KMeans

    n = len(vectors)
    k = n_clusters or max(2, min(50, int(math.sqrt(n))))
    k = min(k, n)
    if k < 2:
        return np.zeros(n, dtype=np.int64)
    return KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=seed).fit_predict(vectors)


def cluster_entropy(labels: np.ndarray, selected: Sequence[int], n_clusters: int) -> float:
    """Normalised entropy (0-1) of the selection's distribution over the pool's clusters."""
    if n_clusters < 2 or not len(selected):
        return 0.0
    counts = np.bincount(labels[np.asarray(selected)], minlength=n_clusters).astype(float)
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum() / math.log(n_clusters))


def coverage_report(
    vectors: np.ndarray, selected: Sequence[int], baseline: Sequence[int], seed: int, n_clusters: int | None = None
) -> dict[str, Any]:
    """Coverage metrics of ``selected`` and of the random ``baseline``, and their ratios."""
    labels = cluster_pool(vectors, seed, n_clusters)
    k = int(labels.max()) + 1 if len(labels) else 0

    def metrics(indices: Sequence[int]) -> dict[str, float]:
        covered = len(set(labels[np.asarray(indices)].tolist())) / k if k and len(indices) else 0.0
        return {
            "mean_nearest_distance": round(mean_nearest_distance(vectors, indices), 4),
            "cluster_entropy": round(cluster_entropy(labels, indices, k), 4),
            "clusters_covered": round(covered, 4),
        }

    chosen, rand = metrics(selected), metrics(baseline)
    ratio = (
        rand["mean_nearest_distance"] / chosen["mean_nearest_distance"] if chosen["mean_nearest_distance"] > 0 else 1.0
    )
    return {
        "pool": len(vectors),
        "size": len(selected),
        "clusters": k,
        "selected": chosen,
        "random": rand,
        "distance_ratio_random_over_selected": round(ratio, 3),
        "entropy_gain": round(chosen["cluster_entropy"] - rand["cluster_entropy"], 4),
        "same_as_pool": len(selected) >= len(vectors),
    }
