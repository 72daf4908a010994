"""Benchmark `kit eval stats` at LIMA scale: 300 prompts x 4 system pairs, 2 raters on 50 overlap items.

Compares the vectorized bootstrap (numpy fancy indexing over per-item counts) with a plain-Python
bootstrap that resamples rating lists, measured in the same process. Prints a table and the ratio.
Run: .venv/bin/python bench/bench_eval_stats.py [--write]   (--write updates docs/benchmarks.md)
"""

from __future__ import annotations

import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit.evaluation.ratings_io import Rating  # noqa: E402
from kit.evaluation.stats import BootstrapSettings, compute_stats  # noqa: E402

SECTION = "## Evaluation statistics"


def make_ratings(seed: int = 0) -> list[Rating]:
    rng = random.Random(seed)
    ratings = []
    for baseline in ("base", "alpaca", "davinci", "claude"):
        for item in range(300):
            raters = ["r1", "r2"] if item < 50 else [rng.choice(["r1", "r2"])]
            for rater in raters:
                a, b = ("lima", baseline) if rng.random() < 0.5 else (baseline, "lima")
                ratings.append(Rating(str(item), rater, a, b, rng.choice(["a", "b", "tie"])))
    return ratings


def naive_bootstrap(ratings: list[Rating], first: str, n: int, seed: int) -> list[float]:
    """Baseline: resample items in Python and recount wins each time."""
    rng = random.Random(seed)
    by_item: dict[str, list[Rating]] = {}
    for r in ratings:
        by_item.setdefault(r.item, []).append(r)
    items = list(by_item)
    rates = []
    for _ in range(n):
        picked = [r for _ in items for r in by_item[rng.choice(items)]]
        rates.append(sum(r.winner == first for r in picked) / len(picked))
    return sorted(rates)


def timed(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ratings = make_ratings()
    settings = BootstrapSettings(n_resamples=2000)
    kit_s = timed(lambda: compute_stats(ratings, settings, baselines=["base", "alpaca", "davinci", "claude"]))
    pairs = {}
    for r in ratings:
        pairs.setdefault(r.pair, []).append(r)
    naive_s = timed(lambda: [naive_bootstrap(group, "lima", 2000, 0) for group in pairs.values()], repeat=1)
    rows = [("naive Python bootstrap (win CI only)", naive_s), ("kit compute_stats (all CIs, agreement, BT)", kit_s)]
    table = ["| method | seconds |", "|---|---|"] + [f"| {name} | {sec:.3f} |" for name, sec in rows]
    summary = (
        f"{len(ratings)} ratings, 4 pairs x 300 prompts, 2,000 resamples; speed-up {naive_s / kit_s:.1f}x "
        f"on {platform.machine()} ({platform.processor() or 'cpu'}), Python {platform.python_version()}"
    )
    print("\n".join(table))
    print(summary)
    if "--write" in sys.argv:
        write_section(
            "\n".join(
                [SECTION, "", f"`.venv/bin/python bench/bench_eval_stats.py --write`: {summary}.", "", *table, ""]
            )
        )


def write_section(text: str) -> None:
    path = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
    if SECTION in current:
        head, _, rest = current.partition(SECTION)
        tail = rest[rest.find("\n## ") :] if "\n## " in rest else ""
        current = head + text + tail
    else:
        current = current.rstrip() + "\n\n" + text
    path.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
