"""Shared builders: small networks a person can check by hand, given as pandas DataFrames.

Each builder returns plain data (dicts of DataFrames) or a validated ``Network``; the hand
cases of ``tests/logistics`` spell out their arithmetic next to every expected number.

Conventions of the builders (so that a hand calculation has no hidden degrees of freedom):
routes default to transit 0, capacity 1,000 t/day, cost 0 and distance 10 km; nodes default
to ``storage_t = 0`` (cannot hold stock) unless a test says otherwise — the schema's own
default, blank, means *unlimited* storage, which a test asks for with ``storage_t=None``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import pytest

import logistics
import networks
from networks.schema import TABLES


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the files that hold slow tests first: pytest-xdist hands out whole files
    (``--dist loadfile``), and starting the longest first lets the short ones fill in around
    them, so the suite ends sooner on 2 cores. The order within a file is kept.
    """
    heavy = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in heavy)


FOOD = {"id": "food", "name": "Food", "kcal_per_kg": 3500}
AID = {"id": "aid", "name": "WFP food basket", "kcal_per_kg": 3000, "priority": 2, "aid": True}
TRADE = {
    "id": "trade",
    "name": "Commercial flour",
    "kcal_per_kg": 3600,
    "priority": 1,
    "aid": False,
}


def node(id: str, kind: str = "hub", storage_t: float | None = 0, **extra) -> dict:
    """A node row; ``storage_t=None`` leaves the cell blank (= no storage limit)."""
    return {"id": id, "name": f"{id} name", "kind": kind, "storage_t": storage_t, **extra}


def route(
    id: str,
    frm: str,
    to: str,
    capacity: float = 1000,
    transit: float = 0,
    cost: float = 0,
    distance: float = 10,
    **extra,
) -> dict:
    """A route row (one direction unless ``bidirectional=True``)."""
    return {
        "id": id,
        "from": frm,
        "to": to,
        "mode": extra.pop("mode", "road"),
        "distance_km": distance,
        "transit_days": transit,
        "capacity_t_per_day": capacity,
        "cost_usd_per_t": cost,
        **extra,
    }


def supply(node_id: str, t_per_day: float, commodity: str = "food", **extra) -> dict:
    """A supply row (t/day, every day unless start_day/end_day are given)."""
    return {"node": node_id, "commodity": commodity, "t_per_day": t_per_day, **extra}


def demand(node_id: str, t_per_day: float, commodity: str = "food", **extra) -> dict:
    """A demand row (t/day of need)."""
    return {"node": node_id, "commodity": commodity, "t_per_day": t_per_day, **extra}


def stock(node_id: str, tonnes: float, commodity: str = "food") -> dict:
    """A day-0 stock row."""
    return {"node": node_id, "commodity": commodity, "tonnes": tonnes}


def frame(name: str, rows: Iterable[dict]) -> pd.DataFrame:
    """Rows as a DataFrame; an empty table still carries its required columns."""
    rows = list(rows)
    if rows:
        return pd.DataFrame(rows)
    return pd.DataFrame(columns=[c.name for c in TABLES[name].columns if c.required])


def tables(
    nodes, routes, supply=(), demand=(), stocks=(), commodities=(FOOD,)
) -> dict[str, pd.DataFrame]:
    """The six input tables as DataFrames, keyed by table name."""
    return {
        "nodes": frame("nodes", nodes),
        "routes": frame("routes", routes),
        "commodities": frame("commodities", commodities),
        "supply": frame("supply", supply),
        "demand": frame("demand", demand),
        "stocks": frame("stocks", stocks),
    }


def build(**kw) -> networks.Network:
    """Validate ``tables(**kw)`` into a Network."""
    return networks.network_from_tables(tables(**kw))


def closure(
    target: str,
    start: int = 0,
    end: int | None = None,
    factor: float = 0.0,
    exempt: Iterable[str] = (),
) -> logistics.Closure:
    """A closure of ``target`` on days [start, end) at ``factor`` of normal capacity."""
    return logistics.Closure(
        target=target, start_day=start, end_day=end, capacity_factor=factor, exempt=tuple(exempt)
    )


def scenario(name: str, *closures: logistics.Closure, **factors) -> logistics.Scenario:
    """A named scenario of closures and (demand_/supply_/cost_) factors."""
    return logistics.Scenario(name=name, closures=closures, **factors)


