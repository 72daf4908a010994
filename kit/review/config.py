"""Review settings: the policy's ``review`` section plus the kit's own knobs from ``kit.toml [review]``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit.errors import InputError, PolicyError

if TYPE_CHECKING:
    from kit.workspace import Workspace
    from redaction.policy import Policy


@dataclass(frozen=True)
class ReviewConfig:
    """Knobs of the review stage that are not part of the redaction policy (``kit.toml [review]``)."""

    low_confidence_below: float = field(
        default=0.8,
        metadata={"help": "Findings scored below this are mandatory review items: resolve them before approval."},
    )
    rare_type_share: float = field(
        default=0.02,
        metadata={"help": "An entity type holding less than this share of all findings counts as rare (riskier)."},
    )
    seed: int = field(default=0, metadata={"help": "Seed of the QA sample's permutation."})
    batch_size: int = field(
        default=32, metadata={"help": "Records per detection batch; each batch is committed in one transaction."}
    )
    min_propagation_chars: int = field(
        default=3,
        metadata={"help": "Shorter confirmed values are not propagated (initials would flag half the corpus)."},
    )

    @classmethod
    def from_workspace(cls, ws: Workspace) -> ReviewConfig:
        """Defaults overridden by the workspace's ``[review]`` table; unknown keys are an error."""
        given: dict[str, Any] = dict(ws.settings.get("review", {}))
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - known)
        if unknown:
            raise InputError(f"[review] has unknown keys {unknown}; known: {sorted(known)}", ws.root / "kit.toml")
        return cls(**given)


@dataclass(frozen=True)
class LoadedPolicy:
    """A validated redaction policy with the facts the review stage records about it."""

    policy: Policy
    path: Path
    sha256: str

    @property
    def name(self) -> str:
        """The policy's short name."""
        return self.policy.name

    @property
    def detection_hash(self) -> str:
        """Hash of everything but the ``review`` section: editing sampling settings keeps findings current."""
        data = self.policy.model_dump(mode="json", exclude={"review"})
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def load_workspace_policy(ws: Workspace) -> LoadedPolicy:
    """The workspace's redaction policy, validated by the redaction package; PolicyError on problems."""
    from redaction.errors import PolicyValidationError

    try:
        from redaction import load_policy
    except ImportError:  # the package's __init__ may not re-export it yet
        from redaction.policy import load_policy

    path = ws.policy_path("redaction")
    try:
        policy = load_policy(path)
    except PolicyValidationError as err:
        raise PolicyError(err.message, path=err.path, line=err.line) from None
    return LoadedPolicy(policy, path, hashlib.sha256(path.read_bytes()).hexdigest())
