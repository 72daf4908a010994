import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kit.errors import InputError
from kit.ingest import ingest
from kit.records import count_records, list_records, load_raw
from tests.conftest import TEST_PASSPHRASE

CANARY = "Xanthippe Vorderbrugge"
CANARY_MRN = "MRN 9137-44-ZQ"


def _jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _snapshot(ws) -> dict:
    """Every file's hash plus every table's row count: what 'unchanged' means."""
    files = {
        str(p.relative_to(ws.root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in ws.root.rglob("*")
        if p.is_file() and not p.name.startswith("kit.db")
    }
    with ws.connect() as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    return {"files": files, "rows": counts}


def test_jsonl_documents_are_imported_into_the_vault(workspace, vault, actors, tmp_path):
    src = _jsonl(
        tmp_path / "notes.jsonl",
        [
            {"id": "n1", "text": "note one", "doc_type": "progress_note"},
            {"id": 2, "text": "note two", "patient": "P-1"},
        ],
    )
    result = ingest(workspace, vault, src, "documents", actors["carol"])
    assert (result.added, result.skipped, result.unchanged) == (2, 0, False)
    metas = {m.id: m for m in list_records(workspace)}
    assert metas["n1"].doc_type == "progress_note" and metas["n1"].line == 1 and metas["2"].line == 2
    raw = load_raw(workspace, vault, "2", actors["carol"])
    assert raw.fields == {"text": "note two"} and raw.metadata == {"patient": "P-1"}


def test_csv_parquet_and_txt_folders_are_supported(workspace, vault, actors, tmp_path):
    with open(tmp_path / "pairs.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "prompt", "response", "category"])
        writer.writeheader()
        writer.writerow({"id": "q1", "prompt": "How?", "response": "Like this.", "category": "diabetes"})
    pq.write_table(pa.table({"id": ["q2"], "prompt": ["Why?"], "response": ["Because."]}), tmp_path / "p.parquet")
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "letter-1.txt").write_text("Dear colleague,\nthank you.", encoding="utf-8")
    ingest(workspace, vault, tmp_path / "pairs.csv", "examples", actors["carol"])
    ingest(workspace, vault, tmp_path / "p.parquet", "examples", actors["carol"])
    ingest(workspace, vault, folder, "documents", actors["admin"])
    assert count_records(workspace) == {"example": 2, "document": 1}
    assert load_raw(workspace, vault, "letter-1", actors["carol"]).fields["text"].startswith("Dear")
    assert next(m for m in list_records(workspace) if m.id == "q1").category == "diabetes"


def test_reimporting_the_same_content_is_a_no_op(workspace, vault, actors, tmp_path):
    src = _jsonl(tmp_path / "a.jsonl", [{"id": "n1", "text": "one"}])
    ingest(workspace, vault, src, "documents", actors["carol"])
    before = _snapshot(workspace)
    again = ingest(workspace, vault, src, "documents", actors["carol"])
    assert again.unchanged and _snapshot(workspace) == before
    superset = _jsonl(tmp_path / "b.jsonl", [{"id": "n1", "text": "one"}, {"id": "n2", "text": "two"}])
    assert ingest(workspace, vault, superset, "documents", actors["carol"]).added == 1


BAD_INPUTS = [
    ("bad-json", b'{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', 2, "not valid JSON"),
    ("non-utf8", b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "caf\xe9"}\n', 2, "UTF-8"),
    ("empty-text", b'{"id": "a", "text": "ok"}\n{"id": "b", "text": "   "}\n', 2, "is empty"),
    ("missing-field", b'{"id": "a", "txt": "ok"}\n', 1, "missing or not text"),
    ("missing-id", b'{"text": "ok"}\n', 1, "'id'"),
    (
        "duplicate-id",
        b'{"id": "a", "text": "x"}\n{"id": "c", "text": "y"}\n{"id": "a", "text": "z"}\n',
        3,
        "duplicate id",
    ),
    ("huge", b'{"id": "a", "text": "' + b"x" * 2000 + b'"}\n', 1, "limit is 1,000"),
    ("not-object", b'["a", "b"]\n', 1, "expected an object"),
]


@pytest.mark.parametrize("name,content,line,message", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_names_file_and_line_and_leaves_workspace_unchanged(
    workspace, vault, actors, tmp_path, name, content, line, message
):
    ingest(workspace, vault, _jsonl(tmp_path / "ok.jsonl", [{"id": "z", "text": "fine"}]), "documents", actors["carol"])
    before = _snapshot(workspace)
    src = tmp_path / f"{name}.jsonl"
    src.write_bytes(content)
    with pytest.raises(InputError) as err:
        ingest(workspace, vault, src, "documents", actors["carol"], max_chars=1000)
    assert f"{src}:{line}:" in str(err.value) and message in str(err.value)
    assert _snapshot(workspace) == before


def test_when_an_id_exists_with_other_content_then_import_is_refused(workspace, vault, actors, tmp_path):
    ingest(workspace, vault, _jsonl(tmp_path / "a.jsonl", [{"id": "n1", "text": "one"}]), "documents", actors["carol"])
    before = _snapshot(workspace)
    with pytest.raises(InputError, match="different content"):
        ingest(
            workspace,
            vault,
            _jsonl(tmp_path / "b.jsonl", [{"id": "n2", "text": "two"}, {"id": "n1", "text": "changed"}]),
            "documents",
            actors["carol"],
        )
    assert _snapshot(workspace) == before


def test_canary_phi_never_appears_outside_the_vault(workspace, vault, actors, tmp_path):
    src = _jsonl(
        tmp_path / "canary.jsonl",
        [
            {"id": "c1", "text": f"Patient {CANARY} ({CANARY_MRN}) seen today.", "patient_name": CANARY},
            {"id": "c2", "text": f"Call {CANARY} back.", "doc_type": "portal_message"},
        ],
    )
    ingest(workspace, vault, src, "documents", actors["carol"])
    pairs = _jsonl(tmp_path / "pairs.jsonl", [{"id": "q1", "prompt": f"I am {CANARY}", "response": CANARY_MRN}])
    ingest(workspace, vault, pairs, "examples", actors["carol"])
    needles = [s.encode() for s in (CANARY, CANARY_MRN, "Vorderbrugge")]
    for path in workspace.root.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} found in {path.relative_to(workspace.root)}"


def test_cli_ingest_reports_one_line_error_and_exit_code(workspace, tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(b'{"id": "a", "text": "ok"}\n{oops}\n')
    env = {
        "KIT_WORKSPACE": str(workspace.root),
        "KIT_USER": "carol",
        "KIT_PASSWORD": "carol-pass",
        "KIT_PASSPHRASE": TEST_PASSPHRASE,
        "PATH": "/usr/bin:/bin",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "kit.cli", "ingest", str(src), "--kind", "documents"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and f"{src}:2:" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    good = _jsonl(tmp_path / "good.jsonl", [{"id": "a", "text": "ok"}])
    proc = subprocess.run(
        [sys.executable, "-m", "kit.cli", "ingest", str(good), "--kind", "documents"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "imported 1 documents" in proc.stdout
