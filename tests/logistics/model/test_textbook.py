"""Textbook transportation problems with published optima, solved as one-day borderflow networks.

A transportation problem maps onto the model directly: each origin is a ``source`` node whose
supply (t/day) is its availability, each destination a ``demand`` node whose need (t/day) is its
demand, each origin–destination pair a zero-transit route whose ``cost_usd_per_t`` is the unit
cost. Over a one-day horizon with no storage, stage 1 meets all demand the supply allows and
stage 3 is exactly the transportation problem's cost minimisation.
"""

from __future__ import annotations

import numpy as np
import pytest
from pytest import approx
from scipy.optimize import linprog

from logistics.analyses.readout import SHARE_TIE_PCT
from tests.conftest import build, demand, node, route, run, supply

# Winston, W. L., *Operations Research: Applications and Algorithms*, 4th ed. (Thomson
# Brooks/Cole, 2004), Chapter 7 "Transportation, Assignment, and Transshipment Problems",
# Section 7.1, Example 1 "Powerco": three power plants supply four cities (million kWh);
# the published optimal shipping plan costs z = $1,020
# (x12 = 10, x13 = 25, x21 = 45, x23 = 5, x32 = 10, x34 = 30).
POWERCO_COST = [[8, 6, 10, 9], [9, 12, 13, 7], [14, 9, 16, 5]]
POWERCO_SUPPLY = [35, 50, 40]
POWERCO_DEMAND = [45, 20, 30, 30]
POWERCO_OPTIMUM = 1020  # 6·10 + 10·25 + 9·45 + 13·5 + 9·10 + 5·30

# Taha, H. A., *Operations Research: An Introduction*, 8th ed. (Pearson Prentice Hall, 2007),
# Section 5.1, Example 5.1-1 "MG Auto": plants Los Angeles, Detroit, New Orleans (1,000, 1,500,
# 1,200 cars) ship to Denver and Miami (2,300, 1,400 cars) at 8 cents per car-mile
# (LA–Denver 1,000 mi → $80, LA–Miami 2,690 → $215, Detroit–Denver 1,250 → $100,
# Detroit–Miami 1,350 → $108, New Orleans–Denver 1,275 → $102, New Orleans–Miami 850 → $68);
# published optimum $313,200 (LA→Denver 1,000, Detroit→Denver 1,300, Detroit→Miami 200,
# New Orleans→Miami 1,200). Example 5.1-2 then lowers Detroit's capacity to 1,300 cars, so
# demand exceeds supply by 3,700 − 3,500 = 200 cars (a dummy plant of 200 is added).
MG_COST = [[80, 215], [100, 108], [102, 68]]
MG_SUPPLY = [1000, 1500, 1200]
MG_DEMAND = [2300, 1400]
MG_OPTIMUM = 313_200  # 80·1000 + 100·1300 + 108·200 + 68·1200


def transportation_network(cost, supplies, demands):
    """Origins O1.. → destinations D1.., one zero-transit route per pair at the given unit cost."""
    origins = [f"O{i + 1}" for i in range(len(supplies))]
    dests = [f"D{j + 1}" for j in range(len(demands))]
    return build(
        nodes=[node(o, "source") for o in origins] + [node(d, "demand") for d in dests],
        routes=[
            route(f"{o}_{d}", o, d, capacity=1e6, cost=cost[i][j])
            for i, o in enumerate(origins)
            for j, d in enumerate(dests)
        ],
        supply=[supply(o, s) for o, s in zip(origins, supplies, strict=True)],
        demand=[demand(d, q) for d, q in zip(dests, demands, strict=True)],
    )


def scipy_transport_cost(cost, supplies, demands) -> float:
    """Independent oracle: min Σ c x s.t. row sums ≤ supply, column sums = demand (scipy/HiGHS)."""
    c = np.asarray(cost, float)
    m, n = c.shape
    a_ub = np.kron(np.eye(m), np.ones(n))
    a_eq = np.kron(np.ones(m), np.eye(n))
    res = linprog(c.ravel(), A_ub=a_ub, b_ub=supplies, A_eq=a_eq, b_eq=demands, method="highs")
    assert res.status == 0
    return float(res.fun)


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_powerco_published_optimum(solver):
    s = run(
        transportation_network(POWERCO_COST, POWERCO_SUPPLY, POWERCO_DEMAND), days=1, solver=solver
    ).baseline
    assert s.totals["shortfall_t"] == approx(0, abs=1e-4)  # supply 125 = demand 125
    assert s.totals["delivered_t"] == approx(125, abs=1e-4)  # 45 + 20 + 30 + 30
    assert s.totals["transport_cost_usd"] == approx(POWERCO_OPTIMUM, abs=1e-3)


