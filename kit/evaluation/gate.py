"""The release gate: evaluate a run against policies/release_gate.yaml and record the decision.

:func:`evaluate_gate` is pure (facts in, verdict out). :func:`decide` gathers the facts from the workspace
(ratings, probe summaries, sign-off), evaluates, stores the decision and audits it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kit.evaluation.gate_policy import ReleaseGatePolicy, load_gate_policy
from kit.evaluation.lineage import KitLineage, LineageSource, SignoffFacts
from kit.evaluation.rating import stored_ratings
from kit.evaluation.results import pair_against
from kit.evaluation.stats import compute_stats
from kit.evaluation.store import Evaluation, latest_evaluation, now, probes_for
from kit.users import Actor


@dataclass
class GateFacts:
    """What the gate looks at; None means "not measured"."""

    eval_id: str | None = None
    n_ratings: int = 0
    n_simulated_excluded: int = 0
    """Simulated (demo) ratings of the evaluation that the policy does not count."""
    win_or_tie: float | None = None
    """Share (0-1) of candidate-vs-base ratings the candidate wins or ties."""
    win_or_tie_lower: float | None = None
    """Lower end of that share's 95% interval."""
    phi_findings: int | None = None
    """Findings in the candidate's answers at or above the policy's score."""
    max_verbatim_overlap: float | None = None
    canary_exposure: float | None = None
    signoff: SignoffFacts | None = None
    stats: dict = field(default_factory=dict)
    probes: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Criterion:
    """One line of the verdict."""

    name: str
    passed: bool
    value: object
    threshold: object
    detail: str


@dataclass(frozen=True)
class GateVerdict:
    """All criteria; the run passes when every one does."""

    criteria: list[Criterion]
    decision_id: int | None = None

    @property
    def passed(self) -> bool:
        """True when every criterion holds."""
        return all(c.passed for c in self.criteria)

    @property
    def failing(self) -> list[Criterion]:
        """The criteria that do not hold."""
        return [c for c in self.criteria if not c.passed]

    def to_json(self) -> dict:
        """JSON-ready verdict."""
        return {"passed": self.passed, "criteria": [asdict(c) for c in self.criteria]}


def _at_least(name: str, value: float | None, threshold: float, what: str) -> Criterion:
    ok = value is not None and value >= threshold
    shown = "not measured" if value is None else f"{value:g}"
    return Criterion(name, ok, value, threshold, f"{what} {shown} (needs >= {threshold:g})")


def _at_most(
    name: str, value: float | None, threshold: float, what: str, required: bool = True, hint: str = ""
) -> Criterion:
    if value is None:
        return Criterion(
            name, not required, None, threshold, f"{what} not measured" + (hint if required else " (optional)")
        )
    return Criterion(name, value <= threshold, value, threshold, f"{what} {value:g} (allowed <= {threshold:g})")


def _ratings_label(facts: GateFacts) -> str:
    """Name what the ratings count covers, so simulated ones left out are not a surprise."""
    if not facts.n_simulated_excluded:
        return "ratings vs base"
    return f"human ratings vs base ({facts.n_simulated_excluded} simulated rating(s) not counted by the policy)"


def _probe_hint(facts: GateFacts, kind: str) -> str:
    """How to measure a missing probe of the gated evaluation."""
    if facts.eval_id is None:
        return ": no evaluation yet (kit eval generate --run RUN)"
    return f": evaluation {facts.eval_id} has no {kind} probe (kit eval probe --eval {facts.eval_id})"


def _measured_on(facts: GateFacts, kind: str) -> str:
    """Where a model-level probe was measured, when it was not the gated evaluation."""
    source = facts.probes.get(kind, {}).get("eval_id")
    return f" on evaluation {source} of the same run" if source and source != facts.eval_id else ""


