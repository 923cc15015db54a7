"""Time steps (``logistics.model.steps``): the grid, the step arithmetic, and a hand case.

A step's decisions run at a uniform daily rate, so its totals are the sums of its days'; the
hand case below works out on paper what that means for a 2-day road.
"""

from __future__ import annotations

import numpy as np
import pytest
from pytest import approx

from logistics.engine.engine import Engine, EngineSpec, Options
from logistics.model.steps import TimeSteps, make_steps
from networks.scenarios import baseline_scenario
from tests.conftest import closure, lagged_crossing_network, scenario

TOL = 1e-4


def test_fitted_steps_by_hand():
    # daily days 0..6; weeks start on 7 and 14; closures start or end on 9 and 15
    steps = TimeSteps.fitted(20, {9, 15, 40}, daily_days=7, step_days=7)
    assert steps.start_day.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 9, 14, 15]
    assert steps.days.tolist() == [1, 1, 1, 1, 1, 1, 1, 2, 5, 1, 5]  # 7..8, 9..13, 14, 15..19
    assert steps.step_of_day.tolist()[7:16] == [7, 7, 8, 8, 8, 8, 8, 9, 10]


def test_daily_days_not_on_a_week_start_wait_for_the_next_week():
    # daily 0..9, then the weeks of 7 days from day 14 (the first week start ≥ 10): 10..13 is
    # one step
    steps = TimeSteps.fitted(21, (), daily_days=10, step_days=7)
    assert steps.start_day.tolist() == [*range(10), 10, 14]


def test_fitted_steps_are_daily_at_both_ends():
    # 60 days: daily 0..27 (and 28, the last daily step's end), weeks from 28 (28, 35, 42),
    # daily again for the last 14 days (46..59): [28, 35), [35, 42), [42, 46) are coarse
    steps = make_steps("fitted", 60, ())
    assert steps.start_day.tolist() == [*range(28), 28, 35, 42, *range(46, 60)]
    assert steps.days.tolist()[28:31] == [7, 7, 4]
    assert make_steps("fitted", 42, ()).is_daily  # 28 daily days + 14 at the end
    assert make_steps("daily", 90, ()).is_daily


def test_steps_must_cover_the_horizon():
    with pytest.raises(ValueError, match="cover"):
        TimeSteps(np.array([0, 3]), np.array([3, 3]), 7)


def test_totals_and_all_days():
    steps = TimeSteps.from_starts([2], 5)  # days 0..1 and 2..4
    per_day = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    assert steps.totals(per_day).tolist() == [3.0, 12.0]  # 1 + 2; 3 + 4 + 5
    assert steps.all_days(np.array([True, True, True, False, True])).tolist() == [True, False]


def test_arrivals_spread_a_step_over_the_steps_its_days_reach():
    # a 7-day step 0..6 on a 2-day road arrives on days 2..8: 5 days in step 0, days 7 and 8
    # in step 1 (7..13); a step-1 dispatch arrives on 9..15: 9..13 in step 1, 14 and 15 past
    # the horizon (-1)
    steps = TimeSteps.from_starts([7], 14)
    which, day, step, share = steps.arrivals(np.array([2, 2]), np.array([0, 1]))
    assert which.tolist() == [0] * 7 + [1] * 7
    assert day.tolist() == [*range(2, 9), *range(9, 16)]
    assert step.tolist() == [0] * 5 + [1] * 2 + [1] * 5 + [-1] * 2
    assert share == approx(np.full(14, 1 / 7))


