"""Rolling horizon (``--foresight none``): the plan learns of each closure on the day it starts.

Perfect foresight (the default) solves one plan that knows every closure from day 0 and
pre-positions stock for it. Here the plan is re-made at each *event*: day 0 and each day a
closure starts or ends. At an event on day t the planner knows every closure that has started
by day t, and assumes one still running lasts to the horizon's end (closures come with no
announced end); it learns of a reopening on the day it happens. Decisions of days before t
(dispatches, supply taken, deliveries, exempt passes) are fixed at the earlier plans' values.

Cargo dispatched before a crossing's closure was known may reach the crossing while it is
closed. It is *held at the border* (``border_queue``): the arrivals above the crossing's known
capacity that day (non-exempt cargo first, pro rata by commodity) wait there, and cross when
the crossing reopens, within its capacity, oldest first (pro rata by commodity within a day's
arrivals), before any cargo dispatched later. (Trucks stranded at a closed Torkham are the
history behind this rule: data brief §6.) A re-plan learns of a reopening on its day, so only
then does it count on the waiting cargo. Cargo still waiting at the horizon's end is reported as
``held_at_border`` tonnes. Closed routes limit departures, so cargo already on a closed route
arrives; cargo that then has nowhere to go (the road out of a node that cannot store it is
closed, or released cargo the roads beyond a crossing cannot take that day) is held where it
arrived, through the model's held columns ``h`` (``Model(..., hold_columns=True)``), at most what
was already on its way there, and priced in stage 3 far above transport so that nothing else is
held. Held tonnes count in the mass balance.

The final plan is feasible for the true scenario, so perfect foresight is never worse: its
shortfall is at most the rolling plan's (tested).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from logistics.model.bounds import ScenarioData, closure_factors, scenario_data
from logistics.model.lp import Model
from logistics.solve.results import Reference, Solution, SolveError
from logistics.solve.tolerances import QUEUE_EPS_T
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
    """Columns that are decisions of one step (x by departure step, p, d, u, z, e, h) and the
    first day of their step.
    """
    cols, days = [], []
    for name in ("x", "p", "d", "u", "z", "e", "h"):
        block = model.blocks[name]
        cols.append(block.cols)
        days.append(model.steps.start_day[block.index["step"].to_numpy()])
    return np.concatenate(cols), np.concatenate(days)


def committed_arrivals(model: Model, values: np.ndarray, day: int) -> np.ndarray:
    """Tonnes [node, commodity, arrival step] dispatched before ``day`` (a step's first day)
    that arrive within the horizon.
    """
    x = model.blocks["x"]
    a, k, t = (x.index[c].to_numpy() for c in ("arc", "commodity", "step"))
    which, _arrival, arrival_step, share = model.arrivals()
    pick = (model.steps.start_day[t[which]] < day) & (arrival_step >= 0)
    which, arrival_step, share = which[pick], arrival_step[pick], share[pick]
    out = np.zeros((len(model.node_ids), len(model.commodity_ids), len(model.steps)))
    np.add.at(
        out,
        (model.arc_to[a[which]], k[which], arrival_step),
        values[x.cols[which]].clip(min=0.0) * share,
    )
    return out


def border_queue(
    model: Model, known: Scenario, arrivals: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The queue at each crossing, step by step from day 0 under the ``known`` closures, for the
    committed ``arrivals`` [throughput node, commodity, step] (t).

    Each step a crossing first lets waiting cargo through, oldest first, within its capacity
    over the step (non-exempt cargo within H·Σ_d f_d, all cargo within H·Σ_d max(1, f_d); each
    step's waiting cargo pro rata by commodity), then that step's arrivals within what is left
    (non-exempt first); the rest waits. The queue is kept per step, as the plan's crossing rows
    are: a plan that keeps to a step's capacity queues nothing. Returns (held: arrivals that
    wait, released: waiting cargo let through [throughput node, commodity, step], waiting at the
    horizon's end [throughput node, commodity]), in t.
    """
    _, _, node_f, node_exempt = closure_factors(model, known)
    tn, steps = model.throughput_nodes, model.steps
    S, K = len(steps), len(model.commodity_ids)
    capacity_ne = model.throughput[tn, None] * steps.totals(node_f[tn])
    capacity_all = model.throughput[tn, None] * steps.totals(np.maximum(node_f[tn], 1.0))
    exempt_in_step = steps.all_days(node_exempt[tn])
    held = np.zeros((len(tn), K, S))
    released = np.zeros((len(tn), K, S))
    waiting = np.zeros((len(tn), K))
    for i in range(len(tn)):
        queue: list[np.ndarray] = []  # waiting tonnes per commodity, oldest first
        for t in range(S):
            exempt = exempt_in_step[i, :, t]
            cap_ne = capacity_ne[i, t]
            cap_all = capacity_all[i, t]
            for cargo in queue:
                ne, ex = cargo * ~exempt, cargo * exempt
                pass_ne = min(ne.sum(), cap_ne, cap_all)
                out = ne * (pass_ne / ne.sum() if ne.sum() > 0 else 0.0)
                pass_ex = min(ex.sum(), cap_all - pass_ne)
                out += ex * (pass_ex / ex.sum() if ex.sum() > 0 else 0.0)
                released[i, :, t] += out
                cargo -= out
                cap_ne -= pass_ne
                cap_all -= pass_ne + pass_ex
            queue = [c for c in queue if c.sum() > QUEUE_EPS_T]
            came = arrivals[i, :, t]
            ne = came * ~exempt
            wait = ne * (max(ne.sum() - max(cap_ne, 0.0), 0.0) / ne.sum() if ne.sum() > 0 else 0.0)
            passing = came - wait
            over = max(passing.sum() - max(cap_all, 0.0), 0.0)
            wait += passing * (over / passing.sum() if passing.sum() > 0 else 0.0)
            if wait.sum() > QUEUE_EPS_T:
                held[i, :, t] = wait
                queue.append(wait.copy())
        waiting[i] = sum(queue) if queue else 0.0
    return held, released, waiting


def with_queue(
    model: Model, data: ScenarioData, known: Scenario, held: np.ndarray, released: np.ndarray
) -> ScenarioData:
    """``data`` with the border queue: cargo that waits is taken out at its crossing on its
    arrival day (balance right-hand side lowered, crossing rows raised: it arrives but does not
    pass), and cargo let through is put back on its day (balance right-hand side raised,
    crossing rows lowered: it uses that day's capacity, non-exempt cargo that of non-exempt).
    """
    tn = model.throughput_nodes
    if not len(tn) or not (held.any() or released.any()):
        return data
    row_lower, row_upper = data.row_lower.copy(), data.row_upper.copy()
    balance = model.families["balance"]  # [node, commodity, step]
    for bound in (row_lower, row_upper):
        rhs = balance.view(bound).copy()
        rhs[tn] += released - held
        balance.put(bound, rhs)
    _, _, _, node_exempt = closure_factors(model, known)
    exempt = model.steps.all_days(node_exempt[tn])
    rows = model.families["throughput"]  # [throughput node, step]
    rows.put(row_upper, rows.view(row_upper) + held.sum(axis=1) - released.sum(axis=1))
    rows = model.families["node_exempt"]
    non_exempt_released = (released * ~exempt).sum(axis=1)
    rows.put(row_upper, rows.view(row_upper) + held.sum(axis=1) - non_exempt_released)
    return replace(data, row_lower=row_lower, row_upper=row_upper)


def solve_rolling(
    model: Model,
    solver,
    scenario: Scenario,
    stages: int = 3,
    baseline: Reference | None = None,
    first: Reference | None = None,
) -> tuple[Solution, float]:
    """Solve ``scenario`` with re-plans at each event on a model built with ``hold_columns``;
    return the last plan's solution and the tonnes held at the horizon's end (waiting at a
    crossing, or where cargo arrived and had nowhere to go). Stage-1 duals are NaN: the last
    re-plan's prices are not the value of capacity over the horizon.

    Every re-plan but the last solves all three stages: a plan whose early days get fixed must
    be the cost-optimal one. Each re-plan starts from the one before it (``Solver.solve``
    with it as reference): when the earlier plan is still feasible and the news only tightened
    its bounds it is still optimal (its bases reach this re-plan's optimum at once); otherwise
    each stage starts from the earlier plan's basis for that stage (dual simplex, capped), else
    cold. The first re-plan uses
    ``baseline`` (the model's baseline solved cold to three stages) only when nothing is known
    yet on day 0, where it is exactly what a cold solve returns; likewise ``first``, a plan
    solved cold for exactly the day-0 re-plan's bounds and costs (another scenario's perfect
    foresight plan, when that scenario's closures are what is known on day 0). Each re-plan's
    plan is then the centre of its optimal face (``Solver.centre``): where several plans are
    equally good, what is on the road when a closure strikes would otherwise depend on which of
    them the simplex ended at, and so on where it started; the centre does not.
    """
    cols, col_days = _fixed_columns(model)
    tn = model.throughput_nodes
    held = np.zeros((len(tn), len(model.commodity_ids), len(model.steps)))
    released = np.zeros_like(held)
    waiting = np.zeros(held.shape[:2])
    solution: Solution | None = None
    previous: Reference | None = None
    seconds = 0.0
    iterations = 0
    days = events(scenario, model.horizon_days)
    if not set(days) <= set(model.steps.start_day.tolist()):
        msg = (
            f"scenario {scenario.name!r}: a re-plan day is not the first day of a time step; "
            "build the model's steps from the scenario (logistics.model.steps.make_steps)"
        )
        raise ValueError(msg)
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
            arrivals = committed_arrivals(model, solution.values, day)
            fresh_held, fresh_released, waiting = border_queue(model, known, arrivals[tn])
            now = int(model.steps.step_of_day[day])
            held[:, :, now:] = fresh_held[:, :, now:]
            released[:, :, now:] = fresh_released[:, :, now:]
            # anywhere else, committed cargo with nowhere to go (a closed road out of a node that
            # cannot store, or released cargo the roads beyond a crossing cannot take) may be
            # held where it arrives: h up to what arrives, never new cargo
            passing = arrivals.copy()
            passing[tn] += released - held
            hb = model.blocks["h"]
            hn, hk, ht = (hb.index[c].to_numpy() for c in ("node", "commodity", "step"))
            future = model.steps.start_day[ht] >= day
            col_upper = data.col_upper.copy()
            col_upper[hb.cols[future]] = passing[hn[future], hk[future], ht[future]].clip(min=0.0)
            data = replace(data, col_upper=col_upper)
        data = with_queue(model, data, known, held, released)
        last = day == days[-1]
        wanted = stages if last else 3
        if previous is not None:
            start, warm = previous, True
        else:
            start, warm = (first if first is not None else baseline), False
        bases: list = [None, None, None]
        try:
            solution = solver.solve(data, scenario.name, wanted, start, bases, warm=warm)
            kept = solution.path == "reference" and start is not None
            solution = solver.centre(data, scenario.name, solution, wanted, start)
        except SolveError as exc:
            msg = f"{scenario.name} (rolling horizon, re-plan on day {day})"
            raise SolveError(msg, exc.status) from exc
        if kept:
            # the plan before was still optimal: its bases are, for these tighter bounds
            previous = replace(start, data=data, values=solution.values)
        else:
            previous = Reference.of(model, data, solution, bases, wanted)
        seconds += solution.seconds
        iterations += solution.iterations
    assert solution is not None
    nan = np.full(len(solution.stage1_row_duals), np.nan)
    held_t = float(waiting.sum() + solution.values[model.blocks["h"].cols].clip(min=0.0).sum())
    return replace(
        solution, stage1_row_duals=nan, seconds=seconds, iterations=iterations, path="rolling"
    ), held_t
