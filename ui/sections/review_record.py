"""Review page, one record: raw text with highlighted findings, a decision per finding, missed spans, approval.

The record view (raw text) is kept in the session until something changes, so reading a record writes one
``review.view`` audit line, not one per click.
"""

from __future__ import annotations

import streamlit as st

from kit.review.decisions import add_span, approve, decide
from kit.review.engine import entity_types
from kit.review.views import RecordView, next_in_queue, record_view
from kit.users import Actor
from kit.vault import Vault
from kit.workspace import Workspace
from ui import session
from ui.components.highlight import Span, finding_line, highlight_html, legend_html, type_colors

RECORD_KEY, VERSION_KEY, VIEW_KEY = "review_record", "review_version", "review_view"


def open_record(record_id: str | None) -> None:
    """Show ``record_id`` next (and forget the cached view)."""
    st.session_state[RECORD_KEY] = record_id
    changed()


def changed() -> None:
    """Something about the record changed: load its view again on the next run."""
    st.session_state[VERSION_KEY] = st.session_state.get(VERSION_KEY, 0) + 1


def _view(ws: Workspace, vault: Vault, actor: Actor, record_id: str) -> RecordView | None:
    key = (record_id, st.session_state.get(VERSION_KEY, 0))
    cached = st.session_state.get(VIEW_KEY)
    if cached and cached[0] == key:
        return cached[1]
    view = session.attempt(record_view, ws, vault, actor, record_id)
    st.session_state[VIEW_KEY] = (key, view) if view else None
    return view


def _navigation(ws: Workspace, actor: Actor, view: RecordView) -> None:
    n = view.neighbors
    cols = st.columns([1.3, 1.1, 1.6, 4], vertical_alignment="center")
    if cols[0].button("Previous", key="rev_prev", icon=":material/arrow_back:", shortcut="P", disabled=not n.previous):
        open_record(n.previous)
        st.rerun()
    if cols[1].button("Next", key="rev_next", icon=":material/arrow_forward:", shortcut="N", disabled=not n.next):
        open_record(n.next)
        st.rerun()
    if cols[2].button("Next in queue", key="rev_queue", icon=":material/skip_next:", shortcut="Q"):
        item = session.attempt(next_in_queue, ws, actor, view.record_id)
        open_record(item.record_id if item else None)
        st.rerun()
    approved = f" · approved by {view.approved_by}" if view.approved_by else ""
    qa = f" · QA: {view.qa_status}" if view.qa_status else ""
    cols[3].markdown(f"**{view.record_id}** ({view.kind}, {view.state}{approved}{qa}) · {n.position} of {n.total}")


def _text(view: RecordView, colors: dict[str, str]) -> None:
    present = sorted({fv.finding.entity_type for fv in view.findings})
    st.html(legend_html(present, colors))
    for name, raw in view.fields.items():
        if len(view.fields) > 1:
            st.markdown(f"**{name}**")
        spans = [
            Span(
                fv.finding.id,
                fv.finding.start,
                fv.finding.end,
                fv.finding.entity_type,
                fv.finding.status,
                fv.low_confidence,
            )
            for fv in view.findings
            if fv.finding.field == name
        ]
        st.html(highlight_html(raw, spans, colors))


def _decide(ws: Workspace, vault: Vault, actor: Actor, finding_id: int, decision: str, **kwargs: object) -> None:
    result = session.attempt(decide, ws, vault, actor, finding_id, decision, **kwargs)
    if result is not None:
        reach = result.propagated
        extra = f"; propagated to {reach.findings} finding(s) in {reach.records} record(s)" if reach.findings else ""
        session.flash(f"#{finding_id}: {decision} ({result.entity_type}){extra}.")
        changed()
        st.rerun()