def run(
    network: networks.Network,
    *scenarios: logistics.Scenario,
    days: int,
    solver: str = "highs",
    allocation: str = "proportional",
) -> logistics.Results:
    """Baseline plus ``scenarios`` over ``days`` days."""
    return logistics.run_scenarios(
        network, list(scenarios), horizon_days=days, solver=solver, allocation=allocation
    )


# ---------------------------------------------------------------------------- named hand networks


def three_parallel_crossings_network() -> networks.Network:
    """S (100 t/day) → A, B, C (50 t/day each) → D (40 t/day, AF01): closing any one crossing
    adds nothing, so the three closures tie at 0 t.
    """
    return build(
        nodes=[
            node("S", "source"),
            *[node(x, "crossing", throughput_t_per_day=50) for x in ("A", "B", "C")],
            node("D", "demand", pcode="AF01"),
        ],
        routes=[*[route(f"S{x}", "S", x) for x in "ABC"], *[route(f"{x}D", x, "D") for x in "ABC"]],
        supply=[supply("S", 100)],
        demand=[demand("D", 40)],
    )


def two_crossings_network() -> networks.Network:
    """SRC (100 t/day) → X30 (30 t/day) / X50 (50 t/day) → D (70 t/day); nothing can be stored.

    Entering X30 costs 1 USD/t and X50 2 USD/t, so the cost stage fills X30 first.
    """
    return networks.network_from_tables(two_crossings_tables())


def two_crossings_closures(days: int = 6):
    """``two_crossings_network`` over ``days`` days with "x50-closed" (X50 shut days 1-3: 30 of
    70 t/day get through, 3 × 40 = 120 t short) and "both-day-2" (both shut on day 2: 70 t
    short), and its crossing ranking: (results, ranking).
    """
    from logistics.analyses.criticality import run_criticality

    network = two_crossings_network()
    results = run(
        network,
        scenario("x50-closed", closure("X50", 1, 4)),
        scenario("both-day-2", closure("X30", 2, 3), closure("X50", 2, 3)),
        days=days,
    )
    return results, run_criticality(network, days, workers=1)


def two_crossings_tables() -> dict[str, pd.DataFrame]:
    """The tables of ``two_crossings_network`` (to write as files)."""
    return tables(
        nodes=[
            node("SRC", "source"),
            node("X30", "crossing", throughput_t_per_day=30),
            node("X50", "crossing", throughput_t_per_day=50),
            node("D", "demand", pcode="AF01"),
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


def one_crossing_network(
    storage_at_demand: float | None, throughput: float = 50, need: float = 40
) -> networks.Network:
    """SRC (100 t/day) → X (throughput t/day) → D (need t/day, storage as given). 1 USD/t to enter SRC→X."""
    return build(
        nodes=[
            node("SRC", "source"),
            node("X", "crossing", throughput_t_per_day=throughput),
            node("D", "demand", storage_t=storage_at_demand),
        ],
        routes=[route("SRC_X", "SRC", "X", cost=1), route("X_D", "X", "D")],
        supply=[supply("SRC", 100)],
        demand=[demand("D", need)],
    )


def lagged_crossing_network() -> networks.Network:
    """SRC (100 t/day) → X (crossing, 50 t/day; the road takes 2 days, 1 USD/t) → D (40 t/day), no storage."""
    return build(
        nodes=[
            node("SRC", "source"),
            node("X", "crossing", throughput_t_per_day=50),
            node("D", "demand"),
        ],
        routes=[route("SRC_X", "SRC", "X", transit=2, cost=1), route("X_D", "X", "D")],
        supply=[supply("SRC", 100)],
        demand=[demand("D", 40)],
    )


def aid_and_trade_network(throughput: float = 60) -> networks.Network:
    """SRC (aid 50 + trade 50 t/day) → X (throughput t/day) → D (aid 40 + trade 40 t/day), no storage.

    Aid has priority 2, trade priority 1.
    """
    return build(
        nodes=[
            node("SRC", "source"),
            node("X", "crossing", throughput_t_per_day=throughput),
            node("D", "demand"),
        ],
        routes=[route("SRC_X", "SRC", "X", cost=1), route("X_D", "X", "D", cost=1)],
        supply=[supply("SRC", 50, "aid"), supply("SRC", 50, "trade")],
        demand=[demand("D", 40, "aid"), demand("D", 40, "trade")],
        commodities=[AID, TRADE],
    )


@pytest.fixture
def two_crossings() -> networks.Network:
    return two_crossings_network()


@pytest.fixture
def aid_and_trade() -> networks.Network:
    return aid_and_trade_network()
