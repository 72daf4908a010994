"""``kit demo``: the front door. Every stage runs on a bundled synthetic healthcare corpus.

The corpus is generated from a seed (no real people) into a temporary folder, ingested into the vault, and
the temporary files are deleted. Each later stage contributes one ``demo_step(ws, ctx)``.
"""

from __future__ import annotations

import importlib
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console

from kit.errors import WorkspaceError
from kit.ingest import ingest
from kit.users import Actor, Role, add_user
from kit.vault import Vault, write_key_file
from kit.workspace import Workspace

DEMO_USERS = [  # (name, role, password) - demo credentials, printed for the reader
    ("admin", Role.ADMIN, "demo-admin"),
    ("carol", Role.COMPLIANCE, "demo-carol"),
    ("mel", Role.ML_ENGINEER, "demo-mel"),
    ("dana", Role.DOMAIN_EXPERT, "demo-dana"),
    ("raj", Role.DOMAIN_EXPERT, "demo-raj"),
]
# Stages after ingest, in flow order; each module exposes demo_step(ws, ctx).
STEP_MODULES = ["kit.review.demo", "kit.curation.demo", "kit.training.demo", "kit.evaluation.demo"]


@dataclass
class DemoContext:
    """What demo steps share: output, the open vault, the demo users, and results for later steps."""

    console: Console
    vault: Vault
    actors: dict[str, Actor]
    fast: bool = False
    state: dict[str, Any] = field(default_factory=dict)

    def actor(self, role: Role | str, index: int = 0) -> Actor:
        """The ``index``-th demo user holding ``role``."""
        return [a for a in self.actors.values() if a.role == Role(role)][index]


def _prepare_folder(path: Path, force: bool) -> None:
    if path.exists() and any(path.iterdir()):
        if not force:
            raise WorkspaceError(f"{path} exists; pass --force to replace it or name another folder")
        if not (path / "kit.toml").exists():
            raise WorkspaceError(f"{path} is not a lima-kit workspace; refusing to delete it")
        shutil.rmtree(path)


def create_demo_workspace(path: Path, console: Console, force: bool = False, fast: bool = False) -> DemoContext:
    """Create the workspace, its users and key file, and ingest the synthetic corpus."""
    from kit.synth import write_demo_corpus

    path = Path(path).resolve()
    _prepare_folder(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    key_file = path.parent / f"{path.name}.key"
    passphrase = secrets.token_urlsafe(24)
    key_file.unlink(missing_ok=True)
    write_key_file(key_file, passphrase)
    ws = Workspace.init(path, passphrase=passphrase, name="demo", key_file=key_file, scrypt_n=2**14 if fast else 2**15)
    actors = {}
    for name, role, password in DEMO_USERS:
        actors[name] = add_user(ws, name, role, password, by=actors.get("admin"))
    vault = ws.vault(passphrase)
    ctx = DemoContext(console=console, vault=vault, actors=actors, fast=fast)
    console.rule("[bold]1. Workspace")
    console.print(
        f"Created {ws.root} (vault key file {key_file}, mode 0600 - demo only: keep real keys off "
        "this disk or use KIT_PASSPHRASE)."
    )
    console.print("Users (demo passwords): " + ", ".join(f"{n}/{p} ({r.value})" for n, r, p in DEMO_USERS))
    console.rule("[bold]2. Ingest")
    with tempfile.TemporaryDirectory(prefix="kit-demo-corpus-") as tmp:
        counts = write_demo_corpus(Path(tmp), seed=0)
        if fast:  # tests: a small slice of the corpus keeps every later stage quick
            counts = {name: _truncate(Path(tmp) / name, n) for name, n in FAST_SIZES.items()}
        # Gold spans stay in memory: the demo's review step scores the engine against them.
        ctx.state["gold"] = _json_lines(Path(tmp) / "gold" / "notes_gold.jsonl")
        ctx.state["gold_qa"] = _json_lines(Path(tmp) / "gold" / "qa_gold.jsonl")  # ids "<pair>:prompt" etc.
        compliance = ctx.actor(Role.COMPLIANCE)
        for name, kind in (("notes.jsonl", "documents"), ("qa_pairs.jsonl", "examples")):
            result = ingest(ws, vault, Path(tmp) / name, kind, compliance)
            console.print(f"Ingested {result.added} {kind} from synthetic {name} into the encrypted vault.")
    console.print(f"Synthetic corpus (seed 0, no real people): {counts}")
    return ctx


FAST_SIZES = {"notes.jsonl": 24, "qa_pairs.jsonl": 160}


def _truncate(path: Path, n: int) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()[:n]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _json_lines(path: Path) -> list[dict[str, Any]]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def run_demo(
    path: Path,
    *,
    force: bool = False,
    fast: bool = False,
    console: Console | None = None,
    steps: list[str] | None = None,
) -> DemoContext:
    """Run the whole flow on the synthetic corpus and say what comes next."""
    console = console or Console()
    started = time.perf_counter()
    ctx = create_demo_workspace(Path(path), console, force=force, fast=fast)
    ws = Workspace.open(path)
    number = 2
    for module_name in steps if steps is not None else STEP_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        number += 1
        console.rule(f"[bold]{number}. {module.__doc__.splitlines()[0] if module.__doc__ else module_name}")
        module.demo_step(ws, ctx)
    console.rule("[bold]Done")
    console.print(f"Demo finished in {time.perf_counter() - started:.0f} s. Workspace: {ws.root}")
    console.print(
        f"Next: kit -w {ws.root} status   |   kit -w {ws.root} ui  (log in as carol, mel or dana; password "
        f"demo-<name>). From a checkout, ./run.sh runs kit in its environment: ./run.sh -w {ws.root} ui"
    )
    return ctx
