"""The stepper: every stage of the flow with its state, what blocks it and the next action."""

from __future__ import annotations

import streamlit as st

from kit.status import ACTIVE, BLOCKED, DONE, READY, Stage
from kit.users import Actor
from ui import navigation

STATE_ICON = {
    DONE: ":material/check_circle:",
    READY: ":material/play_circle:",
    ACTIVE: ":material/pending:",
    BLOCKED: ":material/block:",
}
STATE_COLOR = {DONE: "green", READY: "blue", ACTIVE: "orange", BLOCKED: "gray"}


def _badge(stage: Stage) -> str:
    color = STATE_COLOR.get(stage.state, "gray")
    return f":{color}-badge[{STATE_ICON.get(stage.state, '')} {stage.state}]"


def _state_line(stage: Stage) -> str:
    # Coloured text, not a badge: seven cards share one row and a badge truncates ("in progr...") where
    # text wraps.
    color = STATE_COLOR.get(stage.state, "gray")
    return f":{color}[{STATE_ICON.get(stage.state, '')} **{stage.state}**]"


def render_stepper(stages: list[Stage], actor: Actor) -> None:
    """One column per stage; stages that wait on the signed-in role are called out below."""
    columns = st.columns(len(stages), gap="small")
    for number, (column, stage) in enumerate(zip(columns, stages), start=1):
        with column.container(border=True, height="stretch"):
            st.markdown(f"**{number}. {stage.title}**")
            st.markdown(_state_line(stage))
            st.caption(stage.summary)
            if stage.state == BLOCKED:
                st.caption(f"Blocked: {stage.next_action}")
    render_next_actions(stages, actor)


def render_next_actions(stages: list[Stage], actor: Actor) -> None:
    """What the signed-in role can do now, each with a link to its page."""
    mine = [s for s in stages if s.role == actor.role.value and s.state in (READY, ACTIVE)]
    st.subheader("Your next step")
    if not mine:
        waiting = next((s for s in stages if s.state != DONE), None)
        if waiting is None:
            st.success("Every stage is done.")
        else:
            st.info(
                f"Nothing waits on you ({actor.role.value}). Next in the flow: **{waiting.title}** "
                f"({waiting.role}) - {waiting.next_action}."
            )
        return
    for stage in mine:
        spec = navigation.page_for_stage(stage.key, actor.role)
        with st.container(border=True):
            st.markdown(f"{_badge(stage)} **{stage.title}** - {stage.summary}")
            st.caption(f"Next: {stage.next_action}")
            if spec is not None:
                st.page_link(navigation.page_path(spec.key), label=f"Open {spec.title}", icon=spec.icon)


def render_stage_header(stages: list[Stage], key: str) -> Stage | None:
    """A one-line status for the page's own stage (title, state badge, summary)."""
    stage = next((s for s in stages if s.key == key), None)
    if stage is not None:
        st.markdown(
            f"{_badge(stage)} {stage.summary}" + (f" · next: {stage.next_action}" if stage.next_action != "-" else "")
        )
    return stage
