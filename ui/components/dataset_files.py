"""Read a built dataset's artifacts for display: card, plots, per-example lineage.

Thin file readers only (kit.curation writes these files); they move into kit.curation once it offers them.
"""

from __future__ import annotations

import json
from pathlib import Path


def card(folder: Path) -> str:
    """``card.md`` (kit-generated markdown; holds counts and names, no example text)."""
    path = Path(folder) / "card.md"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def plots(folder: Path) -> list[Path]:
    """The PNG charts under ``plots/`` (lengths, sources, coverage vs random)."""
    return sorted((Path(folder) / "plots").glob("*.png"))


def lineage(folder: Path) -> list[dict]:
    """``lineage.jsonl``: one row per selected example (ids, split, quality and its parts)."""
    path = Path(folder) / "lineage.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
