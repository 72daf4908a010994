"""`kit eval` from the command line: assign, rate (scriptable), export, stats and its error contract."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kit.cli import app
from tests.conftest import PASSWORDS
from tests.evaluation.conftest import BASE, RUN_ID


def kit(user, *args):
    env = {"KIT_USER": user, "KIT_PASSWORD": PASSWORDS[user]} if user else {}
    return CliRunner().invoke(app, list(args), env=env)


def test_when_experts_rate_through_the_cli_then_export_feeds_stats(workspace, stored_eval, tmp_path):
    assigned = kit("mel", "eval", "assign", "--run", RUN_ID, "--raters", "dana,raj", "--overlap", "2")
    assert assigned.exit_code == 0, assigned.output
    for rater in ("dana", "raj"):
        while True:
            shown = kit(rater, "eval", "rate", "next", "--json")
            view = json.loads(shown.stdout)
            if view is None:
                break
            assert RUN_ID not in shown.stdout and BASE not in shown.stdout
            choice = "a" if view["answer_a"].startswith("Fine-tuned") else "b"
            assert kit(rater, "eval", "rate", "submit", str(view["task_id"]), choice).exit_code == 0
    denied = kit("mel", "eval", "rate", "next")
    assert denied.exit_code == 3
    out = tmp_path / "ratings.jsonl"
    assert kit("mel", "eval", "export-ratings", "--run", RUN_ID, "-o", str(out)).exit_code == 0
    result = kit(None, "eval", "stats", "--ratings", str(out), "--baseline", BASE)
    stats = json.loads(result.stdout)
    assert stats["n_ratings"] == 8 and stats["pairs"][0]["systems"] == [RUN_ID, BASE]
    assert stats["pairs"][0]["win"] == 100.0 and stats["agreement"]["tie_discounted"] == 1.0


def test_when_ratings_file_has_a_bad_line_then_one_line_error_and_nonzero_exit(tmp_path):
    path = tmp_path / "ratings.jsonl"
    path.write_text(
        json.dumps({"item": "1", "rater": "r", "a": "x", "b": "y", "choice": "a"})
        + "\n"
        + json.dumps({"item": "2", "rater": "r", "a": "x", "b": "y"})
        + "\n"
    )
    result = kit(None, "eval", "stats", "--ratings", str(path))
    assert result.exit_code == 2
    assert result.stdout.strip() == ""
    assert f"{path}:2: missing field 'choice'" in result.output and len(result.output.strip().splitlines()) == 1
