"""A ``kit redact detect`` stopped by SIGTERM leaves no temporary output behind (issue 16)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from kit.cli.termination import SIGTERM_EXIT

ROOT = Path(__file__).resolve().parents[2]
NOTE = "Patient John Smith{i} seen on 03/0{d}/2069 at Mercy Hospital, MRN 44{i:04d}. Call 617-555-01{p:02d}."


def _notes(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": f"r{i}", "text": NOTE.format(i=i, d=i % 9 + 1, p=i % 90)}) + "\n")
    return path


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_when_detect_gets_sigterm_mid_run_then_no_temporary_file_is_left(tmp_path):
    source = _notes(tmp_path / "in.jsonl", 3000)  # far more than it can detect before the signal
    out = tmp_path / "out"
    out.mkdir()
    command = [sys.executable, "-m", "kit.cli", "redact", "detect", "-i", str(source), "-o", str(out / "o.jsonl")]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        started = _wait_for(lambda: any(out.glob(".o.jsonl.*.tmp")) or proc.poll() is not None, 60)
        assert started and proc.poll() is None, "detect never started writing its output"
        time.sleep(0.3)  # mid-run: records are being detected into the temporary file
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == SIGTERM_EXIT, stderr[-2000:]
    assert list(out.iterdir()) == []  # neither a half output nor its .tmp
