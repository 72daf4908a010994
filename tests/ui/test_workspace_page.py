from kit.users import Role, list_users
from tests.ui.conftest import no_exception


def test_when_admin_opens_workspace_then_users_and_audit_show(app):
    at = app(Role.ADMIN, "workspace")
    no_exception(at)
    assert at.title[0].value == "Workspace"
    assert len(at.dataframe) == 2


def test_when_admin_adds_a_user_then_the_user_exists(app, ws):
    at = app(Role.ADMIN, "workspace")
    at.text_input[0].input("omar")
    at.selectbox[0].select(Role.DOMAIN_EXPERT)
    at.text_input[1].input("omar-password")
    at.button(key="FormSubmitter:add_user-Add user").click().run()
    no_exception(at)
    assert "Added omar" in at.success[0].value
    assert ("omar", Role.DOMAIN_EXPERT) in {(u.name, u.role) for u in list_users(ws)}


def test_when_password_is_short_then_the_error_is_a_message(app):
    at = app(Role.ADMIN, "workspace")
    at.text_input[0].input("omar")
    at.text_input[1].input("short")
    at.button(key="FormSubmitter:add_user-Add user").click().run()
    no_exception(at)
    assert "at least 8" in at.error[0].value


def test_when_admin_verifies_the_audit_log_then_it_is_intact(app):
    at = app(Role.ADMIN, "workspace")
    at.button(key="verify_audit").click().run()
    no_exception(at)
    assert "intact" in at.success[0].value
