"""Workspace build: signed-off records + authored pairs -> datasets/<name>@<hash>, registered and audited."""

import json

import pytest

from kit.curation.build import build_dataset
from kit.curation.config import CurationConfig
from kit.curation.datasets import list_datasets, resolve_dataset
from kit.curation.filters import FilterContext
from kit.curation.store import add_candidate, edit_candidate, list_candidates, list_rejections
from kit.errors import InputError, PermissionDenied, StateError
from kit.review.api import RedactedRecord

from .conftest import RegexPhiDetector
from .signed import signed_records

CONFIG = CurationConfig(n=20, dev=3, test=5, embedder="tfidf")


def _build(workspace, actors, **kw):
    return build_dataset(workspace, actors["mel"], config=CONFIG, context=FilterContext(RegexPhiDetector()), **kw)


def test_when_built_then_dataset_is_registered_resolvable_and_audited(actors, signed):
    ws = signed.ws
    built = _build(ws, actors)
    ref = resolve_dataset(ws, "test")
    assert ref == resolve_dataset(ws, f"test@{built.ref.hash[:6]}") == built.ref
    assert ref.path == ws.datasets_dir / f"test@{ref.hash}" and ref.signoff_id == str(signed.signoff.id)
    assert (ref.n_train, ref.n_validation, ref.n_test) == (20, 3, 5)
    assert f"Redaction sign-off: {signed.signoff.id}" in (ref.path / "card.md").read_text()
    assert [r.reason for r in list_rejections(ws, ref.id) if r.candidate_id == "ex:bad"] == ["residual_phi"]
    assert [d.id for d in list_datasets(ws)] == [ref.id]
    actions = [json.loads(line)["action"] for line in ws.audit_path.read_text().splitlines()]
    assert "curate.build" in actions


def test_when_rebuilt_with_same_inputs_then_same_dataset_id(actors, signed):
    ws = signed.ws
    assert _build(ws, actors).ref.id == _build(ws, actors).ref.id
    assert len(list_datasets(ws)) == 1


def test_when_no_signoff_exists_then_build_is_refused(workspace, actors):
    with pytest.raises(StateError, match="sign-off"):
        build_dataset(workspace, actors["mel"], config=CONFIG)


def test_when_role_may_not_curate_then_permission_denied(actors, signed):
    ws = signed.ws
    with pytest.raises(PermissionDenied):
        build_dataset(ws, actors["dana"], config=CONFIG, records=signed_records(ws))


def test_when_given_records_are_signed_off_then_the_build_uses_exactly_them(actors, signed):
    ws = signed.ws
    some = [r for r in signed_records(ws) if r.category != "skin"]
    built = _build(ws, actors, records=some)
    lineage = (built.ref.path / "lineage.jsonl").read_text()
    assert "skin-" not in lineage and built.result.stats["counts"]["input"] == len(some)


@pytest.mark.parametrize(
    "forge",
    [
        lambda r: RedactedRecord(
            r.id, r.kind, None, r.source, r.category, {**r.fields, "response": "edited"}, r.signoff_id
        ),
        lambda r: RedactedRecord("not-signed", r.kind, None, r.source, r.category, r.fields, r.signoff_id),
        lambda r: RedactedRecord(r.id, r.kind, None, r.source, r.category, r.fields, r.signoff_id + 1),
        lambda r: RedactedRecord(r.id, r.kind, None, r.source, r.category, r.fields, None),
    ],
    ids=["text-changed", "unknown-id", "other-signoff", "no-signoff"],
)
def test_when_given_records_do_not_match_a_signoff_then_the_build_is_refused(actors, signed, forge):
    ws = signed.ws
    records = signed_records(ws)
    with pytest.raises(StateError, match="not covered"):
        _build(ws, actors, records=[*records[1:], forge(records[0])])
    assert list_datasets(ws) == []


def test_authored_pairs_are_checked_for_phi_stored_and_curated(actors, signed):
    ws = signed.ws
    detector = RegexPhiDetector()
    response = (
        "Thanks for asking. Shake the inhaler, attach the spacer and breathe out fully. Press once and "
        "breathe in slowly, then hold your breath for ten seconds before you breathe out again."
    )
    added = add_candidate(
        ws,
        actors["dana"],
        "How do I use a spacer with my inhaler?",
        response,
        category="asthma",
        detector=detector,
    )
    with pytest.raises(InputError, match="PHI"):
        add_candidate(ws, actors["mel"], "Call John Smith?", response, detector=detector)
    with pytest.raises(PermissionDenied):
        add_candidate(ws, actors["carol"], "A question?", response, detector=detector)
    edited = edit_candidate(ws, actors["mel"], added.id, rating=5, detector=detector)
    assert edited.rating == 5.0 and [c.id for c in list_candidates(ws, "authored")] == [added.id]
    built = _build(ws, actors)
    lineage = (built.ref.path / "lineage.jsonl").read_text()
    assert added.id in lineage or added.id in {r.candidate_id for r in list_rejections(ws, built.ref.id)}
    assert {c.origin for c in list_candidates(ws)} == {"authored", "example"}
