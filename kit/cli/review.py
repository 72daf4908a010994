"""``kit review ...`` (queue, decisions, QA, sign-off) and ``kit redact run`` (detection over the workspace).

Thin shells over :mod:`kit.review`: parse, call one library function, render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from kit.cli.common import console, current_actor, handle_errors, open_workspace
from kit.errors import InputError
from kit.review import decisions, sampling, signoff, store, views
from kit.review.detect import run_detection
from kit.review.sampling import DrawResult, ResidualSpan
from kit.review.signoff import ReviewSummary
from kit.users import Role

app = typer.Typer(help="Compliance review of redactions: queue, decisions, QA, sign-off.", no_args_is_help=True)


@app.command("status")
@handle_errors
def status_cmd() -> None:
    """Counts per state, the QA bound, and what blocks sign-off."""
    print_summary(signoff.review_summary(open_workspace()))


@app.command("next")
@handle_errors
def next_cmd(
    after: Optional[str] = typer.Option(None, help="Record just reviewed: show the one after it."),  # noqa: UP007
    limit: int = typer.Option(10, help="Queue rows to list."),
) -> None:
    """The riskiest records awaiting review, and the one to open next."""
    ws = open_workspace()
    actor = current_actor(ws)
    print_queue(views.queue(ws, actor, limit=limit), views.next_in_queue(ws, actor, after))


@app.command("show")
@handle_errors
def show_cmd(record_id: str = typer.Argument(..., help="Record id.")) -> None:
    """A record with its findings. Raw text is printed for the compliance role only."""
    ws = open_workspace()
    actor = current_actor(ws)
    if actor.role is Role.COMPLIANCE:
        print_record(views.record_view(ws, ws.vault(), actor, record_id))
    else:
        console.print(f"Raw text is for the compliance role only; {actor.name} ({actor.role}) sees offsets.")
        print_finding_rows(views.finding_rows(ws, actor, record_id))


@app.command("decide")
@handle_errors
def decide_cmd(
    finding_id: int = typer.Argument(..., help="Finding id (kit review show RECORD)."),
    confirm: bool = typer.Option(False, "--confirm", help="It is PHI: keep it redacted; flag the value elsewhere."),
    reject: bool = typer.Option(False, "--reject", help="False positive: leave the text as it is."),
    new_type: Optional[str] = typer.Option(None, "--type", help="It is PHI of another type."),  # noqa: UP007
    allow_list: bool = typer.Option(False, "--allow-list", help="With --reject: never flag this value again."),
) -> None:
    """Confirm, reject or retype one finding."""
    chosen = [name for name, on in (("confirm", confirm), ("reject", reject), ("retype", new_type)) if on]
    if len(chosen) != 1:
        raise InputError("choose exactly one of --confirm, --reject, --type TYPE")
    ws = open_workspace()
    result = decisions.decide(ws, ws.vault(), current_actor(ws), finding_id, chosen[0], new_type, allow_list)
    console.print(
        f"Finding {result.finding_id} in {result.record_id}: {result.status} as {result.entity_type}; "
        f"propagated to {result.propagated.findings} finding(s) in {result.propagated.records} record(s)."
    )


@app.command("add-span")
@handle_errors
def add_span_cmd(
    record_id: str = typer.Argument(..., help="Record id."),
    field: str = typer.Option("text", "--field", help="text, prompt or response."),
    start: int = typer.Option(..., "--start", help="Start offset in the raw field."),
    end: int = typer.Option(..., "--end", help="End offset (exclusive)."),
    entity_type: str = typer.Option(..., "--type", help="Entity type, e.g. PERSON."),
) -> None:
    """Add a span the engine missed; its value is flagged in every other record too."""
    ws = open_workspace()
    result = decisions.add_span(ws, ws.vault(), current_actor(ws), record_id, field, start, end, entity_type)
    console.print(
        f"Added finding {result.finding_id} ({entity_type}) to {record_id}; the value was flagged in "
        f"{result.propagated.findings} more place(s) across {result.propagated.records} record(s)."
    )


@app.command("approve")
@handle_errors
def approve_cmd(record_id: str = typer.Argument(..., help="Record id.")) -> None:
    """Approve a record's findings (refused while low-confidence findings are open)."""
    ws = open_workspace()
    decisions.approve(ws, current_actor(ws), record_id)
    console.print(f"Approved {record_id}.")


