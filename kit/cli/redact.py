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


@app.command("detect")
@handle_errors
def detect_cmd(
    input: Path = typer.Option(..., "--input", "-i", help='JSONL lines {"id", "text"}.'),
    output: Path = typer.Option(..., "--output", "-o", help='JSONL lines {"id", "findings": [...]}.'),
    policy: Optional[str] = typer.Option(None, "--policy", "-p", help=_POLICY_HELP),  # noqa: UP007
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
) -> None:
    """Find PHI: offsets, types and scores per record; no text is written."""
    from redaction.files import check_output_path, detect_file, read_records

    _library(check_output_path, output)  # bad paths and bad input fail before the engine loads
    total = len(_library(read_records, input))
    engine = _engine(policy)
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
) -> None:
    """Replace PHI as the policy says. Surrogates and date shifts are keyed by $KIT_REDACT_SECRET."""
    from redaction.files import apply_file, check_output_path, read_records

    _library(check_output_path, output)  # bad paths and bad input fail before the engine loads
    total = len(_library(read_records, input))
    secret = os.environ.get(SECRET_ENV)
    if not secret:
        err_console.print(
            f"note: {SECRET_ENV} is not set; surrogates and date shifts use a random "
            "key for this run only (not consistent across runs)",
            soft_wrap=True,
        )
    key = secret.encode("utf-8") if secret else os.urandom(32)
    engine = _engine(policy)
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
) -> None:
    """Token- and entity-level recall and precision per entity type against gold spans.

    Gold entity types outside the kit's list are accepted and reported under their own name.
    """
    from redaction.evaluation import analyze_errors, evaluate
    from redaction.files import read_records

    records = _library(read_records, gold, gold=True)
    findings = _detect_records(_engine(policy), records, workers)
    report = evaluate(records, findings)
    errors = analyze_errors(records, findings) if show_errors else None
    if as_json:
        result = report.to_dict()
        if errors is not None:
            result["errors"] = errors.to_dict(max_errors)
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = _report_table(report, len(records))
    # Piped or redirected, rich would squeeze the table into 80 columns and cut cells: print it whole.
    out = console if console.is_terminal else Console(width=1000, highlight=False)
    out.print(table)
    if errors is not None:
        # Plain writes: gold text may hold "[...]" or ":name:" that rich would read as markup or emoji.
        sys.stdout.write("\n".join(_error_lines(errors, max_errors)) + "\n")


def _detect_records(engine: Any, records: list[dict], workers: int) -> list[list[Any]]:
    """Findings per record, with a progress bar for long inputs."""
    findings = []
    with _progress(len(records), "detect") as tick:
        for found in engine.iter_detect([r["text"] for r in records], workers=workers):
            findings.append(found)
            tick(1)
    return findings


def _engine(policy: str | None) -> Any:
    from redaction import build_engine, load_policy

    return build_engine(_library(load_policy, policy))


def _library(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call into ``redaction`` and map its errors onto the kit's (file and line kept)."""
    from redaction.errors import InputFileError, PolicyValidationError

    try:
        return fn(*args, **kwargs)
    except PolicyValidationError as err:
        raise PolicyError(err.message, path=err.path, line=err.line) from None
    except InputFileError as err:
        raise InputError(err.message, path=err.path, line=err.line) from None


@contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A rich progress bar on stderr for long inputs; a no-op callback otherwise."""
    if total < PROGRESS_MIN_RECORDS:
        yield lambda n: None
        return
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    )
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def _report_table(report: Any, documents: int) -> Table:
    table = Table(title=f"Redaction quality on {documents} document(s)")
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
