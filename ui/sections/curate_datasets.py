"""Curate page: a built dataset's card, charts, selected examples with scores, and rejections with reasons."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.curation.datasets import DatasetRef, list_datasets
from kit.curation.store import list_rejections
from kit.workspace import Workspace
from ui import session
from ui.components import dataset_files


def _rejections(ws: Workspace, ref: DatasetRef) -> None:
    rows = [
        {"candidate": r.candidate_id, "stage": r.stage, "filter": r.filter, "reason": r.reason, "detail": r.detail}
        for r in session.attempt(list_rejections, ws, ref.id) or []
    ]
    if not rows:
        st.caption("No candidate was rejected.")
        return
    frame = pd.DataFrame(rows)
    st.bar_chart(frame.groupby("reason").size().rename("rejected"), horizontal=True, height=220)
    dupes = frame[frame["stage"] == "dedup"]
    st.caption(f"{len(frame)} rejected, {len(dupes)} of them as (near-)duplicates.")
    st.dataframe(frame, hide_index=True)


def _selected(ref: DatasetRef) -> None:
    rows = dataset_files.lineage(ref.path)
    if not rows:
        st.caption("No lineage.jsonl in the dataset folder.")
        return
    frame = pd.DataFrame(
        [
            {
                "id": r["id"],
                "split": r.get("split"),
                "quality": r.get("quality"),
                "source": r.get("source"),
                "origin": r.get("origin"),
                "record": r.get("record_id"),
                **{f"q:{k}": v for k, v in (r.get("quality_parts") or {}).items()},
            }
            for r in rows
        ]
    )
    st.dataframe(
        frame,
        hide_index=True,
        column_config={
            "quality": st.column_config.ProgressColumn("quality", min_value=0.0, max_value=5.0, format="%.2f")
        },
    )


def render_datasets(ws: Workspace) -> None:
    """Pick a build; show its card, charts, selected examples and rejections."""
    refs = session.attempt(list_datasets, ws) or []
    if not refs:
        st.info("No dataset built yet: run selection above.")
        return
    ids = [r.id for r in refs]
    if st.session_state.get("cur_pick") not in ids:
        st.session_state.pop("cur_pick", None)
    ref_id = st.selectbox("Dataset", ids, key="cur_pick")
    ref = next(r for r in refs if r.id == ref_id)
    cols = st.columns(4)
    cols[0].metric("Train", ref.n_train)
    cols[1].metric("Validation", ref.n_validation)
    cols[2].metric("Test", ref.n_test)
    cols[3].metric("Sign-off", ref.signoff_id or "-")
    charts, card, selected, rejected = st.tabs(
        ["Charts", "Card", "Selected (scores)", "Rejected (reasons)"], key="cur_tabs"
    )
    with charts:
        for image in dataset_files.plots(ref.path):  # lengths, sources, coverage vs random
            st.image(str(image), caption=image.stem.replace("_", " "), width=900)
    with card:
        st.markdown(dataset_files.card(ref.path))
    with selected:
        _selected(ref)
    with rejected:
        _rejections(ws, ref)
