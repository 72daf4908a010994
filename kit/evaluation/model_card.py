"""The model card written with every release (markdown; ids, hashes and numbers only)."""

from __future__ import annotations

from kit.evaluation.gate import GateFacts, GateVerdict
from kit.evaluation.lineage import RunFacts


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def render_model_card(release_id: str, run: RunFacts, facts: GateFacts, verdict: GateVerdict, lineage: dict) -> str:
    """Markdown card: what the model is, what it was trained on, how it was validated, the lineage."""
    signoff = lineage.get("signoff") or {}
    rows = "\n".join(f"| {c.name} | {'pass' if c.passed else 'FAIL'} | {c.detail} |" for c in verdict.criteria)
    return f"""# Model card: {run.run_id} (release {release_id})

A LoRA adapter fine-tuned with lima-kit on a small curated instruction set (the LIMA recipe), released after
blind expert rating against its base model and privacy probes.

## Model
- Base model: `{run.model}` (manifest sha256 `{run.model_sha256}`)
- Adapter: `adapter/` (load with `peft.PeftModel.from_pretrained(base, "adapter")`)
- Training run: `{run.run_id}`, final step {run.final_step}, config sha256 `{run.config_sha256}`

## Training data
- Dataset `{run.dataset}` @ `{run.dataset_hash}`, built from records redacted under the workspace's PHI
  policy and signed off by compliance (sign-off `{signoff.get("id")}`, by {signoff.get("by") or "n/a"}).

## Evaluation (evaluation `{facts.eval_id}`)
- Ratings vs base model: {facts.n_ratings}; candidate wins or ties in {_pct(facts.win_or_tie)}
  (95% lower bound {_pct(facts.win_or_tie_lower)}), LIMA protocol, raters blind to model identity.
- PHI findings in the candidate's answers: {facts.phi_findings}
- Memorization probe, longest verbatim run share of a training response: {facts.max_verbatim_overlap}

## Release gate (decision {verdict.decision_id})
| criterion | result | detail |
|---|---|---|
{rows}

## Intended use and limits
For use inside the releasing organization, on the kind of requests its dataset covers. A small fine-tune
learns style and format more than new knowledge (LIMA's superficial alignment hypothesis); keep a human in
the loop for clinical decisions. Approved by {lineage["approver"]["name"]} ({lineage["approver"]["role"]}).

## Lineage
dataset `{run.dataset_hash}` -> sign-off `{signoff.get("id")}` -> run `{run.run_id}` -> evaluation
`{facts.eval_id}` -> approver `{lineage["approver"]["name"]}`. Full chain and artifact hashes: `lineage.json`.
"""
