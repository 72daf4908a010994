"""Import documents and example pairs into the workspace: validate everything, then write everything.

Formats: JSON Lines (``.jsonl``/``.json``), CSV, Parquet, and a folder of ``.txt`` files (one document each,
id = file stem). Documents are ``{id, text, ...metadata}``; examples are ``{id, prompt, response, source?,
category?}``. Raw fields and metadata go to the vault; kit.db keeps ids, sizes and a few short labels.

All or nothing: the first bad line raises :class:`InputError` naming the file and line, before anything is
written. Re-importing the same file, or records already present with the same content, is a no-op.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kit.errors import InputError
from kit.users import Actor, Role, require_role
from kit.vault import Vault
from kit.workspace import Workspace

KINDS = {"documents": "document", "examples": "example", "document": "document", "example": "example"}
REQUIRED = {"document": ("text",), "example": ("prompt", "response")}
LABEL_KEYS = ("doc_type", "source", "category")  # short labels kept in kit.db; everything else is vaulted
MAX_LABEL_CHARS = 64
DEFAULT_MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class IngestResult:
    """What an import did."""

    file: str
    kind: str
    added: int
    skipped: int
    unchanged: bool
    import_id: int | None


@dataclass(frozen=True)
class _Row:
    line: int
    id: str
    fields: dict[str, str]
    labels: dict[str, str | None]
    metadata: dict[str, Any]


# -- readers: yield (line number, object) ------------------------------------------------------------------
def _decode_lines(path: Path, data: bytes) -> list[str]:
    lines = data.split(b"\n")
    out = []
    for number, raw in enumerate(lines, start=1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid UTF-8 (byte {exc.start} of the line); re-save the file as UTF-8", path, number
            ) from None
    return out


def _read_jsonl(path: Path, data: bytes) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(_decode_lines(path, data), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path, number) from None


def _read_csv(path: Path, data: bytes) -> Iterator[tuple[int, Any]]:
    text = "\n".join(_decode_lines(path, data))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if None in row:
                raise InputError("row has more fields than the header", path, reader.line_num)
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", path, reader.line_num) from None


def _read_parquet(path: Path, data: bytes) -> Iterator[tuple[int, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file ({exc.__class__.__name__})", path) from None
    for number, row in enumerate(table.to_pylist(), start=1):
        yield number, row  # for Parquet, "line" is the 1-based row number


def _read_txt_dir(folder: Path) -> Iterator[tuple[Path, int, Any]]:
    files = sorted(folder.glob("*.txt"))
    if not files:
        raise InputError("folder holds no .txt files", folder)
    for path in files:
        lines = _decode_lines(path, path.read_bytes())
        yield path, 1, {"id": path.stem, "text": "\n".join(lines)}


READERS = {
    ".jsonl": _read_jsonl,
    ".json": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".csv": _read_csv,
    ".parquet": _read_parquet,
}


def _iter_objects(path: Path) -> Iterator[tuple[Path, int, Any]]:
    if path.is_dir():
        yield from _read_txt_dir(path)
        return
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise InputError(f"unsupported file type {path.suffix!r}; use .jsonl, .csv, .parquet or a folder of .txt", path)
    for number, obj in reader(path, path.read_bytes()):
        yield path, number, obj


# -- validation --------------------------------------------------------------------------------------------
def _validate(path: Path, line: int, obj: Any, kind: str, max_chars: int) -> _Row:
    where = "row" if path.suffix.lower() == ".parquet" else "line"
    if not isinstance(obj, dict):
        raise InputError(f"expected an object with id and {', '.join(REQUIRED[kind])}", path, line)
    raw_id = obj.get("id")
    if raw_id is None or (isinstance(raw_id, str) and not raw_id.strip()) or isinstance(raw_id, (dict, list)):
        raise InputError(f"missing or empty 'id' on this {where}", path, line)
    record_id = str(raw_id).strip()
    if len(record_id) > 128 or any(c.isspace() or ord(c) < 32 for c in record_id):
        raise InputError("'id' must be at most 128 characters without spaces or control characters", path, line)
    fields = {}
    for name in REQUIRED[kind]:
        value = obj.get(name)
        if not isinstance(value, str):
            raise InputError(f"record {record_id}: field {name!r} is missing or not text", path, line)
        if not value.strip():
            raise InputError(f"record {record_id}: field {name!r} is empty", path, line)
        if len(value) > max_chars:
            raise InputError(
                f"record {record_id}: field {name!r} has {len(value):,} characters; the limit is "
                f"{max_chars:,} (--max-chars)",
                path,
                line,
            )
        fields[name] = value
    labels = {}
    for key in LABEL_KEYS:
        value = obj.get(key)
        labels[key] = str(value)[:MAX_LABEL_CHARS] if value not in (None, "") else None
    metadata = {k: v for k, v in obj.items() if k not in ("id", *REQUIRED[kind])}
    return _Row(line, record_id, fields, labels, metadata)


def read_file(path: str | Path, kind: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[_Row]:
    """Parse and validate every record in ``path``; raise on the first problem."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for source, line, obj in _iter_objects(path):
        row = _validate(source, line, obj, kind, max_chars)
        if row.id in seen:
            raise InputError(f"duplicate id {row.id!r} (first seen on line {seen[row.id]})", source, line)
        seen[row.id] = line
        rows.append(row)
    if not rows:
        raise InputError("no records found", path)
    return rows


