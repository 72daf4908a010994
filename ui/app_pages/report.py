"""Report & release: win/tie/loss with intervals, agreement, probes, the gate's verdict, the release action."""

from pathlib import Path

import streamlit as st

from kit.errors import StateError
from kit.evaluation.gate import assess
from kit.evaluation.report import build_report
from kit.evaluation.results import evaluation_stats
from kit.evaluation.store import latest_evaluation, probes_for
from kit.status import stages
from kit.training.runs import list_runs
from kit.users import Role
from ui import resources, session
from ui.components.stepper import render_stage_header
from ui.sections.report_parts import render_gate, render_probes, render_ratings, render_release


def _stats(ws, run_id: str) -> dict | None:
    try:
        return evaluation_stats(ws, run_id)
    except StateError as err:  # no ratings yet is a state, not an error
        st.info(str(err))
        return None


def _evaluated_runs(ws) -> dict:
    """``{run id: its latest evaluation}`` for every run that has one, newest run first."""
    latest = {r.id: latest_evaluation(ws, r.id) for r in list_runs(ws)}
    return {run_id: ev for run_id, ev in latest.items() if ev is not None}


def _download(ws, actor, run_id: str) -> None:
    if st.button("Build the HTML report", key="build_report", icon=":material/description:"):
        path = session.attempt(build_report, ws, actor, run_id)
        if path is not None:
            st.download_button(
                "Download report.html",
                Path(path).read_bytes(),
                file_name=f"report-{run_id}.html",
                mime="text/html",
                key="download_report",
                on_click="ignore",
            )


def render() -> None:
    """Pick a run; show its evidence and the gate; release when allowed."""
    actor = session.require_role(Role.ADMIN, Role.COMPLIANCE, Role.ML_ENGINEER)
    ws = resources.workspace()
    st.title("Report & release")
    render_stage_header(session.attempt(stages, ws) or [], "release")
    evaluated = session.attempt(_evaluated_runs, ws) or {}
    if not evaluated:
        st.info("No evaluated run yet: an ML engineer generates answers on the Rate page, experts rate them.")
        return
    run_id = st.selectbox("Run", list(evaluated), key="report_run")
    ev = evaluated[run_id]
    st.caption(f"Evaluation {ev.id} · dataset {ev.dataset} · {ev.candidate} vs {ev.baseline}")
    stats = session.attempt(_stats, ws, run_id)
    if stats is not None:
        render_ratings(stats)
    probes = session.attempt(probes_for, ws, ev) or {}  # memorization of the run's model may come from an older round
    if "phi" not in probes:
        st.caption(f"Evaluation {ev.id} has no PHI probe yet: its answers are unscanned until you run the probes.")
    render_probes(ws, actor, run_id, probes)
    assessed = session.attempt(assess, ws, run_id)
    if assessed is not None:
        render_gate(assessed[0])
        render_release(ws, actor, run_id, assessed[0])
    _download(ws, actor, run_id)


render()
