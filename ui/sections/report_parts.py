"""Report & release page sections: ratings with intervals, agreement, probes, the gate and the release."""

from __future__ import annotations

import base64

import pandas as pd
import streamlit as st

from kit.evaluation import plots
from kit.evaluation.gate import GateVerdict
from kit.evaluation.probes.runner import PROBE_ROLES, run_probes
from kit.evaluation.release import RELEASE_ROLES, release_run
from kit.users import Actor
from kit.workspace import Workspace
from ui import session

AGREEMENT = {
    "tie_discounted": "Tie-discounted agreement",
    "cohens_kappa": "Cohen's kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
    "n_overlap_items": "Items rated twice",
}


def render_ratings(stats: dict) -> None:
    """LIMA Figure 1 style bars with 95% intervals, the table behind them, and agreement."""
    st.subheader("Human evaluation")
    if stats.get("n_simulated"):
        st.warning(
            f"{stats['n_simulated']} of {stats['n_ratings']} ratings come from a SIMULATED rater "
            "(a heuristic, not a person): they illustrate the pipeline and never count toward a release."
        )
    st.image(base64.b64decode(plots.win_tie_loss_bars(stats["pairs"])), width=720)
    rows = [
        {
            "pair": " vs ".join(p["systems"]),
            "ratings": p["n_ratings"],
            "prompts": p["n_items"],
            "win %": p["win"],
            "win 95% CI": p["ci95"]["win"],
            "tie %": p["tie"],
            "loss %": p["loss"],
            "win or tie %": p["win_or_tie"],
            "win or tie 95% CI": p["ci95"]["win_or_tie"],
        }
        for p in stats["pairs"]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)
    agreement = stats.get("agreement", {})
    cols = st.columns(len(AGREEMENT))
    for col, (key, label) in zip(cols, AGREEMENT.items()):
        value = agreement.get(key)
        col.metric(label, "-" if value is None else (f"{value:.2f}" if isinstance(value, float) else value))
    if agreement.get("reason"):
        st.caption(agreement["reason"])


def render_probes(ws: Workspace, actor: Actor, run_id: str, probes: dict) -> None:
    """PHI and memorization probe summaries (ids, types, offsets; never generated text); a button to run them."""
    st.subheader("Privacy probes")
    phi, mem, canary = probes.get("phi"), probes.get("memorization"), probes.get("canary")
    cols = st.columns(3)
    if phi is None:
        cols[0].metric("PHI findings in answers", "not run")
    else:  # the gate counts the fine-tuned model's answers; the base model's show what the prompts invite
        candidate = phi.get("candidate")
        own = phi.get("by_system", {}).get(candidate, phi["n_findings"]) if candidate else phi["n_findings"]
        cols[0].metric(
            "PHI findings, fine-tuned model",
            own,
            help=f"{phi['n_findings']} in all answers: "
            + ", ".join(f"{system} {n}" for system, n in phi.get("by_system", {}).items()),
        )
        cols[0].caption(f"{phi['n_findings']} in all systems' answers")
    cols[1].metric("Max verbatim overlap", "not run" if mem is None else mem["max_lcs_ratio"])
    cols[2].metric("Canaries reproduced", "-" if canary is None else len(canary["reproduced"]))
    if phi and phi["findings"]:
        st.dataframe(pd.DataFrame(phi["findings"][:200]), hide_index=True)
    if mem and mem.get("flagged"):
        st.caption(f"Memorization flagged training examples: {', '.join(mem['flagged'])}")
    if actor.role not in PROBE_ROLES:
        return
    memorization = st.checkbox(
        "Include the memorization probe",
        value=True,
        key="probe_memorization",
        help="Prompts the fine-tuned model with training prompts and measures verbatim overlap with the training "
        "answers: minutes on a CPU. The PHI probe alone scans the stored answers in seconds.",
    )
    if st.button("Run privacy probes", key="run_probes", icon=":material/shield:"):
        label = "Scanning answers for PHI" + (" and probing memorization..." if memorization else "...")
        with st.status(label, expanded=False) as status:
            done = session.attempt(run_probes, ws, actor, run_id, memorization=memorization)
            status.update(label="Probes finished" if done else "Probes failed", state="complete" if done else "error")
        if done:
            st.rerun()


def render_gate(verdict: GateVerdict) -> None:
    """Each criterion with pass / fail and what it measured."""
    st.subheader("Release gate")
    if verdict.passed:
        st.success("PASS: every criterion holds.")
    else:  # a verdict, not an error of the page: the table below says which criteria fail
        st.warning(f"REFUSED: {len(verdict.failing)} criterion(s) fail.", icon=":material/block:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "criterion": c.name,
                    "result": "pass" if c.passed else "FAIL",
                    "value": str(c.value),
                    "threshold": str(c.threshold),
                    "detail": c.detail,
                }
                for c in verdict.criteria
            ]
        ),
        hide_index=True,
    )


def render_release(ws: Workspace, actor: Actor, run_id: str, verdict: GateVerdict) -> None:
    """The release action, for the roles the kit allows to release."""
    st.subheader("Release")
    if actor.role not in RELEASE_ROLES:
        st.caption(f"Releasing is for: {', '.join(r.value for r in RELEASE_ROLES)}.")
        return
    merge = st.checkbox("Also export a merged model (base + adapter)", key="release_merge")
    if st.button(
        "Release this run",
        type="primary",
        key="release",
        icon=":material/new_releases:",
        disabled=not verdict.passed,
        help=None if verdict.passed else "The gate refuses this run.",
    ):
        with st.spinner("Re-checking the gate and exporting..."):
            result = session.attempt(release_run, ws, actor, run_id, merge)
        if result is not None:
            st.success(f"Released {result.id} to {result.path}")
