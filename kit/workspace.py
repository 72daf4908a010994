"""The workspace: one folder a team works in.

::

    kit.toml        name, policy, settings
    kit.db          SQLite (WAL, versioned schema)
    vault/          encrypted raw inputs and keyring
    audit.log       hash-chained JSON lines
    datasets/ runs/ evals/ releases/ models/
"""

from __future__ import annotations

import getpass
import os
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import tomli_w

from kit import __version__, db
from kit.audit import AuditLog
from kit.errors import VaultError, WorkspaceError
from kit.fsutil import atomic_write_text, private_mkdir, private_touch
from kit.users import SYSTEM, Actor, Role, add_user, check_new_user
from kit.vault import DEFAULT_SCRYPT_N, Vault, read_key_file

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

SUBDIRS = ("vault", "datasets", "runs", "evals", "releases", "models")
AuditAppend = Callable[..., dict[str, Any]]  # (actor, action, object_id="", **details) -> entry


class Workspace:
    """An opened workspace folder. Cheap to construct; holds no open handles."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()
        self.settings: dict[str, Any] = self._read_settings()

    # -- construction ----------------------------------------------------------------------------------
    @classmethod
    def init(
        cls,
        path: str | Path,
        *,
        passphrase: str,
        name: str | None = None,
        policy: str = "hipaa_safe_harbor",
        key_file: str | Path | None = None,
        scrypt_n: int = DEFAULT_SCRYPT_N,
        admin: str | None = None,
        admin_password: str | None = None,
    ) -> Workspace:
        """Create a workspace at ``path`` (missing or empty), all or nothing.

        Everything (settings, database, vault, the ``workspace.init`` audit entry and, when ``admin`` is
        given, the first admin user) is built in a staging folder beside ``path`` and renamed into place
        only when complete; any failure leaves no workspace behind, so the same command can simply be rerun.
        """
        target = Path(path).resolve()
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise WorkspaceError(f"{target}: folder is not empty; choose a new path")
        if not passphrase:
            raise VaultError("the vault passphrase must not be empty")
        if admin is not None:
            check_new_user(admin, Role.ADMIN, admin_password or "")
        staging = target.parent / f".{target.name}.creating"
        shutil.rmtree(staging, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            private_mkdir(staging)  # 0700 whatever the umask, like every folder and file below
            for sub in SUBDIRS:
                private_mkdir(staging / sub)
            settings = {
                "workspace": {"name": name or target.name, "created": _now(), "kit_version": __version__},
                "policy": {"redaction": policy, "release_gate": "release_gate"},
                "vault": {"key_file": str(Path(key_file).resolve()) if key_file else ""},
            }
            atomic_write_text(staging / "kit.toml", _toml_header() + tomli_w.dumps(settings))
            conn = db.connect(staging / "kit.db")
            try:
                db.migrate(conn)
            finally:
                conn.close()
            Vault.create(staging / "vault", passphrase, scrypt_n=scrypt_n)
            private_touch(staging / "audit.log")
            staged = cls(staging)
            creator = Actor(admin, Role.ADMIN) if admin is not None else SYSTEM
            with staged.audited_transaction() as (_, audit):
                audit(creator, "workspace.init", staged.name, policy=policy, kit_version=__version__)
            if admin is not None:
                add_user(staged, admin, Role.ADMIN, admin_password or "")
            if target.exists():
                target.rmdir()
            staging.rename(target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return cls(target)

    @classmethod
    def open(cls, path: str | Path | None = None) -> Workspace:
        """Open the workspace at ``path`` or ``$KIT_WORKSPACE``; migrate its schema forward."""
        path = path or os.environ.get("KIT_WORKSPACE")
        if not path:
            raise WorkspaceError("no workspace given: pass --workspace PATH or set KIT_WORKSPACE (kit init PATH)")
        root = Path(path).resolve()
        if not (root / "kit.toml").is_file() or not (root / "kit.db").is_file():
            raise WorkspaceError(f"{root}: not a lima-kit workspace (no kit.toml / kit.db); run kit init {path}")
        ws = cls(root)
        conn = db.connect(ws.db_path)
        try:
            db.migrate(conn)
        finally:
            conn.close()
        return ws

    def _read_settings(self) -> dict[str, Any]:
        path = self.root / "kit.toml"
        if not path.exists():
            return {}
        try:
            return tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise WorkspaceError(f"{path}: {exc}") from None

    # -- layout ------------------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        """The workspace's display name."""
        return self.settings.get("workspace", {}).get("name", self.root.name)

    db_path = property(lambda self: self.root / "kit.db", doc="SQLite database file.")
    vault_dir = property(lambda self: self.root / "vault", doc="Encrypted vault folder.")
    audit_path = property(lambda self: self.root / "audit.log", doc="Audit log file.")
    datasets_dir = property(lambda self: self.root / "datasets", doc="Curated datasets.")
    runs_dir = property(lambda self: self.root / "runs", doc="Training runs.")
    evals_dir = property(lambda self: self.root / "evals", doc="Evaluations.")
    releases_dir = property(lambda self: self.root / "releases", doc="Released models.")
    models_dir = property(lambda self: self.root / "models", doc="Registered / converted models.")

    def policy_path(self, kind: str = "redaction") -> Path:
        """The YAML file of the workspace's ``kind`` policy (``redaction`` or ``release_gate``)."""
        name = self.settings.get("policy", {}).get(kind, "hipaa_safe_harbor" if kind == "redaction" else kind)
        return resolve_policy(name, self.root)

    # -- database ----------------------------------------------------------------------------------------
    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode, closed on exit."""
        conn = db.connect(self.db_path)
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls everything back."""
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextmanager
    def audited_transaction(
        self, on_rollback: list[Callable[[], None]] | None = None
    ) -> Iterator[tuple[sqlite3.Connection, AuditAppend]]:
        """A database transaction and an audit writer that succeed or fail together.

        ::

            with ws.audited_transaction() as (conn, audit):
                conn.execute("INSERT ...")
                audit(actor, "stage.action", object_id, count=3)

        The audit log is locked first, then ``BEGIN IMMEDIATE`` (the same order as a plain
        ``ws.audit().append``, so processes never wait on each other). Entries are written before the
        commit and the log's head is stored inside the transaction; an exception, or a failed commit,
        rolls the database back and removes the entries again. Only a crash between the two writes can
        leave an entry without its change, and ``kit audit verify`` then reports the count mismatch. Do not
        call ``ws.audit().append`` inside the block: use ``audit``.

        ``on_rollback`` holds undo callbacks for work outside the database (vault blobs written inside the
        block); they run, newest first and still under the lock, when the transaction fails.
        """
        conn_box: list[sqlite3.Connection] = []

        def store_head(count: int, last_hash: str) -> None:
            _write_audit_head(conn_box[0], count, last_hash)

        with self.audit().writer(head_store=store_head) as audit:
            try:
                with self.transaction() as conn:
                    conn_box.append(conn)
                    yield conn, audit
            except BaseException:
                for undo in reversed(on_rollback or []):
                    undo()
                raise

    # -- vault and audit ---------------------------------------------------------------------------------
    def vault(self, passphrase: str | None = None) -> Vault:
        """Open the vault with the first passphrase source found (see module docs)."""
        return Vault.open(self.vault_dir, passphrase or self._find_passphrase())

    def _find_passphrase(self) -> str:
        if os.environ.get("KIT_PASSPHRASE"):
            return os.environ["KIT_PASSPHRASE"]
        key_file = os.environ.get("KIT_KEY_FILE") or self.settings.get("vault", {}).get("key_file")
        if key_file:
            return read_key_file(Path(key_file))
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass("Vault passphrase: ")
        raise VaultError("the vault is locked: set KIT_PASSPHRASE, KIT_KEY_FILE (mode 0600) or run interactively")

    def audit(self) -> AuditLog:
        """The workspace's audit log, with its head recorded in kit.db."""
        return AuditLog(self.audit_path, head_store=self._store_audit_head, head_load=self._load_audit_head)

    def _store_audit_head(self, count: int, last_hash: str) -> None:
        with self.connect() as conn:
            _write_audit_head(conn, count, last_hash)

    def _load_audit_head(self) -> tuple[int, str] | None:
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'audit_head'").fetchone()
        if row is None:
            return None
        count, last_hash = row["value"].split(":")
        return int(count), last_hash


