"""Curation filters: a registry of named, configurable checks, each rejecting with a reason code.

Importing this package registers the built-in filters. Add one with ``@register_filter("name")`` in any module
that is imported before curation runs (see docs/curation.md, "Adding a filter").
"""

from kit.curation.filters import language, phi, text  # noqa: F401 - registers the built-in filters
from kit.curation.filters.registry import (
    FILTERS,
    FilterContext,
    FilterSpec,
    Flag,
    Rejection,
    build_check,
    describe_filters,
    register_filter,
    run_filters,
)

DEFAULT_FILTERS = ("empty", "links_html", "refers_elsewhere", "language", "length", "truncated", "residual_phi")
"""Built-in filters in the order they run: the most specific reason first (a link-only answer is reported
as a link, not as short), the PHI engine last and only on the survivors."""


def default_filter_specs(**params: dict) -> list[FilterSpec]:
    """The default filter chain; ``params`` overrides per filter, e.g. ``length={"min_response_chars": 50}``."""
    return [FilterSpec(name=name, params=params.get(name, {})) for name in DEFAULT_FILTERS]


__all__ = [
    "DEFAULT_FILTERS",
    "FILTERS",
    "FilterContext",
    "FilterSpec",
    "Flag",
    "Rejection",
    "build_check",
    "default_filter_specs",
    "describe_filters",
    "register_filter",
    "run_filters",
]
