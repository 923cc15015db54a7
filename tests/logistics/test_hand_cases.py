"""Small networks whose optimum a person can work out on paper.

Every expected number has its arithmetic next to it. Conventions (see conftest): days 0..T-1,
transit 0 unless stated, nodes cannot hold stock unless stated, routes 1,000 t/day.
Solutions carry solver noise of about 1e-7 t, hence ``approx(abs=1e-4)``.
"""

from __future__ import annotations

import json

import pytest
from pytest import approx

import logistics
from logistics.engine.engine import Engine, EngineSpec
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from tests.conftest import (
    AID,
    FOOD,
    TRADE,
    aid_and_trade_network,
    build,
    closure,
    demand,
    node,
    one_crossing_network,
    route,
    run,
    scenario,
    stock,
    supply,
)

TOL = 1e-4


def near(x: float) -> object:
    return approx(x, abs=TOL)


# ---------------------------------------------------------------- 1. two crossings, one closed


def test_two_crossings_baseline_meets_all_need(two_crossings):
    base = run(two_crossings, days=10).baseline
    assert base.totals["need_t"] == near(700)  # 70 t/day × 10 days
    assert base.totals["delivered_t"] == near(700)  # 30 + 50 = 80 t/day ≥ 70 t/day
    assert base.totals["shortfall_t"] == near(0)
    assert base.totals["first_shortfall_day"] is None


def test_two_crossings_closing_the_larger_for_five_days(two_crossings):
    res = run(two_crossings, scenario("x50-shut", closure("X50", 0, 5)), days=10)
    s = res["x50-shut"]
    assert s.totals["shortfall_t"] == near(200)  # days 0–4: 70 − 30 = 40 t/day short × 5 days
    assert s.totals["delivered_t"] == near(500)  # 700 − 200
    assert s.totals["shortfall_pct"] == near(100 * 200 / 700)  # 28.571 %
    assert s.totals["first_shortfall_day"] == 0
    assert s.totals["first_province_short"] == "D"
    assert s.change["shortfall_t"] == near(200)  # baseline shortfall is 0
    assert s.by_node.loc["D", "shortfall_t"] == near(200)


def test_two_crossings_throughput_totals(two_crossings):
    res = run(
        two_crossings,
        scenario("x50-shut", closure("X50", 0, 5)),
        scenario("x50-half", closure("X50", 2, 6, factor=0.5)),
        days=10,
    )
    base, shut = res.baseline.crossings, res["x50-shut"].crossings
    half = res["x50-half"].crossings
    # closed days count only days at factor 0; days 2-5 at half capacity are restricted
    assert (shut.loc["X50", "restricted_days"], half.loc["X50", "restricted_days"]) == (0, 4)
    assert half.loc["X50", "closed_days"] == 0
    # baseline: cost stage fills the cheaper X30 (1 USD/t) to its 30 t/day, X50 (2 USD/t) takes 70 − 30 = 40 t/day
    assert base.loc["X30", "throughput_t"] == near(300)  # 30 × 10
    assert base.loc["X50", "throughput_t"] == near(400)  # 40 × 10
    assert base.loc["X30", "utilisation"] == near(1.0)  # 300 / (30 × 10)
    assert base.loc["X50", "utilisation"] == near(0.8)  # 400 / (50 × 10)
    assert base.loc["X50", "closed_days"] == 0
    # closure: X30 still 30 t/day all 10 days; X50 carries 0 on days 0–4 and 40 t/day on days 5–9
    assert shut.loc["X30", "throughput_t"] == near(300)  # 30 × 10
    assert shut.loc["X50", "throughput_t"] == near(200)  # 40 × 5
    assert shut.loc["X50", "closed_days"] == 5  # days 0, 1, 2, 3, 4
    # transport cost: baseline 10 × (30 × 1 + 40 × 2) = 1,100 USD; closure 5 × 30 + 5 × (30 + 80) = 700 USD
    assert res.baseline.totals["transport_cost_usd"] == near(1100)
    assert res["x50-shut"].totals["transport_cost_usd"] == near(700)
    assert res["x50-shut"].change["transport_cost_usd"] == near(-400)
    # route table: SRC_X50 carries 400 t in the baseline, 200 t under closure (change −200)
    assert res["x50-shut"].routes.loc["SRC_X50", "t"] == near(200)
    assert res["x50-shut"].routes.loc["SRC_X50", "change_t"] == near(-200)
    # tonne-km: every tonne delivered travels SRC→X (10 km) + X→D (10 km): 500 t × 20 km
    assert res["x50-shut"].totals["tonne_km"] == near(500 * 20)


