"""The market allocation's answers are properties of the scenario, not of the solver's path: on
the bundled network, HiGHS's dual simplex, HiGHS's interior point method without crossover (the
centre of the optimal face, so any tie between optimal plans would show) and CBC give the same
province × commodity shortfalls and prices, and the simplex and CBC the same no-foresight totals.
"""

from __future__ import annotations

import numpy as np
import pytest

from inputs import bundled_path
from logistics.analyses import prices
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve.backends import Start
from logistics.solve.extract import extract
from logistics.solve.rolling import solve_rolling
from logistics.solve.solvers import make_solver
from networks import load_network
from networks.scenarios import baseline_scenario, load_scenarios

DAYS = 30
# a closure with real shortfall: its provinces and prices (all closures start on day 0 and last
# the horizon, so its rolling plan is its perfect one)
PERFECT = "pakistan-closure-90d"
# closures that start and end within the horizon: the rolling horizon's total
ROLLING = "intermittent-closures"
SCENARIOS = (PERFECT, ROLLING)
METHODS = ("dual simplex", "interior point", "cbc")
# The rolling horizon is compared between the two vertex methods only: without a basis every
# re-plan by the interior point method is a cold solve (10 s of this test's 40 s), and the total
# it checks is approximate by design (see the test)
ROLLING_METHODS = ("dual simplex", "cbc")


def _solver(model: Model, method: str):
    if method == "cbc":
        return make_solver(model, "cbc")
    if method == "interior point":
        # the interior point method without crossover ends at the centre of the optimal face:
        # if the face were not a single point on these figures, they would differ from a vertex's
        return make_solver(model, "highs", cold=Start(method="ipm", crossover=False))
    return make_solver(model, "highs")


@pytest.fixture(scope="module")
def answers():
    network = load_network(bundled_path("afghanistan"))
    scenarios = {
        s.name: s
        for s in load_scenarios([bundled_path("scenarios", f"{n}.yaml") for n in SCENARIOS])
    }
    exempt = frozenset(c.target for s in scenarios.values() for c in s.closures if c.exempt)
    model = Model(network, DAYS, exempt, hold_columns=True)
    out = {}
    # the prices are read against one baseline, solved once (by the dual simplex): the
    # scenarios are what is compared across the methods
    base_data = scenario_data(model, baseline_scenario())
    base_plan = _solver(model, METHODS[0]).solve(base_data, "baseline")
    base = extract(model, base_data, baseline_scenario(), base_plan)
    for method in METHODS:
        solver = _solver(model, method)
        scenario = scenarios[PERFECT]
        data = scenario_data(model, scenario)
        solved = extract(model, data, scenario, solver.solve(data, PERFECT))
        pairs = solved.deliveries.groupby(["node", "commodity"])[["need_t", "shortfall_t"]]
        weekly = prices.price_changes(solved, network, base).set_index(prices.KEYS)
        surprise = (np.nan, np.nan)
        if method in ROLLING_METHODS:
            scenario = scenarios[ROLLING]
            rolled, held = solve_rolling(model, solver, scenario)
            table = extract(model, scenario_data(model, scenario), scenario, rolled, held)
            surprise = (table.deliveries["shortfall_t"].sum(), table.deliveries["need_t"].sum())
        out[method] = (pairs.sum(), weekly["price_multiple"], *map(float, surprise))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("method", METHODS[1:])
def test_every_solver_path_gives_the_same_provinces_and_prices(answers, method):
    pairs, price, _, _ = answers[method]
    ref_pairs, ref_price, _, _ = answers[METHODS[0]]
    assert ref_pairs["shortfall_t"].sum() > 1000  # a closure with real shortfall
    # every province × commodity shortfall within 0.5 % of that pair's need
    gap = (pairs["shortfall_t"] - ref_pairs["shortfall_t"]).abs() / pairs["need_t"]
    assert gap.max() <= 0.005
    # every full week's price within 1 %. The last, partial week (days 28-29 of 30) is left
    # out: read on two days of consumption, an inelastic good's price there moves 3 % when two
    # provinces at the same price tier trade 0.2 t (Helmand and Uruzgan, cooking oil, after issue
    # 23's data): a near-tie at the horizon's end that the model does not yet break
    full = price.index.get_level_values("week") < DAYS // 7
    assert np.allclose(
        price[full].to_numpy(), ref_price.reindex(price.index[full]).to_numpy(), rtol=0.01
    )


@pytest.mark.slow
@pytest.mark.parametrize("method", ROLLING_METHODS[1:])
def test_every_solver_path_gives_the_same_no_foresight_total(answers, method):
    # within 1 % of need: which of several equally good plans is on the road when a closure
    # strikes is not fixed by the objective (docs/model.md), so this total is approximate
    _, _, surprise_t, need_t = answers[method]
    _, _, ref_surprise_t, _ = answers[METHODS[0]]
    assert ref_surprise_t > 100  # the closures leave some need unmet without warning
    assert abs(surprise_t - ref_surprise_t) <= 0.01 * need_t
