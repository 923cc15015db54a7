"""The market allocation's answers are properties of the scenario, not of the solver's path: on
the bundled network, HiGHS's dual simplex, HiGHS's interior point method without crossover (a
point inside the optimal face, so any tie between optimal plans would show) and CBC give the same
province × commodity shortfalls and prices. That the plan kept is the same from every vertex is
tests/logistics/solve/test_centre.py; CBC's rolling horizon is test_rolling.py's hand cases.
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
from logistics.solve.solvers import make_solver
from networks import load_network
from networks.scenarios import baseline_scenario, load_scenarios

DAYS = 30
# a closure with real shortfall: its provinces and prices
PERFECT = "pakistan-closure-90d"
METHODS = ("dual simplex", "interior point", "cbc")


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
    scenario = load_scenarios([bundled_path("scenarios", f"{PERFECT}.yaml")])[0]
    model = Model(network, DAYS, frozenset())
    out = {}
    # the prices are read against one baseline, solved once (by the dual simplex): the
    # scenarios are what is compared across the methods
    base_data = scenario_data(model, baseline_scenario())
    base_plan = _solver(model, METHODS[0]).solve(base_data, "baseline")
    base = extract(model, base_data, baseline_scenario(), base_plan)
    for method in METHODS:
        solver = _solver(model, method)
        data = scenario_data(model, scenario)
        solved = extract(model, data, scenario, solver.solve(data, PERFECT))
        pairs = solved.deliveries.groupby(["node", "commodity"])[["need_t", "shortfall_t"]]
        weekly = prices.price_changes(solved, network, base).set_index(prices.KEYS)
        out[method] = (pairs.sum(), weekly["price_multiple"])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("method", METHODS[1:])
def test_every_solver_path_gives_the_same_provinces_and_prices(answers, method):
    pairs, price = answers[method]
    ref_pairs, ref_price = answers[METHODS[0]]
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
