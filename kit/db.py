"""SQLite schema and forward migrations.

Each stage owns one ``kit/schema/NNNN_<stage>.sql`` file. ``migrate`` applies, in order and inside one
transaction each, every file whose number is above ``meta.schema_version``. A database from a newer kit is
refused rather than guessed at.
"""

from __future__ import annotations

import os
import re
import sqlite3
from importlib import resources
from pathlib import Path

from kit.errors import WorkspaceError
from kit.fsutil import PRIVATE_FILE_MODE

_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migrations() -> list[tuple[int, str, str]]:
    """All shipped migrations as ``(version, file name, sql)``, sorted by version."""
    found = []
    for entry in resources.files("kit.schema").iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if len(set(versions)) != len(versions):
        raise WorkspaceError(f"two schema migrations share a version number: {versions}")
    return found


def connect(path: Path) -> sqlite3.Connection:
    """Open ``path`` with the kit's settings: WAL journal, foreign keys, Row factory.

    A new database file is created 0600 first: SQLite gives its ``-wal`` and ``-shm`` files the database
    file's mode, so all three stay private whatever the umask.
    """
    if not Path(path).exists():
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The version recorded in ``meta``; 0 for an empty database."""
    if not table_exists(conn, "meta"):
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row["value"]) if row else 0


def table_exists(conn: sqlite3.Connection, name: str) -> bool:
    """True when the table ``name`` exists."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
    return row is not None


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every pending migration; return the resulting schema version."""
    current = schema_version(conn)
    known = migrations()
    latest = known[-1][0] if known else 0
    if current > latest:
        raise WorkspaceError(
            f"this workspace has schema version {current}, newer than this kit understands ({latest}); upgrade lima-kit"
        )
    for version, name, sql in known:
        if version <= current:
            continue
        # One script per migration, inside one transaction: triggers with inner semicolons stay intact.
        script = (
            f"BEGIN IMMEDIATE;\n{sql}\n;INSERT INTO meta (key, value) VALUES ('schema_version', '{version}') "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value;\nCOMMIT;"
        )
        try:
            conn.executescript(script)
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise WorkspaceError(f"schema migration {name} failed: {exc}") from exc
        current = version
    return current
