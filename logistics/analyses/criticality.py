"""Criticality: close each crossing (each route, each pair of crossings) in turn and rank them
by the shortfall the closure adds to the baseline.

Every case is a closure to capacity factor 0 from ``start_day`` for ``duration_days`` (the
whole horizon by default). Cases run through the sweep engine (``logistics.engine.pool``): the model
is built once per worker and each case is a re-solve from the baseline.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from logistics.analyses.readout import commodity_facts, need_by_node, people_days
from logistics.engine.engine import EngineSpec, Options
from logistics.engine.pool import IncompleteSweep, SweepRun, run_sweep
from logistics.engine.workers import WorkerLost
from logistics.model.lp import ALLOCATIONS
from networks import ELASTICITY_CASES, Network, Problem, ScenarioError
from networks.scenarios import Closure, Scenario, baseline_scenario

# A province counts as affected when the closure adds more than this share of its horizon need.
AFFECTED_SHARE = 0.005
# Differences below this (t) are the solver's tolerance (each stage may slip by 1e-7), not a change.
NOISE_T = 1e-6


@dataclass(frozen=True)
class Case:
    """One closure case: its target id (``A+B`` for a pair), readable name and kind."""

    target: str
    name: str
    kind: str
    scenario: Scenario


def criticality_cases(
    network: Network, start_day: int, end_day: int | None, routes: bool = False, pairs: bool = False
) -> list[Case]:
    """Cases: every crossing; with ``routes`` every route; with ``pairs`` every pair of crossings.
    Each closes its targets to factor 0 on days [start_day, end_day) (end None = horizon end).
    """
    nodes = network.node_table
    crossings = [n for n in network.node_ids if nodes.at[n, "kind"] == "crossing"]

    def scenario(label: str, targets: list[str]) -> Scenario:
        return Scenario(
            name=f"close {label}",
            closures=[
                Closure(target=t, start_day=start_day, end_day=end_day, capacity_factor=0.0)
                for t in targets
            ],
        )

    cases = [Case(c, str(nodes.at[c, "name"]), "crossing", scenario(c, [c])) for c in crossings]
    if routes:
        table = network.routes.set_index("id")
        for r in table.index:
            name = (
                f"{nodes.at[table.at[r, 'from'], 'name']} – {nodes.at[table.at[r, 'to'], 'name']}"
            )
            cases.append(Case(str(r), name, "route", scenario(str(r), [str(r)])))
    if pairs:
        for a, b in itertools.combinations(crossings, 2):
            cases.append(
                Case(
                    f"{a}+{b}",
                    f"{nodes.at[a, 'name']} + {nodes.at[b, 'name']}",
                    "pair",
                    scenario(f"{a}+{b}", [a, b]),
                )
            )
    return cases


@dataclass(frozen=True)
class CriticalityResult:
    """The ranking and the run's settings. ``ranking`` columns: rank, target, name, kind,
    shortfall_t, baseline_flow_t (t the target carries in the cost-optimal baseline: arrivals at a
    crossing, both directions of a route), added_shortfall_t, added_shortfall_pct (points of
    total need), added_people_days, added_aid_shortfall_t, provinces_affected, affected (names
    of the provinces affected).
    """

    network: Network
    horizon_days: int
    start_day: int
    duration_days: int
    need_t: float
    baseline_shortfall_t: float
    ranking: pd.DataFrame
    sweep: SweepRun
    foresight: str
    solver: str
    allocation: str = ALLOCATIONS[0]
    elasticity: str = ELASTICITY_CASES[0]
    # cases not solved (their workers died): the ranking holds the others (``IncompleteSweep``)
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every case was solved."""
        return not self.missing

    def to_dict(self) -> dict:
        """The design's ``criticality --json`` document (plus settings and timing)."""
        rows = []
        for r in self.ranking.itertuples(index=False):
            rows.append(
                {
                    "rank": int(r.rank),
                    "target": r.target,
                    "name": r.name,
                    "kind": r.kind,
                    "shortfall_t": round(float(r.shortfall_t), 6),
                    "baseline_flow_t": round(float(r.baseline_flow_t), 6),
                    "added_shortfall_t": round(float(r.added_shortfall_t), 6),
                    "added_shortfall_pct": round(float(r.added_shortfall_pct), 6),
                    "added_people_days": round(float(r.added_people_days), 6),
                    "added_aid_shortfall_t": round(float(r.added_aid_shortfall_t), 6),
                    "provinces_affected": int(r.provinces_affected),
                    "affected": list(r.affected),
                }
            )
        return {
            "horizon_days": self.horizon_days,
            "start_day": self.start_day,
            "duration_days": self.duration_days,
            "foresight": self.foresight,
            "allocation": self.allocation,
            "elasticity": self.elasticity,
            "solver": self.solver,
            "need_t": round(self.need_t, 6),
            "baseline_shortfall_t": round(self.baseline_shortfall_t, 6),
            "ranking": rows,
            "timing": self.sweep.timing(),
            "complete": self.complete,
            "missing_cases": list(self.missing),
        }