@app.command("sample")
@handle_errors
def sample_cmd(
    draw: bool = typer.Option(
        False, "--draw", help="Anonymize approved records, re-queue stale clean marks, draw the QA sample."
    ),
    more: int = typer.Option(0, "--more", help="With --draw: draw this many records beyond the policy's size."),
    clean: Optional[list[str]] = typer.Option(None, "--clean", help="Mark a sampled record clean (repeatable)."),  # noqa: UP007
    residual: Optional[str] = typer.Option(None, "--residual", help="Mark a sampled record as still identifying."),  # noqa: UP007
    span: Optional[list[str]] = typer.Option(  # noqa: UP007
        None, "--span", help="With --residual: FIELD:START:END[:TYPE] in the redacted text (repeatable)."
    ),
) -> None:
    """Sampled QA of redacted records; prints the residual rate and its 95% upper bound."""
    ws = open_workspace()
    actor = current_actor(ws)
    if draw:
        print_draw(sampling.draw_sample(ws, ws.vault(), actor, more=more))
    for record_id in clean or []:
        sampling.mark_clean(ws, actor, record_id)
        console.print(f"{record_id}: clean.")
    if residual:
        sampling.mark_residual(ws, actor, residual, [parse_span(s) for s in span or []])
        console.print(f"{residual}: residual PHI recorded; the record is re-opened for review.")
    print_summary(signoff.review_summary(ws), qa_only=True)


@app.command("signoff")
@handle_errors
def signoff_cmd() -> None:
    """Sign off the redacted record set (compliance; refused while anything is open)."""
    ws = open_workspace()
    signed = signoff.sign_off(ws, current_actor(ws))
    console.print(
        f"Sign-off {signed.id} by {signed.reviewer}: {signed.n_records} records, residual bound "
        f"{signed.bound_record:.5f} < {signed.threshold}, record set {signed.record_set_hash[:12]}, "
        f"policy {signed.policy_name}@{signed.policy_hash[:12]}."
    )


@handle_errors
def redact_run_cmd(
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes for detection."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="Records per committed batch."),  # noqa: UP007
    no_model: bool = typer.Option(
        False, "--no-model", help="Rules only: leave the workspace's learned detector (kit redact train) out."
    ),
) -> None:
    """Detect PHI in every ingested record (resumable: rerun after an interruption).

    The workspace's newest learned detector joins the rules when the policy's learned_model is enabled.
    """
    ws = open_workspace()
    actor = current_actor(ws)
    vault = ws.vault()
    with progress_bar() as update:
        result = run_detection(
            ws, vault, actor, workers=workers, batch_size=batch_size, on_progress=update, use_model=not no_model
        )
    console.print(
        f"Detection: {result.processed} record(s) processed ({result.already_done} already done), "
        f"{result.findings} finding(s) in {result.seconds:.1f} s; deny-list added {result.deny_added}, "
        f"allow-list dropped {result.allow_dropped}."
        + (f" Learned detector {result.detector} ran with the rules." if result.detector else "")
    )
    for entity_type, n in sorted(result.by_type.items(), key=lambda kv: -kv[1]):
        console.print(f"  {entity_type:<22} {n}")


def attach_redact_run() -> bool:
    """Add ``run`` to the redaction engineer's ``kit redact`` app when it exists."""
    try:
        from kit.cli.redact import app as redact_app
    except ModuleNotFoundError as exc:
        if exc.name != "kit.cli.redact":
            raise
        return False
    if not any(getattr(c, "name", None) == "run" for c in redact_app.registered_commands):
        redact_app.command("run")(redact_run_cmd)
    return True


attach_redact_run()


# -- rendering -------------------------------------------------------------------------------------------------
def print_summary(summary: ReviewSummary, qa_only: bool = False) -> None:
    """Counts per state, the QA sample and bound, blockers and the latest sign-off."""
    qa = summary.qa
    if not qa_only:
        console.print(
            f"Policy {summary.policy_name}@{summary.policy_hash[:12]}, review mode {qa.mode}, threshold {qa.threshold}"
        )
        console.print(
            "Records: "
            + ", ".join(f"{state} {n}" for state, n in summary.states.items())
            + f" (total {summary.records})"
        )
        console.print(
            "Findings: "
            + (", ".join(f"{k} {v}" for k, v in sorted(summary.findings.items())) or "none")
            + f"; open low-confidence {summary.open_low_confidence}"
        )
    console.print(
        f"QA sample: {qa.sampled} drawn (policy asks for {qa.target}) of {qa.population} redacted, "
        f"{qa.checked} checked, {qa.residual_records} with residual PHI"
        + (f", {qa.stale} clean mark(s) stale (text changed since)" if qa.stale else "")
    )
    console.print(
        f"Residual rate per record {qa.rate_record:.4f} (95% upper bound {qa.bound_record:.5f}); per token "
        f"{qa.rate_token:.5f} (bound {qa.bound_token:.5f}); threshold {qa.threshold}"
    )
    more = qa.more_needed
    if qa.checked and more:
        console.print(f"{more} more clean record(s) would bring the per-record bound under {qa.threshold}.")
    for warning in summary.warnings:
        console.print(f"[yellow]warning:[/] {warning}")
    if summary.blockers:
        console.print("[bold]Sign-off blocked by:[/]")
        for blocker in summary.blockers:
            console.print(Text(f"  - {blocker}"))
    else:
        console.print("[green]Nothing blocks sign-off[/] (kit review signoff).")
    if summary.latest and not qa_only:
        s = summary.latest
        console.print(
            f"Latest sign-off: #{s.id} by {s.reviewer} at {s.created_at}, {s.n_records} records, "
            f"bound {s.bound_record:.5f}"
        )


