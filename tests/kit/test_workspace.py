import sqlite3

import pytest

from kit import db
from kit.errors import WorkspaceError
from kit.status import stages
from kit.workspace import Workspace
from tests.conftest import TEST_PASSPHRASE


def test_init_creates_the_documented_layout(workspace):
    for name in ("kit.toml", "kit.db", "audit.log", "vault/keyring.json"):
        assert (workspace.root / name).is_file(), name
    for name in ("datasets", "runs", "evals", "releases", "models"):
        assert (workspace.root / name).is_dir(), name
    assert workspace.settings["policy"]["redaction"] == "hipaa_safe_harbor"


def test_database_uses_wal_and_records_the_latest_schema_version(workspace):
    with workspace.connect() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.schema_version(conn) == db.migrations()[-1][0]


def test_when_workspace_is_older_then_open_migrates_forward(tmp_path):
    path = tmp_path / "old"
    Workspace.init(path, passphrase=TEST_PASSPHRASE, scrypt_n=2**12)
    conn = sqlite3.connect(path / "kit.db")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
        if name not in ("meta", "users", "imports", "records") and not name.startswith("sqlite"):
            conn.execute(f"DROP TABLE IF EXISTS {name}")
    conn.commit()
    conn.close()
    ws = Workspace.open(path)
    with ws.connect() as c:
        assert db.schema_version(c) == db.migrations()[-1][0]


def test_when_workspace_is_newer_than_the_kit_then_open_refuses(workspace):
    with workspace.connect() as conn:
        conn.execute("UPDATE meta SET value = '9999' WHERE key = 'schema_version'")
    with pytest.raises(WorkspaceError, match="newer than this kit"):
        Workspace.open(workspace.root)


def test_when_folder_is_not_empty_then_init_refuses(tmp_path):
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "file.txt").write_text("x")
    with pytest.raises(WorkspaceError, match="not empty"):
        Workspace.init(tmp_path / "busy", passphrase=TEST_PASSPHRASE)


def test_when_path_is_not_a_workspace_then_open_says_how_to_create_one(tmp_path):
    with pytest.raises(WorkspaceError, match="kit init"):
        Workspace.open(tmp_path)


def test_open_uses_kit_workspace_env(workspace, monkeypatch):
    monkeypatch.setenv("KIT_WORKSPACE", str(workspace.root))
    assert Workspace.open().root == workspace.root


def test_transaction_rolls_back_on_error(workspace):
    with pytest.raises(RuntimeError):
        with workspace.transaction() as conn:
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
            raise RuntimeError("boom")
    with workspace.connect() as conn:
        assert conn.execute("SELECT 1 FROM meta WHERE key = 'x'").fetchone() is None


def test_status_lists_every_stage_with_a_next_step(workspace):
    result = stages(workspace)
    assert [s.key for s in result] == ["workspace", "ingest", "review", "curate", "train", "rate", "release"]
    ingest = result[1]
    assert ingest.state == "ready" and "kit ingest" in ingest.next_action
