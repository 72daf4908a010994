"""Benchmark: the kit's redaction engine against vanilla Presidio, on real notes first, in one run.

    .venv/bin/python bench/redaction.py              # print the section (Markdown)
    .venv/bin/python bench/redaction.py --limit 20   # a quick run: the first 20 documents of each set
    .venv/bin/python bench/redaction.py --write      # and replace the "## Redaction" section of docs/benchmarks.md

1. The real dev set ``../shared/data/nursing-notes-deid-dev.jsonl`` (ICU nursing notes with gold spans;
   skipped, saying so, when the file is absent): token and entity quality overall and per type, and speed in
   characters per second for vanilla Presidio, the kit with 1 worker and with 2, against the targets.
2. The synthetic gold set (``kit.synth.gold_set``): the generator's self-test, not evidence of real-world
   quality (the recognizers were written against the same templates).

Vanilla = Presidio's AnalyzerEngine with the same spaCy model and its default recognizers, one ``analyze``
call per text as its docs show; its email recognizer is swapped for the kit's offline copy (same regex)
because the stock one would try to download the Public Suffix List. Token recall/precision are
type-agnostic, so vanilla's type names do not matter for them. Only counts and rates are printed: no text
from either set.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from presidio_analyzer import AnalyzerEngine  # noqa: E402
from presidio_analyzer.nlp_engine import NlpEngineProvider  # noqa: E402
from presidio_analyzer.recognizer_registry.recognizers_loader_utils import RecognizerListLoader  # noqa: E402

import redaction  # noqa: E402
from redaction.evaluation import Counts, Report, evaluate  # noqa: E402
from redaction.files import read_records  # noqa: E402
from redaction.findings import Finding  # noqa: E402
from redaction.nlp import SPACY_MODEL  # noqa: E402
from redaction.presidio_recognizers import OfflineEmailRecognizer  # noqa: E402

DEV_SET_NAME = "../shared/data/nursing-notes-deid-dev.jsonl"  # relative to the repository root
DEV_SET = ROOT / DEV_SET_NAME
DOCS = ROOT / "docs" / "benchmarks.md"
SECTION = "## Redaction"
WARMUP_DOCS = 8  # the one warm-up call before each timing runs on this many documents
TARGET_VS_VANILLA = 1.0  # kit (1 worker, every recognizer on) chars/s over vanilla Presidio's
TARGET_TWO_WORKERS = 1.8  # kit with 2 workers over the kit with 1

Detector = Callable[[Sequence[str]], list[list[Finding]]]


@dataclass
class Speed:
    """Seconds for one pass over the same texts, each timed after a warm-up call."""

    chars: int
    vanilla: float
    kit: float
    kit2: float
    same_findings: bool  # 2 workers found exactly what 1 worker found

    @property
    def kit_vs_vanilla(self) -> float:
        """How many times faster than vanilla the kit is, 1 worker each."""
        return self.vanilla / self.kit

    @property
    def two_vs_one(self) -> float:
        """How many times faster the kit is with 2 workers than with 1."""
        return self.kit / self.kit2


@dataclass
class Measured:
    """Quality reports of both engines on one set, and the speed when it was timed."""

    vanilla: Report
    kit: Report
    speed: Speed


def vanilla_engine() -> AnalyzerEngine:
    """Presidio as shipped: default recognizers, same spaCy model, offline email check."""
    config = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": SPACY_MODEL}]}
    with _presidio_classes_only():
        analyzer = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=config).create_engine())
    analyzer.registry.remove_recognizer("EmailRecognizer")
    analyzer.registry.add_recognizer(OfflineEmailRecognizer())
    return analyzer


@contextmanager
def _presidio_classes_only() -> Iterator[None]:
    """Let Presidio's default registry find its recognizers among its own classes only.

    It looks each default up by class name among every loaded ``EntityRecognizer`` subclass (a set, so in no
    fixed order); a kit recognizer of the same name (``CardNumberRecognizer``) would be picked at random.
    """
    everything = RecognizerListLoader.get_all_existing_recognizers

    def presidio_only(cls: type | None = None) -> set[type]:
        return {c for c in everything(cls) if c.__module__.startswith("presidio_analyzer.")}

    with mock.patch.object(RecognizerListLoader, "get_all_existing_recognizers", staticmethod(presidio_only)):
        yield


def vanilla_detector(analyzer: AnalyzerEngine) -> Detector:
    return lambda texts: [
        [Finding(r.start, r.end, r.entity_type, r.score) for r in analyzer.analyze(text=t, language="en")]
        for t in texts
    ]


def kit_detector(engine: redaction.Engine, workers: int) -> Detector:
    return lambda texts: engine.detect_batch(texts, workers=workers)


def timed(detect: Detector, texts: Sequence[str]) -> tuple[list[list[Finding]], float]:
    """Findings and wall seconds of one pass, after one warm-up call on the first few texts."""
    detect(texts[:WARMUP_DOCS])
    start = time.perf_counter()
    findings = detect(texts)
    return findings, time.perf_counter() - start


def measure(analyzer: AnalyzerEngine, engine: redaction.Engine, docs: list[dict]) -> Measured:
    """Time vanilla, the kit with 1 worker and with 2 on the same texts; score the first two."""
    texts = [d["text"] for d in docs]
    v_found, v_sec = timed(vanilla_detector(analyzer), texts)
    k_found, k_sec = timed(kit_detector(engine, 1), texts)
    k2_found, k2_sec = timed(kit_detector(engine, 2), texts)
    speed = Speed(sum(map(len, texts)), v_sec, k_sec, k2_sec, k2_found == k_found)
    return Measured(evaluate(docs, v_found), evaluate(docs, k_found), speed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the Redaction section of docs/benchmarks.md")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N documents of each set")
    args = parser.parse_args()

    load_start = os.getloadavg()[0]
    analyzer, engine = vanilla_engine(), redaction.build_engine()
    real = real_section(analyzer, engine, args.limit)
    synthetic = synthetic_section(analyzer, engine, args.limit)
    header = header_lines(args, analyzer, engine, load_start)
    text = "\n".join([*header, *real, *synthetic])
    print(text)
    if args.write:
        write_section(text)
        print(f"\nwrote the '{SECTION[3:]}' section of {DOCS}")


def header_lines(
    args: argparse.Namespace, analyzer: AnalyzerEngine, engine: redaction.Engine, load: float
) -> list[str]:
    """Title, command, machine (load now = at the end: called after the measurements) and setup."""
    command = " ".join([".venv/bin/python bench/redaction.py", *sys.argv[1:]])
    machine = (
        f"{os.cpu_count()} CPUs ({platform.machine()}), {platform.platform()}, Python {platform.python_version()}; "
        f"1-minute load average {load:.1f} at start, {os.getloadavg()[0]:.1f} at end; {date.today().isoformat()}"
    )
    return [
        SECTION,
        "",
        f"Generated by `{command}` (rerun it to refresh this section; nothing here is written by hand).",
        f"Machine: {machine}.",
        f"Kit: default policy, every recognizer on ({len(engine.analyzer.registry.recognizers)} recognizers); "
        f"vanilla Presidio: its {len(analyzer.registry.recognizers)} default recognizers, same spaCy model "
        f"(`{SPACY_MODEL}`), one `analyze` call per text. Each timing is one pass after one warm-up call "
        f"({WARMUP_DOCS} documents); speed on a shared machine is noisy, so compare within one run.",
        "",
    ]


def real_section(analyzer: AnalyzerEngine, engine: redaction.Engine, limit: int) -> list[str]:
    """Quality and speed on the real dev set, or a line saying it is absent."""
    lines = ["### Real ICU nursing notes (dev set)", ""]
    if not DEV_SET.is_file():
        return [*lines, f"**`{DEV_SET_NAME}` not found: the real-data part (quality, speed targets) is skipped.**", ""]
    docs = read_records(DEV_SET, gold=True)
    docs = docs[:limit] if limit else docs
    m = measure(analyzer, engine, docs)
    return [
        *lines,
        f"`{DEV_SET_NAME}`: {len(docs)} documents, {m.speed.chars:,} characters, "
        f"{m.kit.total.gold_entities} gold spans. Token = a run of letters/digits; entity = any overlap.",
        "",
        quality_table(m),
        "",
        "Recall per gold type (whatever type the finding has):",
        "",
        recall_by_type(m),
        "",
        "Token precision per finding type (each engine names its own types):",
        "",
        precision_by_type(m),
        "",
        speed_table(m.speed),
        "",
        *target_lines(m.speed),
        "",
    ]


def quality_table(m: Measured) -> str:
    rows = [
        "| engine | token recall | token precision | entity recall | entity precision |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, c in (("vanilla Presidio", m.vanilla.total), ("kit", m.kit.total)):
        rows.append(
            f"| {name} | {c.token_recall:.4f} | {c.token_precision:.4f} | {c.entity_recall:.4f} | "
            f"{c.entity_precision:.4f} |"
        )
    return "\n".join(rows)


def recall_by_type(m: Measured) -> str:
    rows = [
        "| gold type | spans | tokens | vanilla token recall | kit token recall | vanilla entity recall "
        "| kit entity recall |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in sorted(t for t, c in m.kit.by_type.items() if c.gold_entities):
        v, k = m.vanilla.by_type.get(name, Counts()), m.kit.by_type[name]
        rows.append(
            f"| {name} | {k.gold_entities} | {k.gold_tokens} | {v.token_recall:.3f} | {k.token_recall:.3f} | "
            f"{v.entity_recall:.3f} | {k.entity_recall:.3f} |"
        )
    return "\n".join(rows)


def precision_by_type(m: Measured) -> str:
    rows = [
        "| finding type | vanilla tokens | vanilla token precision | kit tokens | kit token precision |",
        "|---|---:|---:|---:|---:|",
    ]
    names = {t for r in (m.vanilla, m.kit) for t, c in r.by_type.items() if c.pred_tokens}
    for name in sorted(names):
        cells = [_precision_cells(r.by_type.get(name, Counts())) for r in (m.vanilla, m.kit)]
        rows.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return "\n".join(rows)


def _precision_cells(c: Counts) -> str:
    return f"{c.pred_tokens} | {c.token_precision:.3f}" if c.pred_tokens else "- | -"


def speed_table(s: Speed) -> str:
    return "\n".join(
        [
            "| engine | seconds | chars/s | ratio |",
            "|---|---:|---:|---|",
            f"| vanilla Presidio | {s.vanilla:.2f} | {s.chars / s.vanilla:,.0f} | 1.00x (baseline) |",
            f"| kit, 1 worker | {s.kit:.2f} | {s.chars / s.kit:,.0f} | {s.kit_vs_vanilla:.2f}x vanilla |",
            f"| kit, 2 workers | {s.kit2:.2f} | {s.chars / s.kit2:,.0f} | {s.two_vs_one:.2f}x kit 1 worker |",
        ]
    )


def target_lines(s: Speed) -> list[str]:
    """The speed targets with PASS/FAIL from this run's measurement."""
    same = "identical to" if s.same_findings else "**different from**"
    return [
        f"- target kit (1 worker, every recognizer on) >= {TARGET_VS_VANILLA:.1f}x vanilla: "
        f"{_verdict(s.kit_vs_vanilla, TARGET_VS_VANILLA)} ({s.kit_vs_vanilla:.2f}x measured)",
        f"- target kit 2 workers >= {TARGET_TWO_WORKERS:.1f}x kit 1 worker: "
        f"{_verdict(s.two_vs_one, TARGET_TWO_WORKERS)} ({s.two_vs_one:.2f}x measured, {os.cpu_count()} CPUs)",
        f"- findings with 2 workers: {same} those with 1 worker",
    ]


