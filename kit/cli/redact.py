"""``kit redact detect|apply|eval``: PHI redaction of plain JSONL files (no workspace needed).

Thin shell over ``redaction.files`` and ``redaction.evaluation``; ``kit redact run`` (detection over a
workspace) is attached to this app by ``kit.cli.review``. The redaction package is imported inside the
commands because loading Presidio and spaCy takes seconds that ``kit --help`` should not pay.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from kit.cli.common import console, err_console, handle_errors
from kit.errors import InputError, PolicyError

app = typer.Typer(help="Detect and redact PHI (plain files and the workspace).", no_args_is_help=True)

SECRET_ENV = "KIT_REDACT_SECRET"
PROGRESS_MIN_RECORDS = 50  # fewer records finish before a bar would be worth drawing

_POLICY_HELP = "Policy YAML file or shipped name (default: hipaa_safe_harbor)."
_MODEL_HELP = "A learned detector folder (kit redact train): runs with the rules as the policy's learned_model says."


@app.command("detect")
@handle_errors
def detect_cmd(
    input: Path = typer.Option(..., "--input", "-i", help='JSONL lines {"id", "text"}.'),
    output: Path = typer.Option(..., "--output", "-o", help='JSONL lines {"id", "findings": [...]}.'),
    policy: Optional[str] = typer.Option(None, "--policy", "-p", help=_POLICY_HELP),  # noqa: UP007
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help=_MODEL_HELP),  # noqa: UP007
) -> None:
    """Find PHI: offsets, types and scores per record; no text is written."""
    from redaction.files import check_output_path, detect_file, read_records

    _library(check_output_path, output)  # bad paths and bad (or empty) input fail before the engine loads
    total = len(_library(read_records, input, allow_empty=False))
    engine = _engine(policy, model)
    with _progress(total, "detect") as tick:
        count = _library(detect_file, engine, input, output, workers=workers, progress=tick)
    err_console.print(f"{count} record(s) -> {output}")


@app.command("apply")
@handle_errors
def apply_cmd(
    input: Path = typer.Option(..., "--input", "-i", help='JSONL lines {"id", "text"[, "patient_id"]}.'),
    output: Path = typer.Option(..., "--output", "-o", help='JSONL lines {"id", "text"} redacted.'),
    policy: Optional[str] = typer.Option(None, "--policy", "-p", help=_POLICY_HELP),  # noqa: UP007
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help=_MODEL_HELP),  # noqa: UP007
) -> None:
    """Replace PHI as the policy says. Surrogates and date shifts are keyed by $KIT_REDACT_SECRET."""
    from redaction.files import apply_file, check_output_path, read_records

    _library(check_output_path, output)  # bad paths and bad (or empty) input fail before the engine loads
    total = len(_library(read_records, input, allow_empty=False))
    secret = os.environ.get(SECRET_ENV)
    if not secret:
        err_console.print(
            f"note: {SECRET_ENV} is not set; surrogates and date shifts use a random "
            "key for this run only (not consistent across runs)",
            soft_wrap=True,
        )
    key = secret.encode("utf-8") if secret else os.urandom(32)
    engine = _engine(policy, model)
    with _progress(total, "redact") as tick:
        count = _library(apply_file, engine, input, output, key, workers=workers, progress=tick)
    err_console.print(f"{count} record(s) -> {output}")


@app.command("eval")
@handle_errors
def eval_cmd(
    gold: Path = typer.Option(..., "--gold", "-g", help='JSONL lines {"id", "text", "spans": [...]}.'),
    policy: Optional[str] = typer.Option(None, "--policy", "-p", help=_POLICY_HELP),  # noqa: UP007
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    as_json: bool = typer.Option(
        False, "--json", help="Print JSON (documents, total, by_type: counts and rates) instead of a table."
    ),
    show_errors: bool = typer.Option(
        False,
        "--show-errors",
        help="After the table, list the missed tokens (by gold type) and the false ones (by finding type and "
        "recognizer) with record id, offset and context. Shows gold text on stdout only (no file, no log). "
        'With --json: an "errors" key.',
    ),
    max_errors: int = typer.Option(
        15, "--max-errors", min=1, help="With --show-errors: the most frequent N strings shown per group."
    ),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help=_MODEL_HELP),  # noqa: UP007
) -> None:
    """Token- and entity-level recall and precision per entity type against gold spans.

    Gold entity types outside the kit's list are accepted and reported under their own name. With
    --model the table scores rules + model, and the rules alone are scored too (what the model adds).
    """
    from redaction.evaluation import analyze_errors, evaluate
    from redaction.files import read_records

    records = _library(read_records, gold, gold=True)
    engine = _engine(policy, model)
    rules_only = None
    if engine.detector is not None:
        rule_findings = _detect_records(engine.rules_only(), records, workers)
        findings = list(engine.with_detector([r["text"] for r in records], iter(rule_findings)))
        rules_only = evaluate(records, rule_findings)
    else:
        findings = _detect_records(engine, records, workers)
    report = evaluate(records, findings)
    errors = analyze_errors(records, findings) if show_errors else None
    if as_json:
        result = report.to_dict()
        if rules_only is not None:
            result["rules_only"] = rules_only.to_dict()
            result["model"] = _model_summary(engine.detector)
        if errors is not None:
            result["errors"] = errors.to_dict(max_errors)
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    title = None if rules_only is None else f"rules + model {engine.detector.path}"
    table = _report_table(report, len(records), title)
    # Piped or redirected, rich would squeeze the table into 80 columns and cut cells: print it whole.
    out = console if console.is_terminal else Console(width=1000, highlight=False)
    out.print(table)
    if rules_only is not None:
        sys.stdout.write("\n".join(_model_lines(report, rules_only, engine.detector)) + "\n")
    if errors is not None:
        # Plain writes: gold text may hold "[...]" or ":name:" that rich would read as markup or emoji.
        sys.stdout.write("\n".join(_error_lines(errors, max_errors)) + "\n")


@app.command("train")
@handle_errors
def train_cmd(
    gold: Optional[Path] = typer.Option(  # noqa: UP007
        None,
        "--gold",
        "-g",
        help="Train on this gold file (the format of `eval --gold`) as if a reviewer had confirmed exactly its "
        "spans; no workspace needed. Without it: the workspace's reviewed records (login, compliance or admin).",
    ),
    output: Optional[Path] = typer.Option(  # noqa: UP007
        None, "--output", "-o", help="With --gold: a new (or empty) folder for the model."
    ),
    policy: Optional[str] = typer.Option(None, "--policy", "-p", help=_POLICY_HELP),  # noqa: UP007
    epochs: float = typer.Option(2.0, "--epochs", min=0.01, help="Passes over the windows that hold PHI."),
    max_minutes: float = typer.Option(15.0, "--max-minutes", min=0.01, help="Training stops after this long."),
    layers: int = typer.Option(3, "--layers", min=1, max=24, help="Encoder layers kept from the base model."),
    seed: int = typer.Option(0, "--seed", help="Seed of initialisation, sampling and shuffling."),
    base: Optional[Path] = typer.Option(  # noqa: UP007
        None, "--base", help="A local BERT folder to start from (default: all-MiniLM-L6-v2 from its package)."
    ),
    synthetic: bool = typer.Option(
        True, "--synthetic/--no-synthetic", help="Add the kit's synthetic gold corpus to the training texts."
    ),
    curve: str = typer.Option(
        "",
        "--curve",
        help="Workspace form: also train on the first N reviewed records for each N given (e.g. 0,50,100,200,400) "
        "and record held-out recall against N (a learning curve).",
    ),
) -> None:
    """Fine-tune a learned PHI detector that joins the rules (offline; CPU or GPU)."""
    from redaction.learned import TrainSettings

    settings = _library(TrainSettings, epochs=epochs, max_minutes=max_minutes, layers=layers, seed=seed)
    sizes = _sizes(curve)
    with _training_progress() as tick:
        if gold is not None:
            if output is None:
                raise InputError("--gold needs --output MODEL_DIR (a new folder for the model)")
            from kit.review.detector import train_from_gold

            detector = _library(
                train_from_gold, gold, output, _library(_load_policy, policy), settings, base, synthetic, tick
            )
            where = str(output)
        else:
            if output is not None or base is not None or not synthetic or policy:
                raise InputError("--output, --base, --no-synthetic and --policy go with --gold (a plain gold file)")
            from kit.cli.common import current_actor, open_workspace
            from kit.review.detector import train_workspace_detector

            ws = open_workspace()
            actor = current_actor(ws)
            entry = _library(train_workspace_detector, ws, ws.vault(), actor, settings, sizes, tick)
            detector, where = None, f"{entry.id} ({entry.path})"
            _print_workspace_metrics(entry)
    if detector is not None:
        t = detector.info.training
        err_console.print(
            f"trained on {t['texts']} text(s) ({', '.join(f'{k} {v}' for k, v in t['by_source'].items())}), "
            f"{t['steps']} step(s) in {t['seconds']:.0f} s on {t['device']}"
            + (" (stopped at --max-minutes)" if t["stopped_early"] else "")
        )
    err_console.print(f"detector -> {where}")


def _load_policy(policy: str | None) -> Any:
    from redaction import load_policy

    return load_policy(policy)


def _sizes(curve: str) -> list[int]:
    try:
        sizes = [int(part) for part in curve.replace(" ", "").split(",") if part]
    except ValueError:
        raise InputError(f"--curve {curve!r}: give whole numbers separated by commas (0,50,100)") from None
    if any(n < 0 for n in sizes):
        raise InputError("--curve: sizes cannot be negative")
    return sizes


def _print_workspace_metrics(entry: Any) -> None:
    m = entry.metrics
    console.print(
        f"Detector {entry.id}: {m['reviewed_train']} reviewed record field(s) trained on, "
        f"{m['reviewed_held_out']} held out."
    )
    if "held_out" in m:
        rules, both = m["held_out"]["rules"], m["held_out"]["ensemble"]
        console.print(f"  held out, rules alone:   recall {rules['recall']:.3f}  precision {rules['precision']:.3f}")
        console.print(f"  held out, rules + model: recall {both['recall']:.3f}  precision {both['precision']:.3f}")
    for point in m.get("curve", []):
        console.print(
            f"  curve: {point['reviewed']:>5} reviewed -> recall {point['recall']:.3f}, "
            f"precision {point['precision']:.3f}"
        )


@contextmanager
def _training_progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar per training stage (the main model, each learning-curve point)."""
    bar = _bar()
    tasks: dict[str, Any] = {}

    def tick(stage: str, step: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=step, total=total)

    with bar:
        yield tick


