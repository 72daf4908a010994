"""Seed stage data through the kit's own library calls: a tiny in-process training run, hand-written answers."""

from __future__ import annotations

from pathlib import Path

from kit.evaluation.assignment import assign
from kit.evaluation.evaluations import EvalPlan, base_system_name, record_evaluation
from kit.evaluation.generation import Answer, SamplingConfig, SystemSpec
from kit.evaluation.probes.runner import run_probes
from kit.evaluation.rating import next_task, submit_rating
from kit.users import Role
from kit.workspace import Workspace
from tests.ui.conftest import USERS, actor

PROMPTS = (
    ("p1", "How should I store insulin pens?"),
    ("p2", "What does a fasting glucose test measure?"),
    ("p3", "When is a flu shot recommended?"),
)
RUN_ID, BASE = "run-ui-test", "base:tiny"
ANSWERS = {"base": "<b>Short</b> answer to {pid}.", "run": "A longer, careful answer to {pid}.\n\nSee a clinician."}
LENIENT_GATE = """# Test gate: kit release RUN
min_ratings: 3
min_win_or_tie_rate: 0.5
min_win_or_tie_lower_bound: 0.0
max_phi_findings: 0
require_memorization_probe: false
require_signoff: false
"""


def completed_run(ws: Workspace, model_dir: Path, dataset_dir: Path) -> str:
    """Register the tiny model and train one step in this process (about 3 s); return the run id."""
    from kit.training.registry import add_model
    from kit.training.runs import create_run, execute
    from tests.training.conftest import fast_config

    add_model(ws, model_dir, name="tiny")
    run = create_run(
        ws, "tiny", str(dataset_dir), fast_config(max_steps=1, epochs=1), actor(Role.ML_ENGINEER), launch=False
    )
    execute(ws, run.id)
    return run.id


def evaluation(ws: Workspace, run_id: str = RUN_ID) -> str:
    """A recorded evaluation of ``run_id`` against the tiny base model on three prompts (answers by hand)."""
    base = base_system_name("tiny")
    plan = EvalPlan(
        run_id, "demo@0000", "test", SystemSpec(run_id, Path(".")), SystemSpec(base, Path(".")), (), PROMPTS
    )
    answers = [
        Answer(pid, system, ANSWERS[kind].format(pid=pid), 0, 0, 5)
        for pid, _ in PROMPTS
        for kind, system in (("base", base), ("run", run_id))
    ]
    return record_evaluation(ws, actor(Role.ML_ENGINEER), plan, answers, SamplingConfig())


def evaluation_with_tasks(ws: Workspace, run_id: str = RUN_ID) -> str:
    """:func:`evaluation` with every task assigned to the domain expert."""
    eval_id = evaluation(ws, run_id)
    assign(ws, actor(Role.ML_ENGINEER), eval_id, [USERS[Role.DOMAIN_EXPERT]], overlap=0)
    return eval_id


def rated_and_probed(ws: Workspace, run_id: str) -> str:
    """An evaluation rated (the longer answer preferred), PHI-probed clean, under a lenient workspace gate."""
    eval_id = evaluation_with_tasks(ws, run_id)
    rater = actor(Role.DOMAIN_EXPERT)
    while (view := next_task(ws, rater)) is not None:
        submit_rating(ws, rater, view.task_id, "a" if view.answer_a.startswith("A longer") else "b", "pass")
    run_probes(ws, actor(Role.ML_ENGINEER), eval_id, detector=lambda text: [], memorization=False)
    (ws.root / "policies").mkdir(exist_ok=True)
    (ws.root / "policies" / "release_gate.yaml").write_text(LENIENT_GATE, encoding="utf-8")
    return eval_id


TOPICS = [
    "insulin storage",
    "flu shots",
    "blood pressure",
    "fasting tests",
    "wound care",
    "sleep habits",
    "hydration",
    "allergy season",
    "knee pain",
    "vitamin D",
    "cholesterol",
    "migraine",
    "back pain",
    "asthma inhalers",
    "antibiotics",
    "sunscreen",
    "foot care",
    "heart rate",
    "physical therapy",
    "stress",
]
WORDS = (
    "water rest walk sleep food salt sugar fiber fruit doctor nurse clinic pharmacy dose tablet cream bandage "
    "ice heat stretch breathing weight pulse fever cough rash swelling relief routine"
).split()


def clean_pairs(n: int = 20, seed: int = 0) -> list[dict]:
    """Distinct, PHI-free FAQ pairs (varied enough to survive dedup, English enough for the language filter)."""
    import random

    rng = random.Random(seed)

    def sentence() -> str:
        a, b, c, d, e, f = rng.sample(WORDS, 6)
        return f"You can {a} and {b} in the {c} if it is {d}, and tell your {e} about the {f}."

    return [
        {
            "id": f"qa-{i}",
            "prompt": f"What should I know about {topic}?",
            "response": f"About {topic}: " + " ".join(sentence() for _ in range(4)),
            "source": "faq",
            "category": ["care", "medications", "lifestyle"][i % 3],
        }
        for i, topic in enumerate(TOPICS[:n])
    ]


def signed_off(ws: Workspace, folder: Path, *, draw: bool = True, check: bool = True, sign: bool = True) -> None:
    """Ingest clean pairs, detect, resolve, QA-check a small sample and sign off (lenient workspace threshold).

    ``draw=False`` stops before the QA draw, ``check=False`` after it (the sample left pending).
    """
    import json

    from kit.ingest import ingest
    from kit.review import decisions, sampling, signoff
    from kit.review.detect import run_detection
    from kit.review.views import queue, record_view
    from tests.review.conftest import set_review

    carol, vault = actor(Role.COMPLIANCE), ws.vault()
    set_review(ws, mode="sample_n", n=3, threshold=0.9)
    path = folder / "pairs.jsonl"
    pairs = clean_pairs()
    pairs += [{**pairs[0], "id": "qa-copy"}, {"id": "qa-short", "prompt": "Open today?", "response": "Yes."}]
    path.write_text("".join(json.dumps(p) + "\n" for p in pairs), encoding="utf-8")
    ingest(ws, vault, path, "examples", carol)
    run_detection(ws, vault, carol)
    for item in queue(ws, carol, limit=None):
        for fv in record_view(ws, vault, carol, item.record_id).findings:
            if fv.low_confidence:
                decisions.decide(ws, vault, carol, fv.finding.id, "reject")
    if not draw:
        return
    drawn = sampling.draw_sample(ws, vault, carol).drawn
    if not check:
        return
    for record_id in drawn:
        sampling.mark_clean(ws, carol, record_id)
    if sign:
        signoff.sign_off(ws, carol)
