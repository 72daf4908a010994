"""Review page, QA and sign-off: draw the sample, mark redacted records clean or residual, watch the bound, sign."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.review import sampling
from kit.review.engine import entity_types
from kit.review.qa import qa_report
from kit.review.signoff import ReviewSummary, sign_off
from kit.users import Actor
from kit.vault import Vault
from kit.workspace import Workspace
from ui import session
from ui.components.text import escaped_block


def render_bound(ws: Workspace) -> None:
    """The live residual-PHI bound: checked, residual, the 95% upper bound against the threshold."""
    qa = session.attempt(qa_report, ws)
    if qa is None:
        return
    cols = st.columns(4)
    cols[0].metric("Sampled / target", f"{qa.sampled}/{qa.target}", help=f"review mode: {qa.mode}")
    cols[1].metric("Checked", qa.checked, help=f"{qa.pending} waiting")
    cols[2].metric("With residual PHI", qa.residual_records)
    verdict = f"under the threshold {qa.threshold}" if qa.passes else f"not under the threshold {qa.threshold}"
    cols[3].metric(
        "95% upper bound",
        f"{qa.bound_record:.5f}",
        delta=verdict,
        delta_arrow="off",
        delta_color="green" if qa.passes else "red",
        help="One-sided Clopper-Pearson bound of the share of redacted records still holding PHI.",
    )
    if not qa.passes and qa.more_needed:
        st.caption(f"{qa.more_needed} more clean record(s) would bring the bound under {qa.threshold}.")


def _draw(ws: Workspace, vault: Vault, actor: Actor) -> None:
    cols = st.columns([1, 3])
    more = cols[0].number_input("Extra records", min_value=0, value=0, key="qa_more")
    if cols[1].button("Anonymize approved records and draw the QA sample", key="qa_draw", icon=":material/casino:"):
        with st.spinner("Anonymizing approved records and drawing..."):
            result = session.attempt(sampling.draw_sample, ws, vault, actor, int(more))
        if result is not None:
            session.flash(f"Anonymized {result.anonymized.anonymized} record(s); drew {len(result.drawn)} for QA.")
            st.rerun()


def _residual_form(ws: Workspace, actor: Actor, record_id: str, fields: dict[str, str]) -> None:
    with st.form(f"qa_residual_{record_id}", border=False):
        cols = st.columns([1, 3, 2, 1.5], vertical_alignment="bottom")
        field = cols[0].selectbox("Field", list(fields), key=f"qa_field_{record_id}")
        snippet = cols[1].text_input("Identifying text still present", key=f"qa_text_{record_id}")
        entity_type = cols[2].selectbox("Type", list(entity_types()), key=f"qa_type_{record_id}")
        if not cols[3].form_submit_button("Residual PHI", icon=":material/report:") or not snippet:
            return
    start = fields[field].find(snippet)
    if start < 0:
        st.error(f"That text does not occur in the redacted {record_id}.{field}.")
        return
    span = sampling.ResidualSpan(field, start, start + len(snippet), entity_type)
    if session.succeeded(sampling.mark_residual, ws, actor, record_id, [span]):
        session.flash(f"{record_id}: residual PHI recorded; the record is re-opened for review.")
        st.rerun()


def _items(ws: Workspace, actor: Actor) -> None:
    if not hasattr(sampling, "qa_items"):
        st.info(
            "Listing the sampled redacted records needs kit.review.sampling.qa_items (asked of the review "
            "stage); meanwhile use `kit review sample`."
        )
        return
    pending = [i for i in session.attempt(sampling.qa_items, ws, actor) or [] if i.status == "pending"]
    st.markdown(f"**Sampled records to check ({len(pending)})**: the redacted text as curation will see it.")
    for item in pending[:10]:
        with st.container(border=True):
            st.markdown(f"**{item.record_id}**")
            for name, text in item.fields.items():
                st.html(escaped_block(text))
            if st.button("Clean", key=f"qa_clean_{item.record_id}", icon=":material/check:", type="primary"):
                if session.succeeded(sampling.mark_clean, ws, actor, item.record_id):
                    st.rerun()
            _residual_form(ws, actor, item.record_id, item.fields)


def render_qa(ws: Workspace, vault: Vault, actor: Actor) -> None:
    """Bound, draw, and the sampled records awaiting a check."""
    render_bound(ws)
    _draw(ws, vault, actor)
    _items(ws, actor)


def render_signoff(ws: Workspace, actor: Actor, summary: ReviewSummary) -> None:
    """What blocks sign-off, the latest sign-off, and the sign-off action."""
    if summary.latest is not None:
        s = summary.latest
        st.success(
            f"Sign-off {s.id} by {s.reviewer} on {s.created_at}: {s.n_records} records, bound "
            f"{s.bound_record:.4f} < {s.threshold}, policy {s.policy_name}."
        )
    if summary.blockers:
        st.markdown("**Before sign-off:**")
        st.dataframe(pd.DataFrame({"open item": list(summary.blockers)}), hide_index=True)
    for warning in summary.warnings:
        st.warning(warning)
    if st.button(
        "Sign off the redacted record set",
        key="signoff",
        type="primary",
        icon=":material/approval:",
        disabled=not summary.can_sign_off,
    ):
        signed = session.attempt(sign_off, ws, actor)
        if signed is not None:
            session.flash(f"Signed off {signed.n_records} records (sign-off {signed.id}); curation may start.")
            st.rerun()
