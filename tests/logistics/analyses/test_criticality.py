"""Criticality: hand-computed rankings on the two-crossing network, and the sweep engine's paths."""

from __future__ import annotations

import numpy as np
import pytest
from pytest import approx

from logistics import run_criticality, run_scenarios
from logistics.engine.engine import SHORTFALL_STAGES, EngineSpec
from logistics.engine.pool import run_sweep
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve.solvers import make_solver
from networks import ScenarioError
from tests.conftest import (
    build,
    closure,
    demand,
    lagged_crossing_network,
    node,
    one_crossing_network,
    route,
    scenario,
    supply,
    two_crossings_network,
)

TOL = 1e-6


def ranking(result) -> dict[str, float]:
    return dict(zip(result.ranking["target"], result.ranking["added_shortfall_t"], strict=True))


def test_two_crossings_ranked_by_hand():
    # SRC (100 t/day) → X30 (30) / X50 (50) → D (70 t/day), no storage, 3 days; baseline short 0.
    # Close X50: only 30 t/day arrive, 40 t/day short × 3 days = 120 t. Close X30: 50 t/day, 20 × 3 = 60 t.
    result = run_criticality(two_crossings_network(), horizon_days=3, workers=1)
    assert list(result.ranking["target"]) == ["X50", "X30"]
    assert ranking(result) == approx({"X50": 120.0, "X30": 60.0}, abs=TOL)
    top = result.ranking.iloc[0]
    # need 70 × 3 = 210 t: 120 / 210 = 57.142857 % of need
    assert top["added_shortfall_pct"] == approx(100 * 120 / 210, abs=1e-6)
    # people-days: 120 t × 1,000 kg × 3,500 kcal/kg ÷ 2,100 kcal = 200,000
    assert top["added_people_days"] == approx(200_000, abs=1e-3)
    assert top["provinces_affected"] == 1
    assert result.baseline_shortfall_t == approx(0, abs=TOL)
    assert result.duration_days == 3


def test_routes_pairs_and_a_short_closure():
    # each route carries what its crossing carries: closing SRC_X50 or X50_D = closing X50 (120 t);
    # the pair X30+X50 cuts everything: 70 × 3 = 210 t.
    result = run_criticality(
        two_crossings_network(), horizon_days=3, routes=True, pairs=True, workers=1
    )
    ranks = ranking(result)
    assert ranks == approx(
        {
            "X50": 120,
            "X30": 60,
            "SRC_X30": 60,
            "SRC_X50": 120,
            "X30_D": 60,
            "X50_D": 120,
            "X30+X50": 210,
        },
        abs=TOL,
    )
    assert result.ranking.iloc[0]["target"] == "X30+X50"
    assert set(result.ranking["kind"]) == {"crossing", "route", "pair"}
    # a one-day closure of X50 on day 1: 40 t short that day
    short = run_criticality(
        two_crossings_network(), horizon_days=3, duration_days=1, start_day=1, workers=1
    )
    assert ranking(short) == approx({"X50": 40, "X30": 20}, abs=TOL)
    assert short.duration_days == 1


def test_ranking_agrees_with_separate_scenarios():
    network = two_crossings_network()
    result = run_criticality(network, horizon_days=3, routes=True, workers=1)
    separate = run_scenarios(
        network, [scenario(f"s-{t}", closure(t)) for t in result.ranking["target"]], horizon_days=3
    )
    for target, added in ranking(result).items():
        assert separate[f"s-{target}"].change["shortfall_t"] == approx(added, abs=1e-4)


def test_bad_window_is_an_input_error():
    with pytest.raises(ScenarioError, match="outside the horizon"):
        run_criticality(two_crossings_network(), horizon_days=3, start_day=3, workers=1)


def test_sweep_paths_give_the_cold_answer():
    # From the baseline reference: closing a crossing the baseline does not need is answered by the
    # reference itself; other cases are re-solved (warm or cold) and must equal a cold solve.
    network = two_crossings_network()
    cases = [
        scenario("slack", closure("X50", factor=0.9)),
        scenario("x50", closure("X50")),
        scenario("x30", closure("X30", 1, 2)),
        scenario("half", closure("X30", factor=0.5)),
    ]
    sweep = run_sweep(EngineSpec(network, 3), cases, workers=1)
    # baseline uses X30 30 + X50 40 t/day: at factor 0.9 X50 still passes 45 ≥ 40, so the reference holds
    assert sweep.outcomes[0].path == "reference"
    model = Model(network, 3)
    live = make_solver(model)
    for case, outcome in zip(cases, sweep.outcomes, strict=True):
        data = scenario_data(model, case)
        cold = live.solve(data, case.name, SHORTFALL_STAGES)
        u = cold.values[model.blocks["u"].cols].sum()
        assert outcome.shortfall_t.sum() == approx(u, abs=1e-6)
    # slack: 0; X50 shut: 40 × 3 = 120; X30 shut on day 1: 70 - 50 = 20; X30 at half: 70 - 15 - 50 = 5 × 3 = 15
    assert [round(o.shortfall_t.sum(), 6) for o in sweep.outcomes] == [0.0, 120.0, 20.0, 15.0]


