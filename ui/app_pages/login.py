"""Sign in with a workspace user (kit users add creates them)."""

import streamlit as st

from kit.demo import DEMO_USERS
from ui import resources, session


def render() -> None:
    """The sign-in form."""
    ws = resources.workspace()
    st.title("lima-kit")
    st.caption(f"Workspace **{ws.name}** · offline: nothing leaves this machine")
    with st.form("sign_in", border=True, width=420):
        name = st.text_input("User name", key="login_name")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted and session.attempt(session.sign_in, ws, name, password) is not None:
        st.rerun()
    if ws.name == "demo":
        st.caption("Demo users: " + ", ".join(f"`{n}` / `{p}` ({r.value})" for n, r, p in DEMO_USERS))


render()