def test_daily_shortfall_table(two_crossings):
    by_day = run(two_crossings, scenario("x50-shut", closure("X50", 0, 5)), days=10)[
        "x50-shut"
    ].by_day
    assert list(by_day.index) == list(range(10))
    assert (
        by_day["shortfall_t"].tolist() == [near(40)] * 5 + [near(0)] * 5
    )  # 70 − 30 on closed days


# ---------------------------------------------------------------- 2. pre-positioning before a later closure
# SRC (100 t/day) → X (50 t/day) → D (40 t/day); X closed on days 3..7 (end_day 8), horizon 10 days.
# Without storage at D: 5 closed days × 40 t = 200 t short.
# With storage: days 0–2 have 50 − 40 = 10 t/day spare at X → 30 t can be stocked at D.


@pytest.mark.parametrize(
    ("storage_t", "expected_shortfall"),
    [
        (0, 200),  # 5 days × 40 t/day, nothing can be held at D
        (None, 170),  # unlimited storage: 200 − 3 days × (50 − 40) spare = 200 − 30
        (1000, 170),  # storage larger than what can be pre-positioned: same as unlimited
        (12, 188),  # storage caps the pre-positioned stock at 12 t: 200 − 12
        (30, 170),  # exactly the 30 t that can be pre-positioned
    ],
)
def test_prepositioning_before_a_later_closure(storage_t, expected_shortfall):
    net = one_crossing_network(storage_at_demand=storage_t)
    s = run(net, scenario("late", closure("X", 3, 8)), days=10)["late"]
    assert s.totals["shortfall_t"] == near(expected_shortfall)
    assert (
        s.totals["first_shortfall_day"] == 3
    )  # the first closed day (pre-positioned stock cannot cover all of it)
    # the extra tonnes were carried through X before day 3 (days 0–2 at most 50 t/day)
    daily = s.solution.throughput.set_index("day")["t"]
    assert daily.loc[[3, 4, 5, 6, 7]].sum() == near(0)  # closed
    assert daily.loc[[0, 1, 2]].sum() == near(
        120 + (200 - expected_shortfall)
    )  # 3 × 40 used on the day + the stock


def test_prepositioned_stock_is_held_at_the_demand_node():
    net = one_crossing_network(storage_at_demand=12)
    s = run(net, scenario("late", closure("X", 3, 8)), days=10)["late"]
    # The balance at D on day 2 ends with the 12 t stock (nothing else can be held anywhere);
    # the 12 t are eaten during the closure, so the horizon ends with an empty store.
    assert s.solution.end_stock["t"].sum() == near(0)
    assert s.solution.deliveries.query("day >= 3 and day < 8")["delivered_t"].sum() == near(12)


# ---------------------------------------------------------------- 3. transit lag and day-0 stock


def test_working_stock_is_replaced_when_supply_allows_and_eaten_when_it_does_not():
    # SRC → D, no lag, 2 USD/t; D needs 10 t/day for 4 days and holds 25 t of working stock (unlimited storage).
    def net(supply_t_per_day):
        return build(
            nodes=[node("SRC", "source"), node("D", "demand", storage_t=None)],
            routes=[route("SRC_D", "SRC", "D", capacity=100, cost=2)],
            supply=[supply("SRC", supply_t_per_day)],
            demand=[demand("D", 10)],
            stocks=[stock("D", 25)],
        )

    # plenty of supply (20 t/day): need 4 × 10 = 40 t is met and the 25 t are held again at the end,
    # so all 40 t of need are shipped (40 × 2 = 80 USD) rather than 40 − 25 = 15 t (30 USD)
    rich = run(net(20), days=4).baseline
    assert rich.totals["shortfall_t"] == near(0)
    assert rich.solution.end_stock["t"].sum() == near(25)
    assert rich.totals["transport_cost_usd"] == near(80)
    # scarce supply (5 t/day): 4 × 5 = 20 t arrive; stage 1 eats the stock first: 40 − 20 − 25 < 0,
    # so nothing is short and 20 + 25 − 40 = 5 t remain: the target never costs need
    poor = run(net(5), days=4).baseline
    assert poor.totals["shortfall_t"] == near(0)
    assert poor.solution.end_stock["t"].sum() == near(5)
    # scarcer still (2 t/day): 8 t arrive, 40 − 8 − 25 = 7 t short, and the store ends empty
    poorer = run(net(2), days=4).baseline
    assert poorer.totals["shortfall_t"] == near(7)
    assert poorer.solution.end_stock["t"].sum() == near(0)