def evaluate_gate(facts: GateFacts, policy: ReleaseGatePolicy) -> GateVerdict:
    """Check every criterion of ``policy`` against ``facts``."""
    criteria = [
        _at_least("min_ratings", facts.n_ratings, policy.min_ratings, _ratings_label(facts)),
        _at_least("min_win_or_tie_rate", facts.win_or_tie, policy.min_win_or_tie_rate, "win-or-tie rate"),
        _at_least(
            "min_win_or_tie_lower_bound",
            facts.win_or_tie_lower,
            policy.min_win_or_tie_lower_bound,
            "win-or-tie 95% lower bound",
        ),
        _at_most(
            "max_phi_findings",
            facts.phi_findings,
            policy.max_phi_findings,
            "PHI findings in outputs",
            hint=_probe_hint(facts, "PHI"),
        ),
        _at_most(
            "max_verbatim_overlap",
            facts.max_verbatim_overlap,
            policy.max_verbatim_overlap,
            "longest verbatim run share" + _measured_on(facts, "memorization"),
            required=policy.require_memorization_probe,
            hint=_probe_hint(facts, "memorization"),
        ),
        _at_most(
            "max_canary_exposure", facts.canary_exposure, policy.max_canary_exposure, "canary exposure", required=False
        ),
    ]
    if policy.require_signoff:
        signed = facts.signoff is not None
        criteria.append(
            Criterion(
                "require_signoff",
                signed,
                facts.signoff.id if signed else None,
                True,
                f"compliance sign-off {facts.signoff.id}" if signed else "no compliance sign-off behind the dataset",
            )
        )
    return GateVerdict(criteria)


def gather_facts(ws, run_id: str, ev: Evaluation | None, policy: ReleaseGatePolicy, source: LineageSource) -> GateFacts:
    """Sign-off of the run, ratings and probe summaries of its evaluation ``ev`` (None: nothing measured)."""
    facts = GateFacts(eval_id=ev.id if ev else None, signoff=source.signoff(ws, run_id))
    if ev is None:
        return facts
    stored = stored_ratings(ws, ev.id)
    counted = [r for r in stored if policy.count_simulated_ratings or not r.simulated]
    facts.n_simulated_excluded = len(stored) - len(counted)
    ratings = [r.rating for r in counted]
    versus = [r for r in ratings if set(r.pair) == {ev.candidate, ev.baseline}]
    if versus:
        facts.stats = compute_stats(versus, baselines=[ev.baseline])
        pair = pair_against(facts.stats, ev.candidate, ev.baseline)
        facts.n_ratings = pair["n_ratings"]
        facts.win_or_tie = round(pair["win_or_tie"] / 100, 4)
        facts.win_or_tie_lower = round(pair["ci95"]["win_or_tie"][0] / 100, 4)
    facts.probes = probes_for(ws, ev)
    if "phi" in facts.probes:
        facts.phi_findings = sum(
            1
            for f in facts.probes["phi"]["findings"]
            if f["system"] == ev.candidate and f["score"] >= policy.phi_min_score
        )
    if "memorization" in facts.probes:
        facts.max_verbatim_overlap = facts.probes["memorization"]["max_lcs_ratio"]
    if "canary" in facts.probes:
        facts.canary_exposure = facts.probes["canary"]["exposure_rate"]
    return facts


def gate_policy_for(ws, policy: ReleaseGatePolicy | str | Path | None) -> ReleaseGatePolicy:
    """A policy object from an object, a path, or the workspace's configured release gate."""
    if isinstance(policy, ReleaseGatePolicy):
        return policy
    return load_gate_policy(policy or ws.policy_path("release_gate"))


def assess(
    ws, run_id: str, policy: ReleaseGatePolicy | str | Path | None = None, source: LineageSource | None = None
) -> tuple[GateVerdict, GateFacts]:
    """The gate's verdict on the run's latest evaluation, without recording it (the report uses this)."""
    policy = gate_policy_for(ws, policy)
    facts = gather_facts(ws, run_id, latest_evaluation(ws, run_id), policy, source or KitLineage())
    return evaluate_gate(facts, policy), facts


def decide(
    ws,
    actor: Actor,
    run_id: str,
    policy: ReleaseGatePolicy | str | Path | None = None,
    source: LineageSource | None = None,
) -> tuple[GateVerdict, GateFacts]:
    """Evaluate the gate for the run's latest evaluation; store the decision and audit it."""
    policy = gate_policy_for(ws, policy)
    verdict, facts = assess(ws, run_id, policy, source)
    with ws.transaction() as conn:
        cursor = conn.execute(
            "INSERT INTO gate_decisions (run_id, eval_id, passed, criteria, policy, decided_by, created_at) "
            "VALUES (?,?,?,?,?,?,?)",
            (
                run_id,
                facts.eval_id,
                int(verdict.passed),
                json.dumps(verdict.to_json()["criteria"], default=str),
                policy.model_dump_json(),
                actor.name,
                now(),
            ),
        )
    verdict = GateVerdict(verdict.criteria, cursor.lastrowid)
    ws.audit().append(
        actor,
        "release.gate",
        run_id,
        eval_id=facts.eval_id,
        passed=verdict.passed,
        decision=verdict.decision_id,
        failing=[c.name for c in verdict.failing],
    )
    return verdict, facts
