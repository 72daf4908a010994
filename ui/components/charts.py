"""Small chart helpers over pandas frames (Altair, which Streamlit ships with; no extra plotting dependency)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st


def loss_chart(metrics: list[dict], evals: list[dict]) -> None:
    """Training loss per step, with validation loss points where they exist."""
    if not metrics:
        st.caption("No metrics yet: the worker writes metrics.jsonl after its first optimizer step.")
        return
    frame = pd.DataFrame(metrics)[["step", "loss"]].assign(series="train loss")
    if evals:
        val = pd.DataFrame(evals).dropna(subset=["val_loss"])
        if not val.empty:
            val = val[["step", "val_loss"]].rename(columns={"val_loss": "loss"}).assign(series="validation loss")
            frame = pd.concat([frame, val], ignore_index=True)
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)  # points: a run one step in still shows its loss
        .encode(
            x=alt.X("step:Q", title="step", axis=alt.Axis(format="d", tickMinStep=1)),
            y=alt.Y("loss:Q", title="loss", scale=alt.Scale(zero=False)),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=["series", "step", alt.Tooltip("loss:Q", format=".4f")],
        )
        .properties(height=280)
    )
    st.altair_chart(chart, width="stretch")
