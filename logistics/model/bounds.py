"""Turn a scenario into the bounds, right-hand sides and transport costs of a built model.

Only bounds and costs change between scenarios, never the matrix, so one live solver holds the
model for every scenario and stage (each solve loads new bounds and costs; where a solve starts
is the solver's choice, see ``logistics.solve.solvers``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logistics.model.lp import (
    ABANDON_COST_USD_PER_T,
    HOLDING_COST_USD_PER_T_DAY,
    INF,
    WORKING_STOCK_COST_USD_PER_T,
    Model,
)
from networks.scenarios import Scenario


@dataclass(frozen=True)
class ScenarioData:
    """Column and row bounds and the stage-3 (transport cost, USD) objective of one scenario."""

    col_lower: np.ndarray
    col_upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    stage3_cost: np.ndarray
    need: np.ndarray  # t/day [node, commodity, day] after demand factors
    arc_factor: np.ndarray  # [arc, day] capacity factor of non-exempt cargo
    node_factor: np.ndarray  # [node, day] throughput factor of non-exempt cargo
    # need (t) of each demand node over the horizon after demand factors: the yardstick of its
    # unmet share (the coefficient of q[n] in its fairness row)
    share_need_t: np.ndarray


def node_commodity_factors(model: Model, factors: dict[str, float]) -> np.ndarray:
    """Factor per [node, commodity]: a node's id key, else its P-code key, else "*", times a
    commodity key.
    """
    pcodes = model.network.node_table.loc[model.node_ids, "pcode"].tolist()
    star = factors.get("*", 1.0)
    by_node = np.array(
        [
            factors.get(n, factors.get(p, star) if p is not None else star)
            for n, p in zip(model.node_ids, pcodes, strict=True)
        ]
    )
    by_comm = np.array([factors.get(k, 1.0) for k in model.commodity_ids])
    return by_node[:, None] * by_comm[None, :]


def route_factors(model: Model, factors: dict[str, float]) -> np.ndarray:
    """Factor per arc: its route id key, else its mode key, else "*", else 1."""
    star = factors.get("*", 1.0)
    return np.array(
        [
            factors.get(r, factors.get(mode, star))
            for r, mode in zip(model.arcs["route"], model.arcs["mode"], strict=True)
        ]
    )


def _days(closure, horizon_days: int) -> slice:
    """The days [start, end) a closure covers within the horizon (blank end = horizon end)."""
    end = closure.end_day if closure.end_day is not None else horizon_days
    return slice(min(closure.start_day, horizon_days), min(end, horizon_days))


def closure_factors(
    model: Model, scenario: Scenario
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Capacity factors and exemptions of arcs and nodes per day.

    Returns arc_factor [A,T], arc_exempt [A,K,T], node_factor [N,T], node_exempt [N,K,T].
    Overlapping closures of one target take the smallest factor; a commodity is exempt on a day
    only if every closure active on that target that day exempts it. Closing a node without a
    throughput limit closes the routes arriving at it and leaving it (a closed port ships nothing;
    supply taken there waits in its storage, if any).
    """
    A, N, K, T = len(model.arcs), len(model.node_ids), len(model.commodity_ids), model.horizon_days
    arc_f, node_f = np.full((A, T), np.nan), np.full((N, T), np.nan)  # NaN = no closure that day
    arc_active, node_active = np.zeros((A, T), int), np.zeros((N, T), int)
    arc_ex, node_ex = np.zeros((A, K, T), int), np.zeros((N, K, T), int)
    for c in scenario.closures:
        days = _days(c, T)
        exempt = np.isin(model.commodity_ids, c.exempt)
        if model.closes_throughput(c.target):
            targets = [model.node_pos[c.target]]
            f, active, ex = node_f, node_active, node_ex
        else:
            targets = model.arcs_closed_by(c.target)
            f, active, ex = arc_f, arc_active, arc_ex
        for i in targets:
            f[i, days] = np.fmin(f[i, days], c.capacity_factor)
            active[i, days] += 1
            ex[i, exempt, days] += 1
    arc_f, node_f = np.nan_to_num(arc_f, nan=1.0), np.nan_to_num(node_f, nan=1.0)
    arc_exempt = (arc_active[:, None, :] > 0) & (arc_ex == arc_active[:, None, :])
    node_exempt = (node_active[:, None, :] > 0) & (node_ex == node_active[:, None, :])
    return arc_f, arc_exempt, node_f, node_exempt


