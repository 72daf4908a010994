import numpy as np
import pytest

from kit.curation.coverage import coverage_report
from kit.curation.embeddings import TfidfEmbedder
from kit.curation.selection import SelectionConfig, random_selection, select

from .conftest import clustered_pool


def _vectors(pool):
    return TfidfEmbedder(seed=0).embed([c.prompt for c in pool])


def test_when_pool_is_clustered_then_selection_beats_random_on_coverage():
    pool = clustered_pool()
    vectors = _vectors(pool)
    quality = np.full(len(pool), 4.0)
    chosen = select(vectors, 24, quality)
    report = coverage_report(vectors, chosen, random_selection(len(pool), 24, seed=0), seed=0)
    assert report["selected"]["mean_nearest_distance"] < report["random"]["mean_nearest_distance"]
    assert report["selected"]["cluster_entropy"] > report["random"]["cluster_entropy"]
    assert report["selected"]["clusters_covered"] > report["random"]["clusters_covered"]


def test_when_quality_weight_is_on_then_low_quality_items_are_picked_later():
    pool = clustered_pool()
    vectors = _vectors(pool)
    quality = np.where(np.arange(len(pool)) % 2 == 0, 5.0, 1.0)
    chosen = select(vectors, 20, quality, SelectionConfig(quality_weight=2.0))
    assert np.mean(quality[chosen]) > 4.0


@pytest.mark.parametrize("method", ["facility_location", "k_center"])
def test_when_quotas_are_set_then_shares_are_respected(method):
    pool = clustered_pool()
    vectors = _vectors(pool)
    groups = [c.category for c in pool]
    config = SelectionConfig(
        method=method, quota_field="category", max_share={"*": 0.2, "asthma": 1.0}, min_share={"asthma": 0.3}
    )
    chosen = select(vectors, 40, np.full(len(pool), 3.0), config, groups)
    counts = {g: sum(groups[i] == g for i in chosen) for g in set(groups)}
    assert len(chosen) == 40
    assert counts["asthma"] >= 12
    assert all(n <= 8 for g, n in counts.items() if g != "asthma")


@pytest.mark.parametrize("method", ["facility_location", "k_center"])
def test_when_run_twice_then_selection_is_identical(method):
    pool = clustered_pool()
    q = np.linspace(1, 5, len(pool))
    config = SelectionConfig(method=method)
    assert select(_vectors(pool), 30, q, config) == select(_vectors(pool), 30, q, config)
