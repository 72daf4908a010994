"""Raw text with findings highlighted by entity type: escaped HTML spans, colours, a legend.

Overlapping findings are drawn segment by segment, so every character is escaped exactly once and no span
nests inside another. Each finding ends with a small ``#id`` label that matches the findings list.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

PALETTE = [
    "#ffd6a5",
    "#caffbf",
    "#9bf6ff",
    "#bdb2ff",
    "#ffc6ff",
    "#fdffb6",
    "#a0c4ff",
    "#ffadad",
    "#d0f4de",
    "#e4c1f9",
    "#fcf6bd",
    "#a9def9",
    "#ff99c8",
    "#b9fbc0",
    "#f1c0e8",
    "#cfbaf0",
    "#98f5e1",
    "#fbf8cc",
    "#8eecf5",
    "#ffcfd2",
    "#90dbf4",
    "#f9dcc4",
]
STATUS_HELP = {
    "open": "open: awaiting a decision",
    "low": "dashed red outline: low confidence, must be decided",
    "confirmed": "underlined: confirmed PHI",
    "rejected": "struck through: rejected (not PHI)",
}
BOX = (
    "white-space: pre-wrap; font-family: ui-serif, Georgia, serif; font-size: 1.02rem; line-height: 2.0; "
    "padding: 0.8rem 1rem; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;"
)


@dataclass(frozen=True)
class Span:
    """One finding to draw: offsets into the text, its type and review status."""

    id: int
    start: int
    end: int
    entity_type: str
    status: str
    low_confidence: bool = False


def type_colors(types: Sequence[str]) -> dict[str, str]:
    """A stable colour per entity type (the order of ``types``, e.g. the kit's ENTITY_TYPES)."""
    return {t: PALETTE[i % len(PALETTE)] for i, t in enumerate(types)}


def _style(span: Span, colors: dict[str, str]) -> str:
    color = colors.get(span.entity_type, "#e0e0e0")
    if span.status == "rejected":
        return "text-decoration: line-through; color: #777; background: #f1f1f1; border-radius: 3px;"
    style = f"background: {color}; border-radius: 3px; padding: 0.1em 0.15em;"
    if span.status == "confirmed":
        style += " border-bottom: 3px solid #333;"
    elif span.low_confidence:
        style += " outline: 2px dashed #c62828;"
    return style


def _label(span: Span) -> str:
    return (
        f'<sup style="font-family: ui-sans-serif, sans-serif; font-size: 0.62rem; color: #333;">'
        f"#{span.id}&nbsp;{html.escape(span.entity_type)}</sup>"
    )


def highlight_html(text: str, spans: Iterable[Span], colors: dict[str, str]) -> str:
    """``text`` escaped, with every finding wrapped in a coloured ``<mark>`` and labelled with its id."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    cuts = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    parts = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s.start <= a and b <= s.end]
        piece = html.escape(text[a:b])
        if covering:
            top = min(covering, key=lambda s: (s.status == "rejected", s.start, -s.end))
            title = ", ".join(f"#{s.id} {s.entity_type} ({s.status})" for s in covering)
            piece = f'<mark style="{_style(top, colors)}" title="{html.escape(title)}">{piece}</mark>'
        parts.append(piece)
        parts.extend(_label(s) for s in spans if s.end == b)
    return f'<div style="{BOX}">{"".join(parts)}</div>'


def legend_html(types: Iterable[str], colors: dict[str, str]) -> str:
    """Colour chips for ``types`` and a line explaining the status styles."""
    chips = "".join(
        f'<span style="background: {colors.get(t, "#e0e0e0")}; border-radius: 3px; padding: 0.1em '
        f'0.4em; margin-right: 0.4em; font-size: 0.8rem;">{html.escape(t)}</span>'
        for t in types
    )
    help_text = " · ".join(STATUS_HELP.values())
    return f'<div style="line-height: 2;">{chips}</div><div style="font-size: 0.75rem; color: #555;">{help_text}</div>'


def finding_line(
    finding_id: int,
    entity_type: str,
    score: float,
    status: str,
    low_confidence: bool,
    value: str,
    colors: dict[str, str],
) -> str:
    """One line of the findings list: id, type, score, status and the (escaped) value in its type's colour."""
    span = Span(finding_id, 0, len(value), entity_type, status, low_confidence)
    flag = ' · <b style="color: #c62828;">low confidence</b>' if low_confidence else ""
    return (
        f'<div style="font-size: 0.9rem;"><code>#{finding_id}</code> <b>{html.escape(entity_type)}</b> · '
        f'{score:.2f} · {html.escape(status)}{flag}<br><mark style="{_style(span, colors)}">'
        f"{html.escape(value)}</mark></div>"
    )
