import json
import os

import pytest

from kit.errors import VaultError
from kit.vault import Vault, read_key_file, write_key_file
from tests.conftest import TEST_PASSPHRASE


def test_when_blob_is_stored_then_it_round_trips_and_is_encrypted_at_rest(workspace, vault):
    blob_id = vault.put(b"Patient Zelda Quarrington, MRN 4481907")
    assert vault.get(blob_id) == b"Patient Zelda Quarrington, MRN 4481907"
    stored = b"".join(p.read_bytes() for p in (workspace.vault_dir / "blobs").rglob("*.bin"))
    assert b"Quarrington" not in stored


def test_when_same_bytes_are_stored_twice_then_one_blob_exists(vault):
    assert vault.put(b"same") == vault.put(b"same")
    assert len(list((vault.root / "blobs").rglob("*.bin"))) == 1


def test_when_passphrase_is_wrong_then_vault_refuses(workspace):
    with pytest.raises(VaultError, match="wrong vault passphrase"):
        workspace.vault("not the passphrase")


def test_when_blob_is_tampered_then_get_raises_and_returns_no_plaintext(vault):
    blob_id = vault.put(b"secret clinical note")
    path = next((vault.root / "blobs").rglob(f"{blob_id}.bin"))
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(VaultError, match="failed authentication"):
        vault.get(blob_id)


def test_when_two_blob_files_are_swapped_then_both_fail(vault):
    a, b = vault.put(b"first"), vault.put(b"second")
    pa, pb = next(vault.root.rglob(f"{a}.bin")), next(vault.root.rglob(f"{b}.bin"))
    da, db_ = pa.read_bytes(), pb.read_bytes()
    pa.write_bytes(db_)
    pb.write_bytes(da)
    for blob_id in (a, b):
        with pytest.raises(VaultError):
            vault.get(blob_id)


def test_when_named_document_is_written_then_it_is_encrypted_and_readable(vault):
    vault.write_named("denylist", {"values": ["Quarrington"]})
    assert vault.read_named("denylist") == {"values": ["Quarrington"]}
    assert b"Quarrington" not in (vault.root / "named" / "denylist.bin").read_bytes()
    assert vault.read_named("missing", default=[]) == []


def test_when_key_file_is_world_readable_then_it_is_refused(tmp_path):
    path = tmp_path / "k.key"
    write_key_file(path, TEST_PASSPHRASE)
    assert read_key_file(path) == TEST_PASSPHRASE
    os.chmod(path, 0o644)
    with pytest.raises(VaultError, match="chmod 600"):
        read_key_file(path)


def test_when_key_file_env_is_set_then_workspace_opens_vault_from_it(workspace, tmp_path, monkeypatch):
    path = tmp_path / "ws.key"
    write_key_file(path, TEST_PASSPHRASE)
    monkeypatch.setenv("KIT_KEY_FILE", str(path))
    assert isinstance(workspace.vault(), Vault)


def test_when_no_passphrase_source_exists_then_error_says_how_to_unlock(workspace):
    with pytest.raises(VaultError, match="KIT_PASSPHRASE"):
        workspace.vault()


def test_derived_keys_differ_per_purpose_and_are_stable(workspace, vault):
    assert vault.derive_key("a") != vault.derive_key("b")
    assert workspace.vault(TEST_PASSPHRASE).derive_key("a") == vault.derive_key("a")


@pytest.mark.parametrize("length", [0, 5, 11, 12, 27])
def test_when_a_blob_file_is_truncated_then_get_raises_vault_error(vault, length):
    blob_id = vault.put(b"secret clinical note")
    path = next((vault.root / "blobs").rglob(f"{blob_id}.bin"))
    path.write_bytes(path.read_bytes()[:length])
    with pytest.raises(VaultError, match="truncated|failed authentication"):
        vault.get(blob_id)


def test_when_a_named_document_is_truncated_then_read_raises_vault_error(vault):
    vault.write_named("denylist", {"values": ["x"]})
    (vault.root / "named" / "denylist.bin").write_bytes(b"short")
    with pytest.raises(VaultError, match="truncated"):
        vault.read_named("denylist")


@pytest.mark.parametrize(
    "change",
    [
        {"n": 1000},  # not a power of two
        {"n": 0},
        {"r": 0},
        {"n": 2**40},  # beyond the memory cap
        {"salt": "%%%not base64"},
        {"salt": 17},
        {"n": "many"},
    ],
    ids=["n-not-power-of-two", "n-zero", "r-zero", "n-huge", "salt-not-base64", "salt-not-text", "n-not-number"],
)
def test_when_keyring_scrypt_params_are_bad_then_open_raises_vault_error(workspace, change):
    path = workspace.vault_dir / "keyring.json"
    keyring = json.loads(path.read_text())
    keyring["kdf"].update(change)
    path.write_text(json.dumps(keyring))
    with pytest.raises(VaultError, match="keyring"):
        workspace.vault(TEST_PASSPHRASE)


@pytest.mark.parametrize("wrapped", ["", "AAAA", "not base64!"])
def test_when_the_wrapped_key_is_damaged_then_open_raises_vault_error(workspace, wrapped):
    path = workspace.vault_dir / "keyring.json"
    keyring = json.loads(path.read_text())
    keyring["wrapped_key"] = wrapped
    path.write_text(json.dumps(keyring))
    with pytest.raises(VaultError, match="keyring"):
        workspace.vault(TEST_PASSPHRASE)


def test_when_keyring_is_not_an_object_then_open_raises_vault_error(workspace):
    (workspace.vault_dir / "keyring.json").write_text("[1, 2]")
    with pytest.raises(VaultError, match="malformed"):
        workspace.vault(TEST_PASSPHRASE)
