"""A small real workspace (one user per role) and an AppTest factory signed in as a role."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kit.ingest import ingest
from kit.users import Actor, Role
from kit.workspace import Workspace
from tests.conftest import PASSWORDS, TEST_PASSPHRASE

APP = Path(__file__).resolve().parents[2] / "ui" / "streamlit_app.py"
USERS = {Role.ADMIN: "admin", Role.COMPLIANCE: "carol", Role.ML_ENGINEER: "mel", Role.DOMAIN_EXPERT: "dana"}
NOTES = [
    {
        "id": "note-1",
        "text": "Patient John Smith, MRN 1234567, seen on 03/04/2021 at Boston General.",
        "doc_type": "progress_note",
    },
    {
        "id": "note-2",
        "text": "Call Mary Jones at 617-555-0134 about her follow-up on 2022-01-15.",
        "doc_type": "portal_message",
    },
]


def password(role: Role) -> str:
    """The test password of the role's user (tests/conftest.py's PASSWORDS)."""
    return PASSWORDS[USERS[role]]


@pytest.fixture
def ws(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The project's test workspace (admin, carol, mel, dana, raj); the app opens its vault via KIT_PASSPHRASE."""
    monkeypatch.setenv("KIT_PASSPHRASE", TEST_PASSPHRASE)
    monkeypatch.setenv("KIT_WORKSPACE", str(workspace.root))
    return workspace


@pytest.fixture
def ingested(ws: Workspace, tmp_path: Path) -> Workspace:
    """The workspace with two synthetic notes in the vault."""
    path = tmp_path / "notes.jsonl"
    path.write_text("\n".join(json.dumps(n) for n in NOTES) + "\n", encoding="utf-8")
    ingest(ws, ws.vault(), path, "documents", Actor(USERS[Role.COMPLIANCE], Role.COMPLIANCE))
    return ws


def actor(role: Role) -> Actor:
    """The test workspace's user holding ``role``."""
    return Actor(USERS[role], role)


@pytest.fixture
def app(ws: Workspace) -> Callable[..., AppTest]:
    """``app(role, page)``: the app run once, signed in as ``role``, switched to ``page`` (a page key)."""

    def make(role: Role | None = None, page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        if role is not None:
            at.session_state["actor"] = actor(role)
        at.run()
        if page is not None:
            at.switch_page(f"app_pages/{page}.py").run()
        return at

    return make


def no_exception(at: AppTest) -> None:
    """Fail with the rendered exception's message when a page raised."""
    assert not at.exception, [e.message for e in at.exception]


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama folder (tests/tiny_models.py), built once per session."""
    from tests.tiny_models import tiny_causal_lm

    return tiny_causal_lm(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def tiny_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A saved train/validation/test DatasetDict shaped like a curated dataset."""
    from tests.training.conftest import save_dataset

    return save_dataset(tmp_path_factory.mktemp("data") / "tiny-ds", n_train=8, n_val=2)


@pytest.fixture
def trained(ws: Workspace, tiny_model: Path, tiny_dataset: Path) -> str:
    """The id of a completed one-step run of the tiny model (trained in-process)."""
    from tests.ui.seed import completed_run

    return completed_run(ws, tiny_model, tiny_dataset)