@pytest.mark.parametrize("transit_days", [2, 1.5, 1.01])  # 1.5 and 1.01 are rounded up to 2 days
def test_transit_lag_served_from_initial_stock(transit_days):
    # SRC (50 t/day) → D, 2-day transit, 5 USD/t; D needs 30 t/day and holds 40 t on day 0 (unlimited storage).
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand", storage_t=None)],
        routes=[route("SRC_D", "SRC", "D", capacity=100, transit=transit_days, cost=5)],
        supply=[supply("SRC", 50)],
        demand=[demand("D", 30)],
        stocks=[stock("D", 40)],
    )
    s = run(net, days=6).baseline
    # days 0 and 1 can only eat the 40 t stock: need 2 × 30 = 60 → 20 t short;
    # from day 2 on, up to 50 t/day arrive (≥ 30): no shortfall.
    assert s.totals["shortfall_t"] == near(20)
    assert s.totals["need_t"] == near(180)  # 30 × 6
    # the fairness stage prefers unmet need late rather than early: day 0 is fed, day 1 is 20 t short
    assert s.totals["first_shortfall_day"] == 1
    by_day = s.by_day["shortfall_t"]
    assert by_day.loc[0] == near(0) and by_day.loc[1] == near(20)
    # shipments: 4 days × 30 t of need enter on days 0..3 (arriving 2..5), plus the 40 t of day-0
    # working stock replaced by the horizon end (equation 6: an unreplaced tonne costs 1,000 USD in
    # stage 3, a shipped one 5 USD; 4 days × 20 t/day of spare supply leave room for it);
    # nothing is sent to arrive after day 5 (it costs)
    assert s.totals["transport_cost_usd"] == near((4 * 30 + 40) * 5)  # 800 USD
    assert s.solution.end_stock["t"].sum() == near(40)
    assert s.totals["in_transit_t"] == near(0)
    flows = s.solution.flows
    assert set(flows["arrival_day"] - flows["day"]) == {2}


def test_transit_lag_without_stock():
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D", capacity=100, transit=2, cost=5)],
        supply=[supply("SRC", 50)],
        demand=[demand("D", 30)],
    )
    s = run(net, days=6).baseline
    assert s.totals["shortfall_t"] == near(
        60
    )  # days 0 and 1: 2 × 30 t, nothing can have arrived yet
    assert s.totals["first_shortfall_day"] == 0


def test_zero_capacity_routes_solve():
    # A (1 t/day) → B over a route of capacity 0, and an unrelated route A → C of capacity 0; B needs 8 t/day.
    # Nothing can move: all 8 t are unmet, the transport cost is 0.
    net = build(
        nodes=[node("A"), node("B"), node("C")],
        routes=[route("AB", "A", "B", capacity=0), route("AC", "A", "C", capacity=0)],
        supply=[supply("A", 1)],
        demand=[demand("B", 8)],
    )
    s = run(net, days=1).baseline
    assert s.totals["shortfall_t"] == near(8)
    assert s.totals["transport_cost_usd"] == near(0)


# ---------------------------------------------------------------- 4. partial capacity


def test_partial_capacity_factor_on_a_route():
    # SRC (200 t/day) → D over one route of 100 t/day; D needs 80 t/day; horizon 8 days.
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D", capacity=100, cost=1)],
        supply=[supply("SRC", 200)],
        demand=[demand("D", 80)],
    )
    s = run(net, scenario("thirty-pct", closure("SRC_D", 2, 6, factor=0.3)), days=8)["thirty-pct"]
    # days 2..5: 0.3 × 100 = 30 t/day can enter; 80 − 30 = 50 t/day short × 4 days
    assert s.totals["shortfall_t"] == near(200)
    assert s.totals["first_shortfall_day"] == 2
    assert s.by_day["shortfall_t"].tolist() == [near(0)] * 2 + [near(50)] * 4 + [near(0)] * 2


def test_partial_capacity_factor_on_a_crossing():
    net = one_crossing_network(storage_at_demand=0, throughput=100, need=80)
    s = run(net, scenario("thirty-pct", closure("X", 0, 4, factor=0.3)), days=4)["thirty-pct"]
    # 0.3 × 100 = 30 t/day pass X; 80 − 30 = 50 t/day short × 4 days
    assert s.totals["shortfall_t"] == near(200)
    assert s.crossings.loc["X", "throughput_t"] == near(120)  # 30 × 4
    assert s.crossings.loc["X", "utilisation"] == near(0.3)  # 120 / (100 × 4)


