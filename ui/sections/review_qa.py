"""Review page, QA and sign-off: draw the sample, mark redacted records clean or residual, watch the bound, sign."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.review import sampling
from kit.review.engine import entity_types
from kit.review.qa import qa_report
from kit.review.qa_view import QaItem, find_span, qa_items
from kit.review.signoff import ReviewSummary, sign_off
from kit.users import Actor
from kit.vault import Vault
from kit.workspace import Workspace
from ui import session
from ui.components.text import escaped_block

PAGE_SIZE = 3  # sampled records shown at once: each check reruns the page, so keep it light


def render_bound(ws: Workspace) -> None:
    """The live residual-PHI bound: checked, residual, the 95% upper bound against the threshold."""
    qa = session.attempt(qa_report, ws)
    if qa is None:
        return
    cols = st.columns(5)
    cols[0].metric("Sampled / target", f"{qa.sampled}/{qa.target}", help=f"review mode: {qa.mode}")
    cols[1].metric("Checked", qa.checked, help=f"{qa.pending} waiting")
    cols[2].metric("With residual PHI", qa.residual_records)
    cols[3].metric(
        "Residual tokens",
        f"{qa.residual_tokens}/{qa.checked_tokens}",
        help=f"Tokens of checked records still identifying; 95% upper bound per token {qa.bound_token:.5f}.",
    )
    verdict = f"under {qa.threshold}" if qa.passes else f"not under {qa.threshold}"  # short: five columns share a row
    cols[4].metric(
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


def _residual_form(ws: Workspace, actor: Actor, item: QaItem) -> None:
    with st.form(f"qa_residual_{item.record_id}", border=False, clear_on_submit=True):
        cols = st.columns([1, 3, 1, 2, 1.6], vertical_alignment="bottom")
        field = cols[0].selectbox("Field", list(item.fields), key=f"qa_field_{item.record_id}")
        snippet = cols[1].text_input("Identifying text still present", key=f"qa_text_{item.record_id}")
        occurrence = cols[2].number_input("Occurrence", min_value=1, value=1, key=f"qa_nth_{item.record_id}")
        entity_type = cols[3].selectbox("Type", list(entity_types()), key=f"qa_type_{item.record_id}")
        if not cols[4].form_submit_button("Residual PHI", icon=":material/report:") or not snippet:
            return
    span = session.attempt(find_span, item.fields, field, snippet, int(occurrence))
    if span is None:
        return
    residual = sampling.ResidualSpan(field, span[0], span[1], entity_type)
    if session.succeeded(sampling.mark_residual, ws, actor, item.record_id, [residual]):
        marked = {i.record_id: i for i in session.attempt(qa_items, ws, actor, "residual") or []}.get(item.record_id)
        tokens = f" ({marked.residual_tokens} residual token(s))" if marked else ""
        session.flash(f"{item.record_id}: residual PHI recorded{tokens}; the record is re-opened for review.")
        st.rerun()


def _item(ws: Workspace, actor: Actor, item: QaItem) -> None:
    with st.container(border=True):
        cols = st.columns([4, 1], vertical_alignment="center")
        cols[0].markdown(f"**{item.record_id}** · draw {item.draw_no}")
        if cols[1].button(
            "Clean", key=f"qa_clean_{item.record_id}", icon=":material/check:", type="primary", width="stretch"
        ):
            if session.succeeded(sampling.mark_clean, ws, actor, item.record_id):
                session.flash(f"{item.record_id}: clean.")
                st.rerun()
        for name, text in item.fields.items():
            if len(item.fields) > 1:
                st.caption(name)
            st.html(escaped_block(text))
        _residual_form(ws, actor, item)


def _checked(items: list[QaItem]) -> None:
    done = [i for i in items if i.status != "pending"]
    if not done:
        return
    with st.expander(f"Checked records ({len(done)})", key="qa_checked"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "record": i.record_id,
                        "result": i.status,
                        "residual spans": i.residual_spans,
                        "residual tokens": i.residual_tokens,
                        "by": i.checked_by,
                        "at": i.checked_at,
                    }
                    for i in done
                ]
            ),
            hide_index=True,
        )


def _items(ws: Workspace, actor: Actor) -> None:
    items = session.attempt(qa_items, ws, actor)
    if items is None:
        return
    pending = [i for i in items if i.markable]
    waiting = [i for i in items if i.status == "pending" and not i.markable]
    if not items:
        st.caption("No record drawn yet: draw the sample above.")
    elif pending:
        st.markdown(
            f"**Sampled records to check ({len(pending)})** - the redacted text exactly as curation will see "
            f"it. Mark each **Clean**, or name what still identifies someone and mark **Residual PHI**."
        )
    else:
        st.success("Every sampled record is checked.")
    if waiting:
        st.caption(
            f"{len(waiting)} sampled record(s) lost their redacted text (changed in review); approve them and draw "
            "again to check them."
        )
    for item in pending[:PAGE_SIZE]:
        _item(ws, actor, item)
    if len(pending) > PAGE_SIZE:
        st.caption(f"{len(pending) - PAGE_SIZE} more after these; each check brings the next one up.")
    _checked(items)


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
            f"{s.bound_record:.5f} < {s.threshold}, policy {s.policy_name}."
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
