"""Benchmark: select 1,000 (+50 +300) of 20,000 synthetic candidates, with MiniLM embeddings and with TF-IDF.

Run:  .venv/bin/python bench/curation.py [--candidates 20000] [--n 1000] [--skip-minilm] [--update-docs]

Candidates are generated here from a seed: 60 topics of very unequal size (Zipf), templated prompts with
random detail, answers of varying length and quality, plus planted exact and near duplicates and junk. The
pipeline runs every stage except the residual-PHI filter (the redaction engine's throughput is measured by
bench/redaction.py). Coverage is compared with a random selection of the same size drawn in the same run.
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


def run(pool: list[Candidate], n: int, embedder: str) -> tuple[float, dict]:
    """Wall seconds and stats, with stats["cpu_s"] = process CPU seconds.

    On a shared machine CPU / 2 estimates the wall time on two idle cores (torch and BLAS use both).
    """
    config = CurationConfig(n=n, embedder=embedder).without_filter("residual_phi")
    started, cpu = time.perf_counter(), time.process_time()
    result = curate(pool, config)
    result.stats["cpu_s"] = time.process_time() - cpu
    return time.perf_counter() - started, result.stats


def table(rows: list[tuple[str, float, dict]], n_pool: int) -> str:
    base = rows[-1][1]  # TF-IDF is the baseline: it needs no model
    lines = [
        "| embedder | total s (wall) | CPU s | embed s | select s | selected | mean dist. selected / random "
        "| ratio | cluster entropy selected / random | time vs TF-IDF |",
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


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores visible, "
        f"Python {platform.python_version()}, load average at start {load:.1f}"
    )


def update_docs(section: str) -> None:
    path = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Curation\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=20_000)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--skip-minilm", action="store_true")
    parser.add_argument("--update-docs", action="store_true", help="rewrite the Curation section of docs/benchmarks.md")
    args = parser.parse_args()
    where = machine()
    started = time.perf_counter()
    pool = make_candidates(args.candidates)
    print(f"generated {len(pool)} candidates in {time.perf_counter() - started:.1f} s on {where}")
    rows = []
    for embedder in ([] if args.skip_minilm else ["minilm"]) + ["tfidf"]:
        seconds, stats = run(pool, args.n, embedder)
        rows.append((embedder, seconds, stats))
        print(
            f"{embedder}: {seconds:.1f} s  stages {stats['timings_s']}  counts {stats['counts']['after_dedup']} "
            f"after dedup, rejected {stats['counts']['rejected_by_reason']}",
            flush=True,
        )
    out = table(rows, len(pool))
    print(out)
    if args.update_docs:
        update_docs(
            f"## Curation\n\n`{' '.join(['.venv/bin/python bench/curation.py'] + sys.argv[1:])}` - "
            f"select {args.n} + 50 + 300 of {len(pool)} synthetic candidates (every stage but the PHI "
            f"check), on {where}.\n\n{out}\n\n"
        )


if __name__ == "__main__":
    main()