def test_overlapping_closures_take_the_smallest_factor():
    net = one_crossing_network(storage_at_demand=0, throughput=100, need=80)
    sc = scenario("both", closure("X", 0, 4, factor=0.5), closure("X", 2, 4, factor=0.2))
    s = run(net, sc, days=4)["both"]
    # days 0–1: 50 t/day pass (30 short); days 2–3: min(0.5, 0.2) × 100 = 20 t/day (60 short)
    assert s.totals["shortfall_t"] == near(2 * 30 + 2 * 60)  # 180


def test_expansion_factor_above_one_relieves_a_crossing_bottleneck():
    net = one_crossing_network(storage_at_demand=0, throughput=50, need=80)
    res = run(net, scenario("expanded", closure("X", 0, 5, factor=2.0)), days=5)
    assert res.baseline.totals["shortfall_t"] == near(150)  # (80 − 50) × 5
    assert res["expanded"].totals["shortfall_t"] == near(0)  # 2 × 50 = 100 ≥ 80


def test_expansion_factor_above_one_relieves_a_route_bottleneck():
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D", capacity=50)],
        supply=[supply("SRC", 200)],
        demand=[demand("D", 80)],
    )
    res = run(net, scenario("expanded", closure("SRC_D", 0, 5, factor=2.0)), days=5)
    assert res.baseline.totals["shortfall_t"] == near(150)  # (80 − 50) × 5
    assert res["expanded"].totals["shortfall_t"] == near(0)  # 2 × 50 = 100 ≥ 80


def test_closing_a_bidirectional_route_closes_both_directions():
    # Route CB is written C → B but bidirectional; C needs 20 t/day and gets it over the reverse arc
    # B → C (50 t/day), plus a thin direct A → C of 5 t/day. Closing CB must close B → C too.
    net = build(
        nodes=[node("A", "source"), node("B", "demand"), node("C", "demand")],
        routes=[
            route("AB", "A", "B"),
            route("CB", "C", "B", bidirectional=True, capacity=50),
            route("AC", "A", "C", capacity=5),
        ],
        supply=[supply("A", 100)],
        demand=[demand("B", 30), demand("C", 20)],
    )
    res = run(net, scenario("cb-shut", closure("CB", 0, 3)), days=3)
    assert res.baseline.totals["shortfall_t"] == near(0)  # C: 5 direct + 15 over B → C
    # without B → C, C gets only the 5 t/day of AC: 15 t/day short × 3 days
    assert res["cb-shut"].totals["shortfall_t"] == near(45)
    assert res["cb-shut"].by_node.loc["C", "shortfall_t"] == near(45)


def test_closing_a_node_without_throughput_closes_routes_into_it():
    # SRC → HUB (no throughput limit) → D; closing HUB closes SRC→HUB.
    net = build(
        nodes=[node("SRC", "source"), node("HUB", "hub"), node("D", "demand")],
        routes=[route("SRC_HUB", "SRC", "HUB"), route("HUB_D", "HUB", "D")],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 10)],
    )
    s = run(net, scenario("hub-shut", closure("HUB", 1, 3)), days=4)["hub-shut"]
    assert s.totals["shortfall_t"] == near(20)  # days 1, 2: 10 t each


def test_closing_a_port_stops_its_supply_from_leaving():
    net = build(
        nodes=[node("PORT", "port"), node("D", "demand")],
        routes=[route("PORT_D", "PORT", "D", cost=1)],
        supply=[supply("PORT", 100)],
        demand=[demand("D", 40)],
    )
    s = run(net, scenario("port-shut", closure("PORT", 0, 5)), days=5)["port-shut"]
    assert s.totals["shortfall_t"] == near(
        200
    )  # the port is the only origin: 40 t/day × 5 days unmet


def test_a_partial_closure_of_an_origin_scales_its_supply():
    # SRC offers 100 t/day through a 1,000 t/day route, no storage anywhere; D needs 80 t/day.
    # Closing SRC at 0.3 on days 1-2 leaves 30 t/day offered: 50 t short on each of those days.
    # (Before, only SRC's 1,000 t/day route was scaled, to 300 t/day, and nothing was short.)
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D")],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 80)],
    )
    s = run(net, scenario("ban", closure("SRC", 1, 3, 0.3)), days=4)["ban"]
    assert s.totals["shortfall_t"] == near(2 * 50)  # (80 - 100 × 0.3) t × days 1, 2


def test_an_expanded_origin_adds_capacity_not_goods():
    # A factor of 2 on SRC doubles its route, not its 100 t/day offer: 20 t/day stay short.
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D")],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 120)],
    )
    s = run(net, scenario("more", closure("SRC", 0, 3, 2.0)), days=3)["more"]
    assert s.totals["shortfall_t"] == near(3 * 20)  # (120 - 100) t × 3 days


