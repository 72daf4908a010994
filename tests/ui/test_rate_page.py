import pytest

from kit.evaluation.rating import progress
from kit.users import Role
from tests.ui.conftest import actor, no_exception
from tests.ui.seed import BASE, RUN_ID, evaluation_with_tasks


@pytest.fixture
def tasks(ws):
    return evaluation_with_tasks(ws)


def page_text(at) -> str:
    return " ".join(str(e.value) for e in [*at.markdown, *at.caption, *at.subheader, *at.title]) + " ".join(
        str(h.proto.body) for h in at.get("html")
    )


def test_when_the_rater_opens_the_page_then_one_blind_item_shows(app, tasks):
    at = app(Role.DOMAIN_EXPERT, "rate")
    no_exception(at)
    text = page_text(at)
    assert "Which answer best satisfies your needs?" in text
    assert "Item 1 of 3" in text
    assert RUN_ID not in text and BASE not in text  # no model identity anywhere
    assert "<b>" not in text and "&lt;b&gt;Short" in text  # answers are escaped, never rendered as HTML
    assert {b.label for b in at.button if b.key and b.key.startswith("choice_")} == {
        "A is significantly better",
        "B is significantly better",
        "Neither is significantly better",
    }


def test_when_the_rater_picks_an_answer_then_it_is_recorded_and_the_next_item_shows(app, ws, tasks):
    at = app(Role.DOMAIN_EXPERT, "rate")
    at.radio(key="grade").set_value("pass")
    next(b for b in at.button if b.label == "A is significantly better").click().run()
    no_exception(at)
    assert progress(ws, actor(Role.DOMAIN_EXPERT)).done == 1
    assert "Item 2 of 3" in page_text(at)


def test_when_every_item_is_rated_then_the_page_says_so(app, tasks):
    at = app(Role.DOMAIN_EXPERT, "rate")
    for _ in range(3):
        next(b for b in at.button if b.label.startswith("Neither")).click().run()
    no_exception(at)
    assert "Nothing left to rate" in at.success[0].value


def test_when_the_rater_has_no_tasks_then_the_page_renders(app):
    at = app(Role.DOMAIN_EXPERT, "rate")
    no_exception(at)
    assert "Nothing left" in at.success[0].value
