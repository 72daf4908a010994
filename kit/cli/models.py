"""``kit models add|list``: the local model registry."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.table import Table

from kit.cli.common import console, current_actor, handle_errors, open_workspace

app = typer.Typer(
    help="Register and list local models (Hugging Face folders, GGUF files, builtin models).", no_args_is_help=True
)


@app.command("add")
@handle_errors
def add(
    source: str = typer.Argument(
        ..., help="A Hugging Face model folder, a .gguf file, or a builtin name (see `kit models list`)."
    ),
    name: Optional[str] = typer.Option(None, "--name", help="Registry name (default: from the path)."),  # noqa: UP007
) -> None:
    """Register a model; GGUF files are converted once to safetensors inside the workspace."""
    from kit.training.registry import add_model

    ws = open_workspace()
    actor = current_actor(ws)
    with console.status("registering (GGUF conversion takes ~30 s for a small model)..."):
        entry = add_model(ws, source if not Path(source).exists() else Path(source), name=name, actor=actor)
    console.print(f"added {entry.name}: {entry.params / 1e6:.1f}M parameters, sha256 {entry.sha256[:16]}, {entry.path}")


@app.command("list")
@handle_errors
def list_cmd() -> None:
    """Registered models and builtin models ready to add."""
    from kit.training.registry import available_builtins, list_models

    ws = open_workspace()
    table = Table("name", "kind", "params", "sha256", "path")
    for entry in list_models(ws):
        table.add_row(entry.name, entry.kind, f"{entry.params / 1e6:.1f}M", entry.sha256[:16], str(entry.path))
    for name, builtin in available_builtins(ws).items():
        table.add_row(name, "builtin", "-", "-", f"{builtin.description} (added on first use)")
    console.print(table)