def test_sweep_does_not_depend_on_chunks_or_processes():
    network = two_crossings_network()
    cases = [
        scenario(f"c{i}", closure("X50", i % 3, 3, factor=f))
        for i, f in enumerate([0.0, 0.2, 0.5, 0.7, 0.1, 0.0])
    ]
    setup = EngineSpec(network, 3)
    one = run_sweep(setup, cases, workers=1, chunk_size=1)
    three = run_sweep(setup, cases, workers=1, chunk_size=3)
    pool = run_sweep(EngineSpec(network, 3), cases, workers=2, chunk_size=2)
    for a, b, c in zip(one.outcomes, three.outcomes, pool.outcomes, strict=True):
        assert np.array_equal(a.shortfall_t, b.shortfall_t)
        assert np.array_equal(a.shortfall_t, c.shortfall_t)


def test_closures_that_add_nothing_rank_by_baseline_flow():
    # Need only 20 t/day: either crossing alone suffices, so no closure adds shortfall. The
    # cost-optimal baseline sends all 20 t/day through X30 (1 USD/t against 2): 60 t in 3 days,
    # so X30 ranks first and X50 (0 t) second, although the input lists X50 first.
    network = build(
        nodes=[
            node("SRC", "source"),
            node("X50", "crossing", throughput_t_per_day=50),
            node("X30", "crossing", throughput_t_per_day=30),
            node("D", "demand"),
        ],
        routes=[
            route("SRC_X50", "SRC", "X50", cost=2),
            route("SRC_X30", "SRC", "X30", cost=1),
            route("X50_D", "X50", "D"),
            route("X30_D", "X30", "D"),
        ],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 20)],
    )
    result = run_criticality(network, horizon_days=3, workers=1)
    assert list(result.ranking["target"]) == ["X30", "X50"]
    assert list(result.ranking["added_shortfall_t"]) == [0.0, 0.0]
    assert list(result.ranking["baseline_flow_t"]) == approx([60.0, 0.0], abs=1e-6)


def test_criticality_without_foresight_is_never_better():
    # SRC (100) → X (50 t/day) → D (40 t/day, unlimited storage), 15 days, X shut days 5-9:
    # with foresight 50 t is stocked beforehand (10 t/day spare × 5 days): 200 - 50 = 150 t added;
    # learned on day 5, nothing was stocked: 200 t (see test_rolling for the same case by hand).
    network = one_crossing_network(storage_at_demand=None)
    perfect = run_criticality(network, horizon_days=15, duration_days=5, start_day=5, workers=1)
    rolling = run_criticality(
        network, horizon_days=15, duration_days=5, start_day=5, workers=1, foresight="none"
    )
    assert ranking(perfect) == approx({"X": 150}, abs=1e-6)
    assert ranking(rolling) == approx({"X": 200}, abs=1e-6)
    assert rolling.sweep.timing()["paths"]["rolling"] == 1


def test_rolling_criticality_agrees_with_rolling_runs():
    # closures of X and of each road on days 5-7
    network = lagged_crossing_network()
    result = run_criticality(
        network,
        horizon_days=12,
        duration_days=3,
        start_day=5,
        routes=True,
        workers=1,
        foresight="none",
    )
    runs = run_scenarios(
        network,
        [scenario(t, closure(t, 5, 8)) for t in result.ranking["target"]],
        horizon_days=12,
        foresight="none",
    )
    for target, added in ranking(result).items():
        assert runs[target].change["shortfall_t"] == approx(added, abs=1e-4)
    # X shut: 210 t short in all (test_rolling: the cargo waiting at X crosses on reopening),
    # 130 t more than the baseline's 80 t (days 0-1)
    assert ranking(result)["X"] == approx(130, abs=1e-4)
    # the road X → D shut instead: the cargo of days 3-4 reaches X (no storage) with nowhere to go
    # and is held there for good (80 t: X is open, so nothing waits to cross; the road beyond it
    # is what is shut): 280 t short, 200 t more than the baseline
    assert ranking(result)["X_D"] == approx(200, abs=1e-4)
    assert runs["X_D"].totals["held_at_border_t"] == approx(80, abs=1e-4)


@pytest.mark.parametrize("allocation", ["priority", "least-cost"])
def test_the_allocation_reaches_the_sweep_whichever_way_it_is_called(allocation):
    # called without an Options: the keyword reaches the engine, the result and its JSON, and
    # the ranking is what run_scenarios gives under the same rule for each closure
    network = two_crossings_network()
    result = run_criticality(network, horizon_days=3, workers=1, allocation=allocation)
    assert result.allocation == allocation
    assert result.to_dict()["allocation"] == allocation
    closures = [scenario(t, closure(t)) for t in ("X30", "X50")]
    direct = run_scenarios(network, closures, horizon_days=3, allocation=allocation)
    for target in ("X30", "X50"):
        assert ranking(result)[target] == approx(direct[target].change["shortfall_t"], abs=TOL)
