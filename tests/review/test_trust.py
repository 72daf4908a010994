"""Trust model: only compliance reads raw text through any public kit.records / kit.review function.

Every public function of those modules that takes the vault is listed in CALLS (a test fails when a new
one appears unlisted). Each is called as an ML engineer, a domain expert, an admin and the public
``kit.users.SYSTEM`` actor: it must refuse, or return nothing that holds raw text.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

import kit.review
from kit.errors import PermissionDenied, StateError
from kit.records import load_raw
from kit.review import anonymize, decisions, demo_reviewer, detect, detector, lists, propagate, sampling, views
from kit.users import SYSTEM, Actor
from redaction.learned import TrainSettings
from tests.review.conftest import CORPUS, findings_of

SECRETS = ("John Miller", "4455123", "555-201-3344", "zephyrine", "jm@example.com", "Carla Novak")
GOLD = {"n1": {"text": [{"start": 8, "end": 19, "entity_type": "PERSON"}]}}
CALLS = {
    "kit.records.load_raw": lambda r, a: load_raw(r.ws, r.vault, "n1", a),
    "kit.review.views.record_view": lambda r, a: views.record_view(r.ws, r.vault, a, "n1"),
    "kit.review.decisions.decide": lambda r, a: decisions.decide(r.ws, r.vault, a, r.finding, "confirm"),
    "kit.review.decisions.decide_many": lambda r, a: decisions.decide_many(
        r.ws, r.vault, a, [decisions.Decision(r.finding, "confirm")]
    ),
    "kit.review.decisions.add_span": lambda r, a: decisions.add_span(r.ws, r.vault, a, "n3", "text", 0, 2, "PERSON"),
    "kit.review.decisions.add_spans": lambda r, a: decisions.add_spans(
        r.ws, r.vault, a, [decisions.NewSpan("n3", "text", 0, 2, "PERSON")]
    ),
    "kit.review.propagate.propagate_deny": lambda r, a: propagate.propagate_deny(r.ws, r.vault, a, ["zephyrine"]),
    "kit.review.propagate.suppress_allowed": lambda r, a: propagate.suppress_allowed(
        r.ws, r.vault, a, ["mercy hospital"]
    ),
    "kit.review.lists.read_list": lambda r, a: lists.read_list(r.vault, lists.DENY, a),
    "kit.review.lists.add_values": lambda r, a: lists.add_values(r.vault, lists.DENY, [("Zed", "PERSON", None)], a),
    "kit.review.detect.run_detection": lambda r, a: detect.run_detection(r.ws, r.vault, a),
    "kit.review.anonymize.anonymize_approved": lambda r, a: anonymize.anonymize_approved(r.ws, r.vault, a),
    "kit.review.sampling.draw_sample": lambda r, a: sampling.draw_sample(r.ws, r.vault, a),
    "kit.review.demo_reviewer.gold_by_record": lambda r, a: demo_reviewer.gold_by_record(
        r.ws, r.vault, a, [{"id": "n1", "text": CORPUS[0]["text"], "spans": GOLD["n1"]["text"]}]
    ),
    "kit.review.demo_reviewer.token_recall": lambda r, a: demo_reviewer.token_recall(r.ws, r.vault, a, GOLD),
    "kit.review.demo_reviewer.auto_review": lambda r, a: demo_reviewer.auto_review(r.ws, r.vault, a, GOLD),
    "kit.review.detector.train_workspace_detector": lambda r, a: _train(r, a),
}


def _train(r, actor):
    """Train on whatever is reviewed (here: nothing, so a StateError once the role check has passed)."""
    try:
        return detector.train_workspace_detector(
            r.ws, r.vault, actor, TrainSettings(epochs=0.01, max_minutes=0.01, layers=1), synthetic=False
        )
    except StateError as err:
        return str(err)


def _vault_functions() -> set[str]:
    modules = ["kit.records"] + [f"kit.review.{m.name}" for m in pkgutil.iter_modules(kit.review.__path__)]
    found = set()
    for name in modules:
        module = importlib.import_module(name)
        for fn_name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == name and not fn_name.startswith("_") and "vault" in inspect.signature(fn).parameters:
                found.add(f"{name}.{fn_name}")
    return found


def _holds_raw(obj, seen=None) -> bool:
    """Deep search of a return value (dataclasses, mappings, sequences, strings) for a planted secret."""
    seen = seen if seen is not None else set()
    if id(obj) in seen:
        return False
    seen.add(id(obj))
    if isinstance(obj, str):
        return any(s in obj for s in SECRETS)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return any(_holds_raw(getattr(obj, f.name), seen) for f in dataclasses.fields(obj))
    if isinstance(obj, dict):
        return any(_holds_raw(k, seen) or _holds_raw(v, seen) for k, v in obj.items())
    if isinstance(obj, (list, tuple, set, frozenset)):
        return any(_holds_raw(item, seen) for item in obj)
    return False


def test_every_public_function_that_takes_the_vault_is_checked_here():
    assert _vault_functions() == set(CALLS), "add the new function to CALLS (and make it refuse non-compliance)"


@pytest.mark.parametrize("user", ["mel", "dana", "admin", "system"])
def test_when_not_compliance_then_no_public_review_or_records_function_yields_raw_text(review, user):
    actor = SYSTEM if user == "system" else review.actors[user]
    review.finding = findings_of(review.ws, "n1")[0]["id"]
    allowed = []
    for name, call in CALLS.items():
        try:
            result = call(review, actor)
        except PermissionDenied:
            continue
        allowed.append(name)
        assert not _holds_raw(result), f"{name} returned raw text to {actor}"
    expected = {
        "admin": ["kit.review.detect.run_detection", "kit.review.detector.train_workspace_detector"],
        "system": ["kit.review.detect.run_detection"],
    }
    assert allowed == expected.get(user, [])


@pytest.mark.parametrize("actor", [SYSTEM, Actor("anyone", "system")])
def test_when_the_public_system_actor_asks_for_raw_text_then_it_is_refused(review, actor):
    with pytest.raises(PermissionDenied):
        load_raw(review.ws, review.vault, "n1", actor)
    with pytest.raises(PermissionDenied):
        views.record_view(review.ws, review.vault, actor, "n1")


def test_when_compliance_asks_then_raw_text_is_served(review):
    assert load_raw(review.ws, review.vault, "n1", review.carol).fields["text"] == CORPUS[0]["text"]
    assert _holds_raw(views.record_view(review.ws, review.vault, review.carol, "n1"))
