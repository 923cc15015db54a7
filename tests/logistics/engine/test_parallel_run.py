"""Scenarios solved on worker processes give the same numbers, in the same order, as in one process."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

import logistics
from logistics.analyses.run import run_analysis
from logistics.engine import pool
from logistics.engine.engine import EngineSpec, Options
from logistics.solve.results import SolveError, SolveStatus
from networks import InputError, Problem, ScenarioError
from tests.conftest import closure, scenario, two_crossings_network


def test_parallel_run_equals_serial_run() -> None:
    network = two_crossings_network()
    scenarios = [
        scenario("x50-closed", closure("X50", 1, 4)),
        scenario("x30-half", closure("X30", 0, 5, factor=0.5)),
        scenario("both-day-2", closure("X30", 2, 3), closure("X50", 2, 3)),
    ]
    serial = logistics.run_scenarios(network, scenarios, horizon_days=6)
    parallel = logistics.run_scenarios(network, scenarios, horizon_days=6, workers=2)
    assert [s.name for s in parallel.scenarios] == [
        "baseline",
        "x50-closed",
        "x30-half",
        "both-day-2",
    ]
    for a, b in zip(serial.scenarios, parallel.scenarios, strict=True):
        for key in ("shortfall_t", "people_days_unmet", "transport_cost_usd", "aid_shortfall_t"):
            assert b.totals[key] == pytest.approx(a.totals[key], abs=1e-9), (a.name, key)
        assert b.change["shortfall_t"] == pytest.approx(a.change["shortfall_t"], abs=1e-9)
        assert b.by_node["shortfall_t"].to_numpy() == pytest.approx(
            a.by_node["shortfall_t"].to_numpy(), abs=1e-9
        )
    # X50 closed on days 1-3 leaves X30's 30 of 70 t/day: 3 × 40 = 120 t short
    assert parallel["x50-closed"].totals["shortfall_t"] == pytest.approx(120, abs=1e-6)


def test_a_run_and_its_ranking_on_one_pool_equal_separate_calls() -> None:
    network = two_crossings_network()
    scenarios = [scenario("x50-closed", closure("X50", 1, 4))]
    options = Options(horizon_days=6, workers=2)
    together = run_analysis(network, scenarios, options, criticality=True)
    alone = logistics.run_scenarios(network, scenarios, horizon_days=6)
    ranking = logistics.run_criticality(network, 6, workers=1)

    def numbers(results):
        return [
            {k: v for k, v in s.items() if k != "solve_seconds"}
            for s in results.to_dict()["scenarios"]
        ]

    assert numbers(together.results) == numbers(alone)
    cols = ["target", "added_shortfall_t", "baseline_flow_t", "provinces_affected"]
    pd.testing.assert_frame_equal(together.criticality.ranking[cols], ranking.ranking[cols])
    # closing X50 (50 t/day) for all 6 days leaves X30's 30 of 70 t/day: 6 × 40 = 240 t added
    assert together.criticality.ranking.set_index("target").at[
        "X50", "added_shortfall_t"
    ] == pytest.approx(240, abs=1e-6)


def test_no_ranking_under_an_overlay() -> None:
    overlay = scenario("o", closure("X30", 0, 1))
    analysis = run_analysis(
        two_crossings_network(),
        [],
        Options(horizon_days=3, workers=1),
        overlay=overlay,
        criticality=True,
    )
    assert analysis.criticality is None


@pytest.mark.parametrize(
    "error",
    [
        SolveError("s", SolveStatus("highs", "time limit reached", 1)),
        ScenarioError([Problem("a.yaml", "bad day", column="start_day")]),
        InputError([Problem("nodes.csv", "bad", row=3, column="id")]),
    ],
)
def test_errors_raised_in_a_worker_reach_the_caller_unchanged(error) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert str(again) == str(error)
    assert getattr(again, "problems", None) == getattr(error, "problems", None)


def test_small_lp_left_to_default_workers_runs_here_and_explicit_workers_are_honoured(
    monkeypatch,
) -> None:
    monkeypatch.setattr(pool.os, "cpu_count", lambda: 2)
    network = two_crossings_network()
    small = EngineSpec(network, 6)
    # far under SMALL_LP_COLUMNS: (arcs + 2 × nodes) × commodities × 6 days
    assert small.columns_estimate() < pool.SMALL_LP_COLUMNS
    assert pool.in_this_process(None, None, 4, small)
    assert not pool.in_this_process(2, None, 4, small)
    assert not pool.in_this_process(None, "tcp://127.0.0.1:1", 4, small)
    days = pool.SMALL_LP_COLUMNS // (small.columns_estimate() // 6) + 1
    large = EngineSpec(network, days)
    assert large.columns_estimate() >= pool.SMALL_LP_COLUMNS
    assert not pool.in_this_process(None, None, 4, large)
    assert pool.in_this_process(None, None, 1, large)  # one task never needs a pool


def test_columns_estimate_is_close_to_the_built_model() -> None:
    network = two_crossings_network()
    spec = EngineSpec(network, 6)
    built = spec.build_model().n_cols
    assert 0.5 * built <= spec.columns_estimate() <= 2 * built


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_every_plan_once(workers: int) -> None:
    # the baseline 1 plan; x50-closed 1 with perfect foresight and 3 re-plans without (days 0,
    # 1 and 4: the closure starts on 1 and ends on 4); the ranking's baseline and its two
    # crossings 3: 1 + 1 + 3 + 3 = 8
    network = two_crossings_network()
    scenarios = [scenario("x50-closed", closure("X50", 1, 4))]
    options = Options(horizon_days=6, workers=workers, foresight="both")
    calls: list[tuple[int, int]] = []
    run_analysis(
        network, scenarios, options, criticality=True, advance=lambda d, t: calls.append((d, t))
    )
    assert {t for _, t in calls} == {8}
    assert calls[0] == (0, 8)  # the total is shown before any plan ends
    assert sum(d for d, _ in calls) == 8


def test_a_rolling_plan_grouped_with_its_day0_twin_gives_the_same_numbers() -> None:
    # "long" closes X50 for the whole horizon; "short" closes it on days 0-2: on day 0 the
    # rolling plan knows only that X50 is closed (to the end, as far as it knows), which is
    # "long"'s LP, so both go to one task and the re-plan starts from "long"'s plan
    from logistics.analyses.run import _day0_groups

    network = two_crossings_network()
    long = scenario("long", closure("X50", 0))
    short = scenario("short", closure("X50", 0, 3))
    base = logistics.Scenario(name="baseline")
    # "long" (position 1) and the surprise run of "short" (position 3, after the 3 scenarios)
    assert _day0_groups([base, long, short], [short], 6, 3) == [[1, 3]]
    together = run_analysis(
        network, [long, short], Options(horizon_days=6, workers=2, foresight="both")
    )
    alone = run_analysis(
        network, [long, short], Options(horizon_days=6, workers=1, foresight="both")
    )

    def numbers(results):
        return [
            {k: v for k, v in s.items() if k != "solve_seconds"}
            for s in results.to_dict()["scenarios"]
        ]

    assert numbers(together.results) == numbers(alone.results)
    # the rolling plan: X50 shut on days 0-2 leaves 30 of 70 t/day: 3 × 40 = 120 t short
    assert together.results["short"].bounds["none"]["shortfall_t"] == pytest.approx(120, abs=1e-6)
