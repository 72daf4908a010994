"""Rate (domain expert): one blind A/B item at a time, LIMA's question, three answers and an optional grade.

The page receives a RaterView (prompt, answer A, answer B, position): no model identity, no raw text.
ML engineers see the setup half instead: generate answers for a run and assign raters.
"""

import streamlit as st

from kit.evaluation.rating import next_task, progress, submit_rating
from kit.users import Role
from ui import resources, session
from ui.components.text import text_block

SHORTCUTS = {"a": "A", "tie": "T", "b": "B"}
BUTTON_ORDER = ["a", "tie", "b"]  # A on the left under answer A, B on the right under answer B
NO_GRADE = "no grade"


def _progress(ws, actor) -> None:
    done = session.attempt(progress, ws, actor)
    if done is not None and done.assigned:
        st.progress(done.done / done.assigned, text=f"{done.done} of {done.assigned} rated")


def _rating_form(ws, actor, view) -> None:
    st.caption(f"Item {view.position} of {view.total}")
    st.markdown("**Prompt**")
    text_block(view.prompt)
    left, right = st.columns(2)
    with left:
        st.markdown("**Answer A**")
        text_block(view.answer_a)
    with right:
        st.markdown("**Answer B**")
        text_block(view.answer_b)
    with st.form("rate", border=True):
        st.subheader(view.question)
        grades = dict(view.grades)
        grade = st.radio(
            "Grade of the answer you prefer (optional)",
            [NO_GRADE, *grades],
            horizontal=True,
            format_func=lambda g: grades.get(g, "No grade"),
            key="grade",
        )
        choices = sorted(view.choices, key=lambda c: BUTTON_ORDER.index(c[0]) if c[0] in BUTTON_ORDER else 9)
        cols = st.columns(len(choices))
        chosen = None
        for col, (choice, label) in zip(cols, choices):
            with col:
                if st.form_submit_button(
                    label,
                    key=f"choice_{choice}",
                    shortcut=SHORTCUTS.get(choice),
                    width="stretch",
                    type="primary" if choice != "tie" else "secondary",
                ):
                    chosen = choice
    st.caption("Keyboard: A, T (tie), B.")
    if chosen is not None:
        if session.succeeded(submit_rating, ws, actor, view.task_id, chosen, None if grade == NO_GRADE else grade):
            st.rerun()


def _rater(ws, actor) -> None:
    st.title("Rate answers")
    st.caption("Two answers to the same prompt, in random order. Judge which one you would rather receive.")
    _progress(ws, actor)
    view = session.attempt(next_task, ws, actor)
    if view is None:
        st.success("Nothing left to rate. Thank you!")
        return
    _rating_form(ws, actor, view)


def render() -> None:
    """The rater's queue, or the setup view for ML engineers."""
    actor = session.require_role(Role.DOMAIN_EXPERT, Role.ML_ENGINEER)
    ws = resources.workspace()
    if actor.role is Role.DOMAIN_EXPERT:
        _rater(ws, actor)
    else:
        from ui.sections.rate_setup import render_setup

        render_setup(ws, actor)


render()
