"""The dataset card (card.md): sources, filters and counts, stats, coverage, intended use, sign-off."""

from __future__ import annotations

from typing import Any

REASON_HELP = {
    "empty_response": "response is empty",
    "empty_prompt": "prompt is empty",
    "response_too_short": "response below the length bound",
    "response_too_long": "response above the bound",
    "prompt_too_short": "prompt below the length bound",
    "prompt_too_long": "prompt above the length bound",
    "truncated_response": "response looks cut off",
    "refers_elsewhere": "refers to other answers or a platform",
    "link_or_html": "links or HTML residue",
    "non_target_language": "not in the target language",
    "residual_phi": "the redaction engine still finds PHI",
    "exact_duplicate_prompt": "same prompt as a better-rated candidate",
    "exact_duplicate_response": "same response as a better-rated candidate",
    "near_duplicate_prompt": "near-duplicate prompt of a better-rated candidate",
    "near_duplicate_response": "near-duplicate response of a better-rated candidate",
}


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    return lines + ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]


def summary_lines(stats: dict[str, Any]) -> list[str]:
    """The card's short summary (also printed by the CLI and the demo)."""
    counts, cov = stats["counts"], stats["coverage"]
    splits = counts["splits"]
    lines = [
        f"{counts['input']} candidates -> {counts['after_filters']} after filters -> "
        f"{counts['after_dedup']} after dedup -> {counts['selected']} selected "
        f"(train {splits['train']} / validation {splits['validation']} / test {splits['test']})"
    ]
    if counts["rejected_by_reason"]:
        lines.append("rejected: " + ", ".join(f"{k} {v}" for k, v in counts["rejected_by_reason"].items()))
    if cov.get("same_as_pool"):
        lines.append("coverage: the selection is the whole pool (nothing to choose from)")
    else:
        lines.append(
            f"coverage vs random ({stats['embedder']}): mean distance to nearest selected "
            f"{cov['selected']['mean_nearest_distance']} vs {cov['random']['mean_nearest_distance']} "
            f"(random/selected {cov['distance_ratio_random_over_selected']}x), cluster entropy "
            f"{cov['selected']['cluster_entropy']} vs {cov['random']['cluster_entropy']}"
        )
    planted = stats.get("canaries")
    if planted:
        lines.append(
            f"canaries: {planted['n']} random codes planted in {planted['split']} responses (SHA-256 only, "
            f"in {planted['file']}; after training: kit eval probe --run RUN --canaries "
            f"<dataset folder>/{planted['file']})"
        )
    return lines + list(stats.get("messages", []))


def render_card(
    stats: dict[str, Any], *, name: str, content_hash: str, signoff_id: str | None, intended_use: str
) -> str:
    """Markdown text of card.md."""
    counts, cov = stats["counts"], stats["coverage"]
    out = [
        f"# Dataset card: {name}@{content_hash}",
        "",
        "Curated the LIMA way: filtered, deduplicated, scored and selected for diversity by lima-kit.",
        "",
        "## Summary",
        "",
    ] + [f"- {line}" for line in summary_lines(stats)]
    out += [
        "",
        "## Intended use",
        "",
        intended_use,
        "",
        "## Provenance",
        "",
        f"- Redaction sign-off: {signoff_id or 'none (built from a plain file; the caller vouches for it)'}",
        "- Per-example lineage (origin, record id, sign-off id, quality parts): `lineage.jsonl`.",
        "- Every rejected candidate with its reason (ids only): `rejections.jsonl`.",
        "",
        "## Sources",
        "",
    ]
    out += _table(
        ["source", "input", "after dedup", "train", "validation", "test"],
        [
            [
                s,
                n,
                stats["pool"]["sources"].get(s, 0),
                *(stats["splits"][sp]["sources"].get(s, 0) for sp in ("train", "validation", "test")),
            ]
            for s, n in counts["input_by_source"].items()
        ],
    )
    out += [
        "",
        "## Filters and counts",
        "",
        "Filters, in order: " + ", ".join(f"`{f['name']}` {f['params'] or ''}".strip() for f in stats["filters"]) + ".",
        "",
    ]
    out += _table(
        ["reason", "rejected", "meaning"],
        [[k, v, REASON_HELP.get(k, "")] for k, v in counts["rejected_by_reason"].items()] or [["(none)", 0, ""]],
    )
    out += ["", "## Splits and statistics", ""]
    rows = []
    for split, s in stats["splits"].items():
        rows.append(
            [
                split,
                s["n"],
                s["prompt_chars"]["median"],
                s["response_chars"]["median"],
                s["response_chars"]["min"],
                s["response_chars"]["max"],
                s["quality_mean"],
                ", ".join(f"{k} {v}" for k, v in s["quality_basis"].items()),
            ]
        )
    out += _table(
        [
            "split",
            "examples",
            "median prompt chars",
            "median response chars",
            "min",
            "max",
            "mean quality (1-5)",
            "quality basis",
        ],
        rows,
    )
    parts = stats["splits"]["train"]["quality_parts_mean"]
    out += [
        "",
        "Quality: expert rating (1-5) when present, else 1 + 4 x weighted mean of heuristic parts "
        "(train means: " + ", ".join(f"{k} {v}" for k, v in parts.items()) + ").",
    ]
    out += [
        "",
        "## Diversity and coverage",
        "",
        f"Embeddings: `{stats['embedder']}`; quality-weighted k-center greedy; compared with a random "
        f"selection of the same size from the same pool (seed {stats['seed']}, {cov['clusters']} k-means "
        "clusters).",
        "",
    ]
    out += _table(
        ["metric", "selected", "random"], [[m, cov["selected"][m], cov["random"][m]] for m in cov["selected"]]
    )
    out += [
        "",
        "Lower mean distance to the nearest selected example and higher cluster entropy mean better "
        "coverage of the pool. Plots: `plots/lengths.png`, `plots/sources.png`, `plots/coverage.png`.",
        "",
        "## Limitations",
        "",
        "- Heuristic quality is a ranking aid, not a substitute for expert review of the examples.",
        "- Redacted text may contain surrogate names and shifted dates; they are fake but look real.",
        "",
    ]
    return "\n".join(out)
