"""`kit release RUN`: pass the gate, then export the adapter (optionally merged) with card and lineage.

Everything is written to ``releases/.<id>.staging`` first and renamed into place inside the database
transaction that records the release, so a failure leaves no half-written release behind.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from kit.errors import StateError
from kit.evaluation.gate import GateFacts, GateVerdict, decide
from kit.evaluation.gate_policy import ReleaseGatePolicy
from kit.evaluation.lineage import KitLineage, LineageSource, RunFacts
from kit.evaluation.model_card import render_model_card
from kit.evaluation.store import now
from kit.fsutil import atomic_write_text
from kit.users import Actor, Role, require_role

RELEASE_ROLES = (Role.ADMIN, Role.COMPLIANCE)


class GateRefused(StateError):
    """The release gate did not pass; the message lists the failing criteria."""


@dataclass(frozen=True)
class ReleaseResult:
    """A finished release."""

    id: str
    path: Path
    merged: bool
    verdict: GateVerdict
    lineage: dict


def build_lineage(run: RunFacts, facts: GateFacts, verdict: GateVerdict, actor: Actor) -> dict:
    """The chain: dataset hash -> redaction sign-off -> run -> evaluation -> approver."""
    return {
        "dataset": {"name": run.dataset, "hash": run.dataset_hash},
        "signoff": asdict(facts.signoff) if facts.signoff else None,
        "run": {
            "id": run.run_id,
            "model": run.model,
            "model_sha256": run.model_sha256,
            "config_sha256": run.config_sha256,
            "final_step": run.final_step,
        },
        "evaluation": {
            "id": facts.eval_id,
            "n_ratings": facts.n_ratings,
            "win_or_tie": facts.win_or_tie,
            "win_or_tie_lower95": facts.win_or_tie_lower,
            "phi_findings": facts.phi_findings,
            "max_verbatim_overlap": facts.max_verbatim_overlap,
            "gate_decision": verdict.decision_id,
        },
        "approver": {"name": actor.name, "role": str(actor.role), "at": now()},
    }


def _sha256_tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def merge_adapter(run: RunFacts, target: Path) -> None:
    """Fold the LoRA adapter into the base weights and save a standalone model + tokenizer."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM, AutoTokenizer

    base = AutoModelForCausalLM.from_pretrained(run.model_path)
    merged = PeftModel.from_pretrained(base, run.adapter_dir).merge_and_unload()
    merged.save_pretrained(target)
    AutoTokenizer.from_pretrained(run.model_path).save_pretrained(target)


def refusal_message(run_id: str, verdict: GateVerdict) -> str:
    """One line naming every failing criterion."""
    failing = "; ".join(f"{c.name}: {c.detail}" for c in verdict.failing)
    return f"release of run {run_id} refused by the gate (decision {verdict.decision_id}): {failing}"


def release_run(
    ws,
    actor: Actor,
    run_id: str,
    merge: bool = False,
    policy: ReleaseGatePolicy | str | Path | None = None,
    source: LineageSource | None = None,
) -> ReleaseResult:
    """Gate the run; on pass export to ``releases/<id>/``; on fail raise GateRefused (decision is recorded)."""
    require_role(actor, *RELEASE_ROLES)
    source = source or KitLineage()
    verdict, facts = decide(ws, actor, run_id, policy, source)
    if not verdict.passed:
        raise GateRefused(refusal_message(run_id, verdict))
    run = source.run(ws, run_id)
    release_id = f"rel-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"
    lineage = build_lineage(run, facts, verdict, actor)
    final = Path(ws.releases_dir) / release_id
    staging = Path(ws.releases_dir) / f".{release_id}.staging"
    try:
        shutil.copytree(run.adapter_dir, staging / "adapter")
        if merge:
            merge_adapter(run, staging / "merged")
        lineage["artifacts"] = _sha256_tree(staging)
        atomic_write_text(staging / "lineage.json", json.dumps(lineage, indent=2, default=str))
        atomic_write_text(staging / "gate.json", json.dumps(verdict.to_json(), indent=2, default=str))
        atomic_write_text(staging / "model_card.md", render_model_card(release_id, run, facts, verdict, lineage))
        with ws.transaction() as conn:
            conn.execute(
                "INSERT INTO releases (id, run_id, eval_id, decision_id, merged, path, lineage, approved_by,"
                " created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    release_id,
                    run_id,
                    facts.eval_id,
                    verdict.decision_id,
                    int(merge),
                    str(final),
                    json.dumps(lineage, default=str),
                    actor.name,
                    now(),
                ),
            )
            staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    ws.audit().append(
        actor,
        "release.export",
        release_id,
        run=run_id,
        eval_id=facts.eval_id,
        merged=merge,
        decision=verdict.decision_id,
        dataset_hash=run.dataset_hash,
    )
    return ReleaseResult(release_id, final, merge, verdict, lineage)
