"""Curate page: candidates (summaries), one candidate's text, editing it, and adding a hand-written example."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.curation.candidates import Candidate
from kit.curation.store import add_candidate, candidate_summary, edit_candidate, list_candidates
from kit.users import Actor
from kit.workspace import Workspace
from ui import session
from ui.components.text import text_block


def _edit(ws: Workspace, actor: Actor, c: Candidate) -> None:
    authored = c.origin == "authored"
    with st.form(f"cur_edit_{c.id}"):
        st.markdown(f"**Edit {c.id}**" + ("" if authored else " - derived from a record: only its rating changes"))
        prompt = st.text_area("Prompt", value=c.prompt, disabled=not authored, key=f"cur_edit_prompt_{c.id}")
        response = st.text_area(
            "Response", value=c.response, height=180, disabled=not authored, key=f"cur_edit_response_{c.id}"
        )
        cols = st.columns(2)
        category = cols[0].text_input("Category", value=c.category, disabled=not authored, key=f"cur_edit_cat_{c.id}")
        rating = cols[1].slider(
            "Expert rating", 1.0, 5.0, value=float(c.rating or 3.0), step=0.5, key=f"cur_edit_rating_{c.id}"
        )
        if not st.form_submit_button("Save", icon=":material/save:"):
            return
    changes = {"rating": rating}
    if authored:
        changes.update(prompt=prompt, response=response, category=category)
    if session.attempt(edit_candidate, ws, actor, c.id, **changes) is not None:
        session.flash(f"Saved {c.id}; the next build uses it.")
        st.rerun()


def _add(ws: Workspace, actor: Actor) -> None:
    with st.form("cur_add", clear_on_submit=True):
        st.markdown("**Add an example** (checked for PHI before it is stored)")
        prompt = st.text_area("Prompt", key="cur_add_prompt")
        response = st.text_area("Response", height=180, key="cur_add_response")
        cols = st.columns(2)
        category = cols[0].text_input("Category", key="cur_add_category")
        rating = cols[1].slider("Expert rating", 1.0, 5.0, value=4.0, step=0.5, key="cur_add_rating")
        if not st.form_submit_button("Add example", icon=":material/add:"):
            return
    added = session.attempt(add_candidate, ws, actor, prompt, response, category or None, rating)
    if added is not None:
        session.flash(f"Added {added.id}.")
        st.rerun()


def render_candidates(ws: Workspace, actor: Actor) -> None:
    """The candidate list (no text), the selected candidate, and the add form."""
    candidates = session.attempt(list_candidates, ws) or []
    st.caption(
        f"{len(candidates)} stored candidate(s): pairs derived from signed-off records at the last build, "
        "plus hand-written examples. Click a row to read or edit it."
    )
    picked = st.dataframe(
        pd.DataFrame([candidate_summary(c) for c in candidates]),
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="cur_table",
        height=260,
    )
    rows = picked.selection.rows if picked else []
    if rows:
        c = candidates[rows[0]]
        left, right = st.columns(2)
        with left:
            st.markdown("**Prompt**")
            text_block(c.prompt)
        with right:
            st.markdown("**Response**")
            text_block(c.response)
        _edit(ws, actor, c)
    _add(ws, actor)
