"""``kit curate``: filter, deduplicate, score, select and split a LIMA-style dataset (thin shell)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from kit.cli.common import console, current_actor, handle_errors, open_workspace

app = typer.Typer(help="Curate a LIMA-style dataset: filter, dedup, select, split.", no_args_is_help=True)


QUOTA_FIELD = typer.Option(
    None, "--quota-field", help="Apply --max-share/--min-share to this field: source or category."
)
MAX_SHARE = typer.Option(
    None, "--max-share", help="VALUE=SHARE: at most this share of the selection (repeatable; VALUE '*' = all others)."
)
MIN_SHARE = typer.Option(None, "--min-share", help="VALUE=SHARE: reserve this share of the selection (repeatable).")


def _quotas(field: Optional[str], max_share: Optional[list[str]], min_share: Optional[list[str]]) -> dict:  # noqa: UP007
    """SelectionConfig fields for the quota options (empty when none were given)."""
    from kit.curation.selection import parse_shares, quota_settings

    caps, floors = parse_shares(max_share or [], "--max-share"), parse_shares(min_share or [], "--min-share")
    return quota_settings(field, caps, floors, field_label="--quota-field", shares_label="--max-share/--min-share")


def _config(
    n: int,
    dev: int,
    test: int,
    seed: int,
    embedder: str,
    phi_check: bool,
    policy: Optional[str],
    quotas: dict,  # noqa: UP007
):
    from kit.curation.config import CurationConfig
    from kit.curation.filters import FilterSpec
    from kit.curation.selection import SelectionConfig

    config = CurationConfig(n=n, dev=dev, test=test, seed=seed, embedder=embedder, selection=SelectionConfig(**quotas))
    if not phi_check:
        return config.without_filter("residual_phi")
    if policy:
        config.filters = [
            FilterSpec(name=f.name, params={**f.params, "policy": policy}) if f.name == "residual_phi" else f
            for f in config.filters
        ]
    return config


def _print_summary(stats: dict, where: str) -> None:
    from kit.curation.card import summary_lines

    for line in summary_lines(stats):
        console.print(line, soft_wrap=True)
    console.print(f"Wrote {where} (card.md, stats.json, plots/, rejections.jsonl)")


@app.command("select")
@handle_errors
def select_cmd(
    input: Path = typer.Option(
        ..., "--input", "-i", help="Candidates JSONL: {id, prompt, response, source?, category?, rating?} per line."
    ),
    n: int = typer.Option(1000, "--n", help="Training examples to select."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for the DatasetDict, card.md, stats.json."),
    dev: int = typer.Option(50, "--dev", help="Validation examples."),
    test: int = typer.Option(300, "--test", help="Test examples."),
    seed: int = typer.Option(0, "--seed", help="Seed of every random choice."),
    embedder: str = typer.Option("auto", "--embedder", help="auto, minilm or tfidf."),
    phi_check: bool = typer.Option(True, "--phi-check/--no-phi-check", help="Run the residual-PHI filter."),
    policy: Optional[str] = typer.Option(None, "--policy", help="Redaction policy for the PHI check."),  # noqa: UP007
    quota_field: Optional[str] = QUOTA_FIELD,  # noqa: UP007
    max_share: Optional[list[str]] = MAX_SHARE,  # noqa: UP007
    min_share: Optional[list[str]] = MIN_SHARE,  # noqa: UP007
) -> None:
    """Select N diverse, high-quality examples from a plain candidates file (no workspace needed)."""
    from kit.curation.candidates import read_candidates_jsonl
    from kit.curation.output import check_destination, write_dataset
    from kit.curation.pipeline import curate

    quotas = _quotas(quota_field, max_share, min_share)
    candidates = read_candidates_jsonl(input)  # every line is checked before anything is written
    check_destination(output.resolve())
    result = curate(
        candidates,
        _config(n, dev, test, seed, embedder, phi_check, policy, quotas),
        progress=lambda msg: console.print(f"[dim]{msg}[/]"),
    )
    written = write_dataset(result, output)
    _print_summary({**result.stats}, f"{written.path} (content hash {written.content_hash})")


@app.command("build")
@handle_errors
def build_cmd(
    name: Optional[str] = typer.Option(None, "--name", help="Dataset name (default: the workspace name)."),  # noqa: UP007
    n: int = typer.Option(1000, "--n", help="Training examples to select."),
    dev: int = typer.Option(50, "--dev", help="Validation examples."),
    test: int = typer.Option(300, "--test", help="Test examples."),
    seed: int = typer.Option(0, "--seed", help="Seed of every random choice."),
    embedder: str = typer.Option("auto", "--embedder", help="auto, minilm or tfidf."),
    quota_field: Optional[str] = QUOTA_FIELD,  # noqa: UP007
    max_share: Optional[list[str]] = MAX_SHARE,  # noqa: UP007
    min_share: Optional[list[str]] = MIN_SHARE,  # noqa: UP007
    canaries: int = typer.Option(
        0,
        "--canaries",
        min=0,
        help="Plant N unique random codes in training responses; their hashes go to canaries.json for "
        "kit eval probe --canaries.",
    ),
) -> None:
    """Build datasets/<name>@<hash>/ from the signed-off records and hand-authored pairs."""
    from kit.curation.build import build_dataset

    quotas = _quotas(quota_field, max_share, min_share)
    ws = open_workspace()
    built = build_dataset(
        ws,
        current_actor(ws),
        name=name,
        config=_config(n, dev, test, seed, embedder, True, None, quotas),
        progress=lambda msg: console.print(f"[dim]{msg}[/]"),
        canaries=canaries,
    )
    _print_summary(built.result.stats, f"dataset {built.ref.id} at {built.ref.path}")
    if canaries:
        from kit.curation.canaries import FILE_NAME

        record = built.ref.path / FILE_NAME
        console.print(
            f"Canary record (hashes only): {record}; after training run kit eval probe --run RUN --canaries {record}"
        )


@app.command("add")
@handle_errors
def add_cmd(
    prompt: str = typer.Option(..., "--prompt", help="The instruction or question."),
    response: str = typer.Option(..., "--response", help="The ideal answer."),
    category: Optional[str] = typer.Option(None, "--category", help="Topic or category."),  # noqa: UP007
    rating: Optional[float] = typer.Option(None, "--rating", help="Expert rating 1-5."),  # noqa: UP007
) -> None:
    """Author a pair by hand (checked for PHI before it is stored)."""
    from kit.curation.store import add_candidate

    ws = open_workspace()
    candidate = add_candidate(ws, current_actor(ws), prompt, response, category, rating)
    console.print(f"Added {candidate.id} ({candidate.category}).")


@app.command("edit")
@handle_errors
def edit_cmd(
    candidate_id: str = typer.Argument(..., help="Candidate id (kit curate list)."),
    prompt: Optional[str] = typer.Option(None, "--prompt", help="New prompt (authored pairs only)."),  # noqa: UP007
    response: Optional[str] = typer.Option(None, "--response", help="New response (authored only)."),  # noqa: UP007
    category: Optional[str] = typer.Option(None, "--category", help="New category (authored only)."),  # noqa: UP007
    rating: Optional[float] = typer.Option(None, "--rating", help="Expert rating 1-5 (any candidate)."),  # noqa: UP007
) -> None:
    """Edit a hand-authored pair, or rate any candidate."""
    from kit.curation.store import edit_candidate

    ws = open_workspace()
    candidate = edit_candidate(
        ws, current_actor(ws), candidate_id, prompt=prompt, response=response, category=category, rating=rating
    )
    console.print(f"Updated {candidate.id}.")


@app.command("list")
@handle_errors
def list_cmd(
    origin: Optional[str] = typer.Option(None, "--origin", help="example, document or authored."),  # noqa: UP007
    limit: int = typer.Option(50, "--limit", help="Rows to show (counts cover all)."),
) -> None:
    """List candidates (ids, origin, source, category, rating, lengths) and built datasets."""
    from kit.curation.datasets import list_datasets
    from kit.curation.store import candidate_summary, list_candidates

    ws = open_workspace()
    rows = [candidate_summary(c) for c in list_candidates(ws, origin)]
    table = Table("id", "origin", "source", "category", "rating", "prompt chars", "response chars")
    for row in rows[:limit]:
        table.add_row(
            row["id"],
            row["origin"],
            row["source"],
            row["category"],
            str(row["rating"] or ""),
            str(row["prompt_chars"]),
            str(row["response_chars"]),
        )
    console.print(table)
    console.print(
        f"{len(rows)} candidates: " + ", ".join(f"{k} {v}" for k, v in Counter(r["origin"] for r in rows).items())
    )
    for ref in list_datasets(ws):
        console.print(
            f"dataset {ref.id}: train {ref.n_train} / validation {ref.n_validation} / test {ref.n_test}"
            f"  sign-off {ref.signoff_id or '-'}  {ref.created_at}"
        )


@app.command("show")
@handle_errors
def show_cmd(item: str = typer.Argument(..., help="A candidate id, or a dataset (name or name@hash).")) -> None:
    """Show a candidate (redacted text, lineage, quality with its parts) or a dataset's card summary."""
    from kit.curation.card import summary_lines
    from kit.curation.datasets import list_datasets, load_stats, resolve_dataset
    from kit.curation.quality import score
    from kit.curation.store import get_candidate

    ws = open_workspace()
    if any(item.split("@")[0] == ref.name for ref in list_datasets(ws)):
        ref = resolve_dataset(ws, item)
        console.print(f"[bold]{ref.id}[/]  {ref.path}  sign-off {ref.signoff_id or '-'}")
        for line in summary_lines(load_stats(ref)):
            console.print(line, soft_wrap=True)
        return
    current_actor(ws)  # candidate text is redacted, but still only for signed-in users
    c = get_candidate(ws, item)
    q = score(c)
    console.print(
        f"[bold]{c.id}[/]  origin {c.origin}  source {c.source}  category {c.category}  "
        f"record {c.record_id or '-'}  sign-off {c.signoff_id or '-'}"
    )
    console.print(f"quality {q.value:.2f} ({q.basis}): " + ", ".join(f"{k} {v:.2f}" for k, v in q.parts.items()))
    console.rule("prompt")
    console.print(c.prompt, markup=False, soft_wrap=True)
    console.rule("response")
    console.print(c.response, markup=False, soft_wrap=True)


