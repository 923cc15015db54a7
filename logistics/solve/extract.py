"""Turn a solution vector into tidy tables (tonnes, days) and check mass balance.

Every table is indexed by our own ids (node, commodity, route, day), read from the model's
index arrays, never from solver names.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from logistics.model.bounds import ScenarioData
from logistics.model.lp import MARKET, Model
from logistics.solve.results import Solution
from logistics.solve.tolerances import FLOW_EPS_T, MASS_BALANCE_RTOL, SHORTFALL_TOLERANCE_T
from networks.scenarios import Scenario


class MassBalanceError(RuntimeError):
    """Tonnes were created or lost between input and output: a bug in the model, never bad input."""


@dataclass(frozen=True)
class ScenarioSolution:
    """One scenario's solved quantities as tidy frames.

    deliveries  node, commodity, day, need_t, delivered_t, shortfall_t (one row per need > 0)
    flows       arc, route, from, to, mode, commodity, day, arrival_day, t, distance_km, cost_usd
    throughput  node, day, t, capacity_t (normal daily capacity), factor (closure factor)
    supply      node, commodity, day, available_t, taken_t
    end_stock   node, commodity, t (stock at the end of the last day)
    """

    scenario: Scenario
    deliveries: pd.DataFrame
    flows: pd.DataFrame
    throughput: pd.DataFrame
    supply: pd.DataFrame
    end_stock: pd.DataFrame
    in_transit_t: float
    solution: Solution
    crossing_shadow_price: (
        pd.Series
    )  # index node: weighted t of need met per +1 t/day of throughput
    route_shadow_price: pd.Series  # index route: weighted t of need met per +1 t/day of capacity
    held_at_border_t: float = (
        0.0  # rolling horizon: cargo held at a closed crossing or where it had nowhere to go
    )
    # ``market`` only (else None): the plan's value of consumption lost below normal need plus
    # its transport, holding and working-stock replacement costs, USD (its objective, without
    # the rolling horizon's charge on held cargo); the market minimises it, so a closure never
    # lowers it and perfect foresight never exceeds the rolling horizon
    market_cost_usd: float | None = None


def extract(
    model: Model,
    data: ScenarioData,
    scenario: Scenario,
    solution: Solution,
    held_at_border_t: float = 0.0,
) -> ScenarioSolution:
    """Read the solution into tidy frames and check that tonnes are conserved (``held_at_border_t``:
    tonnes a rolling-horizon plan left at closed crossings, see ``logistics.solve.rolling``).
    """
    v = solution.values
    ids = np.array(model.node_ids, dtype=object)
    comms = np.array(model.commodity_ids, dtype=object)
    T, steps = model.horizon_days, model.steps

    # a step's deliveries are spread over its days in proportion to each day's need
    d_block = model.blocks["d"]
    ix = d_block.index
    n, k, t = ix["node"].to_numpy(), ix["commodity"].to_numpy(), ix["step"].to_numpy()
    need_steps = steps.totals(data.need)[n, k, t]
    delivered_steps = np.minimum(v[d_block.cols].clip(min=0.0), need_steps)
    noise = _noise(model, n, k, need_steps - delivered_steps)  # 0: see SHORTFALL_TOLERANCE_T
    delivered_steps[noise] = need_steps[noise]
    row, day = steps.days_of(t)
    n, k = n[row], k[row]
    need = data.need[n, k, day]
    keep = need > 0
    row, day, n, k, need = row[keep], day[keep], n[keep], k[keep], need[keep]
    if steps.is_daily:
        delivered = delivered_steps[row]
    else:
        delivered = need * (delivered_steps / need_steps)[row]
    deliveries = pd.DataFrame(
        {
            "node": ids[n],
            "commodity": comms[k],
            "day": day,
            "need_t": need,
            "delivered_t": delivered,
            "shortfall_t": need - delivered,
        }
    )

    # a step's dispatches leave evenly over its days
    x_block = model.blocks["x"]
    x = v[x_block.cols]
    used = np.flatnonzero(x > FLOW_EPS_T)
    xi = x_block.index.iloc[used]
    row, day = steps.days_of(xi["step"].to_numpy())
    a = xi["arc"].to_numpy()[row]
    arcs = model.arcs
    flows = pd.DataFrame(
        {
            "arc": a,
            "route": arcs["route"].to_numpy()[a],
            "from": arcs["from"].to_numpy()[a],
            "to": arcs["to"].to_numpy()[a],
            "mode": arcs["mode"].to_numpy()[a],
            "commodity": comms[xi["commodity"].to_numpy()[row]],
            "day": day,
            "arrival_day": day + model.arc_lag[a],
            "t": (x[used] / steps.days[xi["step"].to_numpy()])[row],
            "distance_km": arcs["distance_km"].to_numpy()[a],
        }
    )
    flows["cost_usd"] = flows["t"] * data.stage3_cost[x_block.cols[used]][row]

    tn = model.throughput_nodes
    arrivals = flows[flows["arrival_day"] < T].groupby(["to", "arrival_day"])["t"].sum()
    days = np.tile(np.arange(T), len(tn))
    node_names = np.repeat(ids[tn], T)
    through = arrivals.reindex(
        pd.MultiIndex.from_arrays([node_names, days]), fill_value=0.0
    ).to_numpy()
    throughput = pd.DataFrame(
        {
            "node": node_names,
            "day": days,
            "t": through,
            "capacity_t": np.repeat(model.throughput[tn], T),
            "factor": data.node_factor[tn].ravel(),
        }
    )
    node_prices, route_prices = capacity_shadow_prices(model, data, solution)

    # a step's supply taken is spread over its days in proportion to each day's availability
    p_block = model.blocks["p"]
    pi = p_block.index
    pn, pk, pt = pi["node"].to_numpy(), pi["commodity"].to_numpy(), pi["step"].to_numpy()
    available_steps = data.col_upper[p_block.cols]
    taken_steps = v[p_block.cols].clip(min=0.0)
    row, day = steps.days_of(pt)
    available = _available_per_day(model, pn[row], pk[row], day, available_steps[row])
    supply = pd.DataFrame(
        {
            "node": ids[pn[row]],
            "commodity": comms[pk[row]],
            "day": day,
            "available_t": available,
            "taken_t": available
            * np.divide(
                taken_steps, available_steps, out=np.zeros(len(pt)), where=available_steps > 0
            )[row],
        }
    )

    s_block = model.blocks["s"]
    si = s_block.index
    last = np.flatnonzero(si["step"].to_numpy() == len(steps) - 1)
    end_stock = pd.DataFrame(
        {
            "node": ids[si["node"].to_numpy()[last]],
            "commodity": comms[si["commodity"].to_numpy()[last]],
            "t": v[s_block.cols[last]].clip(min=0.0),
        }
    )
    which, _day, arrival_step, share = model.arrivals()
    late = arrival_step < 0
    in_transit = float((x[which[late]].clip(min=0.0) * share[late]).sum())
    result = ScenarioSolution(
        scenario,
        deliveries,
        flows,
        throughput,
        supply,
        end_stock,
        in_transit,
        solution,
        node_prices,
        route_prices,
        held_at_border_t,
        market_cost_usd(model, data, v),
    )
    check_mass_balance(model, result)
    return result


def _available_per_day(
    model: Model,
    node: np.ndarray,
    commodity: np.ndarray,
    day: np.ndarray,
    step_total: np.ndarray,
) -> np.ndarray:
    """Supply offered on each day (t) of a step whose total is ``step_total``: the step's total
    split as the network offers it day by day (evenly where it offers nothing).
    """
    if model.steps.is_daily:
        return step_total
    daily = model.available[node, commodity, day]
    step = model.steps.step_of_day[day]
    per_step = model.available_steps[node, commodity, step]
    width = model.steps.days[step]
    share = np.divide(daily, per_step, out=1.0 / width, where=per_step > 0)
    return step_total * share


def market_cost_usd(model: Model, data: ScenarioData, values: np.ndarray) -> float | None:
    """The market objective of a plan (USD), without the charge on held cargo (``h``), or None
    when the model's allocation is not ``market``.
    """
    if model.allocation != MARKET:
        return None
    cost = model.market_objective(data.stage3_cost)
    cost[model.blocks["h"].cols] = 0.0
    return float(cost @ values)


def _by_pair(model: Model, n: np.ndarray, k: np.ndarray, short_t: np.ndarray) -> np.ndarray:
    """Shortfall (t) per [node, commodity] over the horizon, from need rows (node ``n``,
    commodity ``k``, shortfall ``short_t``).
    """
    pairs = np.zeros((len(model.node_ids), len(model.commodity_ids)))
    np.add.at(pairs, (n, k), short_t)
    return pairs


def _quiet_nodes(pairs: np.ndarray) -> np.ndarray:
    """Per node: True where no commodity's shortfall over the horizon (``pairs``, t per [node,
    commodity]) exceeds ``SHORTFALL_TOLERANCE_T``, so the node counts as not short.
    """
    return (pairs <= SHORTFALL_TOLERANCE_T).all(axis=1)


def _noise(model: Model, n: np.ndarray, k: np.ndarray, short_t: np.ndarray) -> np.ndarray:
    """Per need row (node ``n``, commodity ``k``, shortfall ``short_t``): True where its node
    counts as not short (``_quiet_nodes``), so its shortfall counts as 0.
    """
    return _quiet_nodes(_by_pair(model, n, k, short_t))[n]


def shortfall_by_node_commodity(model: Model, need: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Shortfall (t) per [node, commodity] over the horizon, need − delivered, from a solution
    vector and the scenario's need (t/day [node, commodity, day]); the same figures as the
    ``deliveries`` table of ``extract``, without building it.
    """
    d = model.blocks["d"]
    ix = d.index
    n, k, t = ix["node"].to_numpy(), ix["commodity"].to_numpy(), ix["step"].to_numpy()
    need_t = model.steps.totals(need)[n, k, t]
    short = need_t - np.minimum(values[d.cols].clip(min=0.0), need_t)
    out = _by_pair(model, n, k, short)
    out[_quiet_nodes(out)] = 0.0
    return out


