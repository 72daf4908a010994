"""Review page, learned detector: what the model trained on the reviewers' decisions adds, and training it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.review.detector import list_detectors, reviewed_count, train_workspace_detector
from kit.users import Actor
from kit.vault import Vault
from kit.workspace import Workspace
from ui import session

DEFAULT_CURVE = "0,50,100,200,400"


def render_detector(ws: Workspace, vault: Vault, actor: Actor) -> None:
    """The newest detector's held-out scores against the rules, its learning curve, older ones, a train form."""
    st.markdown(
        "A model fine-tuned on the records you approved joins the rules: it catches what they miss and vetoes "
        "their false alarms. Where it and the rules disagree, the record comes first in the queue."
    )
    entries = session.attempt(list_detectors, ws) or []
    if entries:
        _show(entries[0])
        if len(entries) > 1:
            with st.expander(f"Earlier detectors ({len(entries) - 1})"):
                st.dataframe(pd.DataFrame([_row(e) for e in entries[1:]]), hide_index=True)
    else:
        st.info("No learned detector yet: detection runs on the rules alone.")
    _train_form(ws, vault, actor)


def _show(entry) -> None:
    m = entry.metrics
    st.markdown(
        f"**In use: {entry.id}** (sha256 {entry.sha256[:12]}), trained by {entry.trained_by} at {entry.created_at} "
        f"on {m.get('reviewed_train', 0)} reviewed record field(s) and the synthetic corpus; "
        f"data fingerprint {entry.fingerprint[:12]}."
    )
    held = m.get("held_out")
    if not held:
        st.caption("Too few reviewed records were held out to score it; approve more and retrain.")
        return
    rules, both = held["rules"], held["ensemble"]
    cols = st.columns(4)
    cols[0].metric("Recall, rules alone", f"{rules['recall']:.3f}")
    cols[1].metric("Recall, rules + model", f"{both['recall']:.3f}", delta=f"{both['recall'] - rules['recall']:+.3f}")
    cols[2].metric("Precision, rules alone", f"{rules['precision']:.3f}")
    cols[3].metric(
        "Precision, rules + model", f"{both['precision']:.3f}", delta=f"{both['precision'] - rules['precision']:+.3f}"
    )
    st.caption(f"Token rates on {m.get('reviewed_held_out', 0)} reviewed record field(s) held out from training.")
    curve = m.get("curve") or []
    if len(curve) > 1:
        st.markdown("**Learning curve**: held-out rates against the reviewed records trained on")
        frame = pd.DataFrame(curve).set_index("reviewed")[["recall", "precision"]]
        st.line_chart(frame, x_label="reviewed record fields", y_label="token rate")


def _row(entry) -> dict:
    held = entry.metrics.get("held_out", {})
    return {
        "detector": entry.id,
        "trained": entry.created_at,
        "by": entry.trained_by,
        "reviewed": entry.reviewed,
        "recall (+model)": held.get("ensemble", {}).get("recall"),
        "precision (+model)": held.get("ensemble", {}).get("precision"),
    }


def _train_form(ws: Workspace, vault: Vault, actor: Actor) -> None:
    available = session.attempt(reviewed_count, ws) or 0
    with st.form("detector_train"):
        st.markdown(f"**Train a new detector** on the {available} record(s) approved by a reviewer")
        cols = st.columns(3)
        epochs = cols[0].number_input("Epochs", min_value=0.1, max_value=20.0, value=2.0, step=0.5)
        minutes = cols[1].number_input("Time budget (minutes per model)", min_value=0.5, max_value=240.0, value=15.0)
        curve = cols[2].text_input("Learning curve sizes", value=DEFAULT_CURVE, help="Extra models, one per size.")
        submitted = st.form_submit_button("Train detector", icon=":material/model_training:", disabled=not available)
    if not submitted:
        return
    from redaction.learned import TrainSettings

    sizes = [int(p) for p in curve.replace(" ", "").split(",") if p.isdigit()]
    bar = st.progress(0.0, text="Training...")

    def tick(stage: str, step: int, total: int) -> None:
        bar.progress(min(1.0, step / max(total, 1)), text=f"{stage}: step {step}/{total}")

    settings = session.attempt(TrainSettings, epochs=float(epochs), max_minutes=float(minutes))
    if settings is None:
        return
    entry = session.attempt(train_workspace_detector, ws, vault, actor, settings, sizes, tick)
    if entry is not None:
        session.flash(f"Detector {entry.id} trained; the next detection run uses it with the rules.")
        st.rerun()
