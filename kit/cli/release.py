"""Top-level `kit release RUN` and `kit report RUN` (registered on the main app by kit.cli)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from kit.cli.common import console, current_actor, handle_errors, open_workspace


@handle_errors
def release_cmd(
    run: str = typer.Argument(..., help="Training run to release."),
    merge: bool = typer.Option(False, "--merge", help="Also export the adapter merged into the base weights."),
    policy: Optional[Path] = typer.Option(None, help="Release gate YAML (default: the workspace's)."),  # noqa: UP007
) -> None:
    """Check the release gate; refuse naming the failing criteria, or export to releases/<id>/."""
    from kit.evaluation.release import release_run

    ws = open_workspace()
    result = release_run(ws, current_actor(ws), run, merge=merge, policy=policy)
    console.print(
        f"[green]Gate passed[/] (decision {result.verdict.decision_id}). Released [bold]{result.id}[/] "
        f"to {result.path}" + (" with merged weights" if merge else "")
    )
    console.print(
        "Lineage: "
        + " -> ".join(
            [
                f"dataset {result.lineage['dataset']['hash']}",
                f"sign-off {(result.lineage['signoff'] or {}).get('id')}",
                f"run {result.lineage['run']['id']}",
                f"evaluation {result.lineage['evaluation']['id']}",
                f"approver {result.lineage['approver']['name']}",
            ]
        )
    )


@handle_errors
def report_cmd(
    run: str = typer.Argument(..., help="Training run to report on."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="HTML file (default: evals/<id>/report.html)."),  # noqa: UP007
    policy: Optional[Path] = typer.Option(None, help="Release gate YAML (default: the workspace's)."),  # noqa: UP007
) -> None:
    """Write one self-contained HTML report: ratings, agreement, loss curve, dataset, probes, gate verdict."""
    from kit.evaluation.report import build_report

    ws = open_workspace()
    path = build_report(ws, current_actor(ws), run, output=output, policy=policy)
    console.print(f"Report: {path}")
