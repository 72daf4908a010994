"""KitLineage.signoff: a dataset built from records of several sign-offs records their ids as "3,4"."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from kit.errors import StateError
from kit.evaluation import lineage
from kit.evaluation.lineage import DatasetFacts, KitLineage

SIGNOFFS = {
    3: SimpleNamespace(id=3, reviewer="carol", created_at="2026-11-30T10:00:00+00:00"),
    4: SimpleNamespace(id=4, reviewer="erin", created_at="2026-12-01T09:00:00+00:00"),
}


def _get_signoff(ws, signoff_id: int):
    if signoff_id not in SIGNOFFS:
        raise StateError(f"no sign-off {signoff_id}")
    return SIGNOFFS[signoff_id]


@pytest.fixture
def recorded(monkeypatch):
    def use(signoff_id):
        monkeypatch.setattr(lineage, "run_dataset", lambda ws, run_id: DatasetFacts("faq", "h", "/x", signoff_id))

    monkeypatch.setattr("kit.review.api.get_signoff", _get_signoff)
    return use


@pytest.mark.parametrize(
    ("signoff_id", "expected"),
    [
        ("3", ("3", "carol", "2026-11-30T10:00:00+00:00")),
        ("3,4", ("3,4", "carol, erin", "2026-12-01T09:00:00+00:00")),
        ("4, 3", ("4,3", "carol, erin", "2026-12-01T09:00:00+00:00")),
    ],
)
def test_when_every_recorded_signoff_exists_then_the_lineage_carries_all_of_them(recorded, signoff_id, expected):
    recorded(signoff_id)
    facts = KitLineage().signoff(None, "run")
    assert (facts.id, facts.by, facts.at) == expected


@pytest.mark.parametrize("signoff_id", [None, "9", "3,9", "3,x", ""])
def test_when_any_recorded_signoff_is_missing_then_the_dataset_counts_as_not_signed_off(recorded, signoff_id):
    recorded(signoff_id)
    assert KitLineage().signoff(None, "run") is None
