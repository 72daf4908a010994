"""A real compliance sign-off over example pairs, through the review library (no shortcut into kit.db).

Ingest -> detection with the real engine -> reviewer decisions -> sampled QA (the kit approves the rest)
-> QA marks -> sign-off. ``leave_in_clear`` names records whose findings the reviewer rejects, i.e. PHI
the process missed: it reaches the signed text unredacted, which is what curation's residual-PHI check
must catch.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

from kit.curation.candidates import Candidate
from kit.ingest import ingest
from kit.review import decisions, sampling, signoff
from kit.review.api import RedactedRecord, Signoff, signed_off_records
from kit.review.detect import run_detection
from kit.users import Actor, add_user
from kit.workspace import Workspace
from tests.conftest import PASSWORDS, ROLES, TEST_PASSPHRASE
from tests.review.conftest import set_review


def pair_rows(pool: list[Candidate]) -> list[dict]:
    """Candidates as example-pair import lines."""
    return [
        {"id": c.id, "prompt": c.prompt, "response": c.response, "source": c.source, "category": c.category}
        for c in pool
    ]


def sign_off_pairs(
    ws,
    vault,
    carol,
    engine,
    rows: list[dict],
    folder: Path,
    leave_in_clear: frozenset[str] = frozenset(),
    miss_types: dict[str, frozenset[str]] | None = None,
) -> Signoff:
    """Ingest ``rows`` as example pairs and take them through review to a sign-off (see the module docs).

    ``miss_types`` rejects only the findings of the given entity types in a record (e.g. a phone number).
    """
    miss_types = miss_types or {}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"pairs-{len(list(folder.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ingest(ws, vault, path, "examples", carol)
    set_review(ws, mode="sample_n", n=min(5, len(rows)), threshold=0.99)
    run_detection(ws, vault, carol, engine=engine)
    with ws.connect() as conn:
        found = conn.execute("SELECT id, record_id, entity_type, score FROM findings WHERE status = 'open'").fetchall()

    def missed(f) -> bool:
        return f["record_id"] in leave_in_clear or f["entity_type"] in miss_types.get(f["record_id"], ())

    items = [decisions.Decision(f["id"], "reject") for f in found if missed(f)] + [  # stays in the clear
        decisions.Decision(f["id"], "confirm")  # low confidence but kept redacted
        for f in found
        if not missed(f) and f["score"] < 0.8
    ]
    if items:
        decisions.decide_many(ws, vault, carol, items)
    drawn = sampling.draw_sample(ws, vault, carol)
    sampling.mark_many(ws, carol, {record_id: [] for record_id in drawn.drawn})
    return signoff.sign_off(ws, carol)


def signed_records(ws) -> list[RedactedRecord]:
    """The latest sign-off's records."""
    return list(signed_off_records(ws))


def signed_template(
    folder: Path,
    engine,
    rows: list[dict],
    leave_in_clear: frozenset[str] = frozenset(),
    miss_types: dict[str, frozenset[str]] | None = None,
) -> Path:
    """A workspace (users as in tests/conftest.py) taken through a real sign-off of ``rows``; built once."""
    ws = Workspace.init(folder / "ws", passphrase=TEST_PASSPHRASE, name="test", scrypt_n=2**12)
    admin = None
    for name, role in ROLES.items():
        actor = add_user(ws, name, role, PASSWORDS[name], by=admin)
        admin = admin or actor
    carol = Actor("carol", "compliance")
    sign_off_pairs(ws, ws.vault(TEST_PASSPHRASE), carol, engine, rows, folder / "in", leave_in_clear, miss_types)
    return ws.root


def copy_signed(template: Path, dest: Path) -> SimpleNamespace:
    """A private copy of a signed template at ``dest``: ``.ws``, ``.vault``, ``.signoff``."""
    shutil.copytree(template, dest)
    ws = Workspace.open(dest)
    from kit.review.api import latest_signoff

    return SimpleNamespace(ws=ws, vault=ws.vault(TEST_PASSPHRASE), signoff=latest_signoff(ws))
