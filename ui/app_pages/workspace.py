"""Workspace (admin): settings, users and the audit log."""

import pandas as pd
import streamlit as st

from kit.users import ROLE_HELP, Role, add_user, list_users
from ui import resources, session

ASSIGNABLE = [Role.ADMIN, Role.COMPLIANCE, Role.ML_ENGINEER, Role.DOMAIN_EXPERT]


def _settings(ws) -> None:
    policy = ws.settings.get("policy", {})
    key_file = ws.settings.get("vault", {}).get("key_file") or "KIT_PASSPHRASE / KIT_KEY_FILE"
    st.markdown(
        f"**Folder** `{ws.root}`  \n**Redaction policy** `{policy.get('redaction', '?')}` · "
        f"**Release gate** `{policy.get('release_gate', '?')}`  \n**Vault key** `{key_file}`"
    )


def _users(ws, actor) -> None:
    st.subheader("Users")
    users = session.attempt(list_users, ws) or []
    st.dataframe(
        pd.DataFrame([{"user": u.name, "role": u.role.value, "may": ROLE_HELP.get(u.role, "")} for u in users]),
        hide_index=True,
    )
    with st.form("add_user", clear_on_submit=True):
        cols = st.columns(3)
        name = cols[0].text_input("New user name")
        role = cols[1].selectbox("Role", ASSIGNABLE, format_func=lambda r: r.value)
        password = cols[2].text_input("Password (8+ characters)", type="password")
        if st.form_submit_button("Add user", icon=":material/person_add:"):
            if session.attempt(add_user, ws, name, role, password, by=actor) is not None:
                st.success(f"Added {name} ({role.value}).")


def _audit(ws) -> None:
    st.subheader("Audit log")
    if st.button("Verify the hash chain", key="verify_audit", icon=":material/verified_user:"):
        result = session.attempt(ws.audit().verify)
        if result is not None and result.ok:
            st.success(f"Audit log intact: {result.lines} entries.")
        elif result is not None:
            st.error(f"Audit log broken at line {result.first_bad_line}: {result.reason}")
    entries = session.attempt(ws.audit().entries) or []
    rows = [
        {
            "seq": e["seq"],
            "time": e["ts"],
            "who": f"{e['actor']} ({e['role']})",
            "action": e["action"],
            "object": e["object_id"],
            "details": ", ".join(f"{k}={v}" for k, v in e["details"].items()),
        }
        for e in entries[-50:][::-1]
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True)


def render() -> None:
    """Settings, users and the audit log."""
    actor = session.require_role(Role.ADMIN)
    ws = resources.workspace()
    st.title("Workspace")
    _settings(ws)
    _users(ws, actor)
    _audit(ws)


render()
