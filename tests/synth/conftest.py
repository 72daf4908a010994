"""Shared, cached generator outputs so each test file stays fast."""

from __future__ import annotations

import pytest

from kit.synth import generate_documents, generate_qa_pairs, gold_set


@pytest.fixture(scope="session")
def docs() -> list[dict]:
    """A few hundred documents from seed 3 (every kind several times)."""
    return generate_documents(300, seed=3)


@pytest.fixture(scope="session")
def pairs() -> list[dict]:
    """The demo-sized Q&A set for seed 0."""
    return generate_qa_pairs(1600, seed=0)


@pytest.fixture(scope="session")
def gold() -> tuple[list[dict], list[dict]]:
    """The default gold set (dev, heldout)."""
    return gold_set()
