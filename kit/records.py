"""Ingested records: metadata in kit.db, raw fields only in the vault.

A record is a *document* (``{"text": ...}``) or an *example* pair (``{"prompt": ..., "response": ...}``).
Only compliance staff may load raw text through the public :func:`load_raw`. The kit's own processing
(detection, anonymization, propagation) reads raw text in memory through the module-private
:func:`_pipeline_raw`, which no CLI command or UI page calls and which returns nothing to a user; the
public ``kit.users.SYSTEM`` actor opens nothing. Roles stop accidental exposure in the CLI and UI; the real
boundary is the vault passphrase (see docs/review.md, "Trust model").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kit.errors import InputError
from kit.users import Actor, Role, require_role

if TYPE_CHECKING:
    from kit.vault import Vault
    from kit.workspace import Workspace

RAW_TEXT_ROLES = (Role.COMPLIANCE,)
FIELDS = {"document": ("text",), "example": ("prompt", "response")}


@dataclass(frozen=True)
class RecordMeta:
    """What kit.db knows about a record: never its text."""

    id: str
    kind: str
    source_file: str
    line: int
    doc_type: str | None
    source: str | None
    category: str | None
    n_chars: int


@dataclass(frozen=True)
class RawRecord:
    """A record's raw fields, decrypted in memory. Never log, print or persist one outside the vault."""

    id: str
    kind: str
    fields: dict[str, str]
    metadata: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # keep raw text out of tracebacks and logs
        return f"RawRecord(id={self.id!r}, kind={self.kind!r}, fields=<{len(self.fields)} redacted>)"


_META_SQL = (
    "SELECT r.id, r.kind, i.file_name AS source_file, r.line, r.doc_type, r.source, r.category, r.n_chars "
    "FROM records r JOIN imports i ON i.id = r.import_id"
)


def list_records(ws: Workspace, kind: str | None = None) -> list[RecordMeta]:
    """All records (optionally of one kind), in id order."""
    with ws.connect() as conn:
        if kind:
            rows = conn.execute(f"{_META_SQL} WHERE r.kind = ? ORDER BY r.id", (kind,)).fetchall()
        else:
            rows = conn.execute(f"{_META_SQL} ORDER BY r.id").fetchall()
    return [RecordMeta(**dict(row)) for row in rows]


def get_record(ws: Workspace, record_id: str) -> RecordMeta:
    """Metadata of one record; InputError when unknown."""
    with ws.connect() as conn:
        row = conn.execute(f"{_META_SQL} WHERE r.id = ?", (record_id,)).fetchone()
    if row is None:
        raise InputError(f"no record with id {record_id!r}")
    return RecordMeta(**dict(row))


def load_raw(ws: Workspace, vault: Vault, record_id: str, actor: Actor) -> RawRecord:
    """Decrypt one record's raw fields. Compliance only (PermissionDenied for every other role)."""
    require_role(actor, *RAW_TEXT_ROLES)
    return _pipeline_raw(ws, vault, record_id)


def _pipeline_raw(ws: Workspace, vault: Vault, record_id: str) -> RawRecord:
    """Decrypt one record for the kit's own processing (detection, anonymization, propagation) only.

    Private on purpose: callers hand the text to the engine or the operators and drop it; nothing they
    return to a user holds it. Anything that shows raw text to a person goes through :func:`load_raw`.
    """
    with ws.connect() as conn:
        row = conn.execute("SELECT kind, blob_id FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise InputError(f"no record with id {record_id!r}")
    payload = vault.get_json(row["blob_id"])
    fields = {name: payload[name] for name in FIELDS[row["kind"]]}
    return RawRecord(record_id, row["kind"], fields, payload.get("metadata", {}))


def count_records(ws: Workspace) -> dict[str, int]:
    """Number of records per kind."""
    with ws.connect() as conn:
        rows = conn.execute("SELECT kind, COUNT(*) AS n FROM records GROUP BY kind").fetchall()
    return {row["kind"]: row["n"] for row in rows}
