"""lima-kit's Streamlit app. Start it with ``kit -w WORKSPACE ui``; sign in with a workspace user.

Pages live in ``ui/app_pages/``; each collects input, calls one kit function and renders the result.
"""

from kit import offline

offline.install()  # first thing: no socket leaves the machine, telemetry off

import streamlit as st  # noqa: E402

from kit.users import ROLE_HELP  # noqa: E402
from ui import navigation, resources, session  # noqa: E402
from ui.navigation import PAGES_DIR  # noqa: E402


def _sidebar(ws_name: str) -> None:
    actor = session.current_actor()
    with st.sidebar:
        st.caption(f"Workspace **{ws_name}**")
        st.markdown(f"Signed in as **{actor.name}** · `{actor.role.value}`")
        st.caption(ROLE_HELP.get(actor.role, ""))
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            session.sign_out()
            st.rerun()


def run() -> None:
    """Render the app: the sign-in page, or the pages the signed-in role may open."""
    st.set_page_config(page_title="lima-kit", page_icon=":material/health_and_safety:", layout="wide")
    ws = resources.workspace()
    actor = session.current_actor()
    if actor is None:
        page = st.navigation(
            [st.Page(str(PAGES_DIR / "login.py"), title="Sign in", url_path="login")], position="hidden"
        )
    else:
        page = st.navigation(navigation.build(actor.role))
        _sidebar(ws.name)
        session.show_flash()
    session.guarded(page.run)  # the safety net under each page's own session.attempt calls


run()
