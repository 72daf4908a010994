"""Generate synthetic clinical documents with exact gold PHI spans."""

from __future__ import annotations

import random

from kit.errors import InputError
from kit.synth.cases import make_case
from kit.synth.kinds import KINDS


def document_kinds() -> list[str]:
    """Names of the registered document kinds."""
    return list(KINDS)


def generate_documents(n: int, seed: int, kinds: list[str] | None = None) -> list[dict]:
    """``n`` documents ``{"id", "text", "doc_type", "spans"}``, deterministic for ``seed``.

    Kinds rotate through ``kinds`` (default: all registered kinds) so every kind is present
    whenever ``n`` is at least the number of kinds. Each document gets its own random stream
    derived from ``seed`` and its index, so document ``i`` does not depend on ``n``.
    """
    kinds = list(kinds) if kinds else document_kinds()
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise InputError(f"unknown document kind(s) {unknown}; known: {document_kinds()}")
    order = random.Random(f"kinds:{seed}")
    docs = []
    for i in range(n):
        if i % len(kinds) == 0:
            cycle = kinds[:]
            order.shuffle(cycle)
        kind = cycle[i % len(kinds)]
        rng = random.Random(f"doc:{seed}:{i}")
        builder = KINDS[kind](rng, make_case(rng))
        docs.append({"id": f"doc-{seed}-{i:05d}", "text": builder.text, "doc_type": kind, "spans": builder.spans})
    return docs
