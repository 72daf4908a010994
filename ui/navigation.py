"""Which pages exist, who sees them, and which stage of the flow each one serves."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from kit.users import Role

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
EVERYONE = (Role.ADMIN, Role.COMPLIANCE, Role.ML_ENGINEER, Role.DOMAIN_EXPERT)


@dataclass(frozen=True)
class PageSpec:
    """One page of the app."""

    key: str  # file stem in app_pages/ and URL path
    title: str
    icon: str
    roles: tuple[Role, ...]
    stage: str | None  # the kit.status stage this page moves forward


PAGES = [
    PageSpec("home", "Overview", ":material/route:", EVERYONE, None),
    PageSpec("workspace", "Workspace", ":material/group:", (Role.ADMIN,), "workspace"),
    PageSpec("ingest", "Ingest", ":material/upload_file:", (Role.ADMIN, Role.COMPLIANCE), "ingest"),
    PageSpec("review", "Redact & review", ":material/policy:", (Role.COMPLIANCE,), "review"),
    PageSpec("curate", "Curate", ":material/filter_alt:", (Role.ML_ENGINEER,), "curate"),
    PageSpec("train", "Train", ":material/model_training:", (Role.ML_ENGINEER,), "train"),
    PageSpec("rate", "Rate", ":material/thumbs_up_down:", (Role.DOMAIN_EXPERT, Role.ML_ENGINEER), "rate"),
    # Domain experts do not see results while they rate: it would unblind them.
    PageSpec(
        "report", "Report & release", ":material/verified:", (Role.ADMIN, Role.COMPLIANCE, Role.ML_ENGINEER), "release"
    ),
]
BY_KEY = {spec.key: spec for spec in PAGES}


def page_path(key: str) -> str:
    """The page's script path, as st.Page, st.page_link and st.switch_page want it."""
    return str(PAGES_DIR / f"{key}.py")


def visible_pages(role: Role) -> list[PageSpec]:
    """The pages ``role`` may open, in flow order."""
    return [spec for spec in PAGES if role in spec.roles]


def page_for_stage(stage: str, role: Role) -> PageSpec | None:
    """The page that moves ``stage`` forward, if ``role`` may open it."""
    return next((s for s in visible_pages(role) if s.stage == stage), None)


def build(role: Role) -> list[st.Page]:
    """st.Page objects for ``role``; the first is the default."""
    return [
        st.Page(page_path(s.key), title=s.title, icon=s.icon, url_path=s.key, default=(i == 0))
        for i, s in enumerate(visible_pages(role))
    ]
