"""The encrypted vault: the only place raw imported text is stored.

Layout under ``<workspace>/vault/``::

    keyring.json          scrypt parameters, salt, and the data key wrapped with AES-256-GCM
    blobs/ab/<id>.bin     one AES-256-GCM ciphertext per blob (nonce || ciphertext+tag)
    named/<name>.bin      small encrypted JSON documents (deny-list, allow-list, ...)

A random 256-bit data key encrypts every blob; a key derived from the passphrase with scrypt wraps it, so a
passphrase change re-wraps one key instead of re-encrypting the vault. Blob ids are keyed HMACs of the
plaintext: re-importing the same text is a no-op, and an id reveals nothing without the key. Each blob's id
is bound into its authentication tag, so swapping two blob files is detected as tampering.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kit.errors import VaultError
from kit.fsutil import atomic_write_bytes, private_mkdir

KEYRING_VERSION = 1
DEFAULT_SCRYPT_N = 2**15
_WRAP_AAD = b"lima-kit keyring v1"
_NONCE_BYTES = 12
_TAG_BYTES = 16
_MIN_SEALED = _NONCE_BYTES + _TAG_BYTES  # the shortest valid ciphertext file: nonce + tag of empty data


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _kek(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    """Key-encryption key from the passphrase (scrypt, 32 bytes)."""
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**27, dklen=32)


def _open_sealed(aead: AESGCM, raw: bytes, aad: bytes, what: str) -> bytes:
    """Decrypt ``nonce || ciphertext+tag``; anything short, altered or foreign is a :class:`VaultError`."""
    if len(raw) < _MIN_SEALED:
        raise VaultError(f"{what} is truncated ({len(raw)} bytes; tampered or corrupt)")
    try:
        return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], aad)
    except InvalidTag:
        raise VaultError(f"{what} failed authentication (tampered or corrupt)") from None


class Vault:
    """An opened vault: encrypt and decrypt blobs with the unwrapped data key."""

    def __init__(self, root: Path, data_key: bytes) -> None:
        self.root = Path(root)
        self._aead = AESGCM(data_key)
        self._id_key = self._hkdf(data_key, b"blob-ids")
        self._data_key = data_key

    # -- creation and opening -------------------------------------------------------------------------
    @classmethod
    def create(cls, root: Path, passphrase: str, scrypt_n: int = DEFAULT_SCRYPT_N) -> Vault:
        """Create a new vault with a fresh random data key wrapped under ``passphrase``."""
        if not passphrase:
            raise VaultError("the vault passphrase must not be empty")
        root = Path(root)
        private_mkdir(root / "blobs", parents=True, exist_ok=True)  # folders 0700; files 0600 (mkstemp)
        private_mkdir(root / "named", exist_ok=True)
        data_key = AESGCM.generate_key(bit_length=256)
        salt = secrets.token_bytes(16)
        nonce = secrets.token_bytes(_NONCE_BYTES)
        wrapped = AESGCM(_kek(passphrase, salt, scrypt_n, 8, 1)).encrypt(nonce, data_key, _WRAP_AAD)
        keyring = {
            "version": KEYRING_VERSION,
            "cipher": "AES-256-GCM",
            "kdf": {"name": "scrypt", "n": scrypt_n, "r": 8, "p": 1, "salt": _b64(salt)},
            "wrapped_key": _b64(nonce + wrapped),
        }
        atomic_write_bytes(root / "keyring.json", json.dumps(keyring, indent=2).encode("utf-8"))
        return cls(root, data_key)

    @classmethod
    def open(cls, root: Path, passphrase: str) -> Vault:
        """Unwrap the data key with ``passphrase``; a wrong one, or a damaged keyring, raises :class:`VaultError`."""
        path = Path(root) / "keyring.json"
        try:
            keyring = json.loads(path.read_text(encoding="utf-8"))
            kdf = keyring["kdf"]
            salt, n, r, p = _unb64(kdf["salt"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
            blob = _unb64(keyring["wrapped_key"])
        except FileNotFoundError:
            raise VaultError(f"{path}: no vault keyring here") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise VaultError(f"{path}: keyring is malformed ({exc.__class__.__name__})") from None
        try:
            kek = _kek(passphrase, salt, n, r, p)
        except (ValueError, OverflowError, MemoryError):
            # hashlib refuses n that is not a power of two, r or p of 0, or parameters beyond its memory cap.
            raise VaultError(f"{path}: keyring has invalid scrypt parameters (n={n}, r={r}, p={p})") from None
        if len(blob) < _MIN_SEALED:
            raise VaultError(f"{path}: keyring is malformed (wrapped key too short)")
        try:
            data_key = AESGCM(kek).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], _WRAP_AAD)
        except InvalidTag:
            raise VaultError("wrong vault passphrase (or a tampered keyring): the vault stays locked") from None
        if len(data_key) != 32:
            raise VaultError(f"{path}: keyring is malformed (data key of {len(data_key)} bytes)")
        return cls(root, data_key)

    # -- blobs ---------------------------------------------------------------------------------------------
    def blob_id(self, data: bytes) -> str:
        """The keyed, deterministic id the blob ``data`` is stored under."""
        return hmac.new(self._id_key, data, hashlib.sha256).hexdigest()[:40]

    def _blob_path(self, blob_id: str) -> Path:
        if not blob_id or not blob_id.isascii() or not blob_id.isalnum():
            raise VaultError(f"invalid blob id {blob_id!r}")
        return self.root / "blobs" / blob_id[:2] / f"{blob_id}.bin"

    def put(self, data: bytes) -> str:
        """Encrypt and store ``data``; return its id. Storing the same bytes twice is a no-op."""
        blob_id = self.blob_id(data)
        path = self._blob_path(blob_id)
        if not path.exists():
            nonce = secrets.token_bytes(_NONCE_BYTES)
            ciphertext = self._aead.encrypt(nonce, data, blob_id.encode("ascii"))
            private_mkdir(path.parent, parents=True, exist_ok=True)
            atomic_write_bytes(path, nonce + ciphertext)
        return blob_id

    def get(self, blob_id: str) -> bytes:
        """Decrypt the blob ``blob_id``; tampering raises :class:`VaultError` and returns nothing."""
        path = self._blob_path(blob_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise VaultError(f"vault blob {blob_id} is missing") from None
        return _open_sealed(self._aead, raw, blob_id.encode("ascii"), f"vault blob {blob_id}")

    def delete(self, blob_id: str) -> None:
        """Remove a blob (used to roll back a failed import)."""
        self._blob_path(blob_id).unlink(missing_ok=True)

    def has(self, blob_id: str) -> bool:
        """True when the blob exists."""
        return self._blob_path(blob_id).exists()

    def put_json(self, obj: Any) -> str:
        """Store a JSON-serialisable object; return its blob id."""
        return self.put(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8"))

    def get_json(self, blob_id: str) -> Any:
        """Load an object stored with :meth:`put_json`."""
        return json.loads(self.get(blob_id).decode("utf-8"))

    # -- named documents -------------------------------------------------------------------------------
    def write_named(self, name: str, obj: Any) -> None:
        """Encrypt and (atomically) replace the named JSON document ``name``."""
        self._check_name(name)
        nonce = secrets.token_bytes(_NONCE_BYTES)
        data = json.dumps(obj, sort_keys=True, ensure_ascii=False).encode("utf-8")
        ciphertext = self._aead.encrypt(nonce, data, f"named:{name}".encode())
        private_mkdir(self.root / "named", exist_ok=True)
        atomic_write_bytes(self.root / "named" / f"{name}.bin", nonce + ciphertext)

    def read_named(self, name: str, default: Any = None) -> Any:
        """Decrypt the named document ``name``, or return ``default`` when it does not exist."""
        self._check_name(name)
        path = self.root / "named" / f"{name}.bin"
        if not path.exists():
            return default
        data = _open_sealed(self._aead, path.read_bytes(), f"named:{name}".encode(), f"vault document {name!r}")
        return json.loads(data.decode("utf-8"))

    @staticmethod
    def _check_name(name: str) -> None:
        if not name.replace("-", "").replace("_", "").isalnum():
            raise VaultError(f"invalid vault document name {name!r}")

    # -- derived keys ----------------------------------------------------------------------------------
    def derive_key(self, purpose: str) -> bytes:
        """A 32-byte subkey for ``purpose`` (keyed HMACs for surrogates, date shifts, content ids)."""
        return self._hkdf(self._data_key, purpose.encode("utf-8"))

    def keyed_hash(self, data: bytes, purpose: str = "content-ids") -> str:
        """HMAC-SHA256 of ``data`` under the subkey for ``purpose`` (hex)."""
        return hmac.new(self.derive_key(purpose), data, hashlib.sha256).hexdigest()

    @staticmethod
    def _hkdf(key: bytes, info: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


def read_key_file(path: Path) -> str:
    """Read a passphrase from a key file that only its owner can read (mode 0600 or stricter)."""
    path = Path(path)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        raise VaultError(f"{path}: key file not found") from None
    if mode & 0o077:
        raise VaultError(f"{path}: key file is readable by others (mode {mode:o}); run chmod 600 {path}")
    text = path.read_text(encoding="utf-8").strip()
    if not text:
        raise VaultError(f"{path}: key file is empty")
    return text


def write_key_file(path: Path, passphrase: str) -> None:
    """Write ``passphrase`` to a new key file with mode 0600."""
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(passphrase + "\n")
    os.chmod(path, 0o600)
