"""PNG plots next to the dataset: length histograms, source mix per split, coverage map (matplotlib Agg)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from kit.curation.pipeline import CurationResult


def _pyplot():  # noqa: ANN202 - matplotlib.pyplot, headless
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_lengths(result: CurationResult, path: Path) -> None:
    """Histograms of prompt and response length: the deduplicated pool against the selection."""
    plt = _pyplot()
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.5))
    selected = [r for rows in result.splits.values() for r in rows]
    for ax, field_name in zip(axes, ("prompt", "response")):
        pool = [len(getattr(c, field_name)) for c in result.pool]
        chosen = [len(r[field_name]) for r in selected]
        bins = np.histogram_bin_edges(pool or [0], bins=40)
        ax.hist(pool, bins=bins, alpha=0.5, label=f"pool ({len(pool)})", color="grey")
        ax.hist(chosen, bins=bins, alpha=0.7, label=f"selected ({len(chosen)})", color="tab:blue")
        ax.set_xlabel(f"{field_name} length (characters)")
        ax.set_ylabel("examples")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_sources(result: CurationResult, path: Path) -> None:
    """Stacked bars: examples per source in each split."""
    plt = _pyplot()
    sources = sorted({r["source"] for rows in result.splits.values() for r in rows})
    fig, ax = plt.subplots(figsize=(7, 3.5))
    bottom = np.zeros(len(result.splits))
    for source in sources:
        counts = np.array([sum(r["source"] == source for r in rows) for rows in result.splits.values()])
        ax.bar(list(result.splits), counts, bottom=bottom, label=source)
        bottom += counts
    ax.set_ylabel("examples")
    ax.set_title("source mix per split")
    if sources:
        ax.legend(fontsize=7, loc="upper right")
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def plot_coverage(result: CurationResult, path: Path) -> None:
    """The pool on its first two principal components, with the selection and the random baseline."""
    plt = _pyplot()
    vectors = result.vectors if result.vectors is not None else np.zeros((0, 2))
    centered = vectors - vectors.mean(axis=0) if len(vectors) else vectors
    xy = np.zeros((len(vectors), 2))
    if len(vectors) >= 2 and vectors.shape[1] >= 2:
        _, _, vt = np.linalg.svd(centered, full_matrices=False)
        xy = centered @ vt[:2].T
    cov = result.stats.get("coverage", {})
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True, sharey=True)
    if cov.get("same_as_pool"):
        fig.suptitle("the selection is the whole pool: nothing to choose from, so coverage ties", fontsize=10)
    for ax, (label, idx, key) in zip(
        axes,
        (("diversity selection", result.selected_idx, "selected"), ("random baseline", result.random_idx, "random")),
    ):
        ax.scatter(xy[:, 0], xy[:, 1], s=3, color="lightgrey", label="pool")
        if len(idx):
            ax.scatter(
                xy[idx, 0], xy[idx, 1], s=5, color="tab:blue" if key == "selected" else "tab:orange", label=label
            )
        metrics = cov.get(key, {})
        ax.set_title(
            f"{label}: mean dist {metrics.get('mean_nearest_distance', float('nan')):.3f}, "
            f"entropy {metrics.get('cluster_entropy', float('nan')):.2f}",
            fontsize=9,
        )
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


PLOTS = {"lengths.png": plot_lengths, "sources.png": plot_sources, "coverage.png": plot_coverage}


def write_plots(result: CurationResult, folder: Path) -> list[str]:
    """Write every plot into ``folder``; return the file names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, draw in PLOTS.items():
        draw(result, folder / name)
    return list(PLOTS)
