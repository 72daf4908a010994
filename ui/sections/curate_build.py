"""Curate page: run selection (filters, dedup, quality, diversity selection, splits) into a named dataset."""

from __future__ import annotations

import streamlit as st

from kit.curation.build import build_dataset
from kit.curation.config import CurationConfig
from kit.curation.selection import SelectionConfig, parse_shares, quota_settings
from kit.users import Actor
from kit.workspace import Workspace
from ui import session

EMBEDDERS = ["auto", "minilm", "tfidf"]
QUOTA_FIELDS = ["none", "source", "category"]
SHARES_HELP = "Comma-separated VALUE=SHARE, e.g. portal=0.5, *=0.3 ('*' = every other value)"


def _selection(field: str, at_most: str, at_least: str) -> SelectionConfig:
    """The form's quota fields as a SelectionConfig; InputError for shares without a field or bad items."""
    caps = parse_shares([i for i in at_most.split(",") if i.strip()], "At most")
    floors = parse_shares([i for i in at_least.split(",") if i.strip()], "At least")
    quotas = quota_settings(
        None if field == "none" else field, caps, floors, field_label="a quota field", shares_label="Quota shares"
    )
    return SelectionConfig(**quotas)


def render_build(ws: Workspace, actor: Actor) -> None:
    """The build form; progress messages stream into a status box."""
    with st.form("curate_build"):
        cols = st.columns(4)
        name = cols[0].text_input("Dataset name", value=ws.name, key="cur_name")
        n = cols[1].number_input("Training examples", min_value=1, value=1000, key="cur_n", help="LIMA: 1,000")
        dev = cols[2].number_input("Validation", min_value=0, value=50, key="cur_dev", help="LIMA: 50")
        test = cols[3].number_input("Test", min_value=0, value=300, key="cur_test", help="LIMA: 300")
        cols = st.columns(4)
        embedder = cols[0].selectbox(
            "Embeddings", EMBEDDERS, key="cur_embedder", help="auto: MiniLM when installed, else TF-IDF"
        )
        seed = cols[1].number_input("Seed", value=0, key="cur_seed")
        canaries = cols[2].number_input(
            "Canaries",
            min_value=0,
            value=0,
            key="cur_canaries",
            help="Plant N unique random codes in training responses; the evaluation's canary probe then checks "
            "whether the fine-tuned model reproduces them (only their hashes are stored).",
        )
        cols = st.columns([1, 2, 2])
        quota_field = cols[0].selectbox("Quota field", QUOTA_FIELDS, key="cur_quota_field")
        at_most = cols[1].text_input("At most (share of the selection)", key="cur_max_share", help=SHARES_HELP)
        at_least = cols[2].text_input("At least (reserved share)", key="cur_min_share", help=SHARES_HELP)
        if not st.form_submit_button("Run selection and build", type="primary", icon=":material/auto_awesome:"):
            return
    selection = session.attempt(_selection, quota_field, at_most, at_least)
    if selection is None:
        return
    config = session.attempt(
        CurationConfig, n=int(n), dev=int(dev), test=int(test), embedder=embedder, seed=int(seed), selection=selection
    )
    if config is None:
        return
    with st.status("Curating...", expanded=True) as status:
        built = session.attempt(
            build_dataset,
            ws,
            actor,
            name=name.strip(),
            config=config,
            progress=lambda message: status.write(message),
            canaries=int(canaries),
        )
        status.update(
            label=f"Built {built.ref.id}" if built else "Build failed",
            state="complete" if built else "error",
            expanded=built is None,
        )
    if built is not None:
        counts = built.result.stats["counts"]
        session.flash(
            f"Built {built.ref.id}: {counts['input']} candidates, {counts['rejected']} rejected, "
            f"train {built.ref.n_train} / validation {built.ref.n_validation} / test {built.ref.n_test}."
            + (f" {int(canaries)} canaries planted (hashes in canaries.json)." if canaries else "")
        )
        st.session_state["cur_pick"] = built.ref.id  # the Datasets section shows the new build
        st.rerun()
