"""Statistics checked against values computed by hand (worked out in the comments)."""

from __future__ import annotations

import json

import pytest

from kit.errors import InputError
from kit.evaluation.ratings_io import Rating, read_ratings
from kit.evaluation.stats import BootstrapSettings, compute_stats


def r(item, rater, a, b, choice):
    return Rating(item, rater, a, b, choice)


# Two raters, ft vs base, A/B order varies. ft wins 4 of 7 ratings, 1 tie, base wins 2.
TWO_RATERS = [
    r("i1", "r1", "ft", "base", "a"),
    r("i2", "r1", "ft", "base", "tie"),
    r("i3", "r1", "ft", "base", "b"),
    r("i4", "r1", "base", "ft", "b"),
    r("i1", "r2", "base", "ft", "b"),
    r("i2", "r2", "base", "ft", "b"),
    r("i3", "r2", "base", "ft", "a"),
]


def test_when_two_raters_then_rates_agreement_and_kappa_match_hand_computed():
    stats = compute_stats(TWO_RATERS, baselines=["base"])
    (pair,) = stats["pairs"]
    assert pair["systems"] == ["ft", "base"]
    assert (pair["win"], pair["tie"], pair["loss"]) == (57.14, 14.29, 28.57)
    assert pair["win_or_tie"] == 71.43
    agreement = stats["agreement"]
    # overlap i1 (same), i2 (tie vs ft: 0.5), i3 (same) -> 2.5 / 3
    assert agreement["n_overlap_items"] == 3
    assert agreement["tie_discounted"] == pytest.approx(0.8333, abs=1e-4)
    # po = 2/3; pe = 1/3*2/3 (ft) + 1/3*1/3 (base) = 1/3; kappa = (2/3-1/3)/(1-1/3) = 0.5
    assert agreement["cohens_kappa"] == pytest.approx(0.5)
    # coincidences: ft-ft 2, tie-ft 1, ft-tie 1, base-base 2 -> 1 - 5*2/22
    assert agreement["krippendorff_alpha"] == pytest.approx(12 / 22, abs=1e-4)
    assert stats["bradley_terry"] is None


def test_when_all_ratings_are_ties_then_tie_is_100_and_kappa_is_null_with_reason():
    ratings = [r(f"i{k}", rater, "x", "y", "tie") for k in range(3) for rater in ("r1", "r2")]
    stats = compute_stats(ratings)
    (pair,) = stats["pairs"]
    assert (pair["win"], pair["tie"], pair["loss"]) == (0.0, 100.0, 0.0)
    assert pair["ci95"]["tie"] == [100.0, 100.0]
    assert pair["ci95"]["win"] == [0.0, 0.0]
    agreement = stats["agreement"]
    assert agreement["tie_discounted"] == 1.0
    assert agreement["cohens_kappa"] is None
    assert agreement["krippendorff_alpha"] is None
    assert "one category" in agreement["reason"]


def test_when_single_rater_then_agreement_is_null_with_reason():
    ratings = [r(f"i{k}", "only", "x", "y", c) for k, c in enumerate(["a", "b", "a"])]
    stats = compute_stats(ratings)
    agreement = stats["agreement"]
    assert agreement["tie_discounted"] is None and agreement["cohens_kappa"] is None
    assert agreement["n_overlap_items"] == 0
    assert "no item was rated by two or more raters" in agreement["reason"]
    assert stats["pairs"][0]["win"] == pytest.approx(66.67)


def test_when_one_win_and_one_loss_then_bootstrap_interval_spans_0_to_100():
    # resampling 2 items: win rate is 0 (p=1/4), 50 (1/2) or 100 (1/4) -> 2.5/97.5 percentiles 0 and 100
    ratings = [r("i1", "r", "x", "y", "a"), r("i2", "r", "x", "y", "b")]
    pair = compute_stats(ratings)["pairs"][0]
    assert pair["ci95"]["win"] == [0.0, 100.0]
    assert pair["ci95"]["tie"] == [0.0, 0.0]


def test_when_seed_is_fixed_then_intervals_repeat_and_contain_the_estimate():
    ratings = [r(f"i{k}", "r", "x", "y", "abtab"[k % 5].replace("t", "tie")) for k in range(40)]
    first = compute_stats(ratings, BootstrapSettings(seed=7))["pairs"][0]
    again = compute_stats(ratings, BootstrapSettings(seed=7))["pairs"][0]
    assert first["ci95"] == again["ci95"]
    low, high = first["ci95"]["win"]
    assert low < first["win"] < high


def test_when_three_raters_then_alpha_replaces_kappa():
    # i1: x,x,x  i2: x,x,y (m=3, weight 1/2): o[xx]=3+1, o[xy]=o[yx]=1; n=6, De=2*5*1 -> alpha = 1-5*2/10 = 0
    ratings = [r("i1", k, "x", "y", "a") for k in ("r1", "r2", "r3")]
    ratings += [r("i2", "r1", "x", "y", "a"), r("i2", "r2", "x", "y", "a"), r("i2", "r3", "x", "y", "b")]
    agreement = compute_stats(ratings)["agreement"]
    assert agreement["cohens_kappa"] is None
    assert agreement["krippendorff_alpha"] == pytest.approx(0.0)
    assert agreement["tie_discounted"] == pytest.approx(4 / 6, abs=1e-4)  # i1: 3 of 3, i2: 1 of 3 pairs


def test_when_three_systems_in_a_chain_then_bradley_terry_matches_pairwise_odds():
    # A beats B 3-1, B beats C 3-1; a tree of comparisons -> MLE odds 3:1 each -> 9:3:1
    ratings = [r(f"ab{k}", "r", "A", "B", "a" if k < 3 else "b") for k in range(4)]
    ratings += [r(f"bc{k}", "r", "B", "C", "a" if k < 3 else "b") for k in range(4)]
    bt = compute_stats(ratings)["bradley_terry"]
    assert bt["scores"] == {
        "A": pytest.approx(9 / 13, abs=1e-4),
        "B": pytest.approx(3 / 13, abs=1e-4),
        "C": pytest.approx(1 / 13, abs=1e-4),
    }
    assert bt["ranking"] == ["A", "B", "C"] and bt["regularized"] is False


def test_when_a_system_never_wins_then_bradley_terry_is_regularized_and_finite():
    ratings = [r(f"i{k}", "r", "A", s, "a") for k, s in enumerate(["B", "C", "B"])]
    ratings.append(r("j", "r", "B", "C", "tie"))
    bt = compute_stats(ratings)["bradley_terry"]
    assert bt["regularized"] is True
    assert bt["ranking"][0] == "A" and all(v > 0 for v in bt["scores"].values())


def test_when_ratings_file_has_a_bad_line_then_error_names_file_and_line(tmp_path):
    path = tmp_path / "ratings.jsonl"
    good = json.dumps({"item": "1", "rater": "r", "a": "x", "b": "y", "choice": "a"})
    path.write_text(good + "\n" + json.dumps({"item": "2", "rater": "r", "a": "x", "b": "y", "choice": "c"}) + "\n")
    with pytest.raises(InputError) as err:
        read_ratings(path)
    assert str(err.value).startswith(f"{path}:2: ")
    path.write_text(good + "\n\n{not json\n")
    with pytest.raises(InputError, match=":3: not valid JSON"):
        read_ratings(path)
    path.write_text(good + "\n" + good + "\n")
    with pytest.raises(InputError, match=":2: duplicate rating"):
        read_ratings(path)