def test_weekly_steps_on_a_two_day_road_by_hand():
    """SRC → X (crossing, 50 t/day; the road takes 2 days, 1 USD/t) → D (40 t/day), nothing
    stored, 14 days.

    Daily: nothing arrives on days 0-1, so 2 × 40 = 80 t are short; 12 × 40 = 480 t delivered.
    Two 7-day steps: step 0's dispatch X0 arrives 5/7 in step 0 and 2/7 in step 1; step 1's X1
    arrives 5/7 in step 1 (2/7 after the horizon). Step 0 delivers 5/7 X0 = 280 (its need,
    7 × 40) with X0 = 392 (crossing: 280 ≤ 7 × 50); step 1 needs 280 − 2/7 × 392 = 168 more,
    X1 = 168 × 7/5 = 235.2. Nothing is short: within a step, when cargo comes is not modelled.
    In transit at the end: 2/7 × 235.2 = 67.2 t. Supply taken 392 + 235.2 = 627.2 = 560 + 67.2.
    """
    network = lagged_crossing_network()
    daily = Engine(EngineSpec(network, 14)).solve(baseline_scenario())
    assert daily.deliveries["shortfall_t"].sum() == approx(80, abs=TOL)
    assert daily.deliveries["delivered_t"].sum() == approx(480, abs=TOL)

    weekly = Engine(EngineSpec(network, 14, steps=TimeSteps.from_starts([7], 14)))
    solved = weekly.solve(baseline_scenario())
    assert solved.deliveries["shortfall_t"].sum() == approx(0, abs=TOL)
    dispatched = solved.flows[solved.flows["route"] == "SRC_X"].groupby("day")["t"].sum()
    assert dispatched.loc[0:6].tolist() == approx([392 / 7] * 7, abs=TOL)  # X0 evenly
    assert dispatched.loc[7:13].tolist() == approx([235.2 / 7] * 7, abs=TOL)  # X1 evenly
    assert solved.in_transit_t == approx(67.2, abs=TOL)
    assert solved.supply["taken_t"].sum() == approx(627.2, abs=TOL)
    # the daily table spreads each step's deliveries over its days by need: 40 t every day
    assert solved.deliveries["delivered_t"].tolist() == approx([40] * 14, abs=TOL)


def test_a_closure_inside_a_step_counts_its_days_of_capacity():
    """The crossing of the network above at 0.25 of its 50 t/day on days 7-13 (one step):
    step 1's crossing row allows 7 × 50 × 0.25 = 87.5 t.

    Step 0 delivers 5/7 X0 ≤ 280 (its need); step 1 receives 2/7 X0 + 5/7 X1 ≤ 87.5. Delivered
    in all: X0 + 5/7 X1. A tonne of X0 delivers 1 t for 2/7 t of step 1's crossing, a tonne of
    X1 5/7 t for 5/7 t, so X1 = 0 and X0 = 87.5 × 7/2 = 306.25 (≤ 392): 218.75 t in step 0 and
    87.5 t in step 1, 306.25 t in all. Shortfall 560 − 306.25 = 253.75 t. The crossing passes
    306.25 / 7 = 43.75 t on each of days 7 and 8 (step 0's cargo, days 5 and 6 + 2), 87.5 t.
    """
    network = lagged_crossing_network()
    engine = Engine(EngineSpec(network, 14, steps=TimeSteps.from_starts([7], 14)))
    solved = engine.solve(scenario("quarter", closure("X", 7, 14, factor=0.25)))
    assert solved.deliveries["shortfall_t"].sum() == approx(253.75, abs=TOL)
    assert solved.throughput.loc[solved.throughput["day"] >= 7, "t"].sum() == approx(87.5, abs=TOL)


def test_fitted_steps_split_at_every_closure_of_the_run():
    s = scenario("mid", closure("X", 31, 45))
    spec = EngineSpec.of(lagged_crossing_network(), 60, Options(), [s])
    assert {31, 45} <= set(spec.steps.start_day.tolist())
    assert EngineSpec.of(lagged_crossing_network(), 60, Options(time_steps="daily")).steps.is_daily


def test_a_rolling_plan_on_fitted_steps_conserves_mass():
    # a closure from day 31 to 45 at 0.2 on a 60-day horizon: re-plans on days 0, 31 and 45,
    # each the first day of a step; extract checks the mass balance (it raises otherwise)
    s = scenario("mid", closure("X", 31, 45, factor=0.2))
    spec = EngineSpec.of(lagged_crossing_network(), 60, Options(foresight="none"), [s])
    solved = Engine(spec).solve(s)
    assert solved.solution.path == "rolling"
    perfect = Engine(EngineSpec.of(lagged_crossing_network(), 60, Options(), [s])).solve(s)
    # perfect foresight is never worse than learning on the day
    assert perfect.deliveries["shortfall_t"].sum() <= solved.deliveries["shortfall_t"].sum() + TOL


def test_a_re_plan_day_must_start_a_step():
    s = scenario("mid", closure("X", 31, 45, factor=0.2))
    steps = make_steps("fitted", 60)  # not split at the closure's days
    spec = EngineSpec(lagged_crossing_network(), 60, foresight="none", steps=steps)
    with pytest.raises(ValueError, match="re-plan day"):
        Engine(spec).solve(s)