def _findings(ws: Workspace, vault: Vault, actor: Actor, view: RecordView, colors: dict[str, str]) -> None:
    types = list(entity_types())
    st.markdown(
        f"**Findings ({len(view.findings)})** - confirm (with the type in the box), reject, or reject "
        "everywhere (allow-list)."
    )
    for fv in view.findings:
        f = fv.finding
        cols = st.columns([3.4, 2, 1, 1, 1.2], vertical_alignment="center")
        cols[0].html(
            finding_line(
                f.id, f.entity_type, f.score, f.status, fv.low_confidence, view.fields[f.field][f.start : f.end], colors
            )
        )
        new_type = cols[1].selectbox(
            "Type",
            types,
            index=types.index(f.entity_type) if f.entity_type in types else 0,
            key=f"rev_type_{f.id}",
            label_visibility="collapsed",
        )
        if cols[2].button("Confirm", key=f"rev_confirm_{f.id}", type="primary" if f.status == "open" else "secondary"):
            if new_type != f.entity_type:
                _decide(ws, vault, actor, f.id, "retype", new_type=new_type)
            else:
                _decide(ws, vault, actor, f.id, "confirm")
        if cols[3].button("Reject", key=f"rev_reject_{f.id}"):
            _decide(ws, vault, actor, f.id, "reject")
        if cols[4].button("Never PHI", key=f"rev_allow_{f.id}", help="Reject, and drop this value everywhere"):
            _decide(ws, vault, actor, f.id, "reject", allow_list=True)


def _nth(text: str, snippet: str, occurrence: int) -> int:
    """Start offset of the ``occurrence``-th (1-based) appearance of ``snippet``, or -1."""
    start = -1
    for _ in range(occurrence):
        start = text.find(snippet, start + 1)
        if start < 0:
            return -1
    return start


def _add_span(ws: Workspace, vault: Vault, actor: Actor, view: RecordView) -> None:
    with st.form("rev_add_span", clear_on_submit=True):
        st.markdown("**Add a missed span**: type the text exactly as it appears.")
        cols = st.columns([1, 3, 1, 2])
        field = cols[0].selectbox("Field", list(view.fields), key="rev_span_field")
        snippet = cols[1].text_input("Text", key="rev_span_text")
        occurrence = cols[2].number_input("Occurrence", min_value=1, value=1, key="rev_span_nth")
        entity_type = cols[3].selectbox("Type", list(entity_types()), key="rev_span_type")
        if not st.form_submit_button("Add span", icon=":material/add:") or not snippet:
            return
    start = _nth(view.fields[field], snippet, int(occurrence))
    if start < 0:
        st.error(f"That text does not occur {occurrence} time(s) in {view.record_id}.{field}.")
        return
    result = session.attempt(
        add_span, ws, vault, actor, view.record_id, field, start, start + len(snippet), entity_type
    )
    if result is not None:
        session.flash(f"Added #{result.finding_id} {entity_type} at {field} {start}:{start + len(snippet)}.")
        changed()
        st.rerun()


def _approve(ws: Workspace, actor: Actor, view: RecordView) -> None:
    if st.button(
        "Approve record",
        key="rev_approve",
        type="primary",
        icon=":material/task_alt:",
        shortcut="Ctrl+Enter",
        help="Apply every finding not rejected; then open the next in the queue",
    ):
        if session.succeeded(approve, ws, actor, view.record_id):
            item = session.attempt(next_in_queue, ws, actor, view.record_id)
            session.flash(f"Approved {view.record_id}.")
            open_record(item.record_id if item else view.record_id)
            st.rerun()


def render_record(ws: Workspace, vault: Vault, actor: Actor, record_id: str) -> None:
    """The whole review screen for one record."""
    view = _view(ws, vault, actor, record_id)
    if view is None:
        return
    colors = type_colors(entity_types())
    _navigation(ws, actor, view)
    _text(view, colors)
    _approve(ws, actor, view)
    _findings(ws, vault, actor, view, colors)
    _add_span(ws, vault, actor, view)
    st.caption("Keyboard: P previous, N next, Q next in queue, Ctrl+Enter approve.")
