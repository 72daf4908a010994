"""The ``kit`` command line: a thin shell over the library (see ``kit --help``)."""

from __future__ import annotations

from kit import offline

offline.install()  # first thing in every kit process, before any model library is imported

import importlib  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Optional  # noqa: E402

import typer  # noqa: E402

from kit.cli import workspace_cmds  # noqa: E402
from kit.cli.common import STATE  # noqa: E402

app = typer.Typer(
    name="kit",
    help="lima-kit: scrub PHI, review, curate ~1,000 examples, fine-tune and validate a model - offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _main(
    workspace: Optional[Path] = typer.Option(  # noqa: UP007 - typer needs Optional on 3.10
        None, "--workspace", "-w", envvar="KIT_WORKSPACE", help="Workspace folder (or set KIT_WORKSPACE)."
    ),
    user: Optional[str] = typer.Option(  # noqa: UP007
        None, "--user", "-u", envvar="KIT_USER", help="Acting user (or KIT_USER); password from KIT_PASSWORD."
    ),
) -> None:
    STATE["workspace"] = workspace
    STATE["user"] = user


workspace_cmds.register(app)

# Command groups, one module each: (module, attribute, name, help).
_GROUPS = [
    ("kit.cli.redact", "app", "redact", "Detect and redact PHI (plain files and the workspace)."),
    ("kit.cli.review", "app", "review", "Compliance review of redactions: queue, decisions, QA, sign-off."),
    ("kit.cli.curate", "app", "curate", "Curate a LIMA-style dataset: filter, dedup, select, split."),
    ("kit.cli.models", "app", "models", "Register and list local models."),
    ("kit.cli.train", "app", "train", "Fine-tune a registered model on a curated dataset."),
    ("kit.cli.evaluate", "app", "eval", "Generate, rate blind, compute statistics and privacy probes."),
]
for module_name, attr, name, help_text in _GROUPS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:  # stage not built yet
        if exc.name != module_name:
            raise
        continue
    app.add_typer(getattr(module, attr), name=name, help=help_text)

try:
    _release = importlib.import_module("kit.cli.release")
except ModuleNotFoundError as exc:
    if exc.name != "kit.cli.release":
        raise
else:
    app.command("release")(_release.release_cmd)
    app.command("report")(_release.report_cmd)


def main() -> None:
    """Console-script entry point: set up the process, then run the command.

    Files private to this user (umask 077, see :mod:`kit.fsutil`) and a SIGTERM that cleans up after
    itself (:func:`kit.cli.termination.exit_on_sigterm`).
    """
    from kit.cli.termination import exit_on_sigterm
    from kit.fsutil import restrict_umask

    restrict_umask()
    exit_on_sigterm()
    app()
