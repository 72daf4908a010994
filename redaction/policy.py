"""Redaction policies: what counts as PHI, how confident a finding must be, and how it is replaced.

Policies are YAML files (``policies/*.yaml``) validated by the pydantic models below. A policy names all 18
Safe Harbor identifiers, maps each onto entity types, and gives every entity type a threshold and an
operator. It also carries the review stage's sampling settings, which this package only validates.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from redaction.entities import ENTITY_TYPES, RESTRICTED_ZIP3, SAFE_HARBOR_IDENTIFIERS
from redaction.errors import PolicyValidationError
from redaction.shipped import shipped_policy_dir

POLICY_DIR = shipped_policy_dir()  # repository policies/ or, installed, share/lima-kit/policies
DEFAULT_POLICY = "hipaa_safe_harbor"

Operator = Literal["placeholder", "surrogate", "date_shift", "zip3", "age", "keep"]
# Operators that only make sense for one entity type.
_OPERATOR_ENTITY = {"date_shift": "DATE", "zip3": "ZIP_CODE", "age": "AGE"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IdentifierRule(_Strict):
    """One of HIPAA's 18 Safe Harbor identifiers and the entity types that carry it in text."""

    description: str = Field("", description="What the identifier covers, for reviewers.")
    entities: list[str] = Field(
        default_factory=list,
        description="Entity types detected for it; empty "
        "for identifiers that never appear as text (biometrics, photos).",
    )


class EntityRule(_Strict):
    """How findings of one entity type are filtered and replaced."""

    operator: Operator = Field(
        "placeholder", description="placeholder, surrogate, date_shift, zip3, age (over 89 -> '90+') or keep."
    )
    threshold: float | None = Field(None, ge=0.0, le=1.0, description="Minimum score; default_threshold when unset.")
    tag: str | None = Field(None, description="Placeholder label, e.g. NAME -> '[NAME]'; the entity type when unset.")


class DateShiftSettings(_Strict):
    """Range of the per-patient shift; each patient gets one offset, so intervals survive."""

    min_days: int = Field(30, ge=1, description="Smallest absolute shift in days.")
    max_days: int = Field(365, ge=1, le=3650, description="Largest absolute shift in days.")

    @model_validator(mode="after")
    def _ordered(self) -> DateShiftSettings:
        if self.min_days > self.max_days:
            raise ValueError("min_days must not exceed max_days")
        return self


class ReviewSettings(_Strict):
    """Sampling for the compliance review stage (used by kit.review; validated here)."""

    mode: Literal["full", "sample_n", "sample_fraction"] = Field(
        "full", description="Review every record, a fixed number, or a fraction."
    )
    n: int | None = Field(None, ge=1, description="Records to sample when mode is sample_n.")
    fraction: float | None = Field(None, gt=0.0, le=1.0, description="Share sampled in sample_fraction.")
    threshold: float = Field(
        0.01,
        gt=0.0,
        lt=1.0,
        description="Upper bound on the residual PHI rate the sample must demonstrate before sign-off.",
    )

    @model_validator(mode="after")
    def _mode_has_its_parameter(self) -> ReviewSettings:
        if self.mode == "sample_n" and self.n is None:
            raise ValueError("review.mode sample_n needs review.n")
        if self.mode == "sample_fraction" and self.fraction is None:
            raise ValueError("review.mode sample_fraction needs review.fraction")
        return self


class LearnedModelSettings(_Strict):
    """How a learned detector (``kit redact train``) and the rules combine (redaction.learned.combine)."""

    enabled: bool = Field(
        True, description="Use a trained detector when one is given (--model) or the workspace has one."
    )
    add_threshold: float = Field(
        0.7, ge=0.0, le=1.0, description="Probability at which a span the model alone finds is kept."
    )
    thresholds: dict[str, float] = Field(
        default_factory=dict, description="Per entity type, overrides add_threshold (e.g. PERSON: 0.4)."
    )
    veto_below: float = Field(
        0.0,
        ge=0.0,
        le=1.0,
        description="A rule finding the model gives less than this is dropped (0 turns vetoes off).",
    )
    keep_rule_score: float = Field(
        0.9, ge=0.0, le=1.0, description="Rule findings at least this sure are never vetoed."
    )

    @model_validator(mode="after")
    def _known_types(self) -> LearnedModelSettings:
        bad = sorted(set(self.thresholds) - set(ENTITY_TYPES))
        if bad:
            raise ValueError(f"unknown entity types: {', '.join(bad)}")
        if any(not 0.0 <= v <= 1.0 for v in self.thresholds.values()):
            raise ValueError("thresholds must lie between 0 and 1")
        return self

    def threshold(self, entity_type: str) -> float:
        """Probability a model-only span of this type needs."""
        return self.thresholds.get(entity_type, self.add_threshold)

    def floor(self) -> float:
        """The lowest threshold of any type: pieces below it never start a span."""
        return min([self.add_threshold, *self.thresholds.values()])


