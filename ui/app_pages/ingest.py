"""Ingest (admin, compliance): import documents or example pairs into the encrypted vault."""

import pandas as pd
import streamlit as st

from kit import ingest, records
from kit.status import stages
from kit.users import Role
from ui import resources, session
from ui.components.stepper import render_stage_header
from ui.components.uploads import upload_as_file

KIND_HELP = {
    "documents": "JSONL/CSV/Parquet rows {id, text, ...metadata}",
    "examples": "rows {id, prompt, response, source?, category?}",
}


def _import_form(ws, actor) -> None:
    with st.form("ingest", clear_on_submit=True):
        kind = st.radio("Kind", list(KIND_HELP), horizontal=True, format_func=lambda k: f"{k}: {KIND_HELP[k]}")
        uploaded = st.file_uploader("File", type=["jsonl", "json", "ndjson", "csv", "parquet"])
        server_path = st.text_input("...or a path on this machine (a file or a folder of .txt files)")
        if not st.form_submit_button("Import", type="primary", icon=":material/upload:"):
            return
    if uploaded is None and not server_path.strip():
        st.warning("Choose a file or give a path.")
        return
    vault = session.attempt(resources.vault, ws)
    if vault is None:
        return
    with st.spinner("Validating and encrypting..."):
        if uploaded is not None:
            with upload_as_file(uploaded) as path:
                result = session.attempt(ingest.ingest, ws, vault, path, kind, actor)
        else:
            result = session.attempt(ingest.ingest, ws, vault, server_path.strip(), kind, actor)
    if result is not None and result.unchanged:
        st.info(f"{result.file}: already imported; nothing to do.")
    elif result is not None:
        st.success(f"{result.file}: imported {result.added} {kind} ({result.skipped} already present).")


def render() -> None:
    """The import form and the records the workspace holds (metadata only)."""
    actor = session.require_role(Role.ADMIN, Role.COMPLIANCE)
    ws = resources.workspace()
    st.title("Ingest")
    render_stage_header(session.attempt(stages, ws) or [], "ingest")
    st.caption("Everything is validated first; one bad line imports nothing. Raw text goes only to the vault.")
    _import_form(ws, actor)
    metas = session.attempt(records.list_records, ws) or []
    st.subheader(f"Records ({len(metas)})")
    st.dataframe(pd.DataFrame([m.__dict__ for m in metas]), hide_index=True)


render()