def print_queue(items: list[views.QueueItem], nxt: views.QueueItem | None) -> None:
    """The top of the review queue and the record to open next."""
    table = Table(title="Review queue (riskiest first)")
    for column in ("record", "kind", "state", "risk", "findings", "low-conf", "why"):
        table.add_column(column)
    for item in items:
        table.add_row(
            item.record_id,
            item.kind,
            item.state,
            f"{item.risk:.2f}",
            str(item.n_findings),
            str(item.n_open_low_confidence),
            "; ".join(item.reasons),
        )
    console.print(table)
    console.print(f"Next: kit review show {nxt.record_id}" if nxt else "The queue is empty.")


def print_finding_rows(rows: list[store.FindingRow], low: set[int] | None = None) -> None:
    """Findings as a table of ids, offsets, types, scores and decisions."""
    table = Table()
    for column in ("id", "field", "span", "type", "score", "recognizer", "status"):
        table.add_column(column)
    for f in rows:
        status = f.status + (" (low confidence)" if low and f.id in low else "")
        kind = f.entity_type + (f" (was {f.original_type})" if f.original_type else "")
        table.add_row(str(f.id), f.field, f"{f.start}:{f.end}", kind, f"{f.score:.2f}", f.recognizer, status)
    console.print(table)


def print_record(view: views.RecordView) -> None:
    """Raw fields with findings highlighted (compliance only), then the findings table."""
    n = view.neighbors
    console.print(
        f"[bold]{view.record_id}[/] ({view.kind}, {view.state}"
        f"{', approved by ' + view.approved_by if view.approved_by else ''}) - {n.position}/{n.total}; "
        f"previous {n.previous or '-'}, next {n.next or '-'}"
    )
    styles = {store.OPEN: "bold yellow", store.CONFIRMED: "bold red", store.REJECTED: "strike dim"}
    for name, raw in view.fields.items():
        text = Text(raw)  # Text, not markup: raw input must never be interpreted
        for fv in view.findings:
            if fv.finding.field == name:
                text.stylize(styles[fv.finding.status], fv.finding.start, fv.finding.end)
        console.print(Text(f"-- {name} --", style="dim"))
        console.print(text)
    print_finding_rows(
        [fv.finding for fv in view.findings], {fv.finding.id for fv in view.findings if fv.low_confidence}
    )


def print_draw(result: DrawResult) -> None:
    """What a draw anonymized and sampled."""
    a = result.anonymized
    console.print(
        f"Anonymized {a.anonymized} record(s) ({a.auto_approved} approved by the policy's sample mode); "
        f"drew {len(result.drawn)} record(s) for QA."
    )
    if result.requeued:
        console.print(
            f"Re-queued {len(result.requeued)} record(s) whose redacted text changed after their clean mark: "
            + ", ".join(result.requeued[:20])
            + (" ..." if len(result.requeued) > 20 else "")
        )
    if result.drawn:
        console.print("Check: " + ", ".join(result.drawn[:20]) + (" ..." if len(result.drawn) > 20 else ""))


def parse_span(value: str) -> ResidualSpan:
    """``FIELD:START:END[:TYPE]`` -> ResidualSpan."""
    parts = value.split(":")
    try:
        if len(parts) not in (3, 4):
            raise ValueError
        return ResidualSpan(parts[0], int(parts[1]), int(parts[2]), parts[3] if len(parts) == 4 else "UNKNOWN")
    except ValueError:
        raise InputError(f"--span {value!r}: use FIELD:START:END[:TYPE], e.g. text:10:17:PERSON") from None


@contextmanager
def progress_bar() -> Iterator[Callable[[int, int], None]]:
    """A rich progress bar; yields the ``(done, total)`` callback detection reports to."""
    columns = (TextColumn("detecting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("detect", total=None)

        def update(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield update
