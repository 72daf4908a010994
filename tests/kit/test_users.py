import pytest

from kit.errors import InputError, PermissionDenied
from kit.ingest import ingest
from kit.records import load_raw
from kit.users import SYSTEM, Actor, add_user, authenticate, check_password, hash_password
from tests.conftest import PASSWORDS


def test_passwords_are_stored_as_scrypt_hashes(workspace):
    with workspace.connect() as conn:
        stored = conn.execute("SELECT pw_hash FROM users WHERE name = 'carol'").fetchone()[0]
    assert stored.startswith("scrypt$") and PASSWORDS["carol"] not in stored
    assert check_password(PASSWORDS["carol"], stored) and not check_password("nope", stored)
    assert hash_password("x" * 8) != hash_password("x" * 8)  # salted


def test_authenticate_returns_the_role_or_refuses(workspace):
    assert authenticate(workspace, "mel", PASSWORDS["mel"]).role == "ml_engineer"
    with pytest.raises(PermissionDenied):
        authenticate(workspace, "mel", "wrong-password")
    with pytest.raises(PermissionDenied):
        authenticate(workspace, "nobody", "whatever1")


def test_only_an_admin_adds_users(workspace, actors):
    with pytest.raises(PermissionDenied):
        add_user(workspace, "eve", "compliance", "eve-password", by=actors["mel"])
    with pytest.raises(PermissionDenied):
        add_user(workspace, "eve", "compliance", "eve-password")
    add_user(workspace, "eve", "compliance", "eve-password", by=actors["admin"])


def test_bad_user_input_is_refused(workspace, actors):
    with pytest.raises(InputError, match="unknown role"):
        add_user(workspace, "eve", "superuser", "eve-password", by=actors["admin"])
    with pytest.raises(InputError, match="8 characters"):
        add_user(workspace, "eve", "compliance", "short", by=actors["admin"])
    with pytest.raises(InputError, match="already exists"):
        add_user(workspace, "carol", "compliance", "carol-pass2", by=actors["admin"])


@pytest.mark.parametrize("name", ["mel", "dana", "admin"])
def test_when_a_non_compliance_role_asks_for_raw_text_then_it_is_refused(workspace, vault, actors, tmp_path, name):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "n1", "text": "Seen by Dr. Okafor"}\n')
    ingest(workspace, vault, src, "documents", actors["carol"])
    with pytest.raises(PermissionDenied):
        load_raw(workspace, vault, "n1", actors[name])
    assert load_raw(workspace, vault, "n1", actors["carol"]).fields["text"] == "Seen by Dr. Okafor"
    with pytest.raises(PermissionDenied):  # the kit's own processing reads raw text without an actor
        load_raw(workspace, vault, "n1", SYSTEM)


def test_raw_record_repr_hides_text(workspace, vault, actors, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "n1", "text": "Seen by Dr. Okafor"}\n')
    ingest(workspace, vault, src, "documents", actors["carol"])
    assert "Okafor" not in repr(load_raw(workspace, vault, "n1", actors["carol"]))
    assert Actor("x", "admin").role == "admin"