def test_mg_auto_published_optimum():
    s = run(transportation_network(MG_COST, MG_SUPPLY, MG_DEMAND), days=1).baseline
    assert s.totals["shortfall_t"] == approx(0, abs=1e-4)  # 3,700 = 3,700
    assert s.totals["transport_cost_usd"] == approx(MG_OPTIMUM, abs=1e-3)
    flows = s.routes["t"]
    # the published optimum is unique: check the plan, not just its cost
    assert flows.get("O1_D1", 0) == approx(1000, abs=1e-3)
    assert flows.get("O2_D1", 0) == approx(1300, abs=1e-3)
    assert flows.get("O2_D2", 0) == approx(200, abs=1e-3)
    assert flows.get("O3_D2", 0) == approx(1200, abs=1e-3)
    assert flows.get("O1_D2", 0) == approx(0, abs=1e-3) and flows.get("O3_D1", 0) == approx(
        0, abs=1e-3
    )


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_mg_auto_unbalanced_shortfall_is_shared_in_proportion(solver):
    supplies = [1000, 1300, 1200]  # Example 5.1-2: Detroit down to 1,300
    s = run(transportation_network(MG_COST, supplies, MG_DEMAND), days=1, solver=solver).baseline
    assert s.totals["shortfall_t"] == approx(200, abs=1e-4)  # 3,700 − 3,500
    # Which centre goes short is the allocation rule, not the textbook's dummy plant. Under
    # "proportional" both centres can reach any split of the 200 t (every plant reaches both),
    # so the largest unmet share is smallest when the shares are equal: 200 / 3,700 = 5.405 %.
    # Denver 2,300 × 200 / 3,700 = 124.324 t short, Miami 1,400 × 200 / 3,700 = 75.676 t.
    assert s.by_node.loc["D1", "shortfall_t"] == approx(2300 * 200 / 3700, abs=1e-3)
    assert s.by_node.loc["D2", "shortfall_t"] == approx(1400 * 200 / 3700, abs=1e-3)
    # equal within the ranking's tie tolerance (a held share may exceed its level a little)
    assert s.by_node.loc["D1", "shortfall_pct"] == approx(
        s.by_node.loc["D2", "shortfall_pct"], abs=SHARE_TIE_PCT
    )
    # Stage 3 then ships the remaining demand at least cost
    delivered = [2300 - 2300 * 200 / 3700, 1400 - 1400 * 200 / 3700]
    assert s.totals["transport_cost_usd"] == approx(
        scipy_transport_cost(MG_COST, supplies, delivered), abs=1e-3
    )


@pytest.mark.parametrize("solver", ["highs", "cbc"])
def test_mg_auto_unbalanced_market_is_the_textbook_dummy_plant(solver):
    supplies = [1000, 1300, 1200]
    s = run(
        transportation_network(MG_COST, supplies, MG_DEMAND),
        days=1,
        solver=solver,
        allocation="market",
    ).baseline
    # "market" is the textbook's own answer: a dummy plant of 200 cars at zero cost, i.e. the
    # least-cost plan that ships 3,500. LA → Denver 1,000 ($80), New Orleans → Miami 1,200
    # ($68), Detroit's 1,300 to Denver ($100 < $108) fills Denver; Miami is 200 short.
    # Cost 80·1,000 + 68·1,200 + 100·1,300 = 291,600, which scipy confirms with a dummy origin.
    assert s.by_node.loc["D1", "shortfall_t"] == approx(0, abs=1e-3)
    assert s.by_node.loc["D2", "shortfall_t"] == approx(200, abs=1e-3)
    with_dummy = scipy_transport_cost([*MG_COST, [0, 0]], [*supplies, 200], MG_DEMAND)
    assert with_dummy == approx(291_600)
    assert s.totals["transport_cost_usd"] == approx(with_dummy, abs=1e-3)


def test_excess_supply_costs_the_scipy_optimum():
    supplies = [
        35,
        70,
        40,
    ]  # Powerco with plant 2 raised from 50 to 70: 20 units spare, not shipped
    s = run(transportation_network(POWERCO_COST, supplies, POWERCO_DEMAND), days=1).baseline
    assert s.totals["shortfall_t"] == approx(0, abs=1e-4)
    assert s.totals["delivered_t"] == approx(125, abs=1e-4)
    assert s.totals["transport_cost_usd"] == approx(
        scipy_transport_cost(POWERCO_COST, supplies, POWERCO_DEMAND), abs=1e-3
    )
    assert float(s.solution.supply["taken_t"].sum()) == approx(
        125, abs=1e-4
    )  # spare supply stays unused
