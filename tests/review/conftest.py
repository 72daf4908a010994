"""Review-stage fixtures: one real engine per session, a small planted corpus, policy overrides."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from kit.review.config import load_workspace_policy
from kit.workspace import REPO_POLICIES

# A surname the engine misses (lower case, no cue) planted in two records, and a facility named twice.
MISSED = "zephyrine"
CORPUS = [
    {
        "id": "n1",
        "text": "Patient John Miller (MRN 4455123) was seen on 03/14/2021 at Mercy Hospital. "
        "Call 555-201-3344. Dosing reviewed with zephyrine.",
        "patient_id": "p-1",
    },
    {
        "id": "n2",
        "text": "Follow-up at Mercy Hospital. Message left for zephyrine on Tuesday. "
        "Email jm@example.com. Lives at 12 Oak Street, Springfield.",
        "patient_id": "p-1",
    },
    {"id": "n3", "text": "No complaints today. BP 120/80. Continue metformin 500 mg daily."},
    {"id": "n4", "text": "Seen by Dr. Alvarez for knee pain; x-ray ordered on 04/02/2021."},
    {"id": "n5", "text": "Wound healing well. Dressing changed. Return in two weeks."},
]
PAIRS = [
    {
        "id": "q1",
        "prompt": "How do I refill my inhaler? - Carla Novak",
        "response": "Call the pharmacy line.",
        "source": "portal",
        "category": "medications",
    },
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def set_review(ws, **review) -> None:
    """Give the workspace its own copy of the shipped policy with a different ``review`` section."""
    data = yaml.safe_load((REPO_POLICIES / "hipaa_safe_harbor.yaml").read_text(encoding="utf-8"))
    data["review"] = review
    folder = ws.root / "policies"
    folder.mkdir(exist_ok=True)
    text = "# Used by: kit review (test copy of hipaa_safe_harbor)\n" + yaml.safe_dump(data, sort_keys=False)
    (folder / "hipaa_safe_harbor.yaml").write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def review_engine():
    """The real spaCy/Presidio engine, built once per session (kit.review.engine caches it by policy)."""
    import hashlib

    from kit.review.config import LoadedPolicy
    from kit.review.engine import get_engine
    from redaction.policy import load_policy

    path = REPO_POLICIES / "hipaa_safe_harbor.yaml"
    loaded = LoadedPolicy(load_policy(path), path, hashlib.sha256(path.read_bytes()).hexdigest())
    return get_engine(loaded)


@pytest.fixture
def review(workspace, vault, actors, review_engine, tmp_path):
    """A workspace with the planted corpus ingested and detected; ``.raw`` maps id -> text for assertions."""
    from kit.ingest import ingest
    from kit.review.detect import run_detection

    ingest(workspace, vault, write_jsonl(tmp_path / "notes.jsonl", CORPUS), "documents", actors["carol"])
    ingest(workspace, vault, write_jsonl(tmp_path / "pairs.jsonl", PAIRS), "examples", actors["carol"])
    detection = run_detection(workspace, vault, actors["carol"], engine=review_engine)
    assert load_workspace_policy(workspace).name == "hipaa_safe_harbor"
    return SimpleNamespace(
        ws=workspace,
        vault=vault,
        actors=actors,
        carol=actors["carol"],
        detection=detection,
        raw={r["id"]: r["text"] for r in CORPUS},
    )


def findings_of(ws, record_id: str) -> list[dict]:
    with ws.connect() as conn:
        return [
            dict(r) for r in conn.execute("SELECT * FROM findings WHERE record_id = ? ORDER BY start", (record_id,))
        ]


def low_confidence_ids(ws) -> list[int]:
    """Open findings below the default review cut-off (their count depends on the engine's version)."""
    with ws.connect() as conn:
        return [r[0] for r in conn.execute("SELECT id FROM findings WHERE status = 'open' AND score < 0.8")]


def resolve_low_confidence(review) -> None:
    """Stand-in reviewer: reject every open low-confidence finding (the planted corpus has no such PHI)."""
    from kit.review import decisions

    for finding_id in low_confidence_ids(review.ws):
        decisions.decide(review.ws, review.vault, review.carol, finding_id, "reject")
