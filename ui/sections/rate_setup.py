"""Rate page, ML engineer half: answer a run's test prompts with base and fine-tuned model; assign raters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.evaluation.assignment import assign
from kit.evaluation.evaluations import generate_for_run
from kit.evaluation.generation import SamplingConfig
from kit.evaluation.rating import overview
from kit.evaluation.store import count_prompts, latest_evaluation
from kit.training.runs import list_runs
from kit.users import Actor, Role, list_users
from kit.workspace import Workspace
from ui import session

DEFAULT_OVERLAP = 50  # LIMA: 50 prompts annotated by two raters


def _generate(ws: Workspace, actor: Actor, run_id: str) -> None:
    st.markdown("**Generate answers** from the base model and the fine-tuned run for held-out prompts.")
    cols = st.columns(3)
    split = cols[0].selectbox("Prompts from split", ["test", "validation"], key="gen_split")
    limit = cols[1].number_input("How many prompts (0 = all)", min_value=0, value=20, key="gen_limit")
    tokens = cols[2].number_input("Longest answer (tokens)", min_value=8, value=256, step=8, key="gen_tokens")
    if st.button("Generate answers", type="primary", key="generate", icon=":material/smart_toy:"):
        cfg = SamplingConfig(max_new_tokens=int(tokens))
        with st.status("Loading both models and answering (on a CPU this takes minutes)...") as status:
            eval_id = session.attempt(generate_for_run, ws, actor, run_id, split, int(limit) or None, cfg=cfg)
            status.update(
                label=f"Evaluation {eval_id} stored" if eval_id else "Generation failed",
                state="complete" if eval_id else "error",
            )
        if eval_id:
            session.flash(f"Stored evaluation {eval_id}; now assign raters.")
            st.rerun()


def _assign(ws: Workspace, actor: Actor, eval_id: str) -> None:
    st.markdown("**Assign raters.** Each sees one answer pair at a time, blind and in random order.")
    experts = [u.name for u in session.attempt(list_users, ws) or [] if u.role is Role.DOMAIN_EXPERT]
    raters = st.multiselect("Domain experts", experts, default=experts, key="assign_raters")
    n_prompts = session.attempt(count_prompts, ws, eval_id) or 0
    overlap = st.number_input(
        "Prompts rated by two raters (for agreement)",
        min_value=0,
        max_value=n_prompts,
        value=min(DEFAULT_OVERLAP, n_prompts),
        key="assign_overlap",
        help=f"Of the {n_prompts} prompts, this many go to two raters (agreement is measured on them); each "
        "other prompt goes to one rater. LIMA: 50. With one rater there is no overlap.",
    )
    if st.button("Assign rating tasks", type="primary", key="assign", icon=":material/assignment_ind:"):
        result = session.attempt(assign, ws, actor, eval_id, raters, int(overlap))
        if result is not None:
            session.flash(f"Assigned {result.n_tasks} tasks over {result.n_prompts} prompts. {result.note}".strip())
            st.rerun()


def render_setup(ws: Workspace, actor: Actor) -> None:
    """Generate -> assign -> watch the raters' progress, for one completed run."""
    st.title("Prepare blind rating")
    runs = [r for r in session.attempt(list_runs, ws) or [] if r.status == "completed"]
    if not runs:
        st.info("No completed training run yet (Train page).")
        return
    run_id = st.selectbox("Fine-tuned run", [r.id for r in runs], key="rate_run")
    ev = session.attempt(latest_evaluation, ws, run_id)
    if ev is not None:
        st.caption(f"Latest evaluation {ev.id}: {len(ev.systems)} systems on the {ev.split} split.")
        rows = session.attempt(overview, ws, ev.id) or []
        if rows:
            st.markdown("**Raters' progress** (rater names only; raters never see which model wrote what).")
            st.dataframe(
                pd.DataFrame(
                    [{"rater": p.rater, "assigned": p.assigned, "done": p.done, "remaining": p.remaining} for p in rows]
                ),
                hide_index=True,
            )
        else:
            _assign(ws, actor, ev.id)
    with st.expander("New evaluation round" if ev else "Generate answers", expanded=ev is None, key="gen_expander"):
        _generate(ws, actor, run_id)
