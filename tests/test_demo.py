"""The front door: `kit demo --fast` runs every stage in a real process, and no PHI leaks out of the vault."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kit.demo import FAST_SIZES
from kit.synth import write_demo_corpus

# Entity types whose surrogates can collide with real values by chance (short dates, cities, states) are
# left out of the scan; everything else must be gone from every file outside the vault.
SCANNED_TYPES = {
    "PERSON",
    "PHONE_NUMBER",
    "FAX_NUMBER",
    "EMAIL_ADDRESS",
    "US_SSN",
    "MEDICAL_RECORD_NUMBER",
    "ACCOUNT_NUMBER",
    "HEALTH_PLAN_ID",
    "ID_NUMBER",
    "LICENSE_NUMBER",
    "VEHICLE_ID",
    "DEVICE_ID",
    "STREET_ADDRESS",
    "IP_ADDRESS",
}


def _phi_values(tmp_path: Path) -> set[str]:
    corpus = tmp_path / "corpus"
    write_demo_corpus(corpus, seed=0)
    ids = set()
    for name, n in FAST_SIZES.items():
        lines = (corpus / name).read_text(encoding="utf-8").splitlines()[:n]
        ids |= {json.loads(line)["id"] for line in lines}
    values = set()
    for gold_file in ("notes_gold.jsonl", "qa_gold.jsonl"):
        for line in (corpus / "gold" / gold_file).read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc["id"].split(":")[0] not in ids:
                continue
            for span in doc["spans"]:
                value = doc["text"][span["start"] : span["end"]]
                if (
                    span["entity_type"] in SCANNED_TYPES
                    and len(value) >= 8
                    and (span["entity_type"] != "PERSON" or " " in value)
                ):
                    values.add(value)
    return values


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIT_")}
    proc = subprocess.run(
        [sys.executable, "-m", "kit.cli", "demo", str(tmp / "ws"), "--fast"],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        cwd=tmp,
    )
    return tmp, proc


def test_demo_runs_every_stage(demo_run):
    tmp, proc = demo_run
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for stage in ("Workspace", "Ingest", "review", "Curate", "Train", "Done"):
        assert stage.lower() in proc.stdout.lower(), stage
    for step in (
        "Signed off",
        "Card:",
        "Residual PHI",
        "adapter saved",
        "SIMULATED raters",
        "PHI probe:",
        "Canary probe:",
        "Release gate:",
    ):
        assert step in proc.stdout, step
    ws = tmp / "ws"
    assert any((ws / "datasets").iterdir()) and any((ws / "runs").iterdir())
    assert list(ws.rglob("*.html")), "the demo writes the evaluation report"


def test_demo_leaves_no_phi_outside_the_vault_or_in_its_output(demo_run, tmp_path):
    tmp, proc = demo_run
    values = _phi_values(tmp_path)
    assert len(values) > 50
    haystacks = {"stdout+stderr": (proc.stdout + proc.stderr).encode()}
    for path in (tmp / "ws").rglob("*"):
        if path.is_file() and "vault" not in path.relative_to(tmp / "ws").parts:
            haystacks[str(path.relative_to(tmp))] = path.read_bytes()
    pattern = re.compile(b"|".join(re.escape(v.encode()) for v in sorted(values, key=len, reverse=True)))
    leaks = [
        (match.group().decode(), where)
        for where, data in haystacks.items()
        for match in [pattern.search(data)]
        if match
    ]
    assert not leaks, leaks[:10]
