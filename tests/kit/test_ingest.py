import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from kit.audit import AuditWriter
from kit.cli import app
from kit.errors import InputError
from kit.ingest import ingest
from kit.records import count_records, list_records, load_raw
from kit.vault import Vault
from tests.conftest import TEST_PASSPHRASE, kit_env

CANARY = "Xanthippe Vorderbrugge"
CANARY_MRN = "MRN 9137-44-ZQ"


def _jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _snapshot(ws) -> dict:
    """What 'unchanged' means: every file byte for byte (vault blobs, audit.log, ...) and every kit.db row.

    kit.db itself is compared by its content (a full SQL dump), since SQLite may rewrite pages, WAL and
    shared-memory files on a read.
    """
    files = {
        str(p.relative_to(ws.root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in ws.root.rglob("*")
        if p.is_file() and not p.name.startswith("kit.db")
    }
    with ws.connect() as conn:
        dump = list(conn.iterdump())
    return {"files": files, "db": dump}


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


def _write(name: str, content: bytes):
    def build(folder: Path) -> tuple[Path, Path]:
        path = folder / name
        path.write_bytes(content)
        return path, path

    return build


def _parquet(name: str, columns: dict):
    def build(folder: Path) -> tuple[Path, Path]:
        path = folder / name
        pq.write_table(pa.table(columns), path)
        return path, path

    return build


def _txt_folder(files: dict[str, bytes], bad: str):
    def build(folder: Path) -> tuple[Path, Path]:
        root = folder / "letters"
        root.mkdir()
        for name, content in files.items():
            (root / name).write_bytes(content)
        return root, root / bad

    return build


# (case, build(folder) -> (path to import, file the error must name), line or None for "the file", message)
FORMAT_CASES = [
    ("csv-extra-field", _write("a.csv", b"id,text\na,ok\nb,fine,extra\n"), 3, "row has 3 fields; the header has 2"),
    ("csv-missing-field", _write("a.csv", b"id,text,source\na,ok,faq\nb,fine\n"), 3, "row has 2 fields"),
    ("csv-bad-quoting", _write("a.csv", b'id,text\na,ok\nb,"fine"x\n'), 3, "malformed CSV"),
    ("csv-unclosed-quote", _write("a.csv", b'id,text\na,ok\nb,"never closed\nc,d\n'), 3, "malformed CSV"),
    ("csv-missing-column", _write("a.csv", b"id,body\na,ok\n"), None, "has no 'text' column"),
    ("csv-repeated-column", _write("a.csv", b"id,text,text\na,ok,ok\n"), 1, "repeats column"),
    ("csv-non-utf8", _write("a.csv", b"id,text\na,ok\nb,caf\xe9\n"), 3, "UTF-8"),
    (
        "csv-huge-field",
        _write("a.csv", b"id,text\na,ok\nb," + b"x" * 5000 + b"\n"),
        3,
        "the limit is 1,000 (--max-chars)",
    ),
    ("csv-empty-text", _write("a.csv", b"id,text\na,ok\nb,\n"), 3, "is empty"),
    ("parquet-unreadable", _write("a.parquet", b"PAR1 this is not parquet PAR1"), None, "not a readable Parquet file"),
    ("parquet-missing-column", _parquet("a.parquet", {"id": ["a"], "body": ["ok"]}), None, "has no 'text' column"),
    ("parquet-empty-text", _parquet("a.parquet", {"id": ["a", "b"], "text": ["ok", " "]}), 2, "is empty"),
    ("parquet-not-text", _parquet("a.parquet", {"id": ["a", "b"], "text": [None, "ok"]}), 1, "missing or not text"),
    ("unsupported-extension", _write("a.xlsx", b"PK\x03\x04"), None, "unsupported file type '.xlsx'"),
    ("no-extension", _write("notes", b'{"id": "a", "text": "ok"}\n'), None, "unsupported file type"),
    ("empty-jsonl", _write("a.jsonl", b""), None, "file is empty"),
    ("blank-jsonl", _write("a.jsonl", b"\n  \n"), None, "file is empty"),
    ("empty-csv", _write("a.csv", b""), None, "file is empty"),
    ("header-only-csv", _write("a.csv", b"id,text\n"), None, "no records found"),
    ("empty-parquet", _write("a.parquet", b""), None, "file is empty"),
    (
        "txt-folder-non-utf8",
        _txt_folder({"a.txt": b"fine", "b.txt": b"first line\nsecond \xff line\n", "c.txt": b"ok"}, "b.txt"),
        2,
        "UTF-8",
    ),
    ("txt-folder-empty-file", _txt_folder({"a.txt": b"fine", "b.txt": b"  \n"}, "b.txt"), 1, "is empty"),
    ("txt-folder-no-txt", _txt_folder({"a.md": b"fine"}, "."), None, "folder holds no .txt files"),
]


@pytest.mark.parametrize("case,build,line,message", FORMAT_CASES, ids=[c[0] for c in FORMAT_CASES])
def test_when_any_format_is_malformed_then_cli_gives_one_line_naming_file_and_line_and_changes_nothing(
    workspace, vault, actors, tmp_path, monkeypatch, case, build, line, message
):
    ingest(workspace, vault, _jsonl(tmp_path / "ok.jsonl", [{"id": "z", "text": "fine"}]), "documents", actors["carol"])
    before = _snapshot(workspace)
    src, named = build(tmp_path)
    named = named.parent if named.name == "." else named
    for var, value in (("KIT_USER", "carol"), ("KIT_PASSWORD", "carol-pass"), ("KIT_PASSPHRASE", TEST_PASSPHRASE)):
        monkeypatch.setenv(var, value)
    result = CliRunner().invoke(
        app, ["-w", str(workspace.root), "ingest", str(src), "--kind", "documents", "--max-chars", "1000"]
    )
    output = result.output.strip()
    assert result.exit_code == 2, output
    assert len(output.splitlines()) == 1 and "Traceback" not in output, output
    where = f"{named}:{line}: " if line is not None else f"{named}: "
    assert where in output and message in output, output
    assert _snapshot(workspace) == before


def test_when_a_csv_field_is_over_the_csv_module_default_then_the_kit_limit_applies(workspace, vault, actors, tmp_path):
    big = "x" * 200_000  # above csv's default field limit (131,072), below the kit's default (1,000,000)
    with open(tmp_path / "big.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["id", "text"], ["a", big]])
    assert ingest(workspace, vault, tmp_path / "big.csv", "documents", actors["carol"]).added == 1
    assert load_raw(workspace, vault, "a", actors["carol"]).fields["text"] == big
    before = _snapshot(workspace)
    with pytest.raises(InputError, match=r"big.csv:2: a field is longer than 100,000 characters"):
        ingest(workspace, vault, tmp_path / "big.csv", "documents", actors["carol"], max_chars=100_000)
    assert _snapshot(workspace) == before and csv.field_size_limit() == 131072


def test_when_a_vault_write_fails_midway_then_the_blobs_already_written_are_removed(
    workspace, vault, actors, tmp_path, monkeypatch
):
    ingest(workspace, vault, _jsonl(tmp_path / "ok.jsonl", [{"id": "z", "text": "fine"}]), "documents", actors["carol"])
    before = _snapshot(workspace)
    real_put, calls = Vault.put, []

    def failing_put(self, data):
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_put(self, data)

    monkeypatch.setattr(Vault, "put", failing_put)
    src = _jsonl(tmp_path / "many.jsonl", [{"id": f"n{i}", "text": f"note {i}"} for i in range(5)])
    with pytest.raises(OSError, match="No space left"):
        ingest(workspace, vault, src, "documents", actors["carol"])
    assert len(calls) == 3 and _snapshot(workspace) == before


def test_when_the_audit_entry_cannot_be_written_then_the_import_is_rolled_back(
    workspace, vault, actors, tmp_path, monkeypatch
):
    ingest(workspace, vault, _jsonl(tmp_path / "ok.jsonl", [{"id": "z", "text": "fine"}]), "documents", actors["carol"])
    before = _snapshot(workspace)

    def full_disk(self, line):
        self._handle.write(line[:10])  # a torn, partial line: it must go too
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(AuditWriter, "_write_line", full_disk)
    src = _jsonl(tmp_path / "new.jsonl", [{"id": "n1", "text": "one"}, {"id": "n2", "text": "two"}])
    with pytest.raises(OSError):
        ingest(workspace, vault, src, "documents", actors["carol"])
    assert _snapshot(workspace) == before and workspace.audit().verify().ok
    monkeypatch.undo()
    assert ingest(workspace, vault, src, "documents", actors["carol"]).added == 2  # and a retry works
    assert workspace.audit().verify().ok


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


def _scan_for_canaries(folders, texts=()) -> None:
    """Every byte of every file under ``folders`` (the vault excepted) and every text: no canary anywhere."""
    needles = [s.encode() for s in (CANARY, CANARY_MRN, "Vorderbrugge", "9137-44-ZQ")]
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and "vault" not in path.relative_to(folder).parts[:1]:
                data = path.read_bytes()
                for needle in needles:
                    assert needle not in data, f"{needle!r} found in {path}"
    for text in texts:
        for needle in needles:
            assert needle.decode() not in text, f"{needle!r} found in command output"


def test_canary_phi_never_appears_outside_the_vault(workspace, vault, actors, tmp_path):
    # Canaries in text fields, arbitrary (also nested) metadata, every format, and the file names themselves.
    src = _jsonl(
        tmp_path / "Xanthippe_Vorderbrugge_9137-44-ZQ.jsonl",
        [
            {"id": "c1", "text": f"Patient {CANARY} ({CANARY_MRN}) seen today.", "patient_name": CANARY},
            {"id": "c2", "text": f"Call {CANARY} back.", "doc_type": "portal_message", "mrn": CANARY_MRN},
            {"id": "c3", "text": "No names.", "contact": {"next_of_kin": CANARY, "phones": [CANARY_MRN]}},
        ],
    )
    ingest(workspace, vault, src, "documents", actors["carol"])
    pairs = _jsonl(tmp_path / "pairs.jsonl", [{"id": "q1", "prompt": f"I am {CANARY}", "response": CANARY_MRN}])
    ingest(workspace, vault, pairs, "examples", actors["carol"])
    with open(tmp_path / "Vorderbrugge.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerows([["id", "text", "referrer"], ["v1", f"Seen {CANARY}", CANARY]])
    ingest(workspace, vault, tmp_path / "Vorderbrugge.csv", "documents", actors["carol"])
    table = pa.table({"id": ["p1"], "text": [f"MRN {CANARY_MRN}"], "guardian": [CANARY]})
    pq.write_table(table, tmp_path / "Vorderbrugge.parquet")
    ingest(workspace, vault, tmp_path / "Vorderbrugge.parquet", "documents", actors["carol"])
    folder = tmp_path / "Vorderbrugge-letters"
    folder.mkdir()
    (folder / "letter.txt").write_text(f"Dear {CANARY},", encoding="utf-8")
    ingest(workspace, vault, folder, "documents", actors["carol"])
    with pytest.raises(InputError) as err:  # a failed import's message names file and line, never the text
        ingest(
            workspace,
            vault,
            _jsonl(tmp_path / "bad.jsonl", [{"id": "b1", "txt": CANARY}]),
            "documents",
            actors["carol"],
        )
    assert len(list_records(workspace)) == 7
    _scan_for_canaries([workspace.root], [str(err.value)])


def test_canary_phi_never_reaches_cli_output_logs_or_workspace_files(workspace, tmp_path):
    """The real `kit` process, its stdout and stderr, and every file it could write (cwd, HOME, TMPDIR)."""
    src = _jsonl(
        tmp_path / "notes.jsonl",
        [
            {"id": "c1", "text": f"Patient {CANARY} ({CANARY_MRN}).", "emergency_contact": CANARY},
            {"id": "c2", "text": "Fine.", "extra": {"nested": [CANARY_MRN]}, "category": "cardiology"},
        ],
    )
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "b1", "text": CANARY}) + "\n" + '{"id": "b2", "text": "' + CANARY + "\n")
    scratch = {name: tmp_path / name for name in ("cwd", "home", "tmp")}
    for folder in scratch.values():
        folder.mkdir()
    env = kit_env(
        workspace,
        PATH="/usr/bin:/bin",
        HOME=str(scratch["home"]),
        TMPDIR=str(scratch["tmp"]),
        PYTHONPATH=str(Path(__file__).resolve().parents[2]),  # the kit, whether installed or not
    )
    script = (
        "import sys; from kit.cli import app\n"
        "for argv in sys.argv[1:]:\n"
        "    print('$ kit', argv, flush=True); print(argv, file=sys.stderr, flush=True)\n"
        "    try: app(argv.split('|'), standalone_mode=False)\n"
        "    except BaseException as exc: print('exit', getattr(exc, 'exit_code', exc), flush=True)\n"
    )
    commands = [
        f"ingest|{src}|--kind|documents",
        f"ingest|{bad}|--kind|documents",
        "status",
        "audit|show",
        "audit|verify",
    ]
    proc = subprocess.run(
        [sys.executable, "-c", script, *commands],
        capture_output=True,
        text=True,
        env=env,
        cwd=scratch["cwd"],
        timeout=300,
    )
    assert "imported 2 documents" in proc.stdout and f"{bad}:2:" in proc.stderr, proc.stdout + proc.stderr
    assert "audit log intact" in proc.stdout
    _scan_for_canaries([workspace.root, *scratch.values()], [proc.stdout, proc.stderr])


def test_when_a_label_is_free_text_then_it_is_refused_without_echoing_it(workspace, vault, actors, tmp_path):
    before = _snapshot(workspace)
    src = _jsonl(tmp_path / "labels.jsonl", [{"id": "a", "text": "ok", "source": f"referred by {CANARY}, (home)"}])
    with pytest.raises(InputError) as err:
        ingest(workspace, vault, src, "documents", actors["carol"])
    assert f"{src}:1:" in str(err.value) and "label 'source'" in str(err.value) and CANARY not in str(err.value)
    assert _snapshot(workspace) == before


def test_when_labels_are_slugs_they_are_kept_in_clear_and_the_file_name_is_hashed(workspace, vault, actors, tmp_path):
    src = _jsonl(
        tmp_path / "smith_john_notes.jsonl",
        [{"id": "a", "text": "ok", "category": "Heart failure v2.1", "source": "faq-portal_x"}],
    )
    result = ingest(workspace, vault, src, "documents", actors["carol"])
    meta = list_records(workspace)[0]
    assert (meta.category, meta.source) == ("Heart failure v2.1", "faq-portal_x")
    assert meta.source_file.endswith(".jsonl") and "smith" not in meta.source_file
    assert result.file == "smith_john_notes.jsonl"  # shown to the person who gave it, never stored
    entry = workspace.audit().entries()[-1]
    assert entry["action"] == "ingest" and entry["details"]["file"] == meta.source_file


def test_cli_ingest_reports_one_line_error_and_exit_code(workspace, tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_bytes(b'{"id": "a", "text": "ok"}\n{oops}\n')
    env = kit_env(workspace, PATH="/usr/bin:/bin")
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
