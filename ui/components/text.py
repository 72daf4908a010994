"""Show untrusted text (redacted records, model answers) exactly as written: escaped, wrapped, no markdown."""

from __future__ import annotations

import html

import streamlit as st

BOX_STYLE = (
    "white-space: pre-wrap; font-family: ui-serif, Georgia, serif; font-size: 1rem; line-height: 1.55; "
    "padding: 0.75rem 1rem; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem;"
)


def escaped_block(text: str) -> str:
    """``text`` as an HTML block: escaped (no markup, no links, no images reach the browser), wrapped."""
    return f'<div style="{BOX_STYLE}">{html.escape(text)}</div>'


def text_block(text: str) -> None:
    """Render ``text`` literally in a bordered box."""
    st.html(escaped_block(text))
