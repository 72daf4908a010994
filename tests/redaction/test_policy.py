"""Policies: every shipped YAML loads; broken ones fail naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from redaction import SAFE_HARBOR_IDENTIFIERS, PolicyValidationError, load_policy
from redaction.entities import ENTITY_TYPES, RESTRICTED_ZIP3
from redaction.policy import POLICY_DIR

SHIPPED = sorted(POLICY_DIR.glob("*.yaml"))
REDACTION_POLICIES = [p for p in SHIPPED if p.name in ("hipaa_safe_harbor.yaml", "limited_data_set.yaml")]


@pytest.mark.parametrize("path", REDACTION_POLICIES, ids=lambda p: p.name)
def test_when_shipped_policy_loads_then_it_covers_all_identifiers_and_types(path):
    policy = load_policy(path)
    assert set(policy.identifiers) == set(SAFE_HARBOR_IDENTIFIERS)
    assert set(policy.entities) == set(ENTITY_TYPES)
    assert path.read_text().startswith("# Used by: kit redact")


def test_when_policy_is_named_then_the_shipped_file_is_used():
    assert load_policy("hipaa_safe_harbor").name == "hipaa_safe_harbor"
    assert load_policy(None).name == "hipaa_safe_harbor"


def test_when_limited_data_set_then_dates_city_state_zip_are_kept():
    policy = load_policy("limited_data_set")
    for entity in ("DATE", "CITY", "STATE", "ZIP_CODE"):
        assert policy.rule(entity).operator == "keep"
    assert policy.rule("PERSON").operator != "keep"


def test_when_safe_harbor_then_zip3_restricted_prefixes_and_review_are_set(policy):
    assert set(policy.restricted_zip3) == set(RESTRICTED_ZIP3)
    assert policy.review.mode == "sample_fraction" and policy.review.threshold == 0.01


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    return path


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    source = (POLICY_DIR / "hipaa_safe_harbor.yaml").read_text()
    assert old in source
    return _write(tmp_path, source.replace(old, new, 1))


def test_when_threshold_is_out_of_range_then_error_names_file_and_line(tmp_path):
    path = _broken(tmp_path, "  AGE: {operator: age}", "  AGE: {operator: age, threshold: 1.5}")
    with pytest.raises(PolicyValidationError) as err:
        load_policy(path)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "threshold: 1.5" in text)
    assert err.value.path == str(path) and err.value.line == line
    assert "entities.AGE.threshold" in str(err.value)


@pytest.mark.parametrize(
    ("old", "new", "needle"),
    [
        ("  DATE: {operator: date_shift}", "  DATE: {operator: zip3}", "only applies to ZIP_CODE"),
        ("  URL: {operator: placeholder}\n", "", "entities without a rule: URL"),
        ("  urls: {entities: [URL]}\n", "", "identifiers missing: urls"),
        ("  US_SSN: {operator: placeholder, tag: SSN}", "  SSN: {operator: placeholder}", "unknown entity types"),
        ("  mode: sample_fraction\n  fraction: 0.1\n", "  mode: sample_n\n", "needs review.n"),
        ("  CITY: {operator: surrogate}", "  CITY: {operator: shred}", "entities.CITY.operator"),
    ],
)
def test_when_policy_is_inconsistent_then_it_is_refused(tmp_path, old, new, needle):
    with pytest.raises(PolicyValidationError, match=needle.replace(".", r"\.")):
        load_policy(_broken(tmp_path, old, new))


def test_when_file_is_not_yaml_or_missing_then_error_is_one_line(tmp_path):
    with pytest.raises(PolicyValidationError) as err:
        load_policy(_write(tmp_path, "name: [unclosed\n"))
    assert err.value.line is not None and "\n" not in str(err.value)
    with pytest.raises(PolicyValidationError, match="cannot read"):
        load_policy(tmp_path / "missing.yaml")
