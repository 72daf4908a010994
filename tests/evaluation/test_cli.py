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


# The ARCHITECTURE.md contract, worked by hand. Pair ft vs base (base found by name, shown second):
#   i1: r1 a=ft wins, r2 b=ft wins      -> ft W W
#   i2: r1 tie,       r2 b=ft wins      -> ft T W
#   i3: r1 b=base,    r2 a=base wins    -> ft L L
#   i4: r1 b=ft wins                    -> ft W
# 7 ratings: win 4/7 = 57.14%, tie 1/7 = 14.29%, loss 2/7 = 28.57%, win or tie 5/7 = 71.43%.
# Pair ft vs other, one rater: j1 ft wins, j2 other wins -> 50 / 0 / 50. A bootstrap over its two items
# draws 0, 1 or 2 ft-wins with probability 1/4, 1/2, 1/4, so the 2.5th and 97.5th percentiles are 0 and 100.
# Agreement on the items both raters judged (i1, i2, i3): same label on i1 and i3, tie vs ft on i2, so LIMA's
# tie-discounted agreement is (1 + 0.5 + 1) / 3 = 0.8333. Cohen's kappa: observed 2/3; r1 says ft/tie/base
# once each, r2 says ft twice and base once, so chance = (1/3)(2/3) + (1/3)(1/3) + (1/3)(0) = 1/3 and
# kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5.
CONTRACT_LINES = [
    ("i1", "r1", "ft", "base", "a"),
    ("i2", "r1", "ft", "base", "tie"),
    ("i3", "r1", "ft", "base", "b"),
    ("i4", "r1", "base", "ft", "b"),
    ("i1", "r2", "base", "ft", "b"),
    ("i2", "r2", "base", "ft", "b"),
    ("i3", "r2", "base", "ft", "a"),
    ("j1", "r1", "ft", "other", "a"),
    ("j2", "r1", "other", "ft", "a"),
]


def test_when_stats_reads_a_contract_ratings_file_then_json_matches_hand_computed_values(tmp_path):
    path = tmp_path / "RATINGS.jsonl"
    keys = ("item", "rater", "a", "b", "choice")
    path.write_text("".join(json.dumps(dict(zip(keys, line))) + "\n" for line in CONTRACT_LINES))
    result = kit(None, "eval", "stats", "--ratings", str(path))
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert (stats["n_ratings"], stats["n_items"], stats["raters"]) == (9, 6, ["r1", "r2"])
    pairs = {tuple(p["systems"]): p for p in stats["pairs"]}
    assert set(pairs) == {("ft", "base"), ("ft", "other")}

    base = pairs[("ft", "base")]
    assert (base["n_ratings"], base["n_items"]) == (7, 4)
    assert (base["win"], base["tie"], base["loss"], base["win_or_tie"]) == (57.14, 14.29, 28.57, 71.43)
    for key in ("win", "tie", "loss", "win_or_tie"):
        low, high = base["ci95"][key]
        assert 0.0 <= low <= base[key] <= high <= 100.0, key
    assert base["agreement"]["tie_discounted"] == 0.8333 and base["agreement"]["cohens_kappa"] == 0.5

    other = pairs[("ft", "other")]
    assert (other["win"], other["tie"], other["loss"]) == (50.0, 0.0, 50.0)
    assert other["ci95"]["win"] == [0.0, 100.0] and other["ci95"]["tie"] == [0.0, 0.0]
    assert other["agreement"]["tie_discounted"] is None  # one rater: nothing to agree on

    overall = stats["agreement"]
    assert (overall["n_overlap_items"], overall["tie_discounted"], overall["cohens_kappa"]) == (3, 0.8333, 0.5)
    assert stats["bradley_terry"] is not None  # three systems
    assert kit(None, "eval", "stats", "--ratings", str(path)).stdout == result.stdout, "seeded: same CIs again"
