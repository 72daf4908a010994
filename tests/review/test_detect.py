"""``kit redact run``: offsets only, and a SIGKILL mid-run followed by a rerun gives the same findings once."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time

from kit.ingest import ingest
from kit.review.detect import run_detection
from kit.users import add_user
from kit.workspace import Workspace
from tests.conftest import TEST_PASSPHRASE, kit_env
from tests.review.conftest import write_jsonl

SENTENCES = [
    "Patient {name} (MRN {mrn}) seen on 0{m}/1{d}/2021 at Mercy Hospital for follow-up.",
    "Call back at 555-20{d}-33{m}4 if the swelling returns; spoke with {name} about dosing.",
    "BP 120/80, HR 72. Continue metformin 500 mg daily and review in two weeks.",
]
NAMES = ["John Miller", "Ana Ortiz", "Lee Chan", "Omar Haddad", "Rita Gomez", "Tom Baker"]
N_RECORDS = 60


def _corpus() -> list[dict]:
    rows = []
    for i in range(N_RECORDS):
        values = {"name": NAMES[i % len(NAMES)], "mrn": 4_400_000 + i, "m": i % 9 + 1, "d": i % 9}
        rows.append({"id": f"r{i:03d}", "text": " ".join(s.format(**values) for s in SENTENCES)})
    return rows


def _findings(ws: Workspace) -> list[tuple]:
    with ws.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                'SELECT record_id, field, start, "end", entity_type, round(score, 6), recognizer FROM findings '
                "ORDER BY record_id, field, start"
            )
        ]


def _detected(ws: Workspace) -> int:
    with ws.connect() as conn:
        return conn.execute("SELECT COUNT(*) FROM detections").fetchone()[0]


def _command() -> list[str]:
    """``kit redact run`` once the redact app exists; until then the same command function, standalone."""
    if importlib.util.find_spec("kit.cli.redact") is not None:
        return [sys.executable, "-m", "kit.cli", "redact", "run"]
    shim = (
        "from kit import offline; offline.install(); import typer; from kit.cli.review import redact_run_cmd; "
        "app = typer.Typer(); app.command()(redact_run_cmd); app()"
    )
    return [sys.executable, "-c", shim]


def test_when_detection_runs_then_only_offsets_types_and_scores_are_stored(review):
    with review.ws.connect() as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(findings)")]
        values = [tuple(r) for r in conn.execute("SELECT * FROM findings")]
    assert "text" not in columns and "value" not in columns
    assert review.detection.processed == 6 and review.detection.findings == len(values)
    dump = repr(values)
    assert "Miller" not in dump and "4455123" not in dump


def test_when_redact_run_is_killed_then_a_rerun_gives_the_same_findings_once(
    workspace, vault, actors, tmp_path, review_engine
):
    corpus = write_jsonl(tmp_path / "notes.jsonl", _corpus())
    ingest(workspace, vault, corpus, "documents", actors["carol"])
    env = {**os.environ, **kit_env(workspace)}
    proc = subprocess.Popen(
        [*_command(), "--batch-size", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while _detected(workspace) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    interrupted = _detected(workspace)
    assert 0 < interrupted < N_RECORDS, f"kill landed outside the run ({interrupted} records detected)"

    rerun = run_detection(workspace, vault, actors["carol"], engine=review_engine)
    assert rerun.already_done == interrupted and rerun.processed == N_RECORDS - interrupted

    reference = Workspace.init(tmp_path / "ref", passphrase=TEST_PASSPHRASE, scrypt_n=2**12)
    carol = add_user(reference, "carol", "compliance", "carol-pass")
    ref_vault = reference.vault(TEST_PASSPHRASE)
    ingest(reference, ref_vault, corpus, "documents", carol)
    run_detection(reference, ref_vault, carol, engine=review_engine)
    found = _findings(workspace)
    assert found == _findings(reference) and len(found) == len(set(found)) > N_RECORDS
    with workspace.connect() as conn:
        per_record = conn.execute("SELECT SUM(n_findings) FROM detections").fetchone()[0]
    assert per_record == len(found)