def test_an_exempt_commodity_keeps_its_supply_at_a_closed_origin():
    # SRC (aid 50 + trade 50 t/day) closed on days 1-2 with aid exempt: aid's supply and route stay
    # open, trade's supply is scaled to 0, so trade is 40 t short on each of the two days.
    net = aid_and_trade_network(throughput=1000)
    s = run(net, scenario("aid-only", closure("SRC", 1, 3, exempt=["aid"])), days=4)["aid-only"]
    assert s.totals["trade_shortfall_t"] == near(2 * 40)
    assert s.totals["aid_shortfall_t"] == near(0)


# ---------------------------------------------------------------- 5. priorities and exemptions
# SRC (aid 50 + trade 50 t/day) → X (60 t/day) → D (aid 40 + trade 40 t/day); horizon 5 days.


def test_aid_is_served_first_at_a_shared_bottleneck(aid_and_trade):
    s = run(aid_and_trade, days=5).baseline
    # 60 t/day through X: aid (priority 2) takes its 40, trade gets 60 − 40 = 20 of its 40
    assert s.totals["aid_shortfall_t"] == near(0)
    assert s.totals["trade_shortfall_t"] == near(100)  # 20 t/day × 5
    assert s.totals["shortfall_t"] == near(100)
    assert s.by_commodity.loc["aid", "shortfall_t"] == near(0)
    assert s.by_commodity.loc["trade", "shortfall_t"] == near(100)
    assert s.by_node.loc["D", "trade_shortfall_t"] == near(100)
    assert s.totals["aid_need_t"] == near(200) and s.totals["trade_need_t"] == near(
        200
    )  # 40 × 5 each


def test_priority_is_per_tonne_not_per_share():
    # Aid priority 2 still wins when trade's need is larger: 60 t/day shared, aid needs 50, trade 100.
    net = build(
        nodes=[
            node("SRC", "source"),
            node("X", "crossing", throughput_t_per_day=60),
            node("D", "demand"),
        ],
        routes=[route("SRC_X", "SRC", "X"), route("X_D", "X", "D")],
        supply=[supply("SRC", 100, "aid"), supply("SRC", 100, "trade")],
        demand=[demand("D", 50, "aid"), demand("D", 100, "trade")],
        commodities=[AID, TRADE],
    )
    s = run(net, days=2).baseline
    assert s.totals["aid_shortfall_t"] == near(0)  # aid 50 ≤ 60
    assert s.totals["trade_shortfall_t"] == near(
        2 * 90
    )  # trade gets 60 − 50 = 10 of 100 → 90 short/day


def test_exempt_aid_passes_a_closed_crossing_while_trade_stops(aid_and_trade):
    res = run(
        aid_and_trade,
        scenario("corridor", closure("X", 0, 5, exempt=["aid"])),
        scenario("sealed", closure("X", 0, 5)),
        days=5,
    )
    corridor, sealed = res["corridor"].totals, res["sealed"].totals
    # corridor: aid passes at X's full 60 t/day (needs 40), trade may not pass at all
    assert corridor["aid_shortfall_t"] == near(0)
    assert corridor["trade_shortfall_t"] == near(200)  # 40 × 5
    # sealed: nothing passes
    assert sealed["aid_shortfall_t"] == near(200)
    assert sealed["trade_shortfall_t"] == near(200)
    assert sealed["shortfall_t"] == near(400)
    assert res["corridor"].crossings.loc["X", "throughput_t"] == near(200)  # 40 t/day of aid × 5


def test_exempt_aid_is_still_limited_by_normal_capacity():
    net = aid_and_trade_network(throughput=30)  # aid needs 40 t/day but X takes only 30
    s = run(net, scenario("corridor", closure("X", 0, 5, exempt=["aid"])), days=5)["corridor"]
    assert s.totals["aid_shortfall_t"] == near(50)  # (40 − 30) × 5
    assert s.totals["trade_shortfall_t"] == near(200)  # trade stopped: 40 × 5


def test_exempt_on_a_partially_closed_crossing_leaves_trade_the_reduced_share():
    net = aid_and_trade_network(throughput=100)
    s = run(net, scenario("half", closure("X", 0, 5, factor=0.5, exempt=["aid"])), days=5)["half"]
    # non-exempt (trade) ≤ 0.5 × 100 = 50 t/day ≥ its 40; aid ≤ 100 total: both fully served
    assert s.totals["shortfall_t"] == near(0)
    net = aid_and_trade_network(throughput=100)
    s = run(net, scenario("tenth", closure("X", 0, 5, factor=0.1, exempt=["aid"])), days=5)["tenth"]
    # trade ≤ 10 t/day → 30 short × 5; aid 40 ≤ 100 − 10
    assert s.totals["trade_shortfall_t"] == near(150)
    assert s.totals["aid_shortfall_t"] == near(0)


