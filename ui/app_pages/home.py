"""Overview: where the workspace stands and what the signed-in role should do next."""

import streamlit as st

from kit.status import stages
from ui import resources, session
from ui.components.stepper import render_stepper
from ui.navigation import EVERYONE


def render() -> None:
    """The stepper across the whole flow."""
    actor = session.require_role(*EVERYONE)
    ws = resources.workspace()
    st.title(f"Workspace {ws.name}")
    st.caption("Raw data to a released model: each stage shows its state, what blocks it and who acts next.")
    result = session.attempt(stages, ws)
    if result is not None:
        render_stepper(result, actor)


render()
