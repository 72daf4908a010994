"""Where the shipped policies live, checked out or installed.

The policies are the top-level ``policies/`` folder of the repository. A non-editable ``pip install`` puts
them in ``<prefix>/share/lima-kit/policies`` (setuptools ``data-files`` in ``pyproject.toml``), because
``policies/`` is not a Python package. Lookup order: the repository folder (a checkout or an editable
install), then the installed share folders (the environment's prefix, then the user base). A workspace's own
``policies/`` folder comes before both; ``kit.workspace.resolve_policy`` adds it.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

REPO_POLICY_DIR = Path(__file__).resolve().parent.parent / "policies"
SHARE_SUBDIR = Path("share") / "lima-kit" / "policies"
MARKER = "hipaa_safe_harbor.yaml"  # the default policy: a folder without it is not the kit's


def shipped_policy_dirs() -> list[Path]:
    """Every folder that may hold the shipped policies, in lookup order (existing or not)."""
    bases = [sysconfig.get_path("data"), sys.prefix, site.getuserbase()]
    dirs = [REPO_POLICY_DIR]
    for base in bases:
        folder = Path(base) / SHARE_SUBDIR
        if base and folder not in dirs:
            dirs.append(folder)
    return dirs


def shipped_policy_dir() -> Path:
    """The first folder that holds the shipped policies; the repository folder when none does."""
    for folder in shipped_policy_dirs():
        if (folder / MARKER).is_file():
            return folder
    return REPO_POLICY_DIR
