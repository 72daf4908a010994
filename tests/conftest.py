"""Project-wide fixtures: every test runs offline, against a workspace under tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from kit import offline

offline.install()  # the same guard every kit process runs; tests prove it holds

TEST_PASSPHRASE = "correct horse battery staple"
PASSWORDS = {"admin": "admin-pass", "carol": "carol-pass", "mel": "mel-pass1", "dana": "dana-pass", "raj": "raj-pass1"}
ROLES = {"admin": "admin", "carol": "compliance", "mel": "ml_engineer", "dana": "domain_expert", "raj": "domain_expert"}


def kit_env(ws, user: str = "carol", **extra: str) -> dict[str, str]:
    """Environment for a ``kit`` subprocess on ``ws``, signed in as ``user`` (plus ``extra`` variables)."""
    return {
        "KIT_WORKSPACE": str(ws.root),
        "KIT_USER": user,
        "KIT_PASSWORD": PASSWORDS[user],
        "KIT_PASSPHRASE": TEST_PASSPHRASE,
        **extra,
    }


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point KIT_WORKSPACE at tmp_path and drop any credentials from the developer's shell."""
    for var in ("KIT_PASSPHRASE", "KIT_KEY_FILE", "KIT_USER", "KIT_PASSWORD", "KIT_NEW_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("KIT_WORKSPACE", str(tmp_path / "ws"))


@pytest.fixture
def workspace(tmp_path: Path):
    """A fresh workspace with one user per role (admin, carol, mel, dana, raj)."""
    from kit.users import add_user
    from kit.workspace import Workspace

    ws = Workspace.init(tmp_path / "ws", passphrase=TEST_PASSPHRASE, name="test", scrypt_n=2**12)
    admin = None
    for name, role in ROLES.items():
        actor = add_user(ws, name, role, PASSWORDS[name], by=admin)
        admin = admin or actor
    return ws


@pytest.fixture
def vault(workspace):
    """The test workspace's opened vault."""
    return workspace.vault(TEST_PASSPHRASE)


@pytest.fixture
def actors():
    """Actor objects for the test workspace's users, by name."""
    from kit.users import Actor

    return {name: Actor(name, role) for name, role in ROLES.items()}


@pytest.fixture(scope="session")
def tiny_bert_base(tmp_path_factory):
    """A tiny random BERT folder to train learned PHI detectors from (tests.tiny_models.tiny_bert)."""
    from tests.tiny_models import tiny_bert

    return tiny_bert(tmp_path_factory.mktemp("tiny-bert"))
