"""File-level redaction: JSONL in, JSONL out, validated before anything is written.

Used by ``kit redact detect|apply|eval``. Inputs are read and checked completely first (a bad line stops
the run naming file and line; bytes that are not UTF-8 too; a file with no record at all is refused, since
an empty output would look like a finished run), and outputs are written to a temporary file
that replaces the target only when every record is done, so a failure never leaves half a file. The output
folder must exist: it is checked before any work starts.

Gold spans may use entity types outside the kit's list (another annotation scheme): they count in the
type-agnostic token metrics and are reported under their own type.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from redaction.anonymize import anonymize
from redaction.engine import Engine
from redaction.errors import InputFileError

Progress = Callable[[int], None]  # called with the number of records just finished


EMPTY_INPUT = 'holds no records (empty, or blank lines only); give one JSON object {"id", "text"} per line'


def read_records(path: str | Path, gold: bool = False, allow_empty: bool = True) -> list[dict]:
    """Records ``{"id": str, "text": str}`` (plus ``spans`` when ``gold``) from a JSONL file.

    ``allow_empty=False`` refuses a file without any record (:data:`EMPTY_INPUT`, naming the file).
    """
    path = Path(path)
    records, seen = [], set()
    for number, line in _read_lines(path):
        if not line.strip():
            continue
        record = _parse_line(line, str(path), number)
        if record["id"] in seen:
            raise InputFileError(f"duplicate id {record['id']!r}", str(path), number)
        seen.add(record["id"])
        if gold:
            _check_spans(record, str(path), number)
        records.append(record)
    if not records and not allow_empty:
        raise InputFileError(EMPTY_INPUT, str(path))
    return records


def _read_lines(path: Path) -> list[tuple[int, str]]:
    """``(line number, text)`` per line, decoded one line at a time so a bad byte names its line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError("file not found", str(path)) from None
    except IsADirectoryError:
        raise InputFileError("is a folder, not a JSONL file", str(path)) from None
    except OSError as err:
        raise InputFileError(f"cannot read file ({err.strerror or type(err).__name__})", str(path)) from None
    lines = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append((number, raw.decode("utf-8").removesuffix("\r")))
        except UnicodeDecodeError as err:
            message = f"not valid UTF-8 (byte {err.start + 1} of the line); re-save the file as UTF-8"
            raise InputFileError(message, str(path), number) from None
    return lines


def _parse_line(line: str, path: str, number: int) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputFileError(f"not valid JSON (column {err.colno})", path, number) from None
    if not isinstance(record, dict):
        raise InputFileError("each line must be a JSON object", path, number)
    if not isinstance(record.get("id"), (str, int)) or isinstance(record.get("id"), bool):
        raise InputFileError('missing "id" (a string)', path, number)
    if not isinstance(record.get("text"), str):
        raise InputFileError('missing "text" (a string)', path, number)
    record["id"] = str(record["id"])
    return record


def _check_spans(record: dict, path: str, number: int) -> None:
    spans = record.get("spans")
    if not isinstance(spans, list):
        raise InputFileError('missing "spans" (a list)', path, number)
    for i, span in enumerate(spans):
        ok = isinstance(span, dict) and all(isinstance(span.get(k), int) for k in ("start", "end"))
        if not ok or not 0 <= span["start"] < span["end"] <= len(record["text"]):
            raise InputFileError(f"span {i}: needs integer start < end within the text", path, number)
        entity_type = span.get("entity_type")
        if not isinstance(entity_type, str) or not entity_type.strip() or len(entity_type) > 64:
            raise InputFileError(f'span {i}: "entity_type" must be a name (1-64 characters)', path, number)


def detect_file(
    engine: Engine, input_path: str | Path, output_path: str | Path, workers: int = 1, progress: Progress | None = None
) -> int:
    """Write ``{"id", "findings": [{start, end, entity_type, score}]}`` per input record; return the count.

    An input without records is an :class:`InputFileError`; no output is written.
    """
    check_output_path(output_path)
    records = read_records(input_path, allow_empty=False)
    results = engine.iter_detect([r["text"] for r in records], workers=workers)
    rows = (
        {"id": r["id"], "findings": [f.to_dict() for f in findings]}
        for r, findings in zip(records, _tick(results, progress))
    )
    return write_jsonl_atomic(output_path, rows)


def apply_file(
    engine: Engine,
    input_path: str | Path,
    output_path: str | Path,
    secret: bytes,
    workers: int = 1,
    progress: Progress | None = None,
) -> int:
    """Write ``{"id", "text"}`` with PHI replaced under the engine's policy; return the count.

    The date shift is per patient: a record's ``patient_id`` when present, else its ``id``. An input without
    records is an :class:`InputFileError`; no output is written.
    """
    check_output_path(output_path)
    records = read_records(input_path, allow_empty=False)
    results = engine.iter_detect([r["text"] for r in records], workers=workers)
    rows = (
        {
            "id": r["id"],
            "text": anonymize(
                r["text"], findings, engine.policy, secret, patient_key=str(r.get("patient_id") or r["id"])
            ),
        }
        for r, findings in zip(records, _tick(results, progress))
    )
    return write_jsonl_atomic(output_path, rows)


def _tick(items: Iterable, progress: Progress | None) -> Iterable:
    for item in items:
        yield item
        if progress is not None:
            progress(1)


def check_output_path(path: str | Path) -> Path:
    """Refuse an output path whose folder is missing or that names a folder, before any work is done."""
    path = Path(path)
    if path.is_dir():
        raise InputFileError("is a folder; give a file name for the output", str(path))
    if not path.parent.is_dir():
        raise InputFileError(f"output folder {path.parent} does not exist; create it first", str(path))
    return path


def write_jsonl_atomic(path: str | Path, rows: Iterable[Mapping]) -> int:
    """Write rows as JSON lines to a temporary file beside ``path``, then rename it into place.

    A missing folder or an unwritable location is an :class:`InputFileError` naming ``path``; nothing is
    left behind (the temporary file is removed on any failure).
    """
    path = check_output_path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as err:
        raise InputFileError(f"cannot write here ({err.strerror or type(err).__name__})", str(path)) from None
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise InputFileError(f"cannot write the output ({err.strerror or type(err).__name__})", str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