def test_exempt_aid_passes_a_closed_route():
    net = aid_and_trade_network(throughput=1000)
    s = run(net, scenario("route-corridor", closure("SRC_X", 1, 3, exempt=["aid"])), days=4)[
        "route-corridor"
    ]
    # route closed on days 1, 2 for trade only: trade 40 × 2 short, aid unaffected
    assert s.totals["trade_shortfall_t"] == near(80)
    assert s.totals["aid_shortfall_t"] == near(0)


def test_a_commodity_is_exempt_only_if_every_active_closure_exempts_it():
    net = aid_and_trade_network(throughput=1000)
    sc = scenario(
        "mixed", closure("X", 0, 4, exempt=["aid"]), closure("X", 2, 4)
    )  # days 2–3: second closure does not exempt aid
    s = run(net, sc, days=4)["mixed"]
    assert s.totals["aid_shortfall_t"] == near(80)  # days 2, 3: 40 t each
    assert s.totals["trade_shortfall_t"] == near(160)  # all four days: 40 t each


# ---------------------------------------------------------------- 6. first shortfall day, kcal and people-days


def test_people_days_unmet_from_kcal():
    # SRC → D of 100 t/day; D needs 100 t/day of food (3,500 kcal/kg); route closed days 2..3 of 5.
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand", pcode="AF05")],
        routes=[route("SRC_D", "SRC", "D", capacity=100)],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 100, people=1_000_000)],
    )
    s = run(net, scenario("shut", closure("SRC_D", 2, 4)), days=5)["shut"]
    assert s.totals["shortfall_t"] == near(200)  # 2 days × 100 t
    assert s.totals["shortfall_kcal"] == approx(200 * 1000 * 3500, rel=1e-9)  # 7.0e8 kcal
    assert s.totals["people_days_unmet"] == approx(
        200 * 1000 * 3500 / 2100, rel=1e-9
    )  # 333,333.3 people-days
    assert s.totals["first_shortfall_day"] == 2
    assert s.by_node.loc["D", "first_shortfall_day"] == 2
    assert s.by_node.loc["D", "pcode"] == "AF05"
    assert s.by_commodity.loc["food", "people_days_unmet"] == approx(333_333.333, rel=1e-6)


def test_first_shortfall_day_ignores_shortfalls_within_half_a_percent():
    # D needs 1,000 t/day but the route carries 996: 4 t short each day = 0.4 % (below the 0.5 % threshold).
    # A 0.9 factor on days 2..3 leaves 896.4 t/day: 103.6 t short = 10.36 % → first shortfall day 2.
    net = build(
        nodes=[node("SRC", "source"), node("D", "demand")],
        routes=[route("SRC_D", "SRC", "D", capacity=996)],
        supply=[supply("SRC", 2000)],
        demand=[demand("D", 1000)],
    )
    res = run(net, scenario("slow", closure("SRC_D", 2, 4, factor=0.9)), days=4)
    assert res.baseline.totals["shortfall_t"] == near(16)  # 4 t × 4 days, counted...
    assert res.baseline.totals["first_shortfall_day"] is None  # ...but no day is above 0.5 % short
    assert res["slow"].totals["shortfall_t"] == near(2 * 4 + 2 * 103.6)  # 215.2
    assert res["slow"].totals["first_shortfall_day"] == 2


def test_first_shortfall_day_and_province_per_node():
    # Two provinces fed by separate routes; P1's route closes from day 3, P2's from day 1.
    net = build(
        nodes=[
            node("SRC", "source"),
            node("P1", "demand", pcode="AF01"),
            node("P2", "demand", pcode="AF02"),
        ],
        routes=[route("R1", "SRC", "P1"), route("R2", "SRC", "P2")],
        supply=[supply("SRC", 100)],
        demand=[demand("P1", 10), demand("P2", 20)],
    )
    s = run(net, scenario("s", closure("R1", 3, 5), closure("R2", 1, 2)), days=5)["s"]
    assert s.by_node.loc["P1", "first_shortfall_day"] == 3
    assert s.by_node.loc["P2", "first_shortfall_day"] == 1
    assert s.totals["first_shortfall_day"] == 1
    assert s.totals["first_province_short"] == "P2"
    assert s.by_node.loc["P1", "shortfall_t"] == near(20)  # days 3, 4 × 10
    assert s.by_node.loc["P2", "shortfall_t"] == near(20)  # day 1 × 20


