"""Small file-system helpers: atomic writes so that nothing is ever half-written, and private modes.

Everything in a workspace may hold PHI or what protects it (redacted text, password hashes, the audit
trail, encrypted raw inputs), so the kit creates its files 0600 and its folders 0700 whatever the umask:
the modes are passed to the creating call itself (``mkstemp``, ``os.open``, ``mkdir``), never chmod-ed
afterwards, so no file is readable by others even for a moment. A umask can only take bits away, so it
cannot widen them. Kit processes also set :func:`restrict_umask` so that files written by libraries
(checkpoints, datasets, reports) are private too.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
PRIVATE_UMASK = 0o077


def restrict_umask() -> int:
    """Make every file and folder this process creates from now on private to its user; return the old umask."""
    return os.umask(PRIVATE_UMASK)


def private_mkdir(path: Path, *, parents: bool = False, exist_ok: bool = False) -> Path:
    """``mkdir`` with mode 0700; with ``parents``, every missing parent is created 0700 too."""
    path = Path(path)
    if parents and not path.parent.exists():
        private_mkdir(path.parent, parents=True, exist_ok=True)
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE)
    except FileExistsError:
        if not exist_ok or not path.is_dir():
            raise
    return path


def private_opener(path: str, flags: int) -> int:
    """An ``opener`` for :func:`open` that creates a missing file 0600 (an existing file keeps its mode)."""
    return os.open(path, flags, PRIVATE_FILE_MODE)


def private_touch(path: Path) -> Path:
    """Create ``path`` empty with mode 0600 if it does not exist."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE))
    return Path(path)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file (mode 0600) and an atomic rename."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically."""
    atomic_write_bytes(path, text.encode("utf-8"))
