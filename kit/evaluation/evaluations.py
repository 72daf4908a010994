"""`kit eval generate`: answer a run's test prompts with the base model and the fine-tuned adapter.

The answers go to kit.db (``generations``) and to ``evals/<id>/`` (``generations.jsonl`` + ``eval.json``).
Both are written together: the folder is staged, the rows inserted, and the folder renamed into place before
the transaction commits, so a failure leaves neither.
"""

from __future__ import annotations

import json
import secrets
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from kit.errors import InputError, StateError
from kit.evaluation.generation import Answer, SamplingConfig, SystemSpec, answer_all
from kit.evaluation.store import now
from kit.fsutil import atomic_write_text
from kit.users import Actor, Role, require_role

GENERATE_ROLES = (Role.ADMIN, Role.ML_ENGINEER, Role.SYSTEM)


@dataclass(frozen=True)
class EvalPlan:
    """Everything a generation pass needs, resolved from the workspace (or given directly in tests)."""

    run_id: str
    dataset: str
    split: str
    candidate: SystemSpec
    baseline: SystemSpec
    others: tuple[SystemSpec, ...]
    prompts: tuple[tuple[str, str], ...]

    @property
    def systems(self) -> list[SystemSpec]:
        """Base first, then the candidate, then any other runs."""
        return [self.baseline, self.candidate, *self.others]


def base_system_name(model: str) -> str:
    """System name of a base model: ``base:<model>``."""
    return f"base:{model}"


def load_split(dataset_path: Path, split: str, limit: int | None = None, columns=("id", "prompt")) -> list[dict]:
    """Rows of one split of a saved DatasetDict (first ``limit`` rows)."""
    from datasets import load_from_disk

    dsd = load_from_disk(str(dataset_path))
    if split not in dsd:
        raise InputError(f"dataset has no split {split!r} (it has: {', '.join(dsd.keys())})", path=dataset_path)
    rows = dsd[split]
    if limit is not None:
        rows = rows.select(range(min(limit, len(rows))))
    return [{c: str(row[c]) for c in columns} for row in rows]


def run_systems(ws, run_id: str) -> tuple[SystemSpec, SystemSpec]:
    """(fine-tuned system, base system) of a completed run; a full fine-tune is its own model folder."""
    from kit.training.registry import resolve_model
    from kit.training.runs import get_run

    run = get_run(ws, run_id)
    if run.status != "completed" or not run.adapter_dir or not Path(run.adapter_dir).exists():
        raise StateError(f"run {run_id!r} has no trained adapter (status {run.status}); finish training first")
    model = resolve_model(ws, run.model)
    adapter = Path(run.adapter_dir)
    if (adapter / "adapter_config.json").is_file():
        candidate = SystemSpec(run.id, Path(model.path), adapter)
    else:
        candidate = SystemSpec(run.id, adapter)
    return candidate, SystemSpec(base_system_name(model.name), Path(model.path))


def plan_for_run(ws, run_id: str, split: str = "test", limit: int | None = None, also: Sequence[str] = ()) -> EvalPlan:
    """Resolve run, base model, dataset and prompts for ``run_id``."""
    from kit.evaluation.lineage import run_dataset

    candidate, baseline = run_systems(ws, run_id)
    data = run_dataset(ws, run_id)
    prompts = tuple((row["id"], row["prompt"]) for row in load_split(Path(data.path), split, limit))
    if not prompts:
        raise StateError(f"split {split!r} of dataset {data.name} has no prompts")
    others = tuple(run_systems(ws, other)[0] for other in also)
    return EvalPlan(run_id, f"{data.name}@{data.hash}", split, candidate, baseline, others, prompts)


def new_eval_id() -> str:
    """Sortable, unique: ``ev-20240101-120000-1a2b``."""
    return f"ev-{datetime.now(timezone.utc):%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def record_evaluation(ws, actor: Actor, plan: EvalPlan, answers: Sequence[Answer], cfg: SamplingConfig) -> str:
    """Store answers in kit.db and ``evals/<id>/`` atomically; audit; return the evaluation id."""
    eval_id = new_eval_id()
    prompts = dict(plan.prompts)
    final = Path(ws.evals_dir) / eval_id
    staging = Path(ws.evals_dir) / f".{eval_id}.staging"
    staging.mkdir(parents=True)
    meta = {
        "id": eval_id,
        "run_id": plan.run_id,
        "dataset": plan.dataset,
        "split": plan.split,
        "candidate": plan.candidate.name,
        "baseline": plan.baseline.name,
        "systems": [s.name for s in plan.systems],
        "sampling": cfg.to_dict(),
        "n_prompts": len(prompts),
    }
    try:
        atomic_write_text(staging / "eval.json", json.dumps(meta, indent=2))
        lines = [
            json.dumps(
                {
                    "prompt_id": a.prompt_id,
                    "system": a.system,
                    "prompt": prompts[a.prompt_id],
                    "answer": a.text,
                    "seed": a.seed,
                    "batch": a.batch,
                    "n_new_tokens": a.n_new_tokens,
                }
            )
            for a in answers
        ]
        atomic_write_text(staging / "generations.jsonl", "\n".join(lines) + "\n")
        with ws.transaction() as conn:
            conn.execute(
                "INSERT INTO evaluations (id, run_id, dataset, split, candidate, baseline, systems, sampling, "
                "created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    eval_id,
                    plan.run_id,
                    plan.dataset,
                    plan.split,
                    plan.candidate.name,
                    plan.baseline.name,
                    json.dumps(meta["systems"]),
                    json.dumps(meta["sampling"]),
                    actor.name,
                    now(),
                ),
            )
            conn.executemany(
                "INSERT INTO generations (eval_id, prompt_id, system, prompt, answer, seed, batch, n_new_tokens) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [
                    (eval_id, a.prompt_id, a.system, prompts[a.prompt_id], a.text, a.seed, a.batch, a.n_new_tokens)
                    for a in answers
                ],
            )
            staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    ws.audit().append(
        actor,
        "eval.generate",
        eval_id,
        run=plan.run_id,
        split=plan.split,
        n_prompts=len(prompts),
        systems=meta["systems"],
        seed=cfg.seed,
    )
    return eval_id


def generate(ws, actor: Actor, plan: EvalPlan, cfg: SamplingConfig | None = None) -> str:
    """Answer every prompt of ``plan`` with every system; store; return the evaluation id."""
    require_role(actor, *GENERATE_ROLES)
    cfg = cfg or SamplingConfig()
    answers = answer_all(plan.systems, plan.prompts, cfg)
    return record_evaluation(ws, actor, plan, answers, cfg)


def generate_for_run(
    ws,
    actor: Actor,
    run_id: str,
    split: str = "test",
    limit: int | None = None,
    also: Sequence[str] = (),
    cfg: SamplingConfig | None = None,
) -> str:
    """`kit eval generate --run RUN`: resolve the run's prompts and systems, then :func:`generate`."""
    require_role(actor, *GENERATE_ROLES)
    return generate(ws, actor, plan_for_run(ws, run_id, split, limit, also), cfg)
