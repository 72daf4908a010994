"""Built datasets in a workspace: ``datasets/<name>@<hash>/`` folders registered in kit.db.

Training resolves what to train on with :func:`resolve_dataset`::

    ref = resolve_dataset(ws, "demo")  # the newest build named demo
    ref = resolve_dataset(ws, "demo@3f9a1c")  # a given build (hash or a unique prefix of it)
    DatasetDict.load_from_disk(ref.path)  # splits train / validation / test
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import InputError

if TYPE_CHECKING:
    from kit.workspace import Workspace


@dataclass(frozen=True)
class DatasetRef:
    """A built dataset: name, content hash, folder (save_to_disk + card.md + stats.json), sign-off it rests on."""

    name: str
    hash: str
    path: Path
    signoff_id: str | None
    created_at: str = ""
    n_train: int = 0
    n_validation: int = 0
    n_test: int = 0

    @property
    def id(self) -> str:
        """``name@hash``."""
        return f"{self.name}@{self.hash}"


def _ref(ws: Workspace, row: sqlite3.Row) -> DatasetRef:
    return DatasetRef(
        row["name"],
        row["hash"],
        ws.root / row["path"],
        row["signoff_id"],
        row["created_at"],
        row["n_train"],
        row["n_validation"],
        row["n_test"],
    )


def list_datasets(ws: Workspace, name: str | None = None) -> list[DatasetRef]:
    """Registered datasets (optionally of one name), newest first."""
    sql, args = "SELECT * FROM datasets", ()
    if name:
        sql, args = sql + " WHERE name = ?", (name,)
    with ws.connect() as conn:
        rows = conn.execute(sql + " ORDER BY created_at DESC, rowid DESC", args).fetchall()
    return [_ref(ws, row) for row in rows]


def resolve_dataset(ws: Workspace, spec: str) -> DatasetRef:
    """``name`` (newest build of that name) or ``name@hash`` (hash or unique prefix) -> DatasetRef."""
    name, _, digest = spec.partition("@")
    matches = [r for r in list_datasets(ws, name) if r.hash.startswith(digest)]
    if not matches:
        known = ", ".join(sorted({r.id for r in list_datasets(ws)})) or "none yet (kit curate build)"
        raise InputError(f"no dataset {spec!r}; known: {known}")
    if digest and len({m.hash for m in matches}) > 1:
        raise InputError(f"dataset {spec!r} is ambiguous: " + ", ".join(m.id for m in matches))
    ref = matches[0]
    if not ref.path.is_dir():
        raise InputError(f"dataset {ref.id} is registered but its folder {ref.path} is missing")
    return ref


def register_dataset(
    conn: sqlite3.Connection,
    ws: Workspace,
    *,
    name: str,
    digest: str,
    path: Path,
    signoff_id: str | None,
    stats: dict[str, Any],
    config: dict[str, Any],
    by: str,
) -> str:
    """Insert (or refresh, for an identical rebuild) the datasets row; returns the dataset id."""
    dataset_id = f"{name}@{digest}"
    splits = stats["counts"]["splits"]
    conn.execute(
        "INSERT INTO datasets (id, name, hash, path, signoff_id, n_candidates, n_train, n_validation, n_test, "
        "embedder, config, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, created_by = excluded.created_by",
        (
            dataset_id,
            name,
            digest,
            str(path.relative_to(ws.root)),
            signoff_id,
            stats["counts"]["input"],
            splits["train"],
            splits["validation"],
            splits["test"],
            stats["embedder"],
            json.dumps(config),
            by,
            datetime.now(timezone.utc).isoformat(timespec="seconds"),
        ),
    )
    return dataset_id


def load_stats(ref: DatasetRef) -> dict[str, Any]:
    """The dataset's stats.json."""
    return json.loads((ref.path / "stats.json").read_text(encoding="utf-8"))
