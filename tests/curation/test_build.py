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

from .conftest import RegexPhiDetector, clustered_pool

CONFIG = CurationConfig(n=20, dev=3, test=5, embedder="tfidf")


def _records():
    pool = clustered_pool(sizes={"asthma": 25, "sleep": 10, "skin": 10})
    records = [
        RedactedRecord(c.id, "example", None, c.source, c.category, {"prompt": c.prompt, "response": c.response}, 3)
        for c in pool
    ]
    records.append(
        RedactedRecord(
            "bad",
            "example",
            None,
            "portal",
            "asthma",
            {
                "prompt": "Who called me about my inhaler?",
                "response": "Thanks for asking about your inhaler. John Smith called to move your "
                "spacer check to next week, and the peak flow diary looks fine.",
            },
            3,
        )
    )
    return records


def _build(workspace, actors, **kw):
    return build_dataset(
        workspace, actors["mel"], config=CONFIG, records=_records(), context=FilterContext(RegexPhiDetector()), **kw
    )


def test_when_built_then_dataset_is_registered_resolvable_and_audited(workspace, actors):
    built = _build(workspace, actors)
    ref = resolve_dataset(workspace, "test")
    assert ref == resolve_dataset(workspace, f"test@{built.ref.hash[:6]}") == built.ref
    assert ref.path == workspace.datasets_dir / f"test@{ref.hash}" and ref.signoff_id == "3"
    assert (ref.n_train, ref.n_validation, ref.n_test) == (20, 3, 5)
    assert "Redaction sign-off: 3" in (ref.path / "card.md").read_text()
    assert [r.reason for r in list_rejections(workspace, ref.id) if r.candidate_id == "ex:bad"] == ["residual_phi"]
    assert [d.id for d in list_datasets(workspace)] == [ref.id]
    actions = [json.loads(line)["action"] for line in workspace.audit_path.read_text().splitlines()]
    assert "curate.build" in actions


def test_when_rebuilt_with_same_inputs_then_same_dataset_id(workspace, actors):
    assert _build(workspace, actors).ref.id == _build(workspace, actors).ref.id
    assert len(list_datasets(workspace)) == 1


def test_when_no_signoff_exists_then_build_is_refused(workspace, actors):
    with pytest.raises(StateError, match="sign-off"):
        build_dataset(workspace, actors["mel"], config=CONFIG)


def test_when_role_may_not_curate_then_permission_denied(workspace, actors):
    with pytest.raises(PermissionDenied):
        build_dataset(workspace, actors["dana"], config=CONFIG, records=_records())


def test_authored_pairs_are_checked_for_phi_stored_and_curated(workspace, actors):
    detector = RegexPhiDetector()
    response = (
        "Thanks for asking. Shake the inhaler, attach the spacer and breathe out fully. Press once and "
        "breathe in slowly, then hold your breath for ten seconds before you breathe out again."
    )
    added = add_candidate(
        workspace,
        actors["dana"],
        "How do I use a spacer with my inhaler?",
        response,
        category="asthma",
        detector=detector,
    )
    with pytest.raises(InputError, match="PHI"):
        add_candidate(workspace, actors["mel"], "Call John Smith?", response, detector=detector)
    with pytest.raises(PermissionDenied):
        add_candidate(workspace, actors["carol"], "A question?", response, detector=detector)
    edited = edit_candidate(workspace, actors["mel"], added.id, rating=5, detector=detector)
    assert edited.rating == 5.0 and [c.id for c in list_candidates(workspace, "authored")] == [added.id]
    built = _build(workspace, actors)
    lineage = (built.ref.path / "lineage.jsonl").read_text()
    assert added.id in lineage or added.id in {r.candidate_id for r in list_rejections(workspace, built.ref.id)}
    assert {c.origin for c in list_candidates(workspace)} == {"authored", "example"}
