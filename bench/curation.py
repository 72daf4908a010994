"""Benchmark: select 1,000 (+50 +300) of 20,000 synthetic candidates, with MiniLM embeddings and with TF-IDF.

Run:  .venv/bin/python bench/curation.py [--pool 20000] [--n 1000] [--skip-minilm] [--with-phi] [--update-docs]

Candidates are generated here from a seed: 60 topics of very unequal size (Zipf), templated prompts with
random detail, answers of varying length and quality, plus planted exact and near duplicates and junk. Both
embedders run the same pipeline on the same pool in the same process; TF-IDF is the baseline every time
ratio is against. Coverage is compared with a random selection of the same size drawn in the same run. The
issue's target - MiniLM, 1,000 of 20,000, at most 180 s wall on 2 cores - is judged PASS or FAIL only on a
20,000-candidate run. The residual-PHI filter (the redaction engine over every prompt and response) is left
out unless ``--with-phi``: it is the redaction engine's cost, measured by bench/redaction.py, not selection's.
``--update-docs`` rewrites the whole "## Curation" section of docs/benchmarks.md from this run's numbers.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kit import offline  # noqa: E402

offline.install()

from kit.curation.candidates import Candidate  # noqa: E402
from kit.curation.config import CurationConfig  # noqa: E402
from kit.curation.pipeline import curate  # noqa: E402

TARGET_POOL, TARGET_N, TARGET_S = 20_000, 1000, 180.0  # the issue: 1,000 of 20,000 in <= 3 min with embeddings
WORDS = (
    "inhaler glucose insulin rash fever cough migraine statin ankle knee wrist pregnancy nausea vaccine "
    "allergy eczema thyroid kidney liver anemia asthma sinus tooth gum vision hearing tinnitus sleep apnea "
    "snoring anxiety depression tremor seizure stroke bruise burn blister wound stitches cast crutches "
    "antibiotic steroid ibuprofen acetaminophen warfarin metformin lisinopril amlodipine omeprazole "
    "cholesterol potassium sodium calcium vitamin iron folate diet exercise walking swimming smoking "
    "alcohol caffeine dehydration diarrhea constipation reflux ulcer hernia gallbladder appendix bladder "
    "prostate menopause contraception breastfeeding newborn toddler teething earache tonsils"
).split()
OPENERS = (
    "How should I handle",
    "What do you recommend for",
    "Is it normal to have",
    "Can you explain",
    "What should I know about",
    "When should I worry about",
    "Is it safe to combine",
    "Why do I get",
    "How long does it take to recover from",
    "What are the side effects of",
)
CONTEXTS = (
    "after surgery",
    "during travel",
    "at night",
    "while pregnant",
    "in winter",
    "after exercise",
    "with diabetes",
    "at work",
    "in my child",
    "since last week",
    "after a fall",
    "with high blood pressure",
)


def make_candidates(n: int, seed: int = 0) -> list[Candidate]:
    """``n`` synthetic candidates in 60 unequal topics, with ~3% exact and ~3% near duplicates and ~5% junk."""
    rng = random.Random(seed)
    topics = [rng.sample(WORDS, 5) for _ in range(60)]
    weights = [1 / (i + 1) for i in range(len(topics))]
    out: list[Candidate] = []
    for i in range(n):
        roll = rng.random()
        if out and roll < 0.03:  # exact duplicate of an earlier pair
            src = rng.choice(out)
            out.append(Candidate(f"c{i:05d}", src.prompt.upper(), src.response, src.source, src.category))
            continue
        if out and roll < 0.06:  # near duplicate: one word added to the prompt, response reworded slightly
            src = rng.choice(out)
            out.append(
                Candidate(
                    f"c{i:05d}",
                    src.prompt.rstrip("?") + " please?",
                    src.response.replace(". ", ", really. ", 1),
                    src.source,
                    src.category,
                )
            )
            continue
        t = rng.choices(range(len(topics)), weights)[0]
        words = topics[t]
        prompt = (
            f"{rng.choice(OPENERS)} {' '.join(rng.sample(words, 3))} {rng.choice(CONTEXTS)} "
            f"for a {rng.randint(2, 90)} year old?"
        )
        if roll < 0.11:
            response = rng.choice(
                (
                    "See above.",
                    "Ask your doctor",
                    "https://example.org/info",
                    "<p>&nbsp;</p>",
                    _answer(rng, words)[:150],
                )
            )  # the last one: truncated mid-sentence
        else:
            response = _answer(rng, words)
        out.append(
            Candidate(f"c{i:05d}", prompt, response, rng.choice(("portal", "faq", "nurse_line")), f"topic{t:02d}")
        )
    return out


STARTS = (
    "Most people find that",
    "In many cases",
    "Our nurses often see that",
    "It helps to know that",
    "Studies suggest that",
    "For adults,",
    "For children,",
    "If you are pregnant,",
    "Over time,",
    "At first,",
    "When symptoms start,",
    "After a few days,",
    "During the night,",
    "Before your visit,",
    "Usually",
)
VERBS = (
    "the {a} improves when you rest the {b}",
    "your {a} may flare up together with the {b}",
    "a change in {a} can point to trouble with the {b}",
    "treating the {a} early protects the {b}",
    "the {a} and the {b} respond to the same simple steps",
    "checking the {a} tells us more than the {b}",
    "a small dose for the {a} is enough unless the {b} gets worse",
    "the {a} settles if the {b} is watched",
)
ENDS = (
    "so keep a short diary.",
    "and that is reassuring.",
    "which your pharmacist can explain.",
    "so call us if it lasts longer than {n} days.",
    "but tell us at once if you feel faint.",
    "and most people recover within {n} days.",
    "so bring your readings to the next visit.",
    "which is why we ask about it every {n} weeks.",
    "and a follow-up in {n} days is sensible.",
)


def _answer(rng: random.Random, words: list[str]) -> str:
    def sentence() -> str:
        a, b = rng.sample(words + rng.sample(WORDS, 3), 2)
        return (
            f"{rng.choice(STARTS)} {rng.choice(VERBS).format(a=a, b=b)} {rng.choice(ENDS).format(n=rng.randint(2, 30))}"
        )

    paragraphs = [f"Thanks for asking about {rng.choice(words)}. " + sentence()]
    for _ in range(rng.randint(1, 4)):
        paragraphs.append(" ".join(sentence() for _ in range(rng.randint(1, 3))))
    if rng.random() < 0.6:
        paragraphs.append("\n".join(f"- {sentence()}" for _ in range(rng.randint(2, 4))))
    return "\n\n".join(paragraphs)


def run(pool: list[Candidate], n: int, embedder: str, with_phi: bool) -> tuple[float, dict]:
    """Wall seconds and stats, with stats["cpu_s"] = process CPU seconds of the run."""
    config = CurationConfig(n=n, embedder=embedder)
    if not with_phi:
        config = config.without_filter("residual_phi")
    started, cpu = time.perf_counter(), time.process_time()
    result = curate(pool, config)
    result.stats["cpu_s"] = time.process_time() - cpu
    return time.perf_counter() - started, result.stats


def table(rows: list[tuple[str, float, dict]]) -> str:
    """Markdown table; the last row (TF-IDF) is the baseline of the time ratio."""
    base = rows[-1][1]
    lines = [
        "| embedder | total s (wall) | CPU s | embed s | select s | selected | mean dist. selected / random "
        "| random / selected | cluster entropy selected / random | time vs TF-IDF |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, seconds, stats in rows:
        cov, t = stats["coverage"], stats["timings_s"]
        lines.append(
            f"| {name} | {seconds:.1f} | {stats['cpu_s']:.1f} | {t['embed']:.1f} | {t['select']:.1f} "
            f"| {stats['counts']['selected']} "
            f"| {cov['selected']['mean_nearest_distance']:.4f} / {cov['random']['mean_nearest_distance']:.4f} "
            f"| {cov['distance_ratio_random_over_selected']:.2f}x "
            f"| {cov['selected']['cluster_entropy']:.3f} / {cov['random']['cluster_entropy']:.3f} "
            f"| {seconds / base:.2f}x |"
        )
    return "\n".join(lines)


def verdict(rows: list[tuple[str, float, dict]], n_pool: int, n: int) -> str:
    """PASS/FAIL against the target, only for the run the target is about."""
    minilm = next((seconds for name, seconds, _ in rows if name == "minilm"), None)
    if minilm is None:
        return "Target (MiniLM, 1,000 of 20,000, <= 180 s): NOT JUDGED - MiniLM was skipped (--skip-minilm)."
    if n_pool != TARGET_POOL or n != TARGET_N:
        return (
            f"Target (MiniLM, 1,000 of 20,000, <= {TARGET_S:.0f} s): NOT JUDGED - this run selected {n} of "
            f"{n_pool}; MiniLM took {minilm:.1f} s wall."
        )
    word = "PASS" if minilm <= TARGET_S else "FAIL"
    return f"Target (MiniLM, 1,000 of 20,000, <= {TARGET_S:.0f} s wall): **{word}** - {minilm:.1f} s measured."


def reading(rows: list[tuple[str, float, dict]]) -> str:
    """Sentences computed from this run's numbers (nothing written by hand)."""
    out = []
    for name, seconds, stats in rows:
        t, cov = stats["timings_s"], stats["coverage"]
        stage, longest = max(t.items(), key=lambda kv: kv[1])
        better = "beats" if cov["distance_ratio_random_over_selected"] > 1 else "does not beat"
        out.append(
            f"{name}: {seconds:.1f} s wall ({stats['cpu_s']:.1f} CPU s), longest stage {stage} ({longest:.1f} s); "
            f"{stats['counts']['after_dedup']} candidates after dedup; the selection {better} the random "
            f"selection on mean distance to the nearest selected item "
            f"({cov['distance_ratio_random_over_selected']:.2f}x)."
        )
    return " ".join(out)


