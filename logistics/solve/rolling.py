"""Rolling horizon (``--foresight none``): the plan learns of each closure on the day it starts.

Perfect foresight (the default) solves one plan that knows every closure from day 0 and
pre-positions stock for it. Here the plan is re-made at each *event*: day 0 and each day a
closure starts or ends. At an event on day t the planner knows every closure that has started
by day t, and assumes one still running lasts to the horizon's end (closures come with no
announced end); it learns of a reopening on the day it happens. Decisions of days before t
(dispatches, supply taken, deliveries, exempt passes) are fixed at the earlier plans' values.

Cargo dispatched before a crossing's closure was known may reach the crossing while it is
closed. It is *held at the border*: the arrivals above the crossing's known capacity that day
(non-exempt cargo first, pro rata by commodity) are taken out of the network and reported as
``held_at_border`` tonnes; they are not delivered within the horizon. (Trucks stranded at a
closed Torkham are the history behind this rule: data brief §6.) Closed routes limit departures,
so cargo already on a closed route arrives; cargo that then has nowhere to go (the road out of
a node that cannot store it is closed) is held where it arrived, through the model's held
columns ``h`` (``Model(..., hold_columns=True)``), at most what was already on its way there,
and priced in stage 3 far above transport so that nothing else is held. Held tonnes count in
the mass balance.

The final plan is feasible for the true scenario, so perfect foresight is never worse: its
shortfall is at most the rolling plan's (tested).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from logistics.model.bounds import ScenarioData, closure_factors, scenario_data
from logistics.model.lp import Model
from logistics.solve.solvers import Reference, Solution, SolveError
from networks.scenarios import Scenario


def events(scenario: Scenario, horizon_days: int) -> list[int]:
    """Days (from 0) on which the plan is re-made: day 0 and every day a closure starts or ends."""
    days = {0}
    for c in scenario.closures:
        days.update(d for d in (c.start_day, c.end_day) if d is not None and 0 < d < horizon_days)
    return sorted(days)


def known_on(scenario: Scenario, day: int) -> Scenario:
    """What the planner knows on ``day``: closures started by then; one still running is assumed
    to last to the horizon's end.
    """
    known = []
    for c in scenario.closures:
        if c.start_day > day:
            continue
        ended = c.end_day is not None and c.end_day <= day
        known.append(c if ended else c.model_copy(update={"end_day": None}))
    return scenario.model_copy(update={"closures": tuple(known)})


def _fixed_columns(model: Model) -> tuple[np.ndarray, np.ndarray]:
    """Columns that are decisions of one day (x by departure day, p, d, e, h) and their days."""
    cols, days = [], []
    for name in ("x", "p", "d", "e", "h"):
        block = model.blocks[name]
        cols.append(block.cols)
        days.append(block.index["day"].to_numpy())
    return np.concatenate(cols), np.concatenate(days)


def committed_arrivals(model: Model, values: np.ndarray, day: int) -> np.ndarray:
    """Tonnes [node, commodity, arrival day] dispatched before ``day`` that reach a node on or
    after ``day`` (within the horizon).
    """
    T = model.horizon_days
    x = model.blocks["x"]
    a, k, t = (x.index[c].to_numpy() for c in ("arc", "commodity", "day"))
    arrival = t + model.arc_lag[a]
    pick = (t < day) & (arrival >= day) & (arrival < T)
    out = np.zeros((len(model.node_ids), len(model.commodity_ids), T))
    np.add.at(
        out, (model.arc_to[a][pick], k[pick], arrival[pick]), values[x.cols[pick]].clip(min=0.0)
    )
    return out


def held_at_border(model: Model, known: Scenario, committed: np.ndarray) -> np.ndarray:
    """Tonnes of committed arrivals [throughput node, commodity, day] a crossing cannot let in
    under the known closures: non-exempt cargo above H·f, then all cargo above H·max(1, f),
    each cut pro rata by commodity.
    """
    _, _, node_f, node_exempt = closure_factors(model, known)
    tn = model.throughput_nodes
    H = model.throughput[tn][:, None]
    f, exempt = node_f[tn], node_exempt[tn]

    def cut(amount: np.ndarray, cap: np.ndarray) -> np.ndarray:
        total = amount.sum(axis=1)
        ratio = np.divide(
            np.maximum(total - cap, 0.0), total, out=np.zeros_like(total), where=total > 0
        )
        return amount * ratio[:, None, :]

    held = cut(committed * ~exempt, H * f)
    held += cut(committed - held, H * np.maximum(f, 1.0))
    return held


def with_held(model: Model, data: ScenarioData, held: np.ndarray) -> ScenarioData:
    """``data`` with held cargo taken out at the crossings: balance right-hand sides lowered by
    the held tonnes, crossing rows raised by them (held cargo arrives but does not pass).
    """
    tn = model.throughput_nodes
    if not len(tn) or not held.any():
        return data
    row_lower, row_upper = data.row_lower.copy(), data.row_upper.copy()
    balance = model.families["balance"]  # [node, commodity, day]
    for bound in (row_lower, row_upper):
        rhs = balance.view(bound).copy()
        rhs[tn] -= held
        balance.put(bound, rhs)
    for family in ("throughput", "node_exempt"):  # [throughput node, day]
        rows = model.families[family]
        rows.put(row_upper, rows.view(row_upper) + held.sum(axis=1))
    return replace(data, row_lower=row_lower, row_upper=row_upper)


def solve_rolling(
    model: Model, solver, scenario: Scenario, stages: int = 3, baseline: Reference | None = None
) -> tuple[Solution, float]:
    """Solve ``scenario`` with re-plans at each event on a model built with ``hold_columns``;
    return the last plan's solution and the tonnes held (at closed crossings, or where cargo
    arrived and had nowhere to go). Stage-1 duals are NaN: the last re-plan's prices are not
    the value of capacity over the horizon.

    Every re-plan but the last solves all three stages: a plan whose early days get fixed must
    be the cost-optimal one. Each re-plan starts from the one before it (``HighsSolver.solve``
    with it as reference): when the earlier plan is still feasible and the news only tightened
    its bounds it is still optimal and is kept; otherwise each stage starts from the earlier
    plan's basis for that stage (dual simplex, capped), else cold. The first re-plan uses
    ``baseline`` (the model's baseline solved cold to three stages) only when nothing is known
    yet on day 0, where it is exactly what a cold solve returns. Where several plans are equally
    good even for cost, which one is on the road when a closure strikes depends on this
    sequence, which depends only on the scenario: ``run --foresight none`` and the sweeps agree.
    """
    cols, col_days = _fixed_columns(model)
    held = np.zeros((len(model.throughput_nodes), len(model.commodity_ids), model.horizon_days))
    solution: Solution | None = None
    previous: Reference | None = None
    seconds = 0.0
    iterations = 0
    days = events(scenario, model.horizon_days)
    for day in days:
        known = known_on(scenario, day)
        data = scenario_data(model, known)
        if solution is not None:
            past = col_days < day
            # exactly the earlier values (not clipped at 0): rows whose columns are all fixed must
            # keep the earlier plan's residuals, or presolve may call them infeasible
            fixed = solution.values[cols[past]]
            col_lower, col_upper = data.col_lower.copy(), data.col_upper.copy()
            col_lower[cols[past]] = col_upper[cols[past]] = fixed
            data = replace(data, col_lower=col_lower, col_upper=col_upper)
            committed = committed_arrivals(model, solution.values, day)
            fresh = held_at_border(model, known, committed[model.throughput_nodes])
            held[:, :, day:] = fresh[:, :, day:]
            # anywhere else, committed cargo with nowhere to go (a closed road out of a node that
            # cannot store) may be held where it arrives: h up to what arrives, never new cargo
            passing = committed.copy()
            passing[model.throughput_nodes] -= held
            hb = model.blocks["h"]
            hn, hk, ht = (hb.index[c].to_numpy() for c in ("node", "commodity", "day"))
            future = ht >= day
            col_upper = data.col_upper.copy()
            col_upper[hb.cols[future]] = passing[hn[future], hk[future], ht[future]].clip(min=0.0)
            data = replace(data, col_upper=col_upper)
        data = with_held(model, data, held)
        last = day == days[-1]
        wanted = stages if last else 3
        start, warm = (previous, True) if previous is not None else (baseline, False)
        bases: list = [None, None, None]
        try:
            solution = solver.solve(data, scenario.name, wanted, start, bases, warm=warm)
        except SolveError as exc:
            msg = f"{scenario.name} (rolling horizon, re-plan on day {day})"
            raise SolveError(msg, exc.status) from exc
        if solution.path == "reference" and start is not None:
            previous = replace(start, data=data)  # the same plan, now for tighter bounds
        else:
            previous = Reference(
                model, data, solution.values, solution.objectives, tuple(bases),
                solution.stage1_row_duals, wanted, solution.seconds,
                share_levels=solution.share_levels,
            )  # fmt: skip
        seconds += solution.seconds
        iterations += solution.iterations
    assert solution is not None
    nan = np.full(len(solution.stage1_row_duals), np.nan)
    held_t = float(held.sum() + solution.values[model.blocks["h"].cols].clip(min=0.0).sum())
    return replace(
        solution, stage1_row_duals=nan, seconds=seconds, iterations=iterations, path="rolling"
    ), held_t
