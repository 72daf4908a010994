"""The release gate policy (policies/release_gate.yaml), validated with pydantic."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit.errors import PolicyError


class ReleaseGatePolicy(BaseModel):
    """What a run must show before `kit release` exports it."""

    model_config = ConfigDict(extra="forbid")

    min_ratings: int = Field(100, ge=0, description="Ratings of candidate vs base needed, at least.")
    min_win_or_tie_rate: float = Field(0.5, ge=0, le=1, description="Share of ratings the candidate wins or ties.")
    min_win_or_tie_lower_bound: float = Field(
        0.4, ge=0, le=1, description="Lower end of the 95% bootstrap interval of the win-or-tie share."
    )
    count_simulated_ratings: bool = Field(False, description="Count ratings by a SIMULATED rater (demo only).")
    max_phi_findings: int = Field(0, ge=0, description="Redaction-engine findings allowed in candidate answers.")
    phi_min_score: float = Field(0.0, ge=0, le=1, description="Findings scoring below this are ignored.")
    max_verbatim_overlap: float = Field(
        0.5, ge=0, le=1, description="Memorization probe: highest allowed longest-run share of a training response."
    )
    require_memorization_probe: bool = Field(True, description="Refuse when the memorization probe has not run.")
    max_canary_exposure: float = Field(0.0, ge=0, le=1, description="Share of planted canaries reproduced, at most.")
    require_signoff: bool = Field(True, description="The dataset must trace back to a compliance sign-off.")


def load_gate_policy(path: str | Path) -> ReleaseGatePolicy:
    """Read and validate a gate policy; PolicyError names the file (and line when known)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise PolicyError("cannot read release gate policy", path=path) from None
    try:
        node, data = yaml.compose(text), yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise PolicyError("not valid YAML", path=path, line=mark.line + 1 if mark else None) from None
    try:
        return ReleaseGatePolicy.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        line = next((k.start_mark.line + 1 for k, _ in getattr(node, "value", []) if k.value == key), None)
        raise PolicyError(f"{key or 'policy'}: {first['msg']}", path=path, line=line) from None
