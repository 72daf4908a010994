"""Registry of document kinds: a kind is a function ``(rng, case) -> TextBuilder``."""

from __future__ import annotations

import random
from collections.abc import Callable

from kit.synth.cases import Case
from kit.synth.text import TextBuilder

KindFn = Callable[[random.Random, Case], TextBuilder]

#: Document kinds by name, in registration order.
KINDS: dict[str, KindFn] = {}


def register_kind(name: str) -> Callable[[KindFn], KindFn]:
    """Decorator: register a document kind under ``name``."""

    def wrap(fn: KindFn) -> KindFn:
        assert name not in KINDS, f"kind {name} registered twice"
        KINDS[name] = fn
        return fn

    return wrap
