"""The market allocation (a spatial price equilibrium) on hand cases: demand tiers, prices on the
curve, and the equilibrium's price differences. Tier values are computed by hand in the comments
from ``logistics.model.demand``: constant elasticity ε = -1, so the curve is P/s, capped at 10 P;
the tiers change where the price reaches 1.02, 1.05, 1.10, 1.20, 1.35, 1.5, 1.75, 2, 2.5, 3, 5
and 10 × P, i.e. at consumption shares s = 1/step; a tier between steps a < b is worth
P ln(b/a) / (1/a - 1/b), the curve's mean over its shares.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from pytest import approx

from logistics import run_scenarios
from logistics.analyses import prices
from logistics.engine.engine import Engine, EngineSpec
from logistics.model import demand as curve
from logistics.model.lp import Model
from networks.scenarios import baseline_scenario
from tests.conftest import build, demand, node, route, scenario, supply

PRICED = {
    "id": "food",
    "name": "Food",
    "kcal_per_kg": 3500,
    "price_usd_per_t": 100.0,
    "price_elasticity": -1.0,
}


def test_tier_values_by_hand():
    # ε = -1, P = 100: tier 0 (steps 1 → 1.02) is worth 100 ln 1.02 / (1 - 1/1.02) = 100.993;
    # tier 1 (1.02 → 1.05) 100 ln(1.05/1.02) / (1/1.02 - 1/1.05) = 103.486; tier 7 (1.75 → 2)
    # 100 ln(2/1.75) / (1/1.75 - 1/2) = 186.944; the last, the rationing tier s in [0, 0.1] below
    # the cap: ∫_0^0.1 10 (1 + 0.1 - s) ds = 1.05, over 0.1: 10.5 → 1,050
    values = curve.tier_values_usd_per_t(100.0, -1.0)
    assert values[0] == approx(100 * math.log(1.02) / (1 - 1 / 1.02))
    assert values[1] == approx(100 * math.log(1.05 / 1.02) / (1 / 1.02 - 1 / 1.05))
    assert values[7] == approx(100 * math.log(2 / 1.75) / (1 / 1.75 - 1 / 2))
    assert values[-1] == approx(1050.0)
    assert np.all(np.diff(values) > 0)  # strictly rising with depth: no ties between tiers
    assert curve.tier_widths(-1.0).sum() == approx(1.0)
    # on the curve: s = 0.5 → 2 × normal; s = 0.05 → capped at 10 ×
    assert curve.price_multiple([1.0, 0.5, 0.05], -1.0) == approx([1.0, 2.0, 10.0])
    # aid rations: tiers of 10 %, priority 2: 10,000 × (2 + 0.5 × 0.05) = 20,250 for the first
    # 10 % cut, 10,000 × (2 + 0.5 × 0.95) = 24,750 for the last; priority 3 starts above both
    aid = curve.aid_tier_values_usd_per_t(2.0)
    assert aid[0] == approx(20250.0) and aid[-1] == approx(24750.0)
    assert curve.aid_tier_values_usd_per_t(3.0)[0] > aid[-1]


@pytest.mark.parametrize("elasticity", [-0.26, -1.0, -2.0])
def test_tier_values_are_the_mean_marginal_value_over_each_tier(elasticity):
    # oracle: the closed-form integrals against a fine midpoint rule over the marginal value
    # curve itself (ε = -0.26 reaches the cap at s = 10^-0.26 = 0.55, so several tiers straddle
    # or lie beyond it)
    edges = 1.0 - curve.tier_edges(elasticity)  # consumption shares, falling from 1 to 0
    for j, value in enumerate(curve.tier_values_usd_per_t(100.0, elasticity)):
        hi, lo = edges[j], edges[j + 1]
        s = lo + (np.arange(200_000) + 0.5) * (hi - lo) / 200_000
        assert value == approx(
            100.0 * curve.marginal_value_multiple(s, elasticity).mean(), rel=1e-6
        )


@pytest.mark.parametrize(
    ("cost", "short_t"),
    [
        # 100 t/day of need, plenty of supply, delivery cost c per tonne. A tier is served exactly
        # when its value exceeds c: tier 0 (the price up to 1.02 P: unmet 0 - 1.961 %) is worth
        # 100.99, tier 1 (1.02 - 1.05 P: unmet 1.961 - 4.762 %) 103.49, tier 2 107.46.
        (100.0, 0.0),  # every tier is worth more than 100: nothing short
        (103.0, 100 * (1 - 1 / 1.02)),  # tier 0 is not served: 1.961 t short
        (105.0, 100 * (1 - 1 / 1.05)),  # tiers 0 and 1 are not: 4.762 t short
    ],
)
def test_a_tier_is_served_exactly_when_its_value_exceeds_its_delivered_cost(cost, short_t):
    network = build(
        nodes=[node("S", "source"), node("D", "demand", pcode="AF01")],
        routes=[route("R", "S", "D", cost=cost)],
        supply=[supply("S", 1000)],
        demand=[demand("D", 100)],
        commodities=(PRICED,),
    )
    result = run_scenarios(network, [], horizon_days=1)
    assert result.baseline.totals["shortfall_t"] == approx(short_t, abs=1e-6)


def two_provinces(supply_t: float) -> dict:
    """S (``supply_t`` t/day) → A (cost 0) → B (cost 30): both need 10 t/day; no storage."""
    return dict(
        nodes=[
            node("S", "source"),
            node("A", "demand", pcode="AF01"),
            node("B", "demand", pcode="AF02"),
        ],
        routes=[route("SA", "S", "A", cost=0.0), route("AB", "A", "B", cost=30.0)],
        supply=[supply("S", supply_t)],
        demand=[demand("A", 10), demand("B", 10)],
        commodities=(PRICED,),
    )


def test_far_province_pays_the_delivery_cost_more_and_keeps_no_larger_share():
    # 10.5 t for 20 t of need: each tonne delivered saves a tier's value at A, or the tier's
    # value less 30 at B. Deepest tiers first (10 t of need: tier widths 1, 1, 1.333, 0.667, 1,
    # 0.714 t from s = 0 up): A's rationing tier (1,050) and B's (1,020 net), A's and B's 5-10 ×
    # (693.15, 663.15), 3-5 × (383.12, 353.12), 2.5-3 × (273.48, 243.48): 8 t; A's 2-2.5 ×
    # (223.14): 9 t; B's 2-2.5 × (193.14 net, above A's 1.75-2 × at 186.94): 10 t; A's
    # 1.75-2 × takes the last 0.5 t. A consumes 5.5 t, B 5 t. A's price is the value of its open
    # tier, 100 ln(2/1.75)/(1/1.75 - 1/2) = 186.94, and B's 30 more: 216.94 (B's 1.75-2 × tier,
    # 186.94, is left unmet and its 2-2.5 × tier, 223.14, served: both consistent with 216.94).
    network = build(**two_provinces(10.5))
    engine = Engine(EngineSpec(network, 1))
    solved = engine.solve(baseline_scenario(), 1)
    short = solved.deliveries.set_index("node")["shortfall_t"]
    assert short["A"] == approx(4.5, abs=1e-6) and short["B"] == approx(5.0, abs=1e-6)
    model: Model = engine.model
    duals = model.families["balance"].view(solved.solution.stage1_row_duals)[:, 0, 0]
    price = dict(zip(model.node_ids, -duals, strict=True))
    assert price["A"] == approx(100 * math.log(2 / 1.75) / (1 / 1.75 - 1 / 2), abs=1e-6)
    assert price["B"] - price["A"] == approx(30.0, abs=1e-6)  # the route A → B is used
    # the reported prices are read on the curve at the quantities: A at 5.5/10 → 100/0.55, B at
    # 5/10 → 200; the far province pays more and keeps no larger share
    weekly = prices.weekly_prices(solved, network).set_index("node")["price_multiple"]
    assert weekly["A"] == approx(1 / 0.55) and weekly["B"] == approx(2.0)


def test_baseline_price_is_the_normal_price():
    # supply meets need everywhere: every province consumes its need, so its price on the curve
    # is the normal price, and the change against the baseline is 0
    network = build(**two_provinces(20.0))
    result = run_scenarios(network, [], horizon_days=3)
    base = result.baseline
    assert base.totals["shortfall_t"] == approx(0.0, abs=1e-9)
    assert (base.prices["price_multiple"] == 1.0).all()
    assert (base.prices["price_change_pct"] == 0.0).all()
    assert base.totals["basket_peak_price_change_pct"] == 0.0
    table = result.to_dict()["scenarios"][0]["by_node_commodity"]
    assert [(r["node"], r["price_change_pct"]) for r in table] == [("A", 0.0), ("B", 0.0)]


def test_price_change_is_against_the_baseline_week_by_week():
    # 15 t/day for 20 t of need: the baseline is short too (its prices are above normal). The
    # scenario halves the supply. Each province's change is its price over its baseline price,
    # week by week, so the baseline's own shortage is not counted as the scenario's.
    network = build(**two_provinces(15.0))
    half = scenario("half", supply_factor={"S": 0.5})
    result = run_scenarios(network, [half], horizon_days=7)
    base = result.baseline.prices.set_index("node")
    low = result["half"].prices.set_index("node")
    for n in ("A", "B"):
        expected = 100.0 * (low.at[n, "price_multiple"] / base.at[n, "price_multiple"] - 1.0)
        assert low.at[n, "price_change_pct"] == approx(expected)
        assert low.at[n, "price_change_pct"] > 0  # less food: dearer everywhere


def test_json_says_what_the_rule_equalises_and_gives_prices_per_province_and_good():
    network = build(**two_provinces(10.5))
    doc = run_scenarios(network, [], horizon_days=1).to_dict()
    assert doc["allocation"] == "market" and doc["elasticity"] == "central"
    assert doc["shadow_price_unit"] == "usd"
    assert "delivery cost" in doc["allocation_equalises"]
    (row_a, row_b) = doc["scenarios"][0]["by_node_commodity"]
    assert set(row_a) == {
        "node", "pcode", "commodity", "need_t", "shortfall_t", "shortfall_pct",
        "price_change_pct", "peak_price_change_pct", "first_shortfall_day",
    }  # fmt: skip
    # the baseline's own prices are against the normal price: A consumes 5.5 of 10 t (45 %
    # short), 100/0.55 = +81.82 %; B 5 of 10 t (50 %), 100/0.5 = +100 %
    assert (row_a["node"], row_a["shortfall_pct"]) == ("A", 45.0)
    assert row_a["price_change_pct"] == approx(100 * (1 / 0.55 - 1), abs=1e-6)
    assert (row_b["node"], row_b["shortfall_pct"], row_b["price_change_pct"]) == ("B", 50.0, 100.0)
    proportional = run_scenarios(network, [], horizon_days=1, allocation="proportional")
    assert "not per good" in proportional.to_dict()["allocation_equalises"]
