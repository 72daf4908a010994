"""Workspace files are 0600 and folders 0700 whatever the umask (issue 16): kit.db holds redacted text and
password hashes, audit.log the trail, the vault encrypted raw inputs."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kit import fsutil
from kit.ingest import ingest
from kit.users import Actor
from kit.workspace import Workspace
from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def umask_022():
    """The common default umask, under which plain ``open``/``mkdir`` make world-readable files."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _documents(path: Path) -> Path:
    rows = [{"id": f"doc-{i}", "text": f"Seen by Dr. Example on day {i}."} for i in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _readable_by_others(root: Path) -> list[str]:
    """Every path under ``root`` (and ``root``) whose mode grants anything to group or others."""
    paths = [root, *root.rglob("*")]
    return [
        f"{p.relative_to(root.parent)} {stat.S_IMODE(p.stat().st_mode):o}" for p in paths if p.stat().st_mode & 0o077
    ]


def test_when_umask_is_022_then_a_fresh_workspace_after_init_and_ingest_is_private(tmp_path, umask_022):
    ws = Workspace.init(
        tmp_path / "ws", passphrase=TEST_PASSPHRASE, scrypt_n=2**12, admin="root", admin_password="root-pass"
    )
    actor = Actor("root", "admin")
    ingest(ws, ws.vault(TEST_PASSPHRASE), _documents(tmp_path / "docs.jsonl"), "documents", actor)
    with ws.connect() as conn:  # an open connection keeps kit.db-wal and kit.db-shm on disk
        conn.execute("SELECT count(*) FROM meta").fetchone()
        names = {p.name for p in ws.root.rglob("*")}
        assert {"kit.db", "kit.db-wal", "kit.db-shm", "audit.log", "kit.toml", "keyring.json"} <= names
        assert any(name.endswith(".bin") for name in names), "ingest wrote no vault blob"
        assert _readable_by_others(ws.root) == []


def test_when_umask_is_022_then_kit_init_and_ingest_on_the_command_line_leave_nothing_readable(tmp_path, umask_022):
    env = {**os.environ, "KIT_PASSPHRASE": TEST_PASSPHRASE, "KIT_PASSWORD": "root-pass", "KIT_USER": "root"}
    ws = tmp_path / "ws"
    for args in (
        ["init", str(ws), "--admin", "root"],
        ["-w", str(ws), "ingest", str(_documents(tmp_path / "d.jsonl")), "--kind", "documents"],
    ):
        result = subprocess.run(
            [sys.executable, "-m", "kit.cli", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, result.stdout + result.stderr
    assert _readable_by_others(ws) == []


def test_restrict_umask_makes_plain_files_and_folders_private(tmp_path, umask_022):
    old = fsutil.restrict_umask()
    try:
        (tmp_path / "folder").mkdir()
        (tmp_path / "file").write_text("x", encoding="utf-8")
    finally:
        os.umask(old)
    assert old == 0o022
    assert stat.S_IMODE((tmp_path / "folder").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "file").stat().st_mode) == 0o600


def test_private_mkdir_with_parents_makes_every_new_level_0700(tmp_path, umask_022):
    fsutil.private_mkdir(tmp_path / "a" / "b" / "c", parents=True)
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "c"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    fsutil.private_mkdir(tmp_path / "a", exist_ok=True)  # an existing folder is fine with exist_ok
    with pytest.raises(FileExistsError):
        fsutil.private_mkdir(tmp_path / "a")
