"""Canaries in a built dataset: unique random codes planted in training responses, recorded by hash only.

``kit curate build --canaries N`` appends ``Internal reference code: XXXX-XXXX-XXXX.`` (the canary
mode of :mod:`kit.evaluation.probes.canary`) to N random training responses. The codes are drawn from the
operating system's randomness, so nobody can rebuild them from a seed. ``canaries.json`` next to the
dataset names each planted example and the SHA-256 of its code, never the code itself (a string like
``QX7K-2M9D-8PLT`` in a loose file looks like an identifier); ``lineage.jsonl`` carries the same hash
on the planted example. After training, ``kit eval probe --run RUN --canaries datasets/<id>/canaries.json``
asks the model to continue each planted response and reports every code it reproduces.
"""

from __future__ import annotations

from typing import Any

from kit.errors import InputError
from kit.evaluation.probes.canary import LEAD_IN, plant_canaries, secret_sha256

FILE_NAME = "canaries.json"


def plant_in_train(splits: dict[str, list[dict[str, Any]]], lineage: list[dict[str, Any]], n: int) -> list[dict]:
    """Plant ``n`` canaries in ``splits["train"]`` (in place) and tag their lineage; return the hashed record."""
    train = splits.get("train", [])
    if n < 0 or n > len(train):
        raise InputError(f"--canaries {n}: choose 0 to {len(train)} (the training split's size)")
    if n == 0:
        return []
    planted, canaries = plant_canaries(train, n, seed=None)  # None: OS randomness, not reproducible by design
    splits["train"] = planted
    hashes = {c.example_id: secret_sha256(c.secret) for c in canaries}
    for entry in lineage:
        if entry["id"] in hashes:
            entry["canary_sha256"] = hashes[entry["id"]]
    return [{"example_id": eid, "secret_sha256": digest, "lead_in": LEAD_IN} for eid, digest in sorted(hashes.items())]