class Policy(_Strict):
    """A validated redaction policy."""

    name: str = Field(description="Short identifier, e.g. hipaa_safe_harbor.")
    description: str = Field("", description="One paragraph for compliance staff.")
    default_threshold: float = Field(0.5, ge=0.0, le=1.0, description="Score threshold for rules without their own.")
    keep_years: bool = Field(
        True,
        description="Leave a year that stands alone (Safe Harbor allows it), unless it implies an age over 89.",
    )
    reference_year: int | None = Field(
        None,
        ge=1900,
        le=2300,
        description="Year that ages implied by dates are measured from ('born in 1931' is 90+ if this minus "
        "1931 > 89); unset: the later of the current year and the document's latest date.",
    )
    identifiers: dict[str, IdentifierRule] = Field(description="All 18 Safe Harbor identifiers.")
    entities: dict[str, EntityRule] = Field(description="One rule per entity type.")
    date_shift: DateShiftSettings = Field(default_factory=DateShiftSettings)
    restricted_zip3: list[str] = Field(
        default_factory=lambda: list(RESTRICTED_ZIP3), description="ZIP3 prefixes with <= 20,000 people -> '000'."
    )
    allow_list: list[str] = Field(default_factory=list, description="Extra terms never treated as PHI.")
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    learned_model: LearnedModelSettings = Field(default_factory=LearnedModelSettings)

    @model_validator(mode="after")
    def _complete_and_consistent(self) -> Policy:
        missing = [i for i in SAFE_HARBOR_IDENTIFIERS if i not in self.identifiers]
        if missing:
            raise ValueError(f"identifiers missing: {', '.join(missing)}")
        unknown = [i for i in self.identifiers if i not in SAFE_HARBOR_IDENTIFIERS]
        if unknown:
            raise ValueError(f"unknown identifiers: {', '.join(unknown)}")
        named = {e for rule in self.identifiers.values() for e in rule.entities} | set(self.entities)
        bad = sorted(named - set(ENTITY_TYPES))
        if bad:
            raise ValueError(f"unknown entity types: {', '.join(bad)} (known: {', '.join(ENTITY_TYPES)})")
        uncovered = [e for e in ENTITY_TYPES if e not in self.entities]
        if uncovered:
            raise ValueError(f"entities without a rule: {', '.join(uncovered)}")
        for entity, rule in self.entities.items():
            needed = _OPERATOR_ENTITY.get(rule.operator)
            if needed and needed != entity:
                raise ValueError(f"operator {rule.operator} only applies to {needed}, not {entity}")
        return self

    def threshold(self, entity_type: str) -> float:
        """The minimum score for findings of this type."""
        rule = self.entities.get(entity_type)
        return rule.threshold if rule and rule.threshold is not None else self.default_threshold

    def rule(self, entity_type: str) -> EntityRule:
        """The replacement rule for this type (placeholder if the type is unknown)."""
        return self.entities.get(entity_type) or EntityRule()


def resolve_policy_path(path_or_name: str | Path) -> Path:
    """A file path, or a shipped policy's name (``hipaa_safe_harbor``) -> the YAML file."""
    candidate = Path(path_or_name)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return POLICY_DIR / f"{path_or_name}.yaml"


def load_policy(path_or_name: str | Path | None = None) -> Policy:
    """Load and validate a policy; raises PolicyValidationError naming the file (and line when known)."""
    path = resolve_policy_path(path_or_name or DEFAULT_POLICY)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PolicyValidationError(f"cannot read policy ({err.strerror or err})", path=str(path)) from None
    try:
        node = yaml.compose(source)
        data = yaml.safe_load(source)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise PolicyValidationError("not valid YAML", path=str(path), line=line) from None
    if not isinstance(data, dict):
        raise PolicyValidationError("a policy is a YAML mapping", path=str(path), line=1)
    try:
        return Policy.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = [str(part) for part in first["loc"]]
        field = ".".join(loc) or "policy"
        message = first["msg"].removeprefix("Value error, ")
        raise PolicyValidationError(f"{field}: {message}", path=str(path), line=_line_of(node, loc)) from None


def _line_of(node: yaml.Node | None, loc: list[str]) -> int | None:
    """1-based line of the deepest YAML node on the pydantic error path."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            node = node.value[int(key)]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