def test_first_province_short_names_a_small_province_that_is_entirely_short():
    # BIG needs 1,000 t/day and is fully served; SMALL needs 2 t/day and its only route is closed.
    # Nationally 2 / 1,002 = 0.2 % short per day (below 0.5 %), but SMALL is 100 % short from day 0.
    net = build(
        nodes=[node("SRC", "source"), node("BIG", "demand"), node("SMALL", "demand")],
        routes=[route("R1", "SRC", "BIG"), route("R2", "SRC", "SMALL")],
        supply=[supply("SRC", 2000)],
        demand=[demand("BIG", 1000), demand("SMALL", 2)],
    )
    s = run(net, scenario("small-cut", closure("R2")), days=3)["small-cut"]
    assert s.totals["shortfall_t"] == near(6)  # 2 t × 3 days
    assert s.by_node.loc["SMALL", "first_shortfall_day"] == 0  # 100 % of its own need
    assert s.totals["first_province_short"] == "SMALL"


def test_people_days_mix_commodities_by_their_kcal():
    net = aid_and_trade_network(throughput=60)
    s = run(net, days=5).baseline
    # trade (3,600 kcal/kg) is 100 t short, aid none: 100 × 1,000 × 3,600 / 2,100
    assert s.totals["people_days_unmet"] == approx(100 * 1000 * 3600 / 2100, rel=1e-6)  # 171,428.6


# ---------------------------------------------------------------- scenario factors


def test_demand_factor_by_pcode_and_star():
    net = build(
        nodes=[
            node("SRC", "source"),
            node("P1", "demand", pcode="AF01"),
            node("P2", "demand", pcode="AF02"),
        ],
        routes=[route("R1", "SRC", "P1", capacity=15), route("R2", "SRC", "P2", capacity=15)],
        supply=[supply("SRC", 100)],
        demand=[demand("P1", 10), demand("P2", 10)],
    )
    s = run(net, scenario("surge", demand_factor={"*": 1.2, "AF01": 2.0}), days=3)["surge"]
    assert s.totals["need_t"] == near(3 * (20 + 12))  # P1 10 × 2.0, P2 10 × 1.2
    assert s.by_node.loc["P1", "shortfall_t"] == near(3 * 5)  # need 20, route 15
    assert s.by_node.loc["P2", "shortfall_t"] == near(0)  # need 12 ≤ 15


def test_supply_factor_scales_availability():
    net = one_crossing_network(storage_at_demand=0, throughput=1000, need=80)
    s = run(net, scenario("poor-harvest", supply_factor={"SRC": 0.5}), days=2)["poor-harvest"]
    assert s.totals["shortfall_t"] == near(2 * 30)  # 100 × 0.5 = 50 available vs 80 needed


def test_cost_factor_changes_cost_and_can_shift_the_route(two_crossings):
    # A factor 4 on X30's entry cost (1 → 4 USD/t) makes X50 (2 USD/t) the cheaper crossing.
    res = run(two_crossings, scenario("pricey", cost_factor={"SRC_X30": 4.0}), days=10)
    s = res["pricey"]
    assert s.totals["shortfall_t"] == near(0)
    assert s.crossings.loc["X50", "throughput_t"] == near(500)  # 50 t/day × 10: filled first
    assert s.crossings.loc["X30", "throughput_t"] == near(200)  # 70 − 50 = 20 t/day × 10
    assert s.totals["transport_cost_usd"] == near(10 * (50 * 2 + 20 * 4))  # 1,800 USD


# ---------------------------------------------------------------- results document


def test_json_document_has_the_design_keys_and_is_strict_json(two_crossings):
    res = run(two_crossings, scenario("x50-shut", closure("X50", 0, 5)), days=10)
    doc = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    assert doc["horizon_days"] == 10
    assert doc["solver"] == "highs"
    assert [s["name"] for s in doc["scenarios"]] == ["baseline", "x50-shut"]
    s = doc["scenarios"][1]
    for key in (
        "status",
        "need_t",
        "delivered_t",
        "shortfall_t",
        "shortfall_pct",
        "shortfall_kcal",
        "people_days_unmet",
        "transport_cost_usd",
        "first_shortfall_day",
    ):
        assert key in s
    assert s["status"] == "optimal"
    assert s["shortfall_t"] == near(200)
    assert s["first_shortfall_day"] == 0
    assert doc["scenarios"][0]["first_shortfall_day"] is None
    assert s["by_node"][0]["node"] == "D" and s["by_node"][0]["pcode"] == "AF01"
    assert {"node", "pcode", "need_t", "shortfall_t", "first_shortfall_day"} <= set(s["by_node"][0])
    assert {"commodity", "need_t", "shortfall_t"} <= set(s["by_commodity"][0])
    crossings = {c["node"]: c for c in s["crossings"]}
    assert crossings["X50"]["throughput_t"] == near(200)
    assert {"node", "throughput_t", "utilisation", "shadow_price"} <= set(crossings["X50"])


