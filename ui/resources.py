"""Engines shared across sessions, built once per server process with ``st.cache_resource``.

The workspace comes from ``$KIT_WORKSPACE`` (``kit ui`` sets it). Everything here is keyed by the workspace
root so that one server (or one test process) can serve several workspaces without mixing them up.
"""

from __future__ import annotations

import os

import streamlit as st

from kit.errors import KitError
from kit.vault import Vault
from kit.workspace import Workspace


@st.cache_resource(show_spinner=False)
def _workspace(root: str) -> Workspace:
    return Workspace.open(root)


@st.cache_resource(show_spinner="Opening the vault...")
def _vault(root: str) -> Vault:
    # The key comes from KIT_PASSPHRASE, KIT_KEY_FILE or kit.toml's key_file: never typed into the browser.
    return _workspace(root).vault()


def workspace() -> Workspace:
    """The workspace this server runs on; stops the page with a message when it cannot be opened."""
    try:
        return _workspace(os.environ.get("KIT_WORKSPACE", ""))
    except KitError as err:
        st.error(f"Cannot open the workspace: {err}")
        st.stop()
        raise  # unreachable: st.stop() ends the script run


def vault(ws: Workspace) -> Vault:
    """The workspace's opened vault (raises VaultError when no key source is configured)."""
    return _vault(str(ws.root))


@st.cache_resource(show_spinner="Loading the PHI detection engine (spaCy + recognizers + learned detector)...")
def _detection_engine(root: str, detection_hash: str, detector_id: str) -> object:
    from kit.review.config import load_workspace_policy
    from kit.review.detector import load_active
    from kit.review.engine import get_engine

    ws = _workspace(root)
    loaded = load_workspace_policy(ws)
    return get_engine(loaded, load_active(ws) if detector_id and loaded.policy.learned_model.enabled else None)


def detection_engine(ws: Workspace) -> object:
    """The workspace policy's detection engine (with the newest learned detector), built once per version."""
    from kit.review.config import load_workspace_policy
    from kit.review.detector import active_detector

    active = active_detector(ws)
    return _detection_engine(str(ws.root), load_workspace_policy(ws).detection_hash, active.id if active else "")
