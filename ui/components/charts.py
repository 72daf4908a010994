"""Small chart helpers over pandas frames (Streamlit's built-in charts; no extra plotting dependency)."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def loss_chart(metrics: list[dict], evals: list[dict]) -> None:
    """Training loss per step, with validation loss points where they exist."""
    if not metrics:
        st.caption("No metrics yet: the worker writes metrics.jsonl after its first optimizer step.")
        return
    frame = pd.DataFrame(metrics)[["step", "loss"]].rename(columns={"loss": "train loss"}).set_index("step")
    if evals:
        val = pd.DataFrame(evals).dropna(subset=["val_loss"])
        if not val.empty:
            frame = frame.join(val.set_index("step")["val_loss"].rename("validation loss"), how="outer")
    st.line_chart(frame, x_label="step", y_label="loss", height=280)
