"""Fixtures for the redaction tests: one real engine (real spaCy model) per test session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def policy():
    """The default HIPAA Safe Harbor policy."""
    from redaction import load_policy

    return load_policy("hipaa_safe_harbor")


@pytest.fixture(scope="session")
def engine(policy):
    """The kit's engine, built once: loading spaCy and the recognizers takes a couple of seconds."""
    from redaction import build_engine

    return build_engine(policy)


def spans_of(findings, text: str, entity_type: str | None = None) -> list[str]:
    """The covered strings of findings (optionally of one type), for readable assertions."""
    return [text[f.start : f.end] for f in findings if entity_type is None or f.entity_type == entity_type]