def _verdict(measured: float, target: float) -> str:
    return "**PASS**" if measured >= target else "**FAIL**"


def synthetic_section(analyzer: AnalyzerEngine, engine: redaction.Engine, limit: int) -> list[str]:
    """The synthetic gold set as before: quality on both halves, speed on the held-out half."""
    from kit.synth import gold_set

    dev, heldout = gold_set()
    if limit:
        dev, heldout = dev[:limit], heldout[:limit]
    m = measure(analyzer, engine, heldout)
    dev_report = evaluate(dev, engine.detect_batch([d["text"] for d in dev]))
    return [
        "### Synthetic gold set: the generator's self-test (not evidence of real-world quality)",
        "",
        f"`kit.synth.gold_set()`: {len(heldout)} held-out documents ({m.speed.chars:,} characters) and {len(dev)} "
        "dev documents. Both halves come from the same generator templates the recognizers were written "
        "against (tuned on dev; no generated name or city is in any `redaction/data` list, a test checks), so "
        "these numbers show that the recognizers handle the generator's surface forms, nothing more. The real "
        "notes above are the measure.",
        "",
        synthetic_table(m, dev_report),
        "",
        "Kit on the held-out half, per entity type (typed recall also asks for the right type):",
        "",
        m.kit.table(),
        "",
    ]


