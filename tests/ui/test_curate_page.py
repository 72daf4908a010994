import pytest

from kit.curation.build import build_dataset
from kit.curation.config import CurationConfig
from kit.curation.datasets import list_datasets
from kit.curation.store import list_candidates
from kit.users import Role
from tests.ui.conftest import actor, no_exception
from tests.ui.seed import signed_off

SMALL = {"cur_n": 8, "cur_dev": 2, "cur_test": 2}


@pytest.fixture
def signed(ws, tmp_path):
    signed_off(ws, tmp_path)
    return ws


def set_small(at):
    for key, value in SMALL.items():
        at.number_input(key=key).set_value(value)
    at.selectbox(key="cur_embedder").select("tfidf")


def test_when_there_is_no_signoff_then_building_explains_why(app, ws):
    at = app(Role.ML_ENGINEER, "curate")
    no_exception(at)
    set_small(at)
    at.button(key="FormSubmitter:curate_build-Run selection and build").click().run()
    no_exception(at)
    assert "sign-off" in at.error[0].value


def test_when_ml_engineer_runs_selection_then_a_dataset_with_card_and_charts_shows(app, signed):
    at = app(Role.ML_ENGINEER, "curate")
    set_small(at)
    at.button(key="FormSubmitter:curate_build-Run selection and build").click().run()
    no_exception(at)
    refs = list_datasets(signed)
    assert len(refs) == 1 and refs[0].n_train == 8
    assert any(f"Built {refs[0].id}" in s.value for s in at.success)
    assert at.get("image"), "length / source / coverage charts"
    assert any("Dataset card" in m.value for m in at.markdown)


def test_when_ml_engineer_adds_an_example_then_it_is_stored(app, ws):
    at = app(Role.ML_ENGINEER, "curate")
    at.text_area(key="cur_add_prompt").input("How long should I rest after a flu shot?")
    at.text_area(key="cur_add_response").input(
        "Most people can go back to their usual day right away; a sore arm for a day or two is common and harmless."
    )
    at.button(key="FormSubmitter:cur_add-Add example").click().run()
    no_exception(at)
    assert [c.origin for c in list_candidates(ws)] == ["authored"]


def test_when_a_built_dataset_has_rejections_then_reasons_are_listed(app, signed, tmp_path):
    build_dataset(
        signed, actor(Role.ML_ENGINEER), name="demo", config=CurationConfig(n=4, dev=1, test=1, embedder="tfidf")
    )
    at = app(Role.ML_ENGINEER, "curate")
    no_exception(at)
    assert at.selectbox(key="cur_pick").value.startswith("demo@")
    reasons = next(d.value for d in at.dataframe if "reason" in d.value.columns)
    assert set(reasons["candidate"]) >= {"ex:qa-short"} and len(reasons) >= 2  # too short, and the duplicate


def test_when_a_second_build_finishes_then_the_datasets_section_shows_it(app, signed):
    first = build_dataset(
        signed, actor(Role.ML_ENGINEER), name="first", config=CurationConfig(n=4, dev=1, test=1, embedder="tfidf")
    )
    at = app(Role.ML_ENGINEER, "curate")
    assert at.selectbox(key="cur_pick").value == first.ref.id
    set_small(at)
    at.button(key="FormSubmitter:curate_build-Run selection and build").click().run()
    no_exception(at)
    assert not at.warning, [w.value for w in at.warning]
    newest = next(r.id for r in list_datasets(signed) if r.id != first.ref.id)
    assert at.selectbox(key="cur_pick").value == newest
