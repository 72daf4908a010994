"""Append-only, hash-chained audit log.

Each line of ``audit.log`` is a JSON object with ``seq``, ``ts``, ``actor``, ``role``, ``action``,
``object_id``, ``details`` and ``prev`` — the SHA-256 of the previous line's bytes (64 zeros for the first).
Editing, deleting, inserting or reordering any line breaks the chain at that line. The hash of the last line
and the line count are also kept in ``kit.db`` (``meta.audit_head``), so truncating the tail or editing the
last line is caught too. The log is tamper-evident, not tamper-proof: keep it on storage the team cannot
rewrite wholesale.

Details carry ids, counts, types and hashes — never raw text; ``append`` refuses long strings to keep it so.

A state change and its entry succeed or fail together: :meth:`AuditLog.writer` removes its lines again when
the work it wraps fails, and ``Workspace.audited_transaction`` writes entries before the database commits.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from kit.fsutil import private_opener

if TYPE_CHECKING:
    from kit.users import Actor

GENESIS = "0" * 64
MAX_DETAIL_CHARS = 160
_LOCAL = threading.local()  # which logs this thread holds locked


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of :meth:`AuditLog.verify`; ``first_bad_line`` is 1-based."""

    ok: bool
    lines: int
    first_bad_line: int | None = None
    reason: str = ""


def _check_details(details: dict[str, Any]) -> None:
    for key, value in details.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        for item in values:
            if isinstance(item, str) and len(item) > MAX_DETAIL_CHARS:
                raise ValueError(f"audit detail {key!r} is too long to be an id; audit entries never carry text")
            if not isinstance(item, (str, int, float, bool, type(None))):
                raise ValueError(f"audit detail {key!r} must be a scalar or a list of scalars")


class AuditLog:
    """The workspace's audit log. ``head_store`` persists (count, last hash) in kit.db."""

    def __init__(
        self,
        path: Path,
        head_store: Callable[[int, str], None] | None = None,
        head_load: Callable[[], tuple[int, str] | None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._head_store = head_store
        self._head_load = head_load

    def append(self, actor: Actor, action: str, object_id: str = "", **details: Any) -> dict[str, Any]:
        """Append one entry and return it. Safe across processes (file lock).

        The line and the recorded head land together: when storing the head fails, the line is removed.
        """
        with self.writer() as write:
            return write(actor, action, object_id, **details)

    @contextmanager
    def writer(self, head_store: Callable[[int, str], None] | None = None) -> Iterator[AuditWriter]:
        """Hold the log's lock and yield an :class:`AuditWriter`; an exception removes every line it wrote.

        ``head_store`` (default: the log's own) records each new head; pass one that writes inside an open
        database transaction to make entries and the state change they describe commit together (see
        :meth:`kit.workspace.Workspace.audited_transaction`). Lock order is always: this log, then the database.
        """
        held = _held_paths()
        key = str(self.path.resolve())
        # A second lock on the same file from the same thread would wait for itself forever.
        assert key not in held, "audit writer re-entered on the same thread (nested audited writes)"
        with open(self.path, "a+b", opener=private_opener) as handle:  # a new log is created 0600
            fcntl.flock(handle, fcntl.LOCK_EX)
            held.add(key)
            try:
                writer = AuditWriter(handle, head_store or self._head_store)
                try:
                    yield writer
                except BaseException:
                    writer.undo()
                    raise
            finally:
                held.discard(key)
                fcntl.flock(handle, fcntl.LOCK_UN)

    def entries(self) -> list[dict[str, Any]]:
        """All entries, oldest first (unverified; call :meth:`verify` for integrity)."""
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_bytes().splitlines() if line.strip()]

    def verify(self) -> VerifyResult:
        """Walk the chain; report the first line that does not follow from the one before."""
        raw = self.path.read_bytes() if self.path.exists() else b""
        lines = raw.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        prev_hash = GENESIS
        for number, line in enumerate(lines, start=1):
            try:
                entry = json.loads(line)
            except ValueError:
                return VerifyResult(False, len(lines), number, "not valid JSON")
            if entry.get("seq") != number:
                return VerifyResult(False, len(lines), number, f"sequence number {entry.get('seq')} != {number}")
            if entry.get("prev") != prev_hash:
                return VerifyResult(False, len(lines), number, "hash of the previous line does not match")
            prev_hash = hashlib.sha256(line).hexdigest()
        head = self._head_load() if self._head_load else None
        if head is not None:
            count, last_hash = head
            if count != len(lines):
                return VerifyResult(
                    False,
                    len(lines),
                    min(count, len(lines)) + 1 if count > len(lines) else count + 1,
                    f"the database records {count} lines, the log has {len(lines)}",
                )
            if lines and last_hash != prev_hash:
                return VerifyResult(False, len(lines), len(lines), "last line differs from the recorded head")
        return VerifyResult(True, len(lines))


class AuditWriter:
    """Appends chained entries to an open, locked log; :meth:`undo` truncates back to where it started."""

    def __init__(self, handle: Any, head_store: Callable[[int, str], None] | None) -> None:
        self._handle = handle
        self._head_store = head_store
        handle.seek(0, os.SEEK_END)
        self._start = handle.tell()
        self._last, self._count = _last_line(handle)

    def __call__(self, actor: Actor, action: str, object_id: str = "", **details: Any) -> dict[str, Any]:
        """Append one entry (see :meth:`AuditLog.append`) and return it."""
        _check_details(details)
        entry = {
            "seq": self._count + 1,
            "ts": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
            "actor": actor.name,
            "role": str(actor.role),
            "action": action,
            "object_id": str(object_id),
            "details": details,
            "prev": hashlib.sha256(self._last).hexdigest() if self._last else GENESIS,
        }
        line = json.dumps(entry, sort_keys=True, ensure_ascii=True).encode("ascii")
        self._handle.seek(0, os.SEEK_END)
        before = self._handle.tell()
        try:
            self._write_line(line)
            if self._head_store:
                self._head_store(self._count + 1, hashlib.sha256(line).hexdigest())
        except BaseException:
            self._truncate(before)
            raise
        self._last, self._count = line, self._count + 1
        return entry

    def _write_line(self, line: bytes) -> None:
        self._handle.seek(0, os.SEEK_END)
        self._handle.write(line + b"\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def undo(self) -> None:
        """Remove every line this writer appended (the caller's state change did not happen)."""
        self._truncate(self._start)

    def _truncate(self, size: int) -> None:
        self._handle.flush()
        self._handle.truncate(size)
        os.fsync(self._handle.fileno())


def _held_paths() -> set[str]:
    if not hasattr(_LOCAL, "held"):
        _LOCAL.held = set()
    return _LOCAL.held


def _last_line(handle: Any) -> tuple[bytes, int]:
    """Return (last line bytes, number of lines) of an open log."""
    handle.seek(0)
    data = handle.read()
    lines = [line for line in data.split(b"\n") if line]
    return (lines[-1] if lines else b""), len(lines)