def _write_audit_head(conn: sqlite3.Connection, count: int, last_hash: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('audit_head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (f"{count}:{last_hash}",),
    )


def policy_folders(workspace_root: Path | None = None) -> list[Path]:
    """Where named policies are looked up, in order: the workspace's copy, the repository, the installed share."""
    return ([Path(workspace_root) / "policies"] if workspace_root else []) + _shipped().shipped_policy_dirs()


def _shipped() -> Any:
    # Imported on use: importing any redaction module loads the package, and with it Presidio (seconds).
    from redaction import shipped

    return shipped


def __getattr__(name: str) -> Any:
    """``REPO_POLICIES``: the folder holding the shipped policies (repository, or installed share folder)."""
    if name == "REPO_POLICIES":
        return _shipped().shipped_policy_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def resolve_policy(name_or_path: str | Path, workspace_root: Path | None = None) -> Path:
    """Find a policy by file path, or by name in :func:`policy_folders` (first match wins)."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate.resolve()
    stem = candidate.stem if candidate.suffix else str(name_or_path)
    for folder in policy_folders(workspace_root):
        path = folder / f"{stem}.yaml"
        if path.is_file():
            return path
    raise WorkspaceError(f"policy {name_or_path!r} not found (looked for {stem}.yaml in policies/)")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _toml_header() -> str:
    return (
        "# lima-kit workspace settings. Edit with care; `kit status` shows what each stage holds.\n"
        "# [policy] names files in ./policies/ or the kit's shipped policies/ folder.\n\n"
    )