@app.command("rejections")
@handle_errors
def rejections_cmd(
    dataset: Optional[str] = typer.Argument(None, help="name or name@hash (default: the newest)."),  # noqa: UP007
    reason: Optional[str] = typer.Option(None, "--reason", help="Only this reason code."),  # noqa: UP007
    limit: int = typer.Option(30, "--limit", help="Rows to list (counts cover all)."),
) -> None:
    """Why candidates were rejected in a build: counts per reason, then ids with text-free details."""
    from kit.curation.datasets import list_datasets, resolve_dataset
    from kit.curation.store import list_rejections

    ws = open_workspace()
    refs = list_datasets(ws)
    if not refs and dataset is None:
        console.print("No dataset built yet (kit curate build).")
        return
    ref = resolve_dataset(ws, dataset) if dataset else refs[0]
    rows = [r for r in list_rejections(ws, ref.id) if reason is None or r.reason == reason]
    console.print(
        f"{ref.id}: {len(rows)} rejected - "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r.reason for r in rows).items()))
    )
    table = Table("candidate", "stage", "filter", "reason", "detail")
    for r in rows[:limit]:
        table.add_row(r.candidate_id, r.stage, r.filter, r.reason, r.detail)
    console.print(table)


@app.command("filters")
@handle_errors
def filters_cmd() -> None:
    """List the registered filters, what they reject, and their default parameters."""
    from kit.curation.filters import describe_filters

    for name, help_text, params in describe_filters():
        console.print(f"[bold]{name}[/]: {help_text}  {params or ''}", soft_wrap=True)
