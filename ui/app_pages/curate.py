"""Curate (ML engineer): run selection, read the charts and the card, inspect candidates and rejections."""

import streamlit as st

from kit.curation.datasets import list_datasets
from kit.status import stages
from kit.users import Role
from ui import resources, session
from ui.components.stepper import render_stage_header
from ui.sections.curate_build import render_build
from ui.sections.curate_candidates import render_candidates
from ui.sections.curate_datasets import render_datasets


def render() -> None:
    """Build, datasets, candidates."""
    actor = session.require_role(Role.ML_ENGINEER)
    ws = resources.workspace()
    st.title("Curate")
    render_stage_header(session.attempt(stages, ws) or [], "curate")
    st.caption("Only records covered by a compliance sign-off reach curation, and only as redacted text.")
    with st.expander("Run selection", expanded=not (session.attempt(list_datasets, ws) or []), key="cur_build"):
        render_build(ws, actor)
    st.header("Datasets")
    render_datasets(ws)
    st.header("Candidates and examples")
    render_candidates(ws, actor)


render()