def _detect_records(engine: Any, records: list[dict], workers: int) -> list[list[Any]]:
    """Findings per record, with a progress bar for long inputs."""
    findings = []
    with _progress(len(records), "detect") as tick:
        for found in engine.iter_detect([r["text"] for r in records], workers=workers):
            findings.append(found)
            tick(1)
    return findings


def _engine(policy: str | None, model: Path | None = None) -> Any:
    from redaction import build_engine, load_policy

    loaded = _library(load_policy, policy)
    if model is not None and not loaded.learned_model.enabled:
        err_console.print(f"note: the policy {loaded.name} turns the learned model off; --model is ignored")
    return _library(build_engine, loaded, model)


def _model_summary(detector: Any) -> dict[str, Any]:
    """What --json says about the detector: its folder, identity, training facts and recorded metrics."""
    info = detector.info
    return {
        "path": str(detector.path),
        "sha256": detector.digest,
        "training": {k: v for k, v in info.training.items() if k != "settings"},
        "metrics": info.metrics,
    }


def _model_lines(report: Any, rules_only: Any, detector: Any) -> list[str]:
    """What the model adds over the rules, and the learning curve it was trained with (if recorded)."""
    both, alone = report.total, rules_only.total
    lines = [
        "",
        f"rules alone:   token recall {alone.token_recall:.3f}  precision {alone.token_precision:.3f}",
        f"rules + model: token recall {both.token_recall:.3f}  precision {both.token_precision:.3f}  "
        f"(recall {both.token_recall - alone.token_recall:+.3f}, precision "
        f"{both.token_precision - alone.token_precision:+.3f})",
    ]
    curve = detector.info.metrics.get("curve") or []
    if curve:
        lines.append("learning curve recorded at training (held-out reviewed records):")
        lines += [
            f"  {p['reviewed']:>5} reviewed: recall {p['recall']:.3f}  precision {p['precision']:.3f}" for p in curve
        ]
    return lines


