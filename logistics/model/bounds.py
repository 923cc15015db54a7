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
    Coefficients,
    Model,
)
from networks.scenarios import Scenario, resolve_node_factors, resolve_route_factors


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
    # the matrix entries this scenario sets (the fairness rows' needs, ``share_need_t``)
    coefficients: Coefficients


def node_commodity_factors(model: Model, factors: dict[str, float]) -> np.ndarray:
    """Factor per [node, commodity], by the network's one rule
    (``networks.scenarios.resolve_node_factors``).
    """
    if not factors:  # every node and commodity at 1: what the rule gives, without pandas
        return np.ones((len(model.node_ids), len(model.commodity_ids)))
    by_node, by_comm = resolve_node_factors(model.network, factors)
    return (
        by_node.reindex(model.node_ids).to_numpy()[:, None]
        * by_comm.reindex(model.commodity_ids).to_numpy()[None, :]
    )


def route_factors(model: Model, factors: dict[str, float]) -> np.ndarray:
    """Factor per arc: its route's, by the network's one rule
    (``networks.scenarios.resolve_route_factors``).
    """
    if not factors:  # every route at 1
        return np.ones(len(model.arcs))
    return resolve_route_factors(model.network, factors).reindex(model.arcs["route"]).to_numpy()


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
    """Bounds, right-hand sides and stage-3 costs of ``scenario`` on ``model``: each step's
    supply, need and capacity are the sums of its days' (``logistics.model.steps``).
    """
    steps = model.steps
    col_lower = np.zeros(model.n_cols)
    col_upper = np.full(model.n_cols, INF)
    row_lower, row_upper = model.row_lower.copy(), model.row_upper.copy()
    blocks, rows = model.blocks, model.families

    p = blocks["p"]
    pn, pk, pt = (p.index[c].to_numpy() for c in ("node", "commodity", "step"))
    available = steps.totals(
        model.available
        * node_commodity_factors(model, scenario.supply_factor)[:, :, None]
        * supply_closure_factor(model, scenario)
    )
    col_upper[p.cols] = available[pn, pk, pt]

    need = model.need * node_commodity_factors(model, scenario.demand_factor)[:, :, None]
    d = blocks["d"].index
    need_rows = steps.totals(need)[
        d["node"].to_numpy(), d["commodity"].to_numpy(), d["step"].to_numpy()
    ]
    rows["need"].put(row_lower, need_rows)
    rows["need"].put(row_upper, need_rows)

    share_need = need.sum(axis=(1, 2))[model.demand_nodes]
    # tiered need (``market``): its unmet part lies in the tiers, each at most its width × need
    z = blocks["z"]
    if z.size:
        col_upper[blocks["u"].cols[model.tiered_need_rows]] = 0.0
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
    rows["arc_capacity"].put(
        row_upper, model.arc_capacity[:, None] * steps.totals(model.all_cargo_arc_factor(arc_f))
    )
    ea = model.exempt_arcs
    rows["arc_exempt"].put(row_upper, model.arc_capacity[ea, None] * steps.totals(arc_f[ea]))
    tn = model.throughput_nodes
    rows["throughput"].put(
        row_upper, model.throughput[tn, None] * steps.totals(np.maximum(node_f[tn], 1.0))
    )
    rows["node_exempt"].put(row_upper, model.throughput[tn, None] * steps.totals(node_f[tn]))

    # exempt cargo may pass in a step where the commodity is exempt on every day of it (fitted
    # steps split at every closure's days, so exemptions never change inside a step)
    e = blocks["e"]
    allowed = np.concatenate(
        [steps.all_days(node_exempt[tn]).ravel(), steps.all_days(arc_exempt[ea]).ravel()]
    )
    col_upper[e.cols] = np.where(allowed, INF, 0.0)

    # the level rows bind only while a fair allocation's max-min solves run (they make the
    # fairness rows dense rows that presolve cannot drop: stage 1 took 3x as long with them)
    rows["fairness_level"].put(row_upper, INF)

    stage3 = np.zeros(model.n_cols)
    x = blocks["x"]
    stage3[x.cols] = (model.arc_cost * route_factors(model, scenario.cost_factor))[
        x.index["arc"].to_numpy()
    ]
    s = blocks["s"]
    stage3[s.cols] = HOLDING_COST_USD_PER_T_DAY * steps.stock_days()[s.index["step"].to_numpy()]
    stage3[blocks["h"].cols] = ABANDON_COST_USD_PER_T
    stage3[blocks["w"].cols] = WORKING_STOCK_COST_USD_PER_T
    col_upper[blocks["h"].cols] = 0.0  # only a rolling re-plan lets cargo be held
    return ScenarioData(
        col_lower,
        col_upper,
        row_lower,
        row_upper,
        stage3,
        need,
        arc_f,
        node_f,
        share_need,
        model.fairness_coefficients(share_need),
    )