def _baseline_flow(network: Network, arc_flow_t: np.ndarray) -> dict[str, float]:
    """Tonnes each node receives and each route carries (both directions) in the baseline."""
    arcs = network.arcs
    into = pd.Series(arc_flow_t, index=arcs["to"].to_numpy()).groupby(level=0).sum()
    along = pd.Series(arc_flow_t, index=arcs["route"].to_numpy()).groupby(level=0).sum()
    return {**into.to_dict(), **along.to_dict()}


@dataclass(frozen=True)
class CriticalityPlan:
    """The cases of a ranking: closures on days [start_day, end_day) of a ``horizon_days`` horizon
    (end None: to the horizon's end).
    """

    network: Network
    horizon_days: int
    start_day: int
    end_day: int | None
    cases: list[Case]

    def sweep_cases(self) -> list[Scenario]:
        """What a sweep solves for the ranking: the baseline first, then each case (none without
        cases), in the order ``rank_criticality`` reads them back.
        """
        return [baseline_scenario(), *[c.scenario for c in self.cases]] if self.cases else []


def criticality_plan(
    network: Network,
    horizon_days: int,
    duration_days: int | None = None,
    start_day: int = 0,
    routes: bool = False,
    pairs: bool = False,
) -> CriticalityPlan:
    """Check the closure window and list the cases (see ``criticality_cases``). Raises
    ScenarioError for a start or duration outside the horizon.
    """
    horizon = int(horizon_days)
    problems = []
    if not 0 <= start_day < horizon:
        problems.append(
            Problem(
                "--start-day",
                f"start day {start_day} is outside the horizon 0..{horizon - 1}; give a day in it",
            )
        )
    if duration_days is not None and duration_days < 1:
        problems.append(Problem("--duration", f"duration {duration_days} days must be at least 1"))
    if problems:
        raise ScenarioError(problems)
    end_day = (
        None
        if duration_days is None or start_day + duration_days >= horizon
        else start_day + duration_days
    )
    return CriticalityPlan(
        network,
        horizon,
        start_day,
        end_day,
        criticality_cases(network, start_day, end_day, routes, pairs),
    )


def run_criticality(
    network: Network,
    horizon_days: int | None = None,
    duration_days: int | None = None,
    start_day: int = 0,
    routes: bool = False,
    pairs: bool = False,
    workers: int | None = None,
    scheduler: str | None = None,
    solver: str = "highs",
    foresight: str = "perfect",
    progress: Callable[[int], None] | None = None,
    time_limit_s: float | None = None,
    options: Options | None = None,
    allocation: str = ALLOCATIONS[0],
) -> CriticalityResult:
    """Rank crossings (and routes, pairs) by the shortfall (t) their closure adds over
    ``horizon_days``.

    A closure lasts ``duration_days`` from ``start_day`` (default: to the horizon's end);
    ``time_limit_s`` bounds each solver call (s). Equal added shortfalls rank by the tonnes the
    target carries in the baseline. Raises ScenarioError for a start or duration outside the
    horizon. ``options`` (``Options``), when given, replaces horizon_days, workers, scheduler,
    solver, foresight, time_limit_s and allocation (how unavoidable shortfall is shared,
    ``logistics.model.lp.ALLOCATIONS``). Cases whose workers died too often
    (``logistics.engine.workers``) raise IncompleteSweep once the others are solved; its
    ``result`` ranks those solved, marked incomplete.
    """
    if options is None:
        options = Options(
            horizon_days=horizon_days,
            solver=solver,
            foresight=foresight,
            time_limit_s=time_limit_s,
            workers=workers,
            scheduler=scheduler,
            allocation=allocation,
        )
    network = network.with_elasticity(options.elasticity)
    plan = criticality_plan(network, options.horizon(), duration_days, start_day, routes, pairs)
    spec = EngineSpec.of(network, plan.horizon_days, options, plan.sweep_cases())
    try:
        sweep = run_sweep(spec, plan.sweep_cases(), options.workers, options.scheduler, progress)
    except WorkerLost as lost:
        sweep = lost.partial.sweep
        whole = 0 not in sweep.missing and len(sweep.outcomes) > 1
        result = rank_criticality(plan, sweep, options) if whole else None
        raise IncompleteSweep(lost, result) from lost
    return rank_criticality(plan, sweep, options)


