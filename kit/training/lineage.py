"""Lineage: what a run was made from, so a released model can be traced back to data, base and code."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

PACKAGES = ("lima-kit", "torch", "transformers", "peft", "accelerate", "datasets", "tokenizers", "safetensors")


def package_versions() -> dict[str, str | None]:
    """Installed versions of the packages that decide what training computes."""
    out: dict[str, str | None] = {"python": sys.version.split()[0], "platform": platform.platform()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def build_lineage(model, dataset, config: dict, devices) -> dict:
    """The lineage record saved as ``runs/<id>/lineage.json`` (ids and hashes only, never data)."""
    return {
        "model": {"name": model.name, "sha256": model.sha256, "params": model.params, "path": str(model.path)},
        "dataset": {
            "name": dataset.name,
            "hash": dataset.hash,
            "path": str(dataset.path),
            "signoff_id": getattr(dataset, "signoff_id", None),
        },
        "seed": config["seed"],
        "config": config,
        "packages": package_versions(),
        "devices": [{"kind": d.kind, "name": d.name, "memory_bytes": d.memory_bytes} for d in devices],
    }
