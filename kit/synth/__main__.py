"""``python -m kit.synth --out DIR [--seed N]``: write the demo corpus (and optionally a gold set)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kit.synth.gold import DEMO_NOTES, DEMO_QA_PAIRS, gold_set, write_demo_corpus, write_gold


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, write the files, print the counts as JSON."""
    parser = argparse.ArgumentParser(prog="python -m kit.synth", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--notes", type=int, default=DEMO_NOTES, help=f"number of notes (default {DEMO_NOTES})")
    parser.add_argument(
        "--pairs", type=int, default=DEMO_QA_PAIRS, help=f"number of Q&A pairs (default {DEMO_QA_PAIRS})"
    )
    parser.add_argument(
        "--gold-set",
        type=int,
        metavar="N",
        default=0,
        help="also write gold/dev.jsonl and gold/heldout.jsonl from gold_set(seed=7, n=N)",
    )
    args = parser.parse_args(argv)
    counts = write_demo_corpus(args.out, seed=args.seed, n_notes=args.notes, n_pairs=args.pairs)
    if args.gold_set:
        dev, heldout = gold_set(n=args.gold_set)
        counts["gold_dev"] = write_gold(args.out / "gold" / "dev.jsonl", dev)
        counts["gold_heldout"] = write_gold(args.out / "gold" / "heldout.jsonl", heldout)
    json.dump(counts, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
