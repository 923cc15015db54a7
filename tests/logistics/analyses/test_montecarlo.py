"""Monte Carlo: the sampler, hand-checked shortfall per sample, statistics, reproducibility."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from pytest import approx

from logistics import load_risk_model, run_montecarlo
from logistics.analyses.montecarlo import (
    Z90,
    DurationDays,
    RiskModel,
    sample_scenario,
    sample_scenarios,
)
from networks import ScenarioError
from tests.conftest import two_crossings_network

TOL = 1e-6


def risk(**process) -> RiskModel:
    base = {
        "name": "p",
        "targets": ["X50"],
        "weekly_probability": 1.0,
        "duration_days": {"median": 3, "p90": 3},
    }
    return RiskModel(name="test", processes=[{**base, **process}])


def test_lognormal_goes_through_median_and_p90():
    mu, sigma = DurationDays(median=10, p90=25).mu_sigma
    assert math.exp(mu) == approx(10)
    assert math.exp(mu + Z90 * sigma) == approx(25)
    with pytest.raises(ValueError, match="below the median"):
        DurationDays(median=10, p90=5)


def test_certain_weekly_closures_of_fixed_length():
    # probability 1 and median = p90 = 3 days: one 3-day closure starting in every week
    for seed in range(5):
        sc = sample_scenario(risk(), 21, seed, 0)
        assert len(sc.closures) == 3
        for week, c in enumerate(sc.closures):
            assert 7 * week <= c.start_day <= 7 * week + 6
            assert c.end_day == min(c.start_day + 3, 21)
            assert c.capacity_factor == 0.0


def test_groups_close_together_or_apart():
    together = sample_scenario(risk(targets=["X30", "X50"], together=True), 7, 1, 0)
    assert [c.target for c in together.closures] == ["X30", "X50"]
    assert together.closures[0].start_day == together.closures[1].start_day
    apart = [
        sample_scenario(risk(targets=["X30", "X50"], together=False), 7, s, 0) for s in range(20)
    ]
    assert any(sc.closures[0].start_day != sc.closures[1].start_day for sc in apart)


def test_weekly_probability_is_the_frequency():
    # 4,000 unit-weeks at p = 0.1: 400 closures expected, standard deviation sqrt(4000 × 0.1 × 0.9) = 19
    scenarios = sample_scenarios(risk(weekly_probability=0.1), 70, 11, 400)
    count = sum(len(s.closures) for s in scenarios)
    assert abs(count - 400) < 4 * 19


def test_a_sample_does_not_depend_on_how_many_are_drawn():
    r = risk(weekly_probability=0.3, duration_days={"median": 5, "p90": 20})
    assert (
        sample_scenarios(r, 30, 4, 10)[7]
        == sample_scenarios(r, 30, 4, 8)[7]
        == sample_scenario(r, 30, 4, 7)
    )


def test_each_sample_shortfall_by_hand():
    # Two crossings, 7 days: X50 closes in week 0 (certainly) from day o for 7 days (cut at day 7).
    # Closed days 7 - o, each 40 t short (only X30's 30 of 70 t/day arrive): shortfall 40 (7 - o).
    r = risk(duration_days={"median": 7, "p90": 7})
    result = run_montecarlo(
        two_crossings_network(), r, samples=12, seed=5, horizon_days=7, workers=1
    )
    expected = [40.0 * (7 - sample_scenario(r, 7, 5, i).closures[0].start_day) for i in range(12)]
    assert result.totals_t == approx(expected, abs=TOL)
    assert result.summary()["mean"] == approx(np.mean(expected), abs=TOL)
    assert result.summary()["p90"] == approx(np.percentile(expected, 90), abs=TOL)
    need = 70 * 7
    table = result.by_node().set_index("node")
    assert table.at["D", "need_t"] == need
    # D goes > 10 % short (> 49 t) whenever X50 is closed at least 2 days: offset o ≤ 5
    assert table.at["D", "p_short_10pct"] == approx(np.mean([e > 0.1 * need for e in expected]))
    curve = result.exceedance()
    assert list(curve["probability"]) == sorted(curve["probability"], reverse=True)
    for row in curve.itertuples():
        assert row.probability == approx(np.mean(np.array(expected) > row.shortfall_t))
    closures = result.closures().set_index("target")
    assert closures.at["X50", "mean_closed_days"] == approx(
        np.mean([7 - (40 * 7 - e) / 40 for e in expected])
    )


def test_no_closure_risk_gives_the_baseline():
    result = run_montecarlo(
        two_crossings_network(),
        risk(weekly_probability=0.0),
        samples=5,
        seed=0,
        horizon_days=3,
        workers=1,
    )
    assert result.totals_t == approx([0.0] * 5, abs=TOL)
    assert result.sweep.timing()["paths"]["reference"] == 6  # the baseline and every sample


def test_same_seed_same_numbers_locally_and_on_a_dask_cluster():
    from distributed import LocalCluster

    r = risk(
        weekly_probability=0.4,
        targets=["X30", "X50"],
        together=False,
        duration_days={"median": 2, "p90": 6},
        capacity_factor=0.3,
    )
    network = two_crossings_network()
    local = run_montecarlo(network, r, samples=30, seed=9, horizon_days=14, workers=1)
    pool = run_montecarlo(network, r, samples=30, seed=9, horizon_days=14, workers=2)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        dask = run_montecarlo(
            network, r, samples=30, seed=9, horizon_days=14, scheduler=cluster.scheduler_address
        )
    assert dask.sweep.timing()["scheduler"] == cluster.scheduler_address
    for other in (pool, dask):
        assert np.array_equal(local.totals_t, other.totals_t)
        assert np.array_equal(local.by_node_t, other.by_node_t)
        assert local.to_dict()["shortfall_t"] == other.to_dict()["shortfall_t"]
    assert local.totals_t.std() > 0  # the samples differ: the check above is not vacuous
    other_seed = run_montecarlo(network, r, samples=30, seed=10, horizon_days=14, workers=1)
    assert not np.array_equal(local.totals_t, other_seed.totals_t)


def test_risk_file_problems_are_reported_together(tmp_path: Path):
    path = tmp_path / "risk.yaml"
    path.write_text(
        "name: r\nprocesses:\n  - name: a\n    targets: [NOWHERE]\n    weekly_probability: 1.5\n    duration_days: {median: 9, p90: 3}\n    colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as info:
        load_risk_model(path)
    text = "\n".join(str(p) for p in info.value.problems)
    assert "processes.0.weekly_probability" in text and "1.5 is above 1" in text
    assert "processes.0.duration_days" in text and "below the median" in text
    assert "processes.0.colour" in text and "unknown key" in text
    path.write_text(
        "name: r\nprocesses:\n  - {name: a, targets: [X5O], weekly_probability: 0.1, duration_days: {median: 1, p90: 2}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError, match='unknown target "X5O".*X50'):
        run_montecarlo(two_crossings_network(), load_risk_model(path), samples=1, workers=1)


def test_bundled_risk_model_loads_and_names_its_sources():
    from inputs import bundled_path

    r = load_risk_model(bundled_path("risk", "afghanistan.yaml"))
    assert len(r.processes) >= 4
    assert all(p.source for p in r.processes)


def test_the_allocation_reaches_the_samples_without_an_options():
    result = run_montecarlo(
        two_crossings_network(), risk(), samples=2, seed=1, horizon_days=7, workers=1,
        allocation="proportional",
    )  # fmt: skip
    assert result.allocation == "proportional"
