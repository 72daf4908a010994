import sqlite3

import pytest

from kit import db
from kit.errors import InputError, VaultError, WorkspaceError
from kit.status import stages
from kit.users import Actor, list_users
from kit.workspace import REPO_POLICIES, Workspace, policy_folders, resolve_policy
from redaction.shipped import SHARE_SUBDIR
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


def _leftovers(parent):
    return sorted(p.name for p in parent.iterdir())


@pytest.mark.parametrize(
    "admin,password,error",
    [("root", "short", InputError), ("bad name!", "long-enough", InputError), ("root", None, InputError)],
    ids=["short-password", "bad-admin-name", "no-password"],
)
def test_when_init_is_given_a_bad_admin_then_nothing_is_created_and_a_rerun_works(tmp_path, admin, password, error):
    parent = tmp_path / "parent"
    parent.mkdir()
    with pytest.raises(error):
        Workspace.init(parent / "ws", passphrase=TEST_PASSPHRASE, scrypt_n=2**12, admin=admin, admin_password=password)
    assert _leftovers(parent) == []
    ws = Workspace.init(
        parent / "ws", passphrase=TEST_PASSPHRASE, scrypt_n=2**12, admin="root", admin_password="root-pass"
    )
    assert [(a.name, a.role.value) for a in list_users(ws)] == [("root", "admin")]


def test_when_init_fails_midway_then_the_staging_folder_is_removed(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kit.workspace.Vault.create", broken)
    with pytest.raises(OSError):
        Workspace.init(tmp_path / "ws", passphrase=TEST_PASSPHRASE, admin="root", admin_password="root-pass")
    assert _leftovers(tmp_path) == []


def test_when_init_is_given_an_empty_passphrase_then_nothing_is_created(tmp_path):
    with pytest.raises(VaultError):
        Workspace.init(tmp_path / "ws", passphrase="")
    assert _leftovers(tmp_path) == []


def test_when_init_path_is_a_file_then_init_refuses(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(WorkspaceError, match="not empty"):
        Workspace.init(tmp_path / "file", passphrase=TEST_PASSPHRASE)


def test_init_audits_workspace_init_and_the_first_admin_in_the_library(tmp_path):
    ws = Workspace.init(
        tmp_path / "ws", passphrase=TEST_PASSPHRASE, scrypt_n=2**12, admin="root", admin_password="root-pass"
    )
    entries = ws.audit().entries()
    assert [(e["action"], e["actor"], e["role"]) for e in entries] == [
        ("workspace.init", "root", "admin"),
        ("users.add", "root", "admin"),
    ]
    assert entries[0]["details"]["policy"] == "hipaa_safe_harbor" and ws.audit().verify().ok
    bare = Workspace.init(tmp_path / "bare", passphrase=TEST_PASSPHRASE, scrypt_n=2**12)
    assert [(e["action"], e["role"]) for e in bare.audit().entries()] == [("workspace.init", "system")]
    assert bare.audit().verify().ok


def test_when_an_audited_transaction_fails_then_rows_and_entries_both_roll_back(workspace):
    before_log, actor = workspace.audit_path.read_bytes(), Actor("admin", "admin")
    undone = []
    with pytest.raises(RuntimeError):
        with workspace.audited_transaction(on_rollback=[lambda: undone.append(1)]) as (conn, audit):
            conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
            audit(actor, "test.change", "x")
            audit(actor, "test.change", "y")
            raise RuntimeError("boom")
    assert workspace.audit_path.read_bytes() == before_log and undone == [1]
    with workspace.connect() as conn:
        assert conn.execute("SELECT 1 FROM meta WHERE key = 'x'").fetchone() is None
    assert workspace.audit().verify().ok
    with workspace.audited_transaction() as (conn, audit):
        conn.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
        audit(actor, "test.change", "x")
    assert workspace.audit().entries()[-1]["action"] == "test.change" and workspace.audit().verify().ok


def test_when_the_commit_fails_then_the_audit_entry_is_removed(workspace):
    before_log, actor = workspace.audit_path.read_bytes(), Actor("admin", "admin")
    with pytest.raises(sqlite3.IntegrityError):
        with workspace.audited_transaction() as (conn, audit):
            # A deferred foreign key is checked only at COMMIT: the commit itself fails.
            conn.execute("PRAGMA defer_foreign_keys = ON")
            conn.execute(
                "INSERT INTO records (id, kind, import_id, line, blob_id, content_hash, n_chars, created_at) "
                "VALUES ('r', 'document', 999, 1, 'b', 'h', 1, 'now')"
            )
            audit(actor, "test.change", "r")
    assert workspace.audit_path.read_bytes() == before_log and workspace.audit().verify().ok


def test_policy_lookup_order_is_workspace_then_repository_then_installed_share(workspace):
    folders = policy_folders(workspace.root)
    assert folders[0] == workspace.root / "policies" and folders[1] == REPO_POLICIES
    assert all(SHARE_SUBDIR.as_posix() in f.as_posix() for f in folders[2:]) and len(folders) >= 3
    (workspace.root / "policies").mkdir()
    (workspace.root / "policies" / "release_gate.yaml").write_text("min_ratings: 1\n")
    assert workspace.policy_path("release_gate") == workspace.root / "policies" / "release_gate.yaml"
    assert resolve_policy("release_gate") == REPO_POLICIES / "release_gate.yaml"