def rank_criticality(plan: CriticalityPlan, sweep: SweepRun, options: Options) -> CriticalityResult:
    """The ranking from a sweep whose first outcome is the baseline and the rest ``plan.cases``
    (less those in ``sweep.missing``, positions counted from the baseline's 0: the result lists
    them as missing).
    """
    gone = {j - 1 for j in sweep.missing}
    missing = [c for i, c in enumerate(plan.cases) if i in gone]
    if missing:
        kept = [c for i, c in enumerate(plan.cases) if i not in gone]
        plan = dataclasses.replace(plan, cases=kept)
    network, horizon = plan.network, plan.horizon_days
    base, *outcomes = sweep.outcomes
    baseline_flow = _baseline_flow(network, base.arc_flow_t)
    model_nodes = network.node_ids
    kcal_per_kg, aid = commodity_facts(network)
    need_node_t = need_by_node(network, horizon)
    need_total = float(need_node_t.sum())
    names = network.node_table["name"]
    rows = []
    for case, outcome in zip(plan.cases, outcomes, strict=True):
        added = outcome.shortfall_t - base.shortfall_t  # [node, commodity]
        added[np.abs(added) < NOISE_T] = 0.0
        added_node = added.sum(axis=1)
        affected = [
            model_nodes[i]
            for i in np.flatnonzero((need_node_t > 0) & (added_node > AFFECTED_SHARE * need_node_t))
        ]
        added_t = float(added.sum())
        rows.append(
            {
                "target": case.target,
                "name": case.name,
                "kind": case.kind,
                "shortfall_t": float(outcome.shortfall_t.sum()),
                "baseline_flow_t": float(sum(baseline_flow[t] for t in case.target.split("+"))),
                "added_shortfall_t": added_t,
                "added_shortfall_pct": 100.0 * added_t / need_total if need_total else 0.0,
                "added_people_days": float(people_days(added.sum(axis=0), kcal_per_kg).sum()),
                "added_aid_shortfall_t": float(added[:, aid].sum()),
                "provinces_affected": len(affected),
                "affected": [str(names.at[n]) for n in affected],
            }
        )
    ranking = pd.DataFrame(
        rows,
        columns=[
            "target",
            "name",
            "kind",
            "shortfall_t",
            "baseline_flow_t",
            "added_shortfall_t",
            "added_shortfall_pct",
            "added_people_days",
            "added_aid_shortfall_t",
            "provinces_affected",
            "affected",
        ],
    )
    # Differences below solver noise (1e-6 t) must not reorder the ranking; closures that add the
    # same shortfall (often none: the others absorb it) rank by the tonnes they carry in the
    # baseline.
    ranking["_key"] = ranking["added_shortfall_t"].round(6)
    ranking = (
        ranking.sort_values(["_key", "baseline_flow_t"], ascending=False, kind="stable")
        .drop(columns="_key")
        .reset_index(drop=True)
    )
    ranking.insert(0, "rank", np.arange(1, len(ranking) + 1))
    return CriticalityResult(
        network=network,
        horizon_days=horizon,
        start_day=plan.start_day,
        duration_days=(plan.end_day or horizon) - plan.start_day,
        need_t=need_total,
        baseline_shortfall_t=float(base.shortfall_t.sum()),
        ranking=ranking,
        sweep=sweep,
        foresight=options.foresight,
        solver=options.solver,
        allocation=options.allocation,
        elasticity=options.elasticity,
        missing=tuple(c.scenario.name for c in missing),
    )


def competition_ranks(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Rank ``values`` (largest first) with ties sharing the best rank (1, 2, 2, 4) and say which
    are tied. Values are compared as shown in the report (whole units), so two figures a reader
    sees as equal are never ranked apart.
    """
    shown = values.round(0)
    ranks = shown.rank(method="min", ascending=False).astype(int)
    tied = ranks.duplicated(keep=False)
    return ranks, tied
