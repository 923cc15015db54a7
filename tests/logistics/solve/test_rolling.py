"""Rolling horizon (--foresight none): hand cases and the property that foresight never hurts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pytest import approx

from logistics import run_scenarios
from logistics.engine.engine import Engine, EngineSpec
from logistics.solve.rolling import events, known_on
from tests.conftest import (
    FOOD,
    build,
    closure,
    demand,
    lagged_crossing_network,
    node,
    one_crossing_network,
    route,
    scenario,
    supply,
)
from tests.logistics.test_properties import closure_targets, random_network, weighted_shortfall

TOL = 1e-4


def both(network, sc, days, solver="highs"):
    perfect = run_scenarios(network, [sc], horizon_days=days, solver=solver)[sc.name]
    rolling = run_scenarios(network, [sc], horizon_days=days, solver=solver, foresight="none")
    rolling = rolling[sc.name]
    return perfect, rolling


def test_events_and_what_is_known():
    sc = scenario("s", closure("X", 5, 8), closure("Y", 3), closure("Z", 20, 30))
    # day 0, starts 5, 3, 20 and ends 8 (30 is past the 25-day horizon)
    assert events(sc, 25) == [0, 3, 5, 8, 20]
    known = known_on(sc, 6)
    # X has started (its end is not known yet: assumed to last), Y has started, Z has not
    assert [(c.target, c.start_day, c.end_day) for c in known.closures] == [
        ("X", 5, None),
        ("Y", 3, None),
    ]
    # on day 8 the reopening of X is known
    assert [(c.target, c.end_day) for c in known_on(sc, 8).closures] == [("X", 8), ("Y", None)]


# the hand cases below have one optimal plan each: CBC's vertex and HiGHS's centre are the same
SOLVERS = pytest.mark.parametrize("solver", ["highs", "cbc"])


@SOLVERS
def test_perfect_foresight_prepositions_what_the_rolling_plan_cannot(solver):
    # SRC (100 t/day) → X (50 t/day) → D (40 t/day, unlimited storage); X shut days 5-9 (5 days), 15 days.
    # Perfect foresight: days 0-4 carry 10 t/day spare → 50 t stocked at D; need on the closed days
    # 5 × 40 = 200 t, so 200 - 50 = 150 t short. Rolling: until day 5 nothing announces the
    # closure, the plan ships just in time (the holding tie-break) and stocks nothing: 200 t short.
    network = one_crossing_network(storage_at_demand=None)
    perfect, rolling = both(network, scenario("shut", closure("X", 5, 10)), 15, solver)
    assert perfect.totals["shortfall_t"] == approx(150, abs=TOL)
    assert rolling.totals["shortfall_t"] == approx(200, abs=TOL)
    assert rolling.totals["held_at_border_t"] == approx(0, abs=TOL)


@SOLVERS
def test_cargo_on_the_road_waits_at_a_crossing_that_closes_and_crosses_on_reopening(solver):
    # SRC → X takes 2 days; X (50 t/day) → D (40 t/day, no storage) is immediate; X shut days 5-7;
    # 12 days. Days 0-1 are short in both modes (nothing arrives before day 2): 80 t.
    # Perfect: nothing is sent to arrive on days 5-7, which are short: 120 t; total 200 t.
    # Rolling: dispatches of days 3-4 (2 × 40 t) reach X on days 5-6 while it is shut and wait
    # there (80 t). The day-5 plan assumes X stays shut and sends nothing; on day 8 the reopening
    # is learned: the waiting cargo crosses first, within 50 t/day, oldest first: 50 t on day 8
    # (day 5's 40 t, then 10 of day 6's), 30 t on day 9. D takes 40 t on day 8; the other 10 t
    # have nowhere to go (neither X nor D can store) and are held at X. Day 9: 30 t, 10 short.
    # The day-8 plan's own dispatches arrive from day 10. Short: days 0-1, 5-7 and 10 t on day 9
    # = 80 + 120 + 10 = 210 t; held 10 t.
    network = lagged_crossing_network()
    perfect, rolling = both(network, scenario("shut", closure("X", 5, 8)), 12, solver)
    assert perfect.totals["shortfall_t"] == approx(200, abs=TOL)
    assert rolling.totals["shortfall_t"] == approx(210, abs=TOL)
    assert rolling.totals["held_at_border_t"] == approx(10, abs=TOL)
    daily = rolling.solution.deliveries.set_index("day")["delivered_t"]
    assert daily.loc[8] == approx(40, abs=TOL) and daily.loc[9] == approx(30, abs=TOL)
    # supply taken = delivered + held: days 0-4 and 8-9 dispatch 40 t each = 280 t = 270 + 10
    assert rolling.solution.supply["taken_t"].sum() == approx(280, abs=TOL)
    assert perfect.totals["held_at_border_t"] == 0


def _twin_crossings(first: str, second: str):
    """SRC (100 t/day) → X1 or X2 (crossings, 50 t/day each; each road takes 2 days, 1 USD/t)
    → D (40 t/day), no storage: two equally good ways in, routes listed ``first`` one first.
    """
    roads = {
        x: [route(f"SRC_{x}", "SRC", x, transit=2, cost=1), route(f"{x}_D", x, "D")]
        for x in ("X1", "X2")
    }
    return build(
        nodes=[
            node("SRC", "source"),
            node("X1", "crossing", throughput_t_per_day=50),
            node("X2", "crossing", throughput_t_per_day=50),
            node("D", "demand"),
        ],
        routes=roads[first] + roads[second],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 40)],
    )


def test_equally_good_ways_in_are_used_equally_so_the_surprise_is_a_property_of_the_scenario():
    # X1 shuts from day 5 without warning; 12 days. Until day 5 the plan knows nothing, and
    # sending the 40 t/day through X1 or X2 costs the same: every split is optimal. The plan kept
    # is the centre of those plans, 20 t through each (by symmetry). Days 0-1 are short in any
    # plan (nothing arrives before day 2): 80 t. The 2 × 20 t sent through X1 on days 3-4 reach
    # it on days 5-6, while it is shut, and wait there for good (40 t held); X2 brings 20 t on
    # each of those days: 2 × 20 = 40 t short. From day 7 the day-5 plan's cargo comes through
    # X2 (40 of its 50 t/day). Short: 80 + 40 = 120 t, whichever road is listed first. A
    # vertex of the day-0 plan would give 80 t (all through X2) or 160 t (all through X1).
    for first, second in (("X1", "X2"), ("X2", "X1")):
        network = _twin_crossings(first, second)
        perfect, rolling = both(network, scenario("shut", closure("X1", 5)), 12)
        assert perfect.totals["shortfall_t"] == approx(80, abs=TOL)
        assert rolling.totals["shortfall_t"] == approx(120, abs=TOL)
        assert rolling.totals["held_at_border_t"] == approx(40, abs=TOL)


def test_a_plan_reported_uses_equally_good_roads_equally():
    # The same two roads with no closure, 12 days: every split of D's 40 t/day between X1 and X2
    # is optimal; the plan reported is their centre, 20 t/day through each on every day a
    # dispatch arrives in time (days 0-9: 10 days × 20 t = 200 t per road), whichever road is
    # listed first. A vertex would put 400 t on one road and none on the other.
    for first, second in (("X1", "X2"), ("X2", "X1")):
        result = run_scenarios(_twin_crossings(first, second), [scenario("open")], 12)["open"]
        flows = result.solution.flows.groupby("route")["t"].sum()
        assert flows["SRC_X1"] == approx(200, abs=TOL)
        assert flows["SRC_X2"] == approx(200, abs=TOL)


def test_waiting_cargo_crosses_oldest_first_within_capacity_by_hand():
    # As above, but D can store. Perfect foresight pre-positions 10 t/day on days 2-4 (X carries
    # 50, D eats 40): 30 t for the 120 t of days 5-7, so 80 + 90 = 170 t short.
    # Rolling: no warning, so just-in-time; days 3-4's dispatches wait at X (40 t from day 5,
    # 40 t from day 6). Day 8, reopening: 50 t cross (day 5's 40 t, then 10 t of day 6's), D
    # eats 40 and stores 10; day 9: the last 30 t cross, D eats them and its 10 t of stock.
    # Nothing is held at the end; short: days 0-1 and 5-7 = 80 + 120 = 200 t (the old rule, which
    # kept waiting cargo out for good, gave 280 t).
    kw = dict(
        nodes=[
            node("SRC", "source"),
            node("X", "crossing", throughput_t_per_day=50),
            node("D", "demand", storage_t=None),
        ],
        routes=[route("SRC_X", "SRC", "X", transit=2, cost=1), route("X_D", "X", "D")],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 40)],
    )
    perfect, rolling = both(build(**kw), scenario("shut", closure("X", 5, 8)), 12)
    assert perfect.totals["shortfall_t"] == approx(170, abs=TOL)
    assert rolling.totals["shortfall_t"] == approx(200, abs=TOL)
    assert rolling.totals["held_at_border_t"] == approx(0, abs=TOL)
    short = rolling.solution.deliveries.set_index("day")["shortfall_t"]
    assert short.tolist() == approx([40, 40, 0, 0, 0, 40, 40, 40, 0, 0, 0, 0], abs=TOL)


def test_the_queue_releases_oldest_first_and_pro_rata_within_a_day():
    # One crossing (throughput 10 t/day), closed days 1-2, two commodities. Arrivals: day 1:
    # 6 t food; day 2: 8 t food and 4 t aid. Day 3 (open): 10 t cross: day 1's 6 t, then 4 of
    # day 2's 12 t pro rata (food 8 × 4/12 = 2.667, aid 4 × 4/12 = 1.333); day 4: the last 8 t
    # (food 5.333, aid 2.667). Nothing waits at the end.
    from logistics.solve.rolling import border_queue
    from tests.conftest import AID

    network = build(
        nodes=[
            node("S", "source"),
            node("X", "crossing", throughput_t_per_day=10),
            node("D", "demand"),
        ],
        routes=[route("S_X", "S", "X"), route("X_D", "X", "D")],
        commodities=[FOOD, AID],
        supply=[supply("S", 10), supply("S", 10, "aid")],
        demand=[demand("D", 1), demand("D", 1, "aid")],
    )
    from logistics.model.lp import Model

    model = Model(network, 6, hold_columns=True)
    arrivals = np.zeros((1, 2, 6))
    arrivals[0, 0, 1] = 6
    arrivals[0, :, 2] = [8, 4]
    held, released, waiting = border_queue(model, scenario("s", closure("X", 1, 3)), arrivals)
    assert held[0, :, 1] == approx([6, 0]) and held[0, :, 2] == approx([8, 4])
    assert released[0, :, 3] == approx([6 + 8 * 4 / 12, 4 * 4 / 12])
    assert released[0, :, 4] == approx([8 * 8 / 12, 4 * 8 / 12])
    assert released.sum() == approx(18) and waiting.sum() == approx(0)


def test_reports_name_the_foresight():
    network = one_crossing_network(storage_at_demand=None)
    results = run_scenarios(
        network, [scenario("shut", closure("X", 5, 10))], horizon_days=15, foresight="none"
    )
    assert results.foresight == "none"
    assert results.to_dict()["foresight"] == "none"


# random networks drawn the same way every run (the examples, not a stored database)
RANDOM_CASES = dict(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.generate],
)


@settings(max_examples=20, **RANDOM_CASES)
@given(st.data())
def test_perfect_foresight_is_never_worse(data):
    kw = data.draw(random_network(days=6, lags=True, storage=True, two_commodities=True))
    network = build(**kw)
    targets = closure_targets(kw)
    closures = []
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, 5))
        closures.append(
            closure(
                data.draw(st.sampled_from(targets)),
                start,
                data.draw(st.integers(start + 1, 7)),
                data.draw(st.sampled_from([0.0, 0.5])),
            )
        )
    sc = scenario("s", *closures)
    engine = Engine(EngineSpec(network, 6, foresight="none"))
    perfect = engine.solve(sc, foresight="perfect")
    rolling = engine.solve(sc)  # extract checks mass balance, held cargo included
    assert weighted_shortfall(rolling, network) >= weighted_shortfall(perfect, network) - TOL


@settings(max_examples=15, **RANDOM_CASES)
@given(st.data())
def test_under_the_market_perfect_foresight_never_costs_more(data):
    # The market maximises the value of consumption net of costs, so its bound is on that cost
    # (``market_cost_usd``), not on tonnes: knowing the closures in advance may leave a few more
    # tonnes of a cheap good short to save a dear one, or to keep stock rather than pay to
    # replace it. The rolling plan is feasible for the true scenario, so it never costs less.
    kw = data.draw(random_network(days=6, lags=True, storage=True, two_commodities=True))
    kw["commodities"] = [
        {**c, "price_usd_per_t": 300.0, "price_elasticity": -0.5} if not c.get("aid") else c
        for c in kw["commodities"]
    ]
    network = build(**kw)
    assert network.priced_commodity_ids()  # the trade good is priced, the aid rationed
    targets = closure_targets(kw)
    start = data.draw(st.integers(0, 5))
    sc = scenario(
        "s",
        closure(data.draw(st.sampled_from(targets)), start, data.draw(st.integers(start + 1, 7))),
    )
    engine = Engine(EngineSpec(network, 6, foresight="none"))
    perfect = engine.solve(sc, foresight="perfect")
    rolling = engine.solve(sc)
    assert rolling.market_cost_usd >= perfect.market_cost_usd - 1e-6 * max(
        1.0, abs(perfect.market_cost_usd)
    )


def test_a_run_of_both_bounds_gives_the_range():
    # The hand case above (perfect 150 t, rolling 200 t), run with foresight "both": the tables
    # are the perfect-foresight plan's, and bounds carry both headline figures; the baseline has
    # no closure and no bounds.
    from logistics.analyses.run import run_analysis
    from logistics.engine.engine import Options

    network = one_crossing_network(storage_at_demand=None)
    sc = scenario("shut", closure("X", 5, 10))
    results = run_analysis(network, [sc], Options(15, foresight="both")).results
    shut = results["shut"]
    assert shut.totals["shortfall_t"] == approx(150, abs=TOL)
    assert shut.bounds["perfect"]["shortfall_t"] == approx(150, abs=TOL)
    assert shut.bounds["none"]["shortfall_t"] == approx(200, abs=TOL)
    assert results.baseline.bounds == {}
    doc = results.to_dict()
    assert doc["foresight"] == "both"
    closed = doc["scenarios"][1]
    assert set(closed["bounds"]) == {"perfect", "none"}
    assert closed["bounds"]["none"]["shortfall_t"] == approx(200, abs=TOL)
    # the headline keys are the same under each bound
    assert set(closed["bounds"]["none"]) == set(closed["bounds"]["perfect"])
    assert closed["shortfall_t"] == closed["bounds"]["perfect"]["shortfall_t"]
    assert "bounds" not in doc["scenarios"][0]


def test_a_closure_known_from_day_0_is_solved_once(monkeypatch):
    # X shut from day 0 to the horizon's end (15 days): the rolling horizon makes one plan, on
    # day 0, knowing all that perfect foresight knows, so a run of both bounds reuses the
    # perfect-foresight figures instead of solving the same LP again. D gets nothing through X:
    # 40 t/day × 15 days = 600 t short under both, as a rolling run of its own finds too. X shut
    # on days 5-9 still goes through the rolling horizon (150 against 200 t, above).
    from logistics.analyses.run import run_analysis
    from logistics.engine import engine
    from logistics.engine.engine import Options

    network = one_crossing_network(storage_at_demand=None)
    whole, part = scenario("whole", closure("X", 0)), scenario("part", closure("X", 5, 10))
    rolled = []
    solve_rolling = engine.solve_rolling
    monkeypatch.setattr(
        engine,
        "solve_rolling",
        lambda model, solver, sc, *a, **kw: (
            rolled.append(sc.name) or solve_rolling(model, solver, sc, *a, **kw)
        ),
    )
    results = run_analysis(
        network, [whole, part], Options(15, foresight="both", workers=1), criticality=False
    ).results
    assert rolled == ["part"]
    assert results["whole"].bounds["perfect"]["shortfall_t"] == approx(600, abs=TOL)
    assert results["whole"].bounds["none"] == results["whole"].bounds["perfect"]
    alone = run_scenarios(network, [whole], horizon_days=15, foresight="none")["whole"]
    assert alone.totals["shortfall_t"] == approx(600, abs=TOL)
    assert results["part"].bounds["none"]["shortfall_t"] == approx(200, abs=TOL)
