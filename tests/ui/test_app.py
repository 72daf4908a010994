from kit.users import Role
from tests.ui.conftest import USERS, no_exception, password
from ui.navigation import visible_pages


def test_when_nobody_is_signed_in_then_the_sign_in_form_shows(app):
    at = app()
    no_exception(at)
    assert at.button(key="FormSubmitter:sign_in-Sign in") is not None
    assert not at.sidebar.button


def test_when_password_is_wrong_then_an_error_shows_and_nobody_is_signed_in(app):
    at = app()
    at.text_input(key="login_name").input("carol")
    at.text_input(key="login_password").input("wrong-password")
    at.button(key="FormSubmitter:sign_in-Sign in").click().run()
    no_exception(at)
    assert "wrong password" in at.error[0].value
    assert "actor" not in at.session_state


def test_when_password_is_right_then_the_overview_opens_and_sign_out_forgets_the_user(app):
    at = app()
    at.text_input(key="login_name").input("carol")
    at.text_input(key="login_password").input(password(Role.COMPLIANCE))
    at.button(key="FormSubmitter:sign_in-Sign in").click().run()
    no_exception(at)
    assert at.session_state["actor"].name == "carol"
    assert at.title[0].value.startswith("Workspace")
    at.button(key="sign_out").click().run()
    assert "actor" not in at.session_state


def test_when_signed_in_then_each_role_sees_only_its_pages(app):
    expected = {
        Role.ADMIN: {"home", "workspace", "ingest", "report"},
        Role.COMPLIANCE: {"home", "ingest", "review", "report"},
        Role.ML_ENGINEER: {"home", "curate", "train", "rate", "report"},
        Role.DOMAIN_EXPERT: {"home", "rate"},
    }
    for role, keys in expected.items():
        assert {p.key for p in visible_pages(role)} == keys
        at = app(role)
        no_exception(at)
        for hidden in {"workspace", "review", "curate", "train", "rate", "report"} - keys:
            try:
                at.switch_page(f"app_pages/{hidden}.py")
            except ValueError:
                continue
            raise AssertionError(f"{role.value} ({USERS[role]}) could open {hidden}")


def test_when_signed_in_then_the_stepper_shows_every_stage_and_the_roles_next_step(app):
    at = app(Role.COMPLIANCE)
    no_exception(at)
    text = " ".join(m.value for m in at.markdown)
    for title in ("Workspace", "Ingest", "Redact & review", "Curate", "Train", "Rate", "Report & release"):
        assert title in text
    assert at.subheader[0].value == "Your next step"
    assert "Ingest" in text
