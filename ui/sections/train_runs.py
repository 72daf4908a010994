"""Train page, second half: follow a run live, stop / resume it, pick a checkpoint by its validation samples."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.training import checkpoints
from kit.training.runs import ACTIVE, get_run, list_runs, progress, resume_run, select_checkpoint, stop_run
from kit.users import Actor
from kit.workspace import Workspace
from ui import session
from ui.components import run_files
from ui.components.charts import loss_chart
from ui.components.text import text_block

REFRESH_SECONDS = 2.0


def _live(ws: Workspace, run_id: str, was_active: bool) -> None:
    run = session.attempt(get_run, ws, run_id)
    if run is None:
        return
    if was_active and run.status not in ACTIVE:
        st.rerun(scope="app")  # the run ended: redraw the page once, which also stops the auto-refresh
    state = session.attempt(progress, run) or {}
    step, total = state.get("step", 0), state.get("total_steps") or run.total_steps
    cols = st.columns(4)
    cols[0].metric("Status", run.status)
    cols[1].metric("Step", f"{step}/{total or '?'}")
    cols[2].metric("Loss", state.get("loss", "-"))
    cols[3].metric("Preset", run.config.get("preset", "?"))
    if total:
        st.progress(min(step / total, 1.0))
    loss_chart(run_files.metrics(run.dir), run_files.evals(run.dir))
    if run.error:
        st.error(f"Run failed: {run.error}")


def _controls(ws: Workspace, actor: Actor, run) -> None:
    cols = st.columns([1, 1, 4])
    if cols[0].button("Stop", icon=":material/stop_circle:", key="train_stop", disabled=run.status not in ACTIVE):
        if session.attempt(stop_run, ws, run.id, actor) is not None:
            session.flash(f"Asked {run.id} to checkpoint and stop; Resume continues it from there.")
            st.rerun()
    resumable = run.status in ("stopped", "interrupted", "failed")
    if cols[1].button("Resume", icon=":material/play_arrow:", key="train_resume", disabled=not resumable):
        resumed = session.attempt(resume_run, ws, run.id, actor)
        if resumed is not None:
            session.flash(f"Resumed {run.id} from its last checkpoint (step {run.final_step or 0}).")
            st.rerun()


def _checkpoints(ws: Workspace, actor: Actor, run) -> None:
    found = [c for c in session.attempt(checkpoints.list_checkpoints, run.dir) or [] if c.get("keep_for_selection")]
    st.subheader("Checkpoints for selection")
    if not found:
        st.caption("Epoch checkpoints appear here as training passes each epoch.")
        return
    chosen = run.selected_checkpoint
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "step": c["step"],
                    "epoch": c.get("epoch"),
                    "validation loss": c.get("val_loss"),
                    "selected": "yes" if c["step"] == chosen else "",
                }
                for c in found
            ]
        ),
        hide_index=True,
    )
    step = st.selectbox(
        "Read the validation answers of",
        [c["step"] for c in found],
        key="train_ckpt",
        format_func=lambda s: f"step {s}",
    )
    ckpt = next(c for c in found if c["step"] == step)
    for sample in run_files.validation_samples(ckpt["path"], run.dir):
        with st.expander(f"validation example {sample.get('id', '?')}", key=f"train_sample_{step}_{sample.get('id')}"):
            st.markdown("**Prompt**")
            text_block(sample.get("prompt") or "(the validation prompt is no longer readable)")
            st.markdown("**Response at this checkpoint**")
            text_block(sample.get("response", ""))
    if st.button(f"Use checkpoint {step} as the run's adapter", key="train_select", icon=":material/check:"):
        if session.attempt(select_checkpoint, ws, run.id, step, actor) is not None:
            session.flash(f"Selected checkpoint {step} of {run.id}; evaluation and release use it.")
            st.rerun()


def render_runs(ws: Workspace, actor: Actor) -> None:
    """Pick a run; its live view refreshes by itself while the run is active."""
    runs = session.attempt(list_runs, ws) or []
    if not runs:
        st.info("No runs yet: launch one above.")
        return
    ids = [r.id for r in runs]
    if st.session_state.get("train_run_pick") not in ids:
        st.session_state.pop("train_run_pick", None)
    # Ids only: the browser keeps an option's first label while the ids stay the same, so a status in the
    # label would go stale; the live view below shows the status.
    run_id = st.selectbox("Run", ids, key="train_run_pick", help="Newest first; the live view shows its status.")
    run = next(r for r in runs if r.id == run_id)
    active = run.status in ACTIVE
    st.fragment(_live, run_every=REFRESH_SECONDS if active else None)(ws, run_id, active)
    _controls(ws, actor, run)
    _checkpoints(ws, actor, run)
