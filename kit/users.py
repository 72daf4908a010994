"""Local users, roles and the role checks that guard raw text.

Passwords are stored as scrypt hashes in ``kit.db``. The kit knows four roles; raw text and the vault are for
compliance only. ``SYSTEM`` is the kit's own process (detection, anonymization): it may read raw text in
memory to process it but never shows it to anybody.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from typing import TYPE_CHECKING

from kit.errors import InputError, PermissionDenied

if TYPE_CHECKING:
    from kit.workspace import Workspace


class Role(str, Enum):
    """The roles a workspace user can hold."""

    ADMIN = "admin"
    COMPLIANCE = "compliance"
    ML_ENGINEER = "ml_engineer"
    DOMAIN_EXPERT = "domain_expert"
    SYSTEM = "system"

    def __str__(self) -> str:
        return self.value


ROLE_HELP = {
    Role.ADMIN: "manages the workspace and its users",
    Role.COMPLIANCE: "sees raw text, reviews redactions, signs off, approves releases",
    Role.ML_ENGINEER: "curates datasets and trains models (redacted data only)",
    Role.DOMAIN_EXPERT: "rates model outputs blind",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user name and a role."""

    name: str
    role: Role

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", Role(self.role))


SYSTEM = Actor("lima-kit", Role.SYSTEM)
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_CHARS = 8


def require_role(actor: Actor, *roles: Role | str) -> None:
    """Raise :class:`PermissionDenied` unless ``actor`` holds one of ``roles``."""
    allowed = {Role(r) for r in roles}
    if actor.role not in allowed:
        names = ", ".join(sorted(r.value for r in allowed))
        raise PermissionDenied(f"user {actor.name!r} ({actor.role.value}) may not do this; it needs: {names}")


def hash_password(password: str) -> str:
    """Scrypt hash in the form ``scrypt$n$r$p$salt$hash`` (base64 parts)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return "$".join(
        [
            "scrypt",
            str(_SCRYPT_N),
            str(_SCRYPT_R),
            str(_SCRYPT_P),
            base64.b64encode(salt).decode(),
            base64.b64encode(digest).decode(),
        ]
    )


def check_password(password: str, stored: str) -> bool:
    """Constant-time comparison of ``password`` against a stored scrypt hash."""
    try:
        _, n, r, p, salt, digest = stored.split("$")
        actual = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


def _validate_name(name: str) -> None:
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise InputError(f"user name {name!r} must be 1-64 letters, digits, '.', '_' or '-'")


def check_new_user(name: str, role: Role | str, password: str) -> Role:
    """Validate a new user's name, role and password without touching any workspace; return the role."""
    _validate_name(name)
    try:
        role = Role(role)
    except ValueError:
        choices = "admin, compliance, ml_engineer, domain_expert"
        raise InputError(f"unknown role {role!r}; choose one of {choices}") from None
    if role is Role.SYSTEM:
        raise InputError("the system role is reserved for the kit itself")
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(f"passwords need at least {MIN_PASSWORD_CHARS} characters")
    return role


def add_user(ws: Workspace, name: str, role: Role | str, password: str, *, by: Actor | None = None) -> Actor:
    """Create a user. ``by`` must be an admin unless the workspace has no users yet.

    The user row and its ``users.add`` audit entry are written together (both or neither).
    """
    role = check_new_user(name, role, password)
    pw_hash = hash_password(password)
    actor = Actor(name, role)
    with ws.audited_transaction() as (conn, audit):
        has_users = conn.execute("SELECT COUNT(*) FROM users").fetchone()[0] > 0
        if has_users:
            if by is None:
                raise PermissionDenied("only an admin may add users")
            require_role(by, Role.ADMIN)
        if conn.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
            raise InputError(f"user {name!r} already exists")
        conn.execute(
            "INSERT INTO users (name, role, pw_hash, created_at) VALUES (?, ?, ?, ?)",
            (name, role.value, pw_hash, datetime.now(timezone.utc).isoformat()),
        )
        audit(by or actor, "users.add", name, role=role.value)
    return actor


def authenticate(ws: Workspace, name: str, password: str) -> Actor:
    """Return the user's :class:`Actor` when the password matches; otherwise raise PermissionDenied."""
    with ws.connect() as conn:
        row = conn.execute("SELECT role, pw_hash FROM users WHERE name = ?", (name,)).fetchone()
    if row is None or not check_password(password, row["pw_hash"]):
        raise PermissionDenied("unknown user or wrong password")
    return Actor(name, Role(row["role"]))


def list_users(ws: Workspace) -> list[Actor]:
    """All users of the workspace, by name."""
    with ws.connect() as conn:
        rows = conn.execute("SELECT name, role FROM users ORDER BY name").fetchall()
    return [Actor(r["name"], Role(r["role"])) for r in rows]