def capacity_shadow_prices(
    model: Model, data: ScenarioData, solution: Solution
) -> tuple[pd.Series, pd.Series]:
    """Stage-1 shadow prices of capacity, in priority-weighted tonnes of need met (tonnes when every
    priority is 1) per +1 t/day of capacity over the whole horizon.

    +1 t/day at a crossing raises its rows by max(1, f_t) (all cargo) and f_t (non-exempt cargo)
    on each day t, so its price is -Σ_t (dual_all[t] max(1, f_t) + dual_non_exempt[t] f_t); a
    route's price sums the same over its arcs (both directions of a two-way route). A step's row
    holds the sum over its days, Σ_d f_d. At a degenerate optimum the dual is one of several
    valid values.
    """
    duals = solution.stage1_row_duals
    tn, ea = model.throughput_nodes, model.exempt_arcs
    total = model.steps.totals
    f_node = data.node_factor[tn]
    node_all = model.families["throughput"].view(duals)  # [throughput node, step]
    node_non_exempt = model.families["node_exempt"].view(duals)
    node_price = -(node_all * total(np.maximum(f_node, 1.0)) + node_non_exempt * total(f_node)).sum(
        axis=1
    )

    f_arc = data.arc_factor
    arc_all = model.families["arc_capacity"].view(duals)  # [arc, step]
    arc_price = -(arc_all * total(model.all_cargo_arc_factor(f_arc))).sum(axis=1)
    if len(ea):
        arc_non_exempt = model.families["arc_exempt"].view(duals)  # [exemptable arc, step]
        arc_price[ea] -= (arc_non_exempt * total(f_arc[ea])).sum(axis=1)
    by_route = (
        pd.Series(arc_price, index=model.arcs["route"].to_numpy())
        .groupby(level=0, sort=False)
        .sum()
    )
    return pd.Series(
        node_price, index=np.array(model.node_ids, dtype=object)[tn], name="shadow_price"
    ), by_route.rename("shadow_price")


def check_mass_balance(model: Model, result: ScenarioSolution) -> None:
    """Initial stock + supply taken = delivered + end stock + in transit + held at the border,
    within 1e-6 relative.

    Raises MassBalanceError otherwise (a bug, not a user error).
    """
    initial = float(model.initial_stock.sum())
    taken = float(result.supply["taken_t"].sum())
    # what the plan delivered, before shortfall noise is counted as 0 (``SHORTFALL_TOLERANCE_T``)
    d = model.blocks["d"]
    delivered = float(result.solution.values[d.cols].clip(min=0.0).sum())
    end = float(result.end_stock["t"].sum())
    into, out = initial + taken, delivered + end + result.in_transit_t + result.held_at_border_t
    if abs(into - out) > MASS_BALANCE_RTOL * max(1.0, into):
        msg = (
            f'scenario "{result.scenario.name}": mass balance broken: initial stock '
            f"{initial:.6f} t + supply taken {taken:.6f} t "
            f"≠ delivered {delivered:.6f} t + end stock {end:.6f} t + in transit "
            f"{result.in_transit_t:.6f} t + held at the border {result.held_at_border_t:.6f} t"
        )
        raise MassBalanceError(msg)
