"""Import documents and example pairs into the workspace: validate everything, then write everything.

Formats: JSON Lines (``.jsonl``/``.json``/``.ndjson``), CSV, Parquet, and a folder of ``.txt`` files (one
document each, id = file stem). Documents are ``{id, text, ...metadata}``; examples are ``{id, prompt,
response, source?, category?}``.

What is stored where (the rule the canary test enforces):

* **In the vault only** (encrypted): the text fields and every other field of a record (its metadata).
* **In clear** in ``kit.db`` and the audit log: record ids, line numbers, sizes, content hashes, and the
  labels ``doc_type``, ``source`` and ``category`` — short slugs (:data:`LABEL_PATTERN`: letters, digits,
  ``_ - .`` and spaces, at most 64 characters) that curation groups by. Ids and labels must never hold PHI
  (no patient names or MRNs as ids); anything else belongs in metadata.
* The import file's name is not stored: ``imports.file_name`` and the audit entry hold a keyed hash of it
  plus the format's extension (:func:`stored_file_name`), since names like ``smith_john_notes.csv`` happen.

All or nothing: the first bad line raises :class:`InputError` naming the file and line (row, for Parquet),
before anything is written. The write phase holds the audit log's lock and one database transaction; a
failure anywhere in it rolls back the rows, removes the blobs it created and drops its audit entry.
Re-importing the same file, or records already present with the same content, is a no-op.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
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
LABEL_KEYS = ("doc_type", "source", "category")  # short labels kept in clear in kit.db; the rest is vaulted
MAX_LABEL_CHARS = 64
LABEL_PATTERN = re.compile(r"[A-Za-z0-9_\-. ]{1,64}")
MAX_ID_CHARS = 128
DEFAULT_MAX_CHARS = 1_000_000
_CSV_LIMIT_CAP = 2**31 - 1  # csv.field_size_limit takes a C long


@dataclass(frozen=True)
class IngestResult:
    """What an import did. ``file`` is the name as given (for display); kit.db keeps only its hash."""

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


# -- readers: (line number, object) per record ---------------------------------------------------------------
def _decode_lines(path: Path, data: bytes) -> list[str]:
    out = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not valid UTF-8 (byte {exc.start + 1} of the line); re-save the file as UTF-8", path, number
            ) from None
    return out


def _read_jsonl(path: Path, data: bytes, max_chars: int) -> list[tuple[int, Any]]:
    out = []
    for number, line in enumerate(_decode_lines(path, data), start=1):
        if not line.strip():
            continue
        try:
            out.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})", path, number) from None
    return out


def _read_csv(path: Path, data: bytes, max_chars: int) -> list[tuple[int, Any]]:
    text = "\n".join(_decode_lines(path, data))
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    previous = csv.field_size_limit(min(max_chars, _CSV_LIMIT_CAP))  # huge fields get the kit's own message
    try:
        rows = _csv_rows(path, reader, max_chars)
    finally:
        csv.field_size_limit(previous)
    if not rows:
        return []
    (_, header), body = rows[0], rows[1:]
    _check_header(path, header)
    out = []
    for start, values in body:
        if len(values) != len(header):
            raise InputError(f"row has {len(values)} fields; the header has {len(header)}", path, start)
        out.append((start, dict(zip(header, values))))
    return out


def _csv_rows(path: Path, reader: Any, max_chars: int) -> list[tuple[int, list[str]]]:
    rows = []
    while True:
        start = reader.line_num + 1  # a quoted field may span lines: name the line where the record starts
        try:
            values = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                message = f"a field is longer than {max_chars:,} characters; the limit is {max_chars:,} (--max-chars)"
                raise InputError(message, path, start) from None
            raise InputError(f"malformed CSV ({exc}) in the record starting on this line", path, start) from None
        if values:  # blank lines are not records
            rows.append((start, values))


def _check_header(path: Path, header: list[str]) -> None:
    seen = set()
    for column, name in enumerate(header, start=1):
        if not name.strip():
            raise InputError(f"header column {column} has no name", path, 1)
        if name in seen:
            raise InputError(f"header repeats column {name!r}", path, 1)
        seen.add(name)


def _read_parquet(path: Path, data: bytes, max_chars: int) -> list[tuple[int, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
        rows = table.to_pylist()
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"not a readable Parquet file ({exc.__class__.__name__})", path) from None
    return [(number, row) for number, row in enumerate(rows, start=1)]  # "line" is the 1-based row


def _txt_files(folder: Path) -> list[Path]:
    """The ``.txt`` files a folder import reads, in name order."""
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


def _read_txt_dir(folder: Path) -> Iterator[tuple[Path, int, Any]]:
    files = _txt_files(folder)
    if not files:
        raise InputError("folder holds no .txt files", folder)
    for path in files:
        lines = _decode_lines(path, path.read_bytes())
        yield path, 1, {"id": path.stem, "text": "\n".join(lines)}


Reader = Callable[[Path, bytes, int], list[tuple[int, Any]]]
READERS: dict[str, Reader] = {
    ".jsonl": _read_jsonl,
    ".json": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".csv": _read_csv,
    ".parquet": _read_parquet,
}
_COLUMNAR = (".csv", ".parquet")  # formats whose columns can be checked once, before any row


def _iter_objects(path: Path, kind: str, max_chars: int) -> Iterator[tuple[Path, int, Any]]:
    if path.is_dir():
        yield from _read_txt_dir(path)
        return
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        raise InputError(
            f"unsupported file type {path.suffix or '(none)'!r}; use .jsonl, .csv, .parquet or a folder of .txt", path
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc.__class__.__name__})", path) from None
    if not data.strip():
        raise InputError("file is empty", path)
    rows = reader(path, data, max_chars)
    if rows and suffix in _COLUMNAR:
        _check_columns(path, rows[0][1], kind)
    for number, obj in rows:
        yield path, number, obj


def _check_columns(path: Path, first: dict, kind: str) -> None:
    for name in ("id", *REQUIRED[kind]):
        if name not in first:
            raise InputError(f"has no {name!r} column (a {kind} needs id, {', '.join(REQUIRED[kind])})", path)


# -- validation ------------------------------------------------------------------------------------------
def _validate(path: Path, line: int, obj: Any, kind: str, max_chars: int) -> _Row:
    where = "row" if path.suffix.lower() == ".parquet" else "line"
    if not isinstance(obj, dict):
        raise InputError(f"expected an object with id and {', '.join(REQUIRED[kind])}", path, line)
    record_id = _record_id(obj.get("id"), path, line, where)
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
    labels = {key: _label(obj.get(key), key, record_id, path, line) for key in LABEL_KEYS}
    metadata = {k: v for k, v in obj.items() if k not in ("id", *REQUIRED[kind])}
    return _Row(line, record_id, fields, labels, metadata)


def _record_id(raw_id: Any, path: Path, line: int, where: str) -> str:
    if raw_id is None or isinstance(raw_id, (dict, list, bool)) or (isinstance(raw_id, str) and not raw_id.strip()):
        raise InputError(f"missing or empty 'id' on this {where}", path, line)
    record_id = str(raw_id).strip()
    if len(record_id) > MAX_ID_CHARS or any(c.isspace() or ord(c) < 32 for c in record_id):
        raise InputError(
            f"'id' must be at most {MAX_ID_CHARS} characters without spaces or control characters", path, line
        )
    return record_id


def _label(value: Any, key: str, record_id: str, path: Path, line: int) -> str | None:
    """A label kept in clear: a short slug, never free text (which could carry PHI)."""
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list, bool)) or not LABEL_PATTERN.fullmatch(str(value)):
        raise InputError(
            f"record {record_id}: label {key!r} must be 1-{MAX_LABEL_CHARS} letters, digits, '_', '-', '.' or "
            "spaces; labels are stored in clear, so put free text in another field (it goes to the vault)",
            path,
            line,
        )
    return str(value)


def read_file(path: str | Path, kind: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[_Row]:
    """Parse and validate every record in ``path``; raise on the first problem."""
    path = Path(path)
    if not path.exists():
        raise InputError("file not found", path)
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    for source, line, obj in _iter_objects(path, kind, max_chars):
        row = _validate(source, line, obj, kind, max_chars)
        if row.id in seen:
            raise InputError(f"duplicate id {row.id!r} (first seen on line {seen[row.id]})", source, line)
        seen[row.id] = line
        rows.append(row)
    if not rows:
        raise InputError("no records found", path)
    return rows


# -- writing ---------------------------------------------------------------------------------------------
def _file_digest(vault: Vault, path: Path) -> str:
    if path.is_dir():
        parts = [p.name.encode() + b"\0" + p.read_bytes() for p in _txt_files(path)]
        return vault.keyed_hash(b"\0\0".join(parts))
    return vault.keyed_hash(path.read_bytes())


def stored_file_name(vault: Vault, path: Path) -> str:
    """What kit.db and the audit log record for an import's file: a keyed hash of its name + the format.

    ``notes-3f2a9c0d1e4b5a69.jsonl`` for a file, ``txt-folder-...`` for a folder: stable for one workspace
    (the same name gives the same hash), meaningless without the vault key.
    """
    digest = vault.keyed_hash(Path(path).name.encode("utf-8"), purpose="file-names")[:16]
    if Path(path).is_dir():
        return f"txt-folder-{digest}"
    return f"file-{digest}{Path(path).suffix.lower()}"


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
    hashes = {row.id: vault.keyed_hash(json.dumps(row.fields, sort_keys=True).encode("utf-8")) for row in rows}
    undo: list[Callable[[], None]] = []
    # One critical section: the audit lock, then one transaction; blobs are written inside it so that a
    # concurrent import never sees (or deletes) another one's half-written blobs.
    with ws.audited_transaction(on_rollback=undo) as (conn, audit):
        if conn.execute("SELECT 1 FROM imports WHERE content_hash = ?", (digest,)).fetchone():
            return IngestResult(path.name, kind, 0, len(rows), True, None)
        existing = {
            r["id"]: (r["content_hash"], r["kind"]) for r in conn.execute("SELECT id, content_hash, kind FROM records")
        }
        new_rows = []
        for row in rows:
            if row.id not in existing:
                new_rows.append(row)
            elif existing[row.id] != (hashes[row.id], kind):
                raise InputError(
                    f"id {row.id!r} already exists in the workspace with different content", path, row.line
                )
        blob_ids = {row.id: _put_blob(vault, row, undo) for row in new_rows}
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        file_name = stored_file_name(vault, path)
        import_id = conn.execute(
            "INSERT INTO imports (file_name, kind, content_hash, n_records, imported_by, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (file_name, kind, digest, len(new_rows), actor.name, now),
        ).lastrowid
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
        skipped = len(rows) - len(new_rows)
        audit(actor, "ingest", f"import-{import_id}", file=file_name, kind=kind, added=len(new_rows), skipped=skipped)
    return IngestResult(path.name, kind, len(new_rows), skipped, False, import_id)


def _put_blob(vault: Vault, row: _Row, undo: list[Callable[[], None]]) -> str:
    """Encrypt one record's fields and metadata; register the blob's removal if this import created it."""
    payload = json.dumps({**row.fields, "metadata": row.metadata}, sort_keys=True, ensure_ascii=False, default=str)
    data = payload.encode("utf-8")
    blob_id = vault.blob_id(data)
    if not vault.has(blob_id):
        undo.append(lambda: vault.delete(blob_id))
    return vault.put(data)