def _library(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call into ``redaction`` and map its errors onto the kit's (file and line kept)."""
    from redaction.errors import InputFileError, ModelError, PolicyValidationError

    try:
        return fn(*args, **kwargs)
    except PolicyValidationError as err:
        raise PolicyError(err.message, path=err.path, line=err.line) from None
    except InputFileError as err:
        raise InputError(err.message, path=err.path, line=err.line) from None
    except ModelError as err:
        raise InputError(f"{err}; without --model the rules run alone") from None


def _bar() -> Progress:
    """A transient rich progress bar on stderr: label, bar, done/total, time left."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr for long inputs; a no-op callback otherwise."""
    if total < PROGRESS_MIN_RECORDS:
        yield lambda n: None
        return
    bar = _bar()
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _report_table(report: Any, documents: int, title: str | None = None) -> Table:
    table = Table(title=f"Redaction quality on {documents} document(s)" + (f": {title}" if title else ""))
    for column in (
        "entity type",
        "gold",
        "token recall",
        "token precision",
        "entity recall",
        "typed recall",
        "entity precision",
    ):
        table.add_column(
            column, justify="left" if column == "entity type" else "right", no_wrap=column == "entity type"
        )
    rows = sorted(report.by_type.items()) + [("ALL", report.total)]
    for name, c in rows:
        table.add_row(
            name,
            str(c.gold_entities),
            f"{c.token_recall:.3f}",
            f"{c.token_precision:.3f}",
            f"{c.entity_recall:.3f}",
            f"{c.entity_typed_recall:.3f}",
            f"{c.entity_precision:.3f}",
        )
    return table


def _error_lines(errors: Any, max_errors: int) -> list[str]:
    """The ``--show-errors`` listing: missed groups, then false groups, most tokens first."""
    lines = ["", f"MISSED tokens (in gold, under no finding): {sum(g.tokens for g in errors.missed)}"]
    for group in errors.missed:
        lines += _group_lines(group.entity_type, group, max_errors)
    lines += ["", f"FALSE tokens (in a finding, outside every gold span): {sum(g.tokens for g in errors.false)}"]
    for group in errors.false:
        lines += _group_lines(f"{group.entity_type} via {group.recognizer or 'unknown recognizer'}", group, max_errors)
    return lines


def _group_lines(title: str, group: Any, max_errors: int) -> list[str]:
    """A group's header, then one aligned line per string: count, string, where, context with the string marked."""
    lines = ["", f"{title}: {group.tokens} token(s), {len(group.strings)} distinct string(s)"]
    shown = group.strings[:max_errors]
    places = [f"{s.occurrences[0].document} @{s.occurrences[0].start}" for s in shown]
    text_width = min(30, max(len(s.text) for s in shown))
    place_width = max(map(len, places))
    left_width = max(len(s.occurrences[0].left) for s in shown)
    for item, place in zip(shown, places):
        where = item.occurrences[0]
        lines.append(
            f"  {item.count:>4}x  {item.text:<{text_width}}  {place:<{place_width}}  "
            f"{where.left:>{left_width}}«{item.text}»{where.right}"
        )
    rest = group.strings[max_errors:]
    if rest:
        lines.append(f"  ... {len(rest)} more string(s), {sum(s.tokens for s in rest)} token(s)")
    return lines