def supply_closure_factor(model: Model, scenario: Scenario) -> np.ndarray:
    """Factor [node, commodity, day] on the supply a node offers: a closure of a node without a
    throughput limit (an origin, a port, a market) scales what it offers on its days, as well as
    its routes, so an export ban at 0.57 offers 57 % and a closed port takes in nothing. A
    factor above 1 (an expanded port) adds handling capacity, not goods: supply keeps factor 1.
    As for routes and crossings (``closure_factors``), overlapping closures take the smallest
    factor and a commodity keeps its supply on a day only if every active closure exempts it.
    """
    N, K, T = len(model.node_ids), len(model.commodity_ids), model.horizon_days
    f = np.full((N, T), np.nan)  # NaN = no closure that day
    active, exempted = np.zeros((N, T), int), np.zeros((N, K, T), int)
    for c in scenario.closures:
        if c.target not in model.node_pos or model.closes_throughput(c.target):
            continue
        n, days = model.node_pos[c.target], _days(c, T)
        f[n, days] = np.fmin(f[n, days], c.capacity_factor)
        active[n, days] += 1
        exempted[n, np.isin(model.commodity_ids, c.exempt), days] += 1
    exempt = (active[:, None, :] > 0) & (exempted == active[:, None, :])
    scaled = np.minimum(np.nan_to_num(f, nan=1.0), 1.0)
    return np.where(exempt, 1.0, scaled[:, None, :])


def scenario_data(model: Model, scenario: Scenario) -> ScenarioData:
    """Bounds, right-hand sides and stage-3 costs of ``scenario`` on ``model``."""
    col_lower = np.zeros(model.n_cols)
    col_upper = np.full(model.n_cols, INF)
    row_lower, row_upper = model.row_lower.copy(), model.row_upper.copy()

    p = model.blocks["p"]
    pn, pk, pt = (p.index[c].to_numpy() for c in ("node", "commodity", "day"))
    col_upper[p.cols] = (
        model.available[pn, pk, pt]
        * node_commodity_factors(model, scenario.supply_factor)[pn, pk]
        * supply_closure_factor(model, scenario)[pn, pk, pt]
    )

    need = model.need * node_commodity_factors(model, scenario.demand_factor)[:, :, None]
    d = model.blocks["d"].index
    need_rows = need[d["node"].to_numpy(), d["commodity"].to_numpy(), d["day"].to_numpy()]
    model.families["need"].put(row_lower, need_rows)
    model.families["need"].put(row_upper, need_rows)

    share_need = need.sum(axis=(1, 2))[model.demand_nodes]
    # tiered need (``market``): its unmet part lies in the tiers, each at most its width × need
    z = model.blocks["z"]
    if z.size:
        col_upper[model.blocks["u"].cols[model.tiered_need_rows]] = 0.0
        zi = z.index
        col_upper[z.cols] = (
            need_rows[model.z_need_row]
            * model.tier_width[zi["commodity"].to_numpy(), zi["tier"].to_numpy()]
        )

    arc_f, arc_exempt, node_f, node_exempt = closure_factors(model, scenario)
    exemptable = np.zeros(len(model.arcs), bool)
    exemptable[model.exempt_arcs] = True
    if arc_exempt[~exemptable].any():
        msg = (
            f"scenario {scenario.name!r} exempts cargo on routes the model was built without "
            "exemptions for; build the Model with exempt_targets"
        )
        raise ValueError(msg)
    rows = model.families
    rows["arc_capacity"].put(
        row_upper, model.arc_capacity[:, None] * model.all_cargo_arc_factor(arc_f)
    )
    ea = model.exempt_arcs
    rows["arc_exempt"].put(row_upper, model.arc_capacity[ea, None] * arc_f[ea])
    tn = model.throughput_nodes
    rows["throughput"].put(row_upper, model.throughput[tn, None] * np.maximum(node_f[tn], 1.0))
    rows["node_exempt"].put(row_upper, model.throughput[tn, None] * node_f[tn])

    e = model.blocks["e"].index
    ek, et, el = e["commodity"].to_numpy(), e["day"].to_numpy(), e["element"].to_numpy()
    is_node = e["kind"].to_numpy() == "node"
    allowed = np.where(
        is_node, node_exempt[el * is_node, ek, et], arc_exempt[el * ~is_node, ek, et]
    )
    col_upper[model.blocks["e"].cols] = np.where(allowed, INF, 0.0)

    for name in ("stage1", "stage2"):
        rows[name].put(row_upper, INF)
    # the level rows bind only while a fair allocation's max-min solves run (they make the
    # fairness rows dense rows that presolve cannot drop: stage 1 took 3x as long with them)
    rows["fairness_level"].put(row_upper, INF)

    stage3 = np.zeros(model.n_cols)
    x = model.blocks["x"].index
    arc = x["arc"].to_numpy()
    stage3[model.blocks["x"].cols] = (model.arc_cost * route_factors(model, scenario.cost_factor))[
        arc
    ]
    stage3[model.blocks["s"].cols] = HOLDING_COST_USD_PER_T_DAY
    stage3[model.blocks["h"].cols] = ABANDON_COST_USD_PER_T
    stage3[model.blocks["w"].cols] = WORKING_STOCK_COST_USD_PER_T
    col_upper[model.blocks["h"].cols] = 0.0  # only a rolling re-plan lets cargo be held
    return ScenarioData(
        col_lower, col_upper, row_lower, row_upper, stage3, need, arc_f, node_f, share_need
    )
