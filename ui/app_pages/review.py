"""Redact & review (compliance): detection, the risk-ordered queue, one record at a time, QA and sign-off."""

import pandas as pd
import streamlit as st

from kit.review.detect import run_detection
from kit.review.signoff import review_summary
from kit.review.views import next_in_queue, queue
from kit.status import stages
from kit.users import Role
from ui import resources, session
from ui.components.stepper import render_stage_header
from ui.sections.review_detector import render_detector
from ui.sections.review_qa import render_qa, render_signoff
from ui.sections.review_record import RECORD_KEY, open_record, render_record


def _detect(ws, vault, actor, undetected: int) -> None:
    st.info(f"{undetected} record(s) have not been through PHI detection yet.")
    if st.button("Run detection", key="run_detection", type="primary", icon=":material/search:"):
        engine = session.attempt(resources.detection_engine, ws)
        bar = st.progress(0.0, text="Detecting...")
        result = session.attempt(
            run_detection,
            ws,
            vault,
            actor,
            engine=engine,
            on_progress=lambda done, total: bar.progress(done / max(total, 1), text=f"{done}/{total} records"),
        )
        if result is not None:
            session.flash(
                f"Detection: {result.processed} record(s), {result.findings} finding(s) in {result.seconds:.1f} s."
            )
            st.rerun()


def _queue(ws, actor) -> None:
    items = session.attempt(queue, ws, actor) or []
    st.markdown(f"**Queue** ({len(items)} shown, riskiest first) - click a row to open it.")
    frame = pd.DataFrame(
        [
            {
                "record": i.record_id,
                "state": i.state,
                "risk": i.risk,
                "findings": i.n_findings,
                "why": "; ".join(i.reasons),
            }
            for i in items
        ]
    )
    picked = st.dataframe(
        frame,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="rev_table",
        height=min(38 + 35 * max(len(items), 1), 250),
    )
    rows = picked.selection.rows if picked else []
    if rows and items[rows[0]].record_id != st.session_state.get(RECORD_KEY):
        open_record(items[rows[0]].record_id)


def _review(ws, vault, actor) -> None:
    _queue(ws, actor)
    if st.session_state.get(RECORD_KEY) is None:
        item = session.attempt(next_in_queue, ws, actor)
        if item is None:
            st.success("The review queue is empty.")
            return
        open_record(item.record_id)
    render_record(ws, vault, actor, st.session_state[RECORD_KEY])


def render() -> None:
    """Summary and the three steps: review, QA, sign-off."""
    actor = session.require_role(Role.COMPLIANCE)
    ws = resources.workspace()
    st.title("Redact & review")
    render_stage_header(session.attempt(stages, ws) or [], "review")
    summary = session.attempt(review_summary, ws)
    vault = session.attempt(resources.vault, ws)
    if summary is None or vault is None:
        return
    if summary.states.get("undetected"):
        _detect(ws, vault, actor, summary.states["undetected"])
    review_tab, qa_tab, signoff_tab, model_tab = st.tabs(
        ["Review records", "QA sample", "Sign-off", "Learned detector"], key="rev_tabs"
    )
    with review_tab:
        _review(ws, vault, actor)
    with qa_tab:
        render_qa(ws, vault, actor)
    with signoff_tab:
        render_signoff(ws, actor, summary)
    with model_tab:
        render_detector(ws, vault, actor)


render()