# -- writing -----------------------------------------------------------------------------------------------
def _file_digest(vault: Vault, path: Path) -> str:
    if path.is_dir():
        parts = [p.name.encode() + b"\0" + p.read_bytes() for p in sorted(path.glob("*.txt"))]
        return vault.keyed_hash(b"\0\0".join(parts))
    return vault.keyed_hash(path.read_bytes())


def ingest(
    ws: Workspace, vault: Vault, path: str | Path, kind: str, actor: Actor, max_chars: int = DEFAULT_MAX_CHARS
) -> IngestResult:
    """Import ``path`` as ``kind`` (documents | examples). All or nothing; idempotent."""
    require_role(actor, Role.COMPLIANCE, Role.ADMIN)
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}; use documents or examples")
    kind = KINDS[kind]
    path = Path(path)
    rows = read_file(path, kind, max_chars)
    digest = _file_digest(vault, path)
    with ws.connect() as conn:
        if conn.execute("SELECT 1 FROM imports WHERE content_hash = ?", (digest,)).fetchone():
            return IngestResult(path.name, kind, 0, len(rows), True, None)
        rows_in_db = conn.execute("SELECT id, content_hash, kind FROM records")
        existing = {r["id"]: (r["content_hash"], r["kind"]) for r in rows_in_db}
    new_rows, hashes = [], {}
    for row in rows:
        content_hash = vault.keyed_hash(json.dumps(row.fields, sort_keys=True).encode("utf-8"))
        if row.id in existing:
            if existing[row.id] != (content_hash, kind):
                raise InputError(
                    f"id {row.id!r} already exists in the workspace with different content", path, row.line
                )
            continue
        hashes[row.id] = content_hash
        new_rows.append(row)
    created_blobs: list[str] = []
    try:
        blob_ids = {}
        for row in new_rows:
            payload = json.dumps(
                {**row.fields, "metadata": row.metadata}, sort_keys=True, ensure_ascii=False, default=str
            ).encode("utf-8")
            blob_id = vault.blob_id(payload)
            if not vault.has(blob_id):
                created_blobs.append(blob_id)
            blob_ids[row.id] = vault.put(payload)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with ws.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO imports (file_name, kind, content_hash, n_records, imported_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (path.name, kind, digest, len(new_rows), actor.name, now),
            )
            import_id = cur.lastrowid
            conn.executemany(
                "INSERT INTO records (id, kind, import_id, line, doc_type, source, category, blob_id, "
                "content_hash, n_chars, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        r.id,
                        kind,
                        import_id,
                        r.line,
                        r.labels["doc_type"],
                        r.labels["source"],
                        r.labels["category"],
                        blob_ids[r.id],
                        hashes[r.id],
                        sum(len(v) for v in r.fields.values()),
                        now,
                    )
                    for r in new_rows
                ],
            )
    except BaseException:
        for blob_id in created_blobs:
            vault.delete(blob_id)
        raise
    ws.audit().append(
        actor,
        "ingest",
        f"import-{import_id}",
        file=path.name,
        kind=kind,
        added=len(new_rows),
        skipped=len(rows) - len(new_rows),
    )
    return IngestResult(path.name, kind, len(new_rows), len(rows) - len(new_rows), False, import_id)
