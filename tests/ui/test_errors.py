"""Errors reach the browser as one-line messages on every page, never as tracebacks."""

import pytest

from kit.users import Role
from tests.ui.conftest import no_exception
from ui.navigation import visible_pages

BROKEN_POLICY = "# Used by: kit review (a test copy, broken on purpose)\nreview: [unclosed\n"


@pytest.fixture
def broken_policy(ingested):
    folder = ingested.root / "policies"
    folder.mkdir(exist_ok=True)
    (folder / "hipaa_safe_harbor.yaml").write_text(BROKEN_POLICY, encoding="utf-8")
    return ingested


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COMPLIANCE, Role.ML_ENGINEER, Role.DOMAIN_EXPERT])
def test_when_the_workspace_policy_is_broken_then_every_page_shows_a_message_not_a_traceback(app, broken_policy, role):
    for spec in visible_pages(role):
        at = app(role, spec.key)
        no_exception(at)
        for error in at.error:
            assert "Traceback" not in error.value and 'File "' not in error.value
    if role is Role.COMPLIANCE:
        at = app(role, "review")
        assert any("hipaa_safe_harbor.yaml" in e.value for e in at.error), [e.value for e in at.error]


def _page_that_raises() -> None:
    from kit.errors import InputError
    from ui import session

    def page() -> None:
        raise InputError("notes.jsonl:3: not valid JSON")

    def bug() -> None:
        raise ZeroDivisionError("raw text could be quoted here")

    session.guarded(page)
    session.guarded(bug)


def test_when_a_page_raises_then_the_app_level_guard_shows_messages_without_details():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_page_that_raises).run()
    no_exception(at)
    assert [e.value for e in at.error] == [
        "notes.jsonl:3: not valid JSON",
        "Unexpected ZeroDivisionError; the server log has the details.",
    ]
