"""Benchmark: the learned detector (``kit redact train``) with the rules, on the real dev set, cross-validated.

    .venv/bin/python bench/redaction_model.py            # 5-fold CV + learning curve + speed (~50 min, 2 cores)
    .venv/bin/python bench/redaction_model.py --write    # and replace "## Learned detector" in docs/benchmarks.md
    .venv/bin/python bench/redaction_model.py --reuse    # rescore the saved predictions (after a policy change)
    .venv/bin/python bench/redaction.py --learned        # the same, from the redaction benchmark

1. **5-fold cross-validation by patient** on ``../shared/data/nursing-notes-deid-dev.jsonl``: for each fold
   the detector is trained on the synthetic gold corpus plus the notes of the other four folds' patients,
   as a reviewer would have confirmed their spans, and scored on the held-out fold's notes: rules alone
   against rules + model, token recall and precision, pooled over the folds.
2. **A synthetic-only detector** (a new workspace, no reviewed notes) scored on every dev note: it must not
   lower the rules' recall.
3. **A learning curve** on fold 0: detectors trained on the synthetic corpus plus the first 0, 50, 100, 200,
   400 and all training notes; a PNG in docs/img/.
4. **Speed**: vanilla Presidio, the rules, and rules + model (1 process) in characters per second on the
   same notes, in this run.

Predictions (offsets and probabilities, no text) are cached in ``bench/.cache/`` so ``--reuse`` rescores
them under the current policy without retraining. Only counts and rates are printed.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import platform
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import redaction  # noqa: E402
from kit.review.detector import synthetic_texts  # noqa: E402
from redaction.evaluation import evaluate  # noqa: E402
from redaction.files import read_records  # noqa: E402
from redaction.learned import Span, TrainingText, TrainSettings, combine, train_detector  # noqa: E402

DEV_SET = ROOT / "../shared/data/nursing-notes-deid-dev.jsonl"
CACHE = ROOT / "bench" / ".cache" / "redaction_model.pkl"
PLOT = ROOT / "docs" / "img" / "learned-detector-curve.png"
SECTION = "## Learned detector"
FOLDS = 5
CURVE = (0, 50, 100, 200, 400, None)  # None: every training note of the fold
SPEED_NOTES = 200
TARGET_RECALL, TARGET_PRECISION = 0.99, 0.90


def fold_of(record_id: str) -> int:
    """The fold of a note: by a hash of its patient (``p12-n3`` -> ``p12``), so no patient is in two folds."""
    return int(hashlib.sha256(record_id.split("-")[0].encode("utf-8")).hexdigest(), 16) % FOLDS


def as_training(records: list[dict], rules: list[list], source: str) -> list[TrainingText]:
    return [
        TrainingText(
            r["text"],
            [Span(s["start"], s["end"], s["entity_type"]) for s in r["spans"]],
            [Span(f.start, f.end, f.entity_type, f.score) for f in found],
            source,
        )
        for r, found in zip(records, rules)
    ]


def run(settings: TrainSettings, limit: int | None = None) -> dict:
    """Train and predict everything; returns what the report needs (predictions, not text)."""
    records = read_records(DEV_SET, gold=True)[:limit]
    engine = redaction.build_engine()
    started = time.perf_counter()
    rules = engine.detect_batch([r["text"] for r in records], workers=2)
    print(f"rules on {len(records)} notes: {time.perf_counter() - started:.0f} s", flush=True)
    synthetic = synthetic_texts(engine)
    texts = as_training(records, rules, "gold")
    out: dict = {
        "settings": settings,
        "rules": rules,
        "folds": {},
        "curve": [],
        "train_seconds": [],
        "commit": _commit(),
    }
    for k in range(FOLDS):
        train = [t for r, t in zip(records, texts) if fold_of(r["id"]) != k]
        test = [i for i, r in enumerate(records) if fold_of(r["id"]) == k]
        detector = train_detector(synthetic + train, settings=settings)
        out["train_seconds"].append((len(synthetic) + len(train), detector.info.training["seconds"]))
        out["folds"][k] = dict(zip(test, _predict(detector, [texts[i] for i in test])))
        print(f"fold {k}: {len(train)} training notes, {detector.info.training['seconds']:.0f} s", flush=True)
        if k == 0:
            curve_train, curve_test, fold0 = train, test, out["folds"][0]
            out["synthetic_only"] = _predict(train_detector(synthetic, settings=settings), texts)
    # The curve's ends are models trained already: none of fold 0's notes (synthetic only) and all of them.
    for n in CURVE:
        size = len(curve_train) if n is None else min(n, len(curve_train))
        if size == 0:
            predictions = {i: out["synthetic_only"][i] for i in curve_test}
        elif size == len(curve_train):
            predictions = fold0
        else:
            detector = train_detector(synthetic + curve_train[:size], settings=settings)
            predictions = dict(zip(curve_test, _predict(detector, [texts[i] for i in curve_test])))
        out["curve"].append((size, predictions))
        print(f"curve {size}: done", flush=True)
    out["speed"] = speed(engine, detector, [r["text"] for r in records[:SPEED_NOTES]])
    return out


def _predict(detector, texts: list[TrainingText]) -> list:
    import tempfile

    from redaction.learned.model import load_detector, save_detector

    with tempfile.TemporaryDirectory() as tmp:  # predict as users do: saved, loaded (int8 on a CPU)
        save_detector(detector, Path(tmp) / "m")
        loaded = load_detector(Path(tmp) / "m")
    return loaded.predict([t.text for t in texts], [t.rule_spans for t in texts])


def speed(engine, detector, texts: list[str]) -> dict:
    """Characters per second of vanilla Presidio, the rules and rules + model on the same notes."""
    import tempfile

    from redaction import Engine
    from redaction.learned.model import load_detector, save_detector

    vanilla_detector, vanilla_engine = _bench().vanilla_detector, _bench().vanilla_engine

    with tempfile.TemporaryDirectory() as tmp:
        save_detector(detector, Path(tmp) / "m")
        both = Engine(engine.analyzer, engine.nlp_engine, engine.policy, load_detector(Path(tmp) / "m"))
    runs = {
        "vanilla Presidio": vanilla_detector(vanilla_engine()),
        "rules (1 process)": lambda t: engine.detect_batch(t),
        "rules + model (1 process)": lambda t: both.detect_batch(t),
    }
    chars = sum(map(len, texts))
    result = {}
    for name, detect in runs.items():
        detect(texts[:8])
        started = time.perf_counter()
        detect(texts)
        result[name] = chars / (time.perf_counter() - started)
    return result


def report(data: dict, policy) -> list[str]:
    records = read_records(DEV_SET, gold=True)[: len(data["rules"])]
    rules = data["rules"]
    settings = policy.learned_model

    def ensemble(predictions: dict) -> tuple[list[dict], list, list]:
        idx = sorted(predictions)
        both = [combine(records[i]["text"], rules[i], predictions[i], settings) for i in idx]
        return [records[i] for i in idx], [rules[i] for i in idx], both

    lines = [SECTION, "", _machine(data), ""]
    lines += ["### 5-fold cross-validation by patient (real dev set)", ""]
    lines += ["| fold | notes | gold tokens | rules recall | rules precision | + model recall | + model precision |"]
    lines += ["|---|---:|---:|---:|---:|---:|---:|"]
    pooled_gold, pooled_rules, pooled_both = [], [], []
    for k, predictions in sorted(data["folds"].items()):
        gold, alone, both = ensemble(predictions)
        pooled_gold += gold
        pooled_rules += alone
        pooled_both += both
        lines.append(_fold_row(str(k), gold, alone, both))
    lines.append(_fold_row("**all**", pooled_gold, pooled_rules, pooled_both))
    total = evaluate(pooled_gold, pooled_both).total
    lines += [
        "",
        f"Target (issue 14): recall >= {TARGET_RECALL}, precision >= {TARGET_PRECISION}, both above the rules: "
        f"recall {total.token_recall:.4f}, precision {total.token_precision:.4f}.",
    ]
    by_type = evaluate(pooled_gold, pooled_both).by_type
    lines += [
        "",
        "Recall by gold type, rules + model: "
        + ", ".join(f"{t} {c.token_recall:.3f}" for t, c in sorted(by_type.items()) if c.gold_tokens),
    ]
    lines += [
        "",
        "How the policy's `learned_model` settings trade recall for precision (all folds pooled; the shipped",
        f"policies use add_threshold {settings.add_threshold}, veto_below {settings.veto_below}: recall first, "
        "chosen on these same predictions):",
        "",
    ]
    lines += ["| veto_below | add_threshold | recall | precision |", "|---:|---:|---:|---:|"]
    position = {r["id"]: i for i, r in enumerate(records)}
    for veto, add in ((0.0, 0.5), (0.0, 0.7), (0.0, 0.9), (0.05, 0.9), (0.1, 1.0), (0.3, 1.0), (0.5, 1.0)):
        alt = settings.model_copy(update={"veto_below": veto, "add_threshold": add})
        both = [
            combine(g["text"], f, data["folds"][fold_of(g["id"])][position[g["id"]]], alt)
            for g, f in zip(pooled_gold, pooled_rules)
        ]
        c = evaluate(pooled_gold, both).total
        lines.append(f"| {veto} | {add} | {c.token_recall:.4f} | {c.token_precision:.4f} |")
    syn = data["synthetic_only"]
    alone = evaluate(records, rules).total
    syn_both = evaluate(records, [combine(r["text"], f, p, settings) for r, f, p in zip(records, rules, syn)]).total
    lines += ["", "### A new workspace: the detector trained on the synthetic corpus alone, on all 984 dev notes", ""]
    lines += ["| | token recall | token precision |", "|---|---:|---:|"]
    lines += [
        f"| rules | {alone.token_recall:.4f} | {alone.token_precision:.4f} |",
        f"| rules + synthetic-only model | {syn_both.token_recall:.4f} | {syn_both.token_precision:.4f} |",
    ]
    lines += ["", "### Learning curve (fold 0: rules + model against the number of reviewed notes)", ""]
    lines += ["| reviewed notes | recall | precision |", "|---:|---:|---:|"]
    points = []
    for size, predictions in data["curve"]:
        gold, _, both = ensemble(predictions)
        c = evaluate(gold, both).total
        points.append((size, c.token_recall, c.token_precision))
        lines.append(f"| {size} | {c.token_recall:.4f} | {c.token_precision:.4f} |")
    _plot(points)
    lines += ["", f"![learning curve](img/{PLOT.name})", ""]
    lines += ["### Speed (characters per second, first 200 dev notes, same run)", ""]
    lines += ["| engine | chars/s | vs vanilla |", "|---|---:|---:|"]
    vanilla = data["speed"]["vanilla Presidio"]
    lines += [f"| {name} | {value:,.0f} | {value / vanilla:.2f}x |" for name, value in data["speed"].items()]
    texts, seconds = max(data["train_seconds"])
    lines += [
        "",
        f"Training on {texts} texts (synthetic + 4 folds): {seconds:.0f} s "
        f"(target: 1,000 reviewed notes <= 15 min on 2 CPU cores).",
    ]
    return lines


def _fold_row(name: str, gold: list, alone: list, both: list) -> str:
    a, b = evaluate(gold, alone).total, evaluate(gold, both).total
    return (
        f"| {name} | {len(gold)} | {a.gold_tokens} | {a.token_recall:.4f} | {a.token_precision:.4f} | "
        f"{b.token_recall:.4f} | {b.token_precision:.4f} |"
    )


def _plot(points: list[tuple[int, float, float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 3.2), dpi=110)
    ax.plot([p[0] for p in points], [p[1] for p in points], "o-", label="recall")
    ax.plot([p[0] for p in points], [p[2] for p in points], "s--", label="precision")
    ax.set_xlabel("reviewed notes trained on (plus the synthetic corpus)")
    ax.set_ylabel("token rate, held-out fold")
    ax.set_title("Learned detector + rules, real ICU notes")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT)
    plt.close(fig)


def _machine(data: dict) -> str:
    s = data["settings"]
    return (
        f"Run {date.today().isoformat()} on {platform.machine()} ({_cores()} cores), "
        f"`bench/redaction_model.py`, rules and code at {data.get('commit', '?')}; detector: {s.layers} MiniLM "
        f"layers, {s.epochs:g} epochs, window {s.window}, seed {s.seed}; int8 on the CPU. Training seconds per fold: "
        + ", ".join(f"{seconds:.0f} s ({texts} texts)" for texts, seconds in data["train_seconds"])
        + " (the slower folds ran while other work shared the 2 cores)."
    )


def _commit() -> str:
    import subprocess

    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "redaction"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() + (" with uncommitted redaction/ changes" if dirty.stdout.strip() else "")


def _bench():  # noqa: ANN202 - bench/redaction.py, loaded by path (its name is the package's)
    import importlib.util

    spec = importlib.util.spec_from_file_location("redaction_bench", ROOT / "bench" / "redaction.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["redaction_bench"] = module
    spec.loader.exec_module(module)
    return module


def _cores() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section of docs/benchmarks.md")
    parser.add_argument("--reuse", action="store_true", help="rescore the cached predictions")
    parser.add_argument("--epochs", type=float, default=TrainSettings.epochs)
    parser.add_argument("--limit", type=int, default=None, help="first N dev notes only (a smoke test)")
    args = parser.parse_args(argv)
    if not DEV_SET.exists():
        print(f"{SECTION}\n\nSkipped: {DEV_SET.name} is not there (../shared/data).")
        return
    if args.reuse:
        data = pickle.loads(CACHE.read_bytes())
    else:
        data = run(TrainSettings(epochs=args.epochs), args.limit)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(data))
    text = "\n".join(report(data, redaction.load_policy())) + "\n"
    print(text)
    if args.write:
        _bench().write_section(text, SECTION)


if __name__ == "__main__":
    main()
