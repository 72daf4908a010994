"""A real tiny run end to end: train (in-process), then the demo step: generate, simulated ratings, probes,
gate, report. Uses only public APIs of the training stage."""

from __future__ import annotations

import io
import json

from rich.console import Console

from kit.demo import DemoContext
from kit.evaluation.demo import demo_step
from kit.evaluation.store import generations, latest_probes

ANSWERS = [
    "Drink plenty of water and rest.",
    "Call the nurse line if the fever lasts.",
    "Take the medication twice a day with food.",
]


def _save_dataset(folder):
    from datasets import Dataset, DatasetDict

    def rows(n, offset):
        return [
            {
                "id": f"ex-{i}",
                "prompt": f"question {i} about the visit",
                "response": ANSWERS[i % 3],
                "source": "faq",
                "category": "care",
                "quality": 1.0,
            }
            for i in range(offset, offset + n)
        ]

    DatasetDict(
        train=Dataset.from_list(rows(8, 0)),
        validation=Dataset.from_list(rows(2, 100)),
        test=Dataset.from_list(rows(4, 200)),
    ).save_to_disk(str(folder))
    (folder / "stats.json").write_text(json.dumps({"n_train": 8, "categories": {"care": 8}}))
    return folder


def test_when_demo_step_runs_on_a_trained_run_then_report_and_verdict_are_produced(workspace, actors, tmp_path):
    from kit.training.config import build_config
    from kit.training.registry import add_model
    from kit.training.runs import create_run, execute
    from tests.tiny_models import tiny_causal_lm

    add_model(workspace, tiny_causal_lm(tmp_path), name="tiny")
    cfg = build_config(
        "lora",
        epochs=1,
        batch_size=4,
        micro_batch_size=2,
        learning_rate=1e-2,
        warmup_ratio=0.0,
        lr_schedule="constant",
        max_seq_len=64,
        eval_generations=0,
        eval_max_new_tokens=4,
    )
    run = create_run(workspace, "tiny", str(_save_dataset(tmp_path / "ds")), cfg, actors["mel"], launch=False)
    assert execute(workspace, run.id).status == "completed"

    out = io.StringIO()
    ctx = DemoContext(
        console=Console(file=out, width=200), vault=None, actors=actors, fast=True, state={"run_id": run.id}
    )
    demo_step(workspace, ctx)
    text = " ".join(out.getvalue().split())  # the console wraps long lines
    assert "SIMULATED" in text and "Release gate: REFUSED" in text and "Report:" in text
    assert "answers average" in text and "before the 64-token limit" in text and "validation step" in text
    eval_id = ctx.state["eval_id"]
    assert len(generations(workspace, eval_id)) == 8  # 4 prompts x (base, fine-tuned)
    assert {"phi", "memorization"} <= set(latest_probes(workspace, eval_id))
    from kit.status import stages

    rate = next(s for s in stages(workspace) if s.key == "rate")
    assert rate.summary == "6/6 ratings (6 simulated, not people)"
    html = open(ctx.state["report"]).read()
    assert "SIMULATED rater" in html and 'alt="loss curve"' in html and 'alt="win tie loss bars"' in html
    assert "PHI probe: " in html and "Memorization probe on 4 training examples, seed 0, of 8" in html

    from typer.testing import CliRunner

    from kit.cli import app
    from tests.conftest import PASSWORDS

    def kit(user, *args):
        return CliRunner().invoke(app, list(args), env={"KIT_USER": user, "KIT_PASSWORD": PASSWORDS[user]})

    refused = kit("carol", "release", run.id)
    assert refused.exit_code != 0 and "refused by the gate" in refused.output
    assert "min_ratings" in refused.output and "require_signoff" in refused.output
    assert not any(workspace.releases_dir.iterdir())
    report = kit("mel", "report", run.id, "--output", str(tmp_path / "report.html"))
    assert report.exit_code == 0 and (tmp_path / "report.html").is_file()
    stats = kit("mel", "eval", "stats", "--run", run.id)
    assert stats.exit_code == 0 and json.loads(stats.stdout)["n_simulated"] == 6
