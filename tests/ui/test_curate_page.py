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


def test_when_ml_engineer_sets_quotas_and_canaries_then_the_build_uses_them(app, signed):
    import json

    from kit.curation.datasets import resolve_dataset

    at = app(Role.ML_ENGINEER, "curate")
    set_small(at)
    at.number_input(key="cur_canaries").set_value(2)
    at.selectbox(key="cur_quota_field").select("source")
    at.text_input(key="cur_max_share").input("*=0.9")
    at.button(key="FormSubmitter:curate_build-Run selection and build").click().run()
    no_exception(at)
    (ref,) = list_datasets(signed)
    with signed.connect() as conn:
        config = json.loads(conn.execute("SELECT config FROM datasets WHERE id = ?", (ref.id,)).fetchone()[0])
    assert config["selection"]["quota_field"] == "source" and config["selection"]["max_share"] == {"*": 0.9}
    planted = json.loads((resolve_dataset(signed, ref.id).path / "canaries.json").read_text())
    assert len(planted) == 2 and all("secret_sha256" in c for c in planted)
    assert any("2 canaries planted" in s.value for s in at.success)


@pytest.mark.parametrize(
    ("field", "at_most", "message"),
    [
        ("none", "portal=0.5", "need a quota field"),
        ("source", "portal", "VALUE=SHARE"),
        ("source", "x=2", "from 0 to 1"),
    ],
)
def test_when_quota_shares_are_malformed_then_the_page_says_why_and_builds_nothing(
    app, signed, field, at_most, message
):
    at = app(Role.ML_ENGINEER, "curate")
    set_small(at)
    at.selectbox(key="cur_quota_field").select(field)
    at.text_input(key="cur_max_share").input(at_most)
    at.button(key="FormSubmitter:curate_build-Run selection and build").click().run()
    no_exception(at)
    assert message in at.error[0].value and list_datasets(signed) == []
