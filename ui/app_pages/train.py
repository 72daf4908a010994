"""Train (ML engineer): model + preset, memory estimate, launch, live loss, stop / resume, checkpoint choice."""

import streamlit as st

from kit.status import stages
from kit.training.runs import list_runs
from kit.users import Role
from ui import resources, session
from ui.components.stepper import render_stage_header
from ui.sections.train_launch import render_launch
from ui.sections.train_runs import render_runs


def render() -> None:
    """New run form, then the runs."""
    actor = session.require_role(Role.ML_ENGINEER)
    ws = resources.workspace()
    st.title("Train")
    render_stage_header(session.attempt(stages, ws) or [], "train")
    with st.expander("New run", expanded=not (session.attempt(list_runs, ws) or []), key="train_new"):
        render_launch(ws, actor)
    st.header("Runs")
    render_runs(ws, actor)


render()
