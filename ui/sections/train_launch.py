"""Train page, first half: choose model, dataset and preset; see the memory estimate; launch."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kit.training.config import PRESETS, RunConfig, build_config
from kit.training.memory import GIB, detect_devices, estimate
from kit.training.registry import available_builtins, list_models, resolve_model
from kit.training.runs import create_run
from kit.users import Actor
from kit.workspace import Workspace
from ui import session


def _dataset_names(ws: Workspace) -> list[str]:
    try:
        from kit.curation.datasets import list_datasets
    except ImportError:  # curation's workspace datasets not installed: type a folder instead
        return []
    return [f"{d.name}@{d.hash}" if getattr(d, "hash", None) else d.name for d in list_datasets(ws)]


@st.cache_data(show_spinner="Estimating memory...", max_entries=64)
def _estimate(root: str, model: str, config: dict) -> tuple[bool, list[tuple[str, str]], list[str], str]:
    ws = Workspace.open(root)
    result = estimate(resolve_model(ws, model, verify=False).path, RunConfig.from_dict(config), detect_devices()[0])
    device = f"{result.device.name} ({result.device.memory_bytes / GIB:.0f} GiB)"
    return result.fits, result.rows(), result.suggestions, device


def _memory(ws: Workspace, model: str, cfg, builtins: dict) -> None:
    if model in builtins:
        st.caption(f"{model} is registered on first use; its memory estimate shows after that.")
        return
    found = session.attempt(_estimate, str(ws.root), model, cfg.to_dict())
    if found is None:
        return
    fits, rows, suggestions, device = found
    total = dict(rows)["total"]
    st.metric(
        f"Estimated peak memory on {device}",
        f"{total} GiB",
        delta="fits" if fits else "does not fit",
        delta_color="green" if fits else "red",
        delta_arrow="off",
    )
    st.dataframe(pd.DataFrame(rows, columns=["part", "GiB"]), hide_index=True, width=320)
    for line in suggestions:
        st.caption(f"Try: {line}")


def render_launch(ws: Workspace, actor: Actor) -> None:
    """The new-run form with a live memory estimate."""
    builtins = session.attempt(available_builtins, ws) or {}  # installed, not yet registered
    models = [m.name for m in session.attempt(list_models, ws) or []] + list(builtins)
    datasets = session.attempt(_dataset_names, ws) or []
    left, right = st.columns([3, 2])
    with left:
        model = st.selectbox("Base model", models, key="train_model", help="kit models add PATH registers more.")
        if datasets:
            dataset = st.selectbox("Curated dataset", datasets, key="train_dataset")
        else:
            dataset = st.text_input("Dataset (a curated name or a saved folder)", key="train_dataset")
        preset = st.selectbox(
            "Preset",
            list(PRESETS),
            key="train_preset",
            help="lora: adapters; qlora: 4-bit base (CUDA); full / lima: every weight.",
        )
        cols = st.columns(2)
        max_steps = cols[0].number_input("Max steps (0 = all epochs)", min_value=0, value=0, key="train_max_steps")
        max_seq_len = cols[1].number_input(
            "Max sequence length", min_value=16, value=512, step=64, key="train_max_seq_len"
        )
    cfg = session.attempt(build_config, preset, None, max_steps=int(max_steps) or None, max_seq_len=int(max_seq_len))
    with right:
        if cfg is not None and model:
            _memory(ws, model, cfg, builtins)
    if st.button(
        "Launch training",
        type="primary",
        icon=":material/rocket_launch:",
        key="train_launch",
        disabled=not (model and dataset and cfg),
    ):
        with st.spinner("Checking model and dataset, starting the worker..."):
            run = session.attempt(create_run, ws, model, dataset, cfg, actor)
        if run is not None:
            st.session_state["train_run_pick"] = run.id  # follow the new run below
            session.flash(f"Started {run.id}; it refreshes below while it trains.")
            st.rerun()