def test_crossing_shadow_price_of_a_binding_crossing(two_crossings):
    res = run(two_crossings, scenario("x50-shut", closure("X50", 0, 5)), days=10)
    crossings = {c["node"]: c for c in res.to_dict()["scenarios"][1]["crossings"]}
    # +1 t/day at X30 meets 1 t more need on each of the 5 closed days (X30 binds only then): 5 t
    assert crossings["X30"]["shadow_price"] == near(5)
    # X50 is closed (factor 0: extra capacity cannot be used) on days 0-4 and has 20 t/day of slack after: 0
    assert crossings["X50"]["shadow_price"] == near(0)


def test_crossing_shadow_price_matches_a_finite_difference():
    # The same network with X30 at 31 t/day: the 5 closed days lose 70 - 31 = 39 t each, 195 t in all,
    # 5 t less than the 200 t at 30 t/day, which is the shadow price above.
    net = build(
        nodes=[
            node("SRC", "source"),
            node("X30", "crossing", throughput_t_per_day=31),
            node("X50", "crossing", throughput_t_per_day=50),
            node("D", "demand"),
        ],
        routes=[
            route("SRC_X30", "SRC", "X30", cost=1),
            route("SRC_X50", "SRC", "X50", cost=2),
            route("X30_D", "X30", "D"),
            route("X50_D", "X50", "D"),
        ],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 70)],
    )
    s = run(net, scenario("x50-shut", closure("X50", 0, 5)), days=10)["x50-shut"]
    assert s.totals["shortfall_t"] == near(195)


def test_route_shadow_price(two_crossings):
    # With X50 shut, SRC_X30 (capacity 1,000 t/day) never binds: 0. The crossing, not the road, is the bottleneck.
    res = run(two_crossings, scenario("x50-shut", closure("X50", 0, 5)), days=10)
    assert res["x50-shut"].routes.loc["SRC_X30", "shadow_price"] == near(0)
    # Narrowing the road X30_D to 2 % of its 1,000 t/day on days 0-4 makes it the bottleneck (20 < 30 t/day);
    # each +1 t/day of its normal capacity adds 0.02 t/day on those 5 days = 0.1 t
    narrow = scenario("narrow", closure("X50", 0, 5), closure("X30_D", 0, 5, factor=0.02))
    assert run(two_crossings, narrow, days=10)["narrow"].routes.loc[
        "X30_D", "shadow_price"
    ] == near(0.1)


# ---------------------------------------------------------------- lower level: one model, many scenarios


def test_a_reused_model_forgets_the_previous_scenario(two_crossings):
    engine = Engine(EngineSpec(two_crossings, 10))
    shut = scenario("x50-shut", closure("X50", 0, 5))
    base = logistics.Scenario(name="baseline")
    # one live solver, alternating scenarios: each solve reloads every bound and cost
    got = [engine.solve(sc).deliveries["shortfall_t"].sum() for sc in (base, shut, base, shut)]
    assert got == [near(0), near(200), near(0), near(200)]  # 200: days 0-4 × (70 − 30) t/day
    # sweep cases start from the baseline: its plan sends 40 t/day through X50 on days 0-4, which
    # the closure forbids, so the case starts warm from the baseline's basis; the baseline case
    # after it is the reference plan itself, whatever was solved in between
    case = engine.case(shut)
    assert case.path == "warm"
    assert case.shortfall_t.sum() == near(200)
    again = engine.case(base)
    assert again.path == "reference"
    assert again.shortfall_t.sum() == near(0)


def test_exempt_closure_on_a_model_built_without_exemptions_is_refused(aid_and_trade):
    model = Model(aid_and_trade, 3)  # no exempt_targets
    sc = scenario("corridor", closure("SRC_X", 0, 3, exempt=["aid"]))
    with pytest.raises(ValueError, match="exempt"):
        scenario_data(model, sc)


def test_horizon_must_be_positive(two_crossings):
    with pytest.raises(ValueError, match="horizon_days"):
        Model(two_crossings, 0)


def test_food_commodity_defaults():
    # FOOD has no priority and no aid column: priority 1, aid false
    net = build(
        nodes=[node("S", "source"), node("D", "demand")],
        routes=[route("SD", "S", "D")],
        supply=[supply("S", 1)],
        demand=[demand("D", 1)],
        commodities=[FOOD],
    )
    row = net.commodities.iloc[0]
    assert row["priority"] == 1.0 and not row["aid"]