def machine() -> str:
    """Processor, visible cores, Python and torch threads."""
    try:
        import torch

        threads = f", torch threads {torch.get_num_threads()}"
    except ImportError:
        threads = ""
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores visible, Python {platform.python_version()}{threads}"


def load_average() -> str:
    """1/5/15-minute load averages now."""
    if not hasattr(os, "getloadavg"):
        return "n/a"
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def update_docs(section: str) -> None:
    """Replace the "## Curation" section of docs/benchmarks.md (up to the next "## ") with ``section``."""
    path = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Curation\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pool", "--candidates", dest="pool", type=int, default=TARGET_POOL, help="candidates")
    parser.add_argument("--n", type=int, default=TARGET_N, help="training examples to select (+50 +300)")
    parser.add_argument("--skip-minilm", action="store_true", help="TF-IDF only")
    parser.add_argument("--with-phi", action="store_true", help="include the residual-PHI filter (slow)")
    parser.add_argument("--update-docs", action="store_true", help="rewrite the Curation section of docs/benchmarks.md")
    args = parser.parse_args()
    where, load_start = machine(), load_average()
    started = time.perf_counter()
    pool = make_candidates(args.pool)
    print(f"generated {len(pool)} candidates in {time.perf_counter() - started:.1f} s on {where}; load {load_start}")
    rows = []
    for embedder in ([] if args.skip_minilm else ["minilm"]) + ["tfidf"]:
        seconds, stats = run(pool, args.n, embedder, args.with_phi)
        rows.append((embedder, seconds, stats))
        print(
            f"{embedder}: {seconds:.1f} s wall, {stats['cpu_s']:.1f} CPU s, stages {stats['timings_s']}, "
            f"{stats['counts']['after_dedup']} after dedup, rejected {stats['counts']['rejected_by_reason']}",
            flush=True,
        )
    load_end = load_average()
    phi = (
        "The residual-PHI filter ran (--with-phi)."
        if args.with_phi
        else "Excluded: the residual-PHI filter - it runs the redaction engine over every prompt and response, a "
        "cost of redaction (measured by bench/redaction.py), not of selection; --with-phi includes it."
    )
    command = " ".join([".venv/bin/python bench/curation.py"] + sys.argv[1:])
    out = table(rows)
    lines = [
        out,
        "",
        verdict(rows, len(pool), args.n),
        "",
        "Ratio column: wall time over TF-IDF's wall time in this same run. " + reading(rows),
        "",
        phi,
    ]
    print("\n".join(lines))
    print(f"load average (1/5/15 min) at start {load_start}, at end {load_end}")
    if args.update_docs:
        update_docs(
            "## Curation\n\n"
            "Generated by bench/curation.py (rerun it to refresh this section; nothing here is written by hand).\n\n"
            f"`{command}` - select {args.n} + 50 + 300 of {len(pool)} synthetic candidates, on {where}; load "
            f"average (1/5/15 min) {load_start} at start, {load_end} at end.\n\n" + "\n".join(lines) + "\n\n"
        )


if __name__ == "__main__":
    main()