def synthetic_table(m: Measured, dev: Report) -> str:
    s = m.speed
    rows = [
        "| engine | split | token recall | token precision | entity recall | chars/s | speed vs vanilla |",
        "|---|---|---:|---:|---:|---:|---:|",
        _row("vanilla Presidio", "held-out", m.vanilla.total, s.chars / s.vanilla, 1.0),
        _row("kit, 1 worker", "held-out", m.kit.total, s.chars / s.kit, s.kit_vs_vanilla),
        _row("kit, 2 workers", "held-out", m.kit.total, s.chars / s.kit2, s.vanilla / s.kit2),
        _row("kit, 1 worker", "dev (tuned on)", dev.total, None, None),
    ]
    return "\n".join(rows)


def _row(name: str, split: str, c: Counts, speed: float | None, ratio: float | None) -> str:
    speed_text = f"{speed:,.0f}" if speed else "-"
    ratio_text = f"{ratio:.2f}x" if ratio else "-"
    return (
        f"| {name} | {split} | {c.token_recall:.4f} | {c.token_precision:.4f} | {c.entity_recall:.4f} | "
        f"{speed_text} | {ratio_text} |"
    )


def write_section(text: str, section: str = SECTION) -> None:
    """Replace a section (``## Redaction``) of docs/benchmarks.md (or append it), leaving the rest intact."""
    current = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    start = current.find(section + "\n")
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + len(section))
        rest = current[end + 1 :] if end != -1 else ""
        updated = current[:start] + text.rstrip("\n") + ("\n\n" + rest if rest else "")
    tmp = DOCS.with_suffix(".md.tmp")
    tmp.write_text(updated.rstrip("\n") + "\n", encoding="utf-8")
    os.replace(tmp, DOCS)


if __name__ == "__main__":
    main()
