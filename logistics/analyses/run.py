"""Run scenarios on a network: build the model once, solve each scenario on it, collect metrics.

``run_scenarios`` is the library entry point; its ``Results`` carry pandas tables per scenario
and give the design's JSON document with ``to_dict()``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from logistics.analyses import prices
from logistics.analyses import readout as metrics
from logistics.analyses.criticality import CriticalityResult, criticality_plan, rank_criticality
from logistics.engine.engine import BOTH, Engine, EngineSpec, Options
from logistics.engine.pool import in_this_process, run_tasks
from logistics.model.lp import ALLOCATIONS
from logistics.model.steps import STEP_RULES
from logistics.solve.extract import ScenarioSolution
from logistics.solve.rolling import events, known_on
from networks import ELASTICITY_CASES, Network
from networks.scenarios import BASELINE, Scenario, apply_overlay, baseline_scenario, check_scenarios

FORESIGHT = "perfect"
# What each allocation rule makes equal, in words (JSON ``allocation_equalises``, About sheet).
ALLOCATION_EQUALISES = {
    "market": (
        "the value of the last tonne delivered net of its delivery cost (one price per good, "
        "differing between provinces by delivery costs); each good's shortfall follows its "
        "demand curve"
    ),
    "proportional": (
        "each province's unmet share of its total need over the horizon, all goods together "
        "(not per good: the mix of goods short within a province is one optimal plan's)"
    ),
    "priority": (
        "each province's priority-weighted unmet share of its total need, all goods together "
        "(not per good)"
    ),
    "least-cost": "nothing: weighted unmet need first, then transport cost",
}


@dataclass(frozen=True)
class ScenarioResult:
    """One scenario's tables and headline figures.

    ``totals``: need_t, delivered_t, shortfall_t, shortfall_pct, shortfall_kcal, people_days_unmet,
    transport_cost_usd, tonne_km, first_shortfall_day, days_of_cover, stranded_t, in_transit_t,
    aid_/trade_ need_t, shortfall_t, shortfall_pct; and ``change`` the same keys minus the baseline.
    ``by_node`` (index node), ``by_commodity`` (index commodity), ``by_day`` (index day),
    ``crossings`` (index node), ``routes`` (index route), ``stranded`` (index node) are DataFrames.
    """

    scenario: Scenario
    solution: ScenarioSolution
    totals: dict
    by_node: pd.DataFrame
    by_commodity: pd.DataFrame
    by_day: pd.DataFrame
    crossings: pd.DataFrame
    routes: pd.DataFrame
    stranded: pd.Series
    change: dict = field(default_factory=dict)
    solve_seconds: float = 0.0
    # foresight ("perfect", "none") → the headline figures (``BOUND_KEYS``) under it, for a
    # closure scenario of a run that solved both; empty otherwise
    bounds: dict = field(default_factory=dict)
    # priced goods' weekly prices against the baseline (``prices.price_changes``) and the
    # province × commodity table (``prices.by_node_commodity``)
    prices: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_node_commodity: pd.DataFrame = field(default_factory=pd.DataFrame)
    # the same scenario without foresight (rolling horizon), every table of it, for a closure
    # scenario of a run that solved both bounds; None otherwise
    surprise: ScenarioResult | None = None

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self.scenario.name

    @property
    def status(self) -> str:
        """Solver status (always "optimal": other outcomes raise)."""
        return self.solution.solution.status.status


@dataclass(frozen=True)
class Results:
    """Everything one run produced: scenario results (baseline first), settings and timings.

    ``overlay`` is the scenario applied on top of every scenario of the run (None: the network
    as given); each ``ScenarioResult.scenario`` already includes it.
    """

    network: Network
    horizon_days: int
    solver: str
    scenarios: list[ScenarioResult]
    model_size: dict
    build_seconds: float
    started_at: str
    duration_seconds: float
    foresight: str = FORESIGHT
    overlay: Scenario | None = None
    allocation: str = ALLOCATIONS[0]
    elasticity: str = ELASTICITY_CASES[0]
    time_steps: str = STEP_RULES[0]

    @property
    def shadow_price_unit(self) -> str:
        """Unit of the crossings' and routes' shadow prices (value of +1 t/day over the horizon):
        "usd" under ``market`` (welfare, the duals of one USD objective), else "t" (priority-
        weighted tonnes of need met, stage 1's duals).
        """
        return "usd" if self.allocation == "market" else "t"

    @property
    def baseline(self) -> ScenarioResult:
        """The no-closure scenario."""
        return self.scenarios[0]

    def __getitem__(self, name: str) -> ScenarioResult:
        for s in self.scenarios:
            if s.name == name:
                return s
        raise KeyError(name)

    def comparison(self) -> pd.DataFrame:
        """One row per scenario: headline figures (t, %, people-days, USD, day) and change vs
        baseline.
        """
        rows = []
        for s in self.scenarios:
            row = {
                "scenario": s.name,
                "probability": s.scenario.probability,
                **{k: s.totals[k] for k in HEADLINE},
            }
            row.update(
                {
                    f"{k}_change": s.change.get(k)
                    for k in ("shortfall_t", "people_days_unmet", "transport_cost_usd")
                }
            )
            row["first_province_short"] = s.totals["first_province_short"]
            rows.append(row)
        return pd.DataFrame(rows).set_index("scenario")

    def probability_weighted(self) -> dict | None:
        """The matrix view: expected shortfall (t, % of baseline need), people-days and aid
        shortfall (t) over the alternatives (scenarios with a probability), or None when none has
        one or their probabilities sum to 0 (there is nothing to weight by).

        Expectations divide by the probabilities' sum; ``complete`` says whether that sum is 1
        (within 0.001), i.e. whether the alternatives cover every outcome. With no need at all
        the expected shortfall is 0 % of it, as a scenario's own shortfall_pct is.
        """
        weighted = [s for s in self.scenarios if s.scenario.probability is not None]
        total = sum(s.scenario.probability for s in weighted)
        if not weighted or total <= 0:
            return None

        def expected(key: str) -> float:
            return sum(s.scenario.probability * s.totals[key] for s in weighted) / total

        need = self.baseline.totals["need_t"]
        shortfall = expected("shortfall_t")
        return {
            "scenarios": [s.name for s in weighted],
            "variants": [s.name for s in self.scenarios if s.scenario.variant_of is not None],
            "probability_sum": total,
            "complete": abs(total - 1.0) <= 1e-3,
            "expected_shortfall_t": shortfall,
            "expected_shortfall_pct": 100.0 * shortfall / need if need > 0 else 0.0,
            "expected_people_days_unmet": expected("people_days_unmet"),
            "expected_aid_shortfall_t": expected("aid_shortfall_t"),
        }

    def to_dict(self) -> dict:
        """The JSON document of the design (stable keys; tonnes, USD, kcal, days)."""
        return {
            "horizon_days": self.horizon_days,
            "solver": self.solver,
            "foresight": self.foresight,
            "allocation": self.allocation,
            "allocation_equalises": ALLOCATION_EQUALISES[self.allocation],
            "elasticity": self.elasticity,
            "time_steps": self.time_steps,
            "shadow_price_unit": self.shadow_price_unit,
            "overlay": overlay_dict(self.overlay),
            "model_size": self.model_size,
            "scenarios": [_scenario_dict(s, self.network) for s in self.scenarios],
            "probability_weighted": self.probability_weighted(),
        }


def overlay_dict(overlay: Scenario | None) -> dict | None:
    """Describe a run's overlay for JSON: name, file (None if built in code), description."""
    if overlay is None:
        return None
    return {"name": overlay.name, "file": overlay.source_file, "description": overlay.description}


HEADLINE = (
    "need_t",
    "delivered_t",
    "shortfall_t",
    "shortfall_pct",
    "shortfall_kcal",
    "people_days_unmet",
    "transport_cost_usd",
    "first_shortfall_day",
)

# The figures given under each foresight bound (``ScenarioResult.bounds``, JSON ``bounds``).
BOUND_KEYS = (
    *HEADLINE,
    "first_province_short",
    "aid_shortfall_t",
    "trade_shortfall_t",
    "held_at_border_t",
    "basket_peak_price_change_pct",
    "welfare_loss_usd",
)


def _day(value) -> int | None:
    """A day (from 0) for JSON: None where there is none (NaN)."""
    return None if pd.isna(value) else int(value)


def _clean(value):
    """JSON-safe scalar: NaN and ±infinity → None, numpy → Python, floats rounded to 6 decimals."""
    if value is None:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        # Solver noise is ~1e-7 t; six decimals keep grams and drop the noise.
        return round(float(value), 6) if math.isfinite(value) else None
    return value


def _scenario_dict(s: ScenarioResult, network: Network) -> dict:
    nodes = network.node_table
    out = {
        "name": s.name,
        "description": s.scenario.description,
        "probability": s.scenario.probability,
        "variant_of": s.scenario.variant_of,
        "status": s.status,
    }
    out.update({k: _clean(s.totals[k]) for k in HEADLINE})
    out.update({k: _clean(v) for k, v in s.totals.items() if k not in out})
    out["change_vs_baseline"] = {k: _clean(v) for k, v in s.change.items()}
    if s.bounds:
        out["bounds"] = {
            foresight: {k: _clean(v) for k, v in figures.items()}
            for foresight, figures in s.bounds.items()
        }
    out["by_node"] = [
        {
            "node": node,
            "name": nodes.at[node, "name"],
            "pcode": _clean(nodes.at[node, "pcode"]),
            **{
                k: _clean(row[k])
                for k in (
                    "need_t",
                    "delivered_t",
                    "shortfall_t",
                    "shortfall_pct",
                    "people_days_unmet",
                    "aid_shortfall_t",
                    "trade_shortfall_t",
                    "days_of_cover",
                    "shortfall_change_t",
                )
            },
            "first_shortfall_day": None
            if pd.isna(row["first_shortfall_day"])
            else int(row["first_shortfall_day"]),
        }
        for node, row in s.by_node.iterrows()
    ]
    out["by_commodity"] = [
        {
            "commodity": k,
            "aid": bool(row["aid"]),
            **{
                c: _clean(row[c])
                for c in (
                    "need_t",
                    "delivered_t",
                    "shortfall_t",
                    "shortfall_pct",
                    "shortfall_kcal",
                    "people_days_unmet",
                    "peak_price_change_pct",
                )
            },
            "first_shortfall_day": _day(row["first_shortfall_day"]),
        }
        for k, row in s.by_commodity.iterrows()
    ]
    out["by_node_commodity"] = [
        {
            "node": node,
            "pcode": _clean(nodes.at[node, "pcode"]),
            "commodity": commodity,
            **{
                k: _clean(row[k])
                for k in (
                    "need_t",
                    "shortfall_t",
                    "shortfall_pct",
                    "price_change_pct",
                    "peak_price_change_pct",
                )
            },
            "first_shortfall_day": _day(row["first_shortfall_day"]),
        }
        for (node, commodity), row in s.by_node_commodity.iterrows()
    ]
    out["crossings"] = [
        {
            "node": n,
            "name": row["name"],
            "throughput_t": _clean(row["throughput_t"]),
            "utilisation": _clean(row["utilisation"]),
            "closed_days": int(row["closed_days"]),
            "restricted_days": int(row["restricted_days"]),
            "shadow_price": _clean(row["shadow_price"]),
        }
        for n, row in s.crossings.iterrows()
    ]
    return out


def _aid_split(rows: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Shortfall by aid flag of a solution's ``metrics.commodity_rows`` → columns aid_need_t,
    aid_shortfall_t, trade_need_t, trade_shortfall_t.
    """
    table = (
        metrics.shortfall_of(rows, [*(by or []), "aid"])[["need_t", "shortfall_t"]].unstack(
            "aid", fill_value=0.0
        )
        if by
        else None
    )
    if by:
        out = pd.DataFrame(index=table.index)
        for flag, label in ((True, "aid"), (False, "trade")):
            for col in ("need_t", "shortfall_t"):
                out[f"{label}_{col}"] = table[(col, flag)] if (col, flag) in table.columns else 0.0
        return out
    split = metrics.shortfall_of(rows, ["aid"])
    out = {}
    for flag, label in ((True, "aid"), (False, "trade")):
        need = float(split["need_t"].get(flag, 0.0))
        short = float(split["shortfall_t"].get(flag, 0.0))
        out.update(
            {
                f"{label}_need_t": need,
                f"{label}_shortfall_t": short,
                f"{label}_shortfall_pct": 100.0 * short / need if need else 0.0,
            }
        )
    return pd.DataFrame([out])


def _welfare_loss(solution: ScenarioSolution, baseline: ScenarioSolution | None) -> float | None:
    """The market's cost of the scenario against the baseline (USD: consumption value lost plus
    delivery, storage and stock-replacement costs); None under the managed allocations.
    """
    if solution.market_cost_usd is None:
        return None
    if baseline is None or baseline.market_cost_usd is None:
        return 0.0
    return solution.market_cost_usd - baseline.market_cost_usd


def summarise(
    solution: ScenarioSolution,
    network: Network,
    baseline: ScenarioSolution | None,
    reference: pd.Series | None = None,
) -> ScenarioResult:
    """Compute every metric of one solved scenario (baseline=None for the baseline itself);
    ``reference``: the baseline's ``prices.reference_prices`` when already read (a run reads
    them once for all its scenarios).
    """
    # the deliveries joined to their commodities once, for every grouping below
    rows = metrics.commodity_rows(solution, network)
    total = metrics.shortfall_of(rows).iloc[0].to_dict()
    moved = metrics.transport(solution).iloc[0]
    by_node = metrics.shortfall_of(rows, ["node"])
    by_node = by_node.join(_aid_split(rows, ["node"]))
    by_node["first_shortfall_day"] = metrics.first_shortfall_day(solution, ["node"]).reindex(
        by_node.index
    )
    by_node["days_of_cover"] = metrics.days_of_cover(solution).reindex(by_node.index)
    node_order = [n for n in network.node_ids if n in by_node.index]
    by_node = by_node.loc[node_order]
    by_node.insert(0, "pcode", network.node_table["pcode"].reindex(by_node.index).to_numpy())
    by_node.insert(0, "name", network.node_table["name"].reindex(by_node.index).to_numpy())
    first_day = metrics.first_shortfall_day(solution)
    # Judged per province: a small province can be short while the country as a whole is not.
    first_province = metrics.first_province_short(by_node)
    by_commodity = metrics.shortfall_of(rows, ["commodity"]).join(
        network.commodities.set_index("id")[["name", "aid"]]
    )
    by_day = metrics.shortfall_of(rows, ["day"]).sort_index().join(_aid_split(rows, ["day"]))
    stranded = (
        metrics.stranded(solution, baseline)
        if baseline is not None
        else pd.Series(dtype=float, name="stranded_t")
    )
    if reference is None:
        reference = prices.reference_prices(baseline, network)
    price_table = prices.changes_against(solution, network, reference)
    national = prices.basket(price_table, network)
    by_commodity = by_commodity.join(prices.commodity_peaks(price_table))
    # the same rule per good nationally: its shortfall above 0.5 % of its need that day
    by_commodity["first_shortfall_day"] = metrics.first_shortfall_day(
        solution, ["commodity"]
    ).reindex(by_commodity.index)
    totals = {
        **total,
        **_aid_split(rows).iloc[0].to_dict(),
        "basket_peak_price_change_pct": float(national.max()) if len(national) else None,
        "basket_peak_week": int(national.idxmax()) if len(national) else None,
        "transport_cost_usd": float(moved["cost_usd"]),
        "tonne_km": float(moved["tonne_km"]),
        "first_shortfall_day": first_day,
        "first_province_short": first_province,
        "days_of_cover": metrics.days_of_cover(solution, by_node=False),
        "stranded_t": float(stranded.sum()),
        "in_transit_t": solution.in_transit_t,
        "held_at_border_t": solution.held_at_border_t,
        "solve_seconds": solution.solution.seconds,
        "welfare_loss_usd": _welfare_loss(solution, baseline),
    }
    routes = (
        metrics.transport(solution, ["route"])
        if len(solution.flows)
        else pd.DataFrame(columns=["t", "tonne_km", "cost_usd"], dtype=float)
    )
    routes = routes.reindex(solution.route_shadow_price.index, fill_value=0.0)
    routes["shadow_price"] = solution.route_shadow_price
    by_node_commodity = prices.by_node_commodity(solution, network, price_table)
    by_node_commodity["first_shortfall_day"] = metrics.first_shortfall_day(
        solution, ["node", "commodity"]
    ).reindex(by_node_commodity.index)
    return ScenarioResult(
        scenario=solution.scenario,
        solution=solution,
        totals=totals,
        by_node=by_node,
        by_commodity=by_commodity,
        by_day=by_day,
        crossings=metrics.crossing_use(solution, network),
        routes=routes,
        stranded=stranded,
        solve_seconds=solution.solution.seconds,
        prices=price_table,
        by_node_commodity=by_node_commodity,
    )


CHANGE_KEYS = (
    "need_t",
    "delivered_t",
    "shortfall_t",
    "shortfall_pct",
    "shortfall_kcal",
    "people_days_unmet",
    "transport_cost_usd",
    "tonne_km",
    "aid_shortfall_t",
    "trade_shortfall_t",
)


def with_change(result: ScenarioResult, baseline: ScenarioResult) -> ScenarioResult:
    """Attach changes against the baseline (scenario − baseline) to totals and per-node tables."""
    change = {k: result.totals[k] - baseline.totals[k] for k in CHANGE_KEYS}
    result.by_node["shortfall_change_t"] = result.by_node["shortfall_t"] - baseline.by_node[
        "shortfall_t"
    ].reindex(result.by_node.index, fill_value=0.0)
    routes = (
        result.routes["t"]
        .rename("t")
        .to_frame()
        .join(baseline.routes["t"].rename("baseline_t"), how="outer")
        .fillna(0.0)
    )
    result.routes["change_t"] = (routes["t"] - routes["baseline_t"]).reindex(result.routes.index)
    result.change.update(change)
    return result


def _closures_known(scenario: Scenario, horizon_days: int) -> tuple:
    """What a plan knows of ``scenario``, in a form equal for equal LPs: its closures (an end at
    or past the horizon written as none) and factors.
    """
    closures = sorted(
        (
            c.target,
            c.start_day,
            c.end_day if c.end_day is not None and c.end_day < horizon_days else None,
            c.capacity_factor,
            tuple(sorted(c.exempt)),
        )
        for c in scenario.closures
    )
    factors = tuple(
        tuple(sorted(f.items()))
        for f in (scenario.demand_factor, scenario.supply_factor, scenario.cost_factor)
    )
    return tuple(closures), factors


def _day0_groups(
    perfect: list[Scenario], surprises: list[Scenario], horizon_days: int, offset: int
) -> list[list[int]]:
    """Tasks that solve a perfect-foresight scenario and, after it, every surprise (positions
    from ``offset``) whose day-0 re-plan is the same LP: what is known on day 0 is that
    scenario's closures (the engine then starts the re-plan from its plan, ``Engine.solution``).
    """
    known = {_closures_known(p, horizon_days): i for i, p in enumerate(perfect)}
    groups: dict[int, list[int]] = {}
    for j, s in enumerate(surprises):
        i = known.get(_closures_known(known_on(s, 0), horizon_days))
        if i is not None:
            groups.setdefault(i, [i]).append(offset + j)
    return list(groups.values())


def scenario_horizon(scenarios: list[Scenario], options: Options) -> int:
    """The run's horizon (days) by the one rule of ``Options.horizon``: ``--days``, else the
    scenarios' common ``horizon_days``, else 90.
    """
    return options.horizon(
        (s.source_file or "scenario", f'scenario "{s.name}"', s.horizon_days) for s in scenarios
    )


def run_scenarios(
    network: Network,
    scenarios: list[Scenario],
    horizon_days: int | None = None,
    solver: str = "highs",
    progress: Callable[[str], None] | None = None,
    time_limit_s: float | None = None,
    foresight: str = FORESIGHT,
    overlay: Scenario | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    allocation: str = ALLOCATIONS[0],
) -> Results:
    """Solve the baseline and each scenario on ``network`` over ``horizon_days`` days.

    The model is built once per process and handed to the solver once; each scenario changes
    only bounds and costs of the live model, and every stage starts cold
    (``logistics.solve.solvers``). Raises ScenarioError for bad scenarios and SolveError for a
    solve that is not optimal (``time_limit_s`` bounds each solver call, in seconds). A scenario
    named "baseline" without changes replaces the built-in one. ``foresight`` "perfect"
    (default): the plan knows every closure from day 0; "none": it learns of each on the day it
    starts (``logistics.solve.rolling``). ``allocation``: how unavoidable shortfall is shared
    (``logistics.model.lp.ALLOCATIONS``). ``overlay`` (``load_overlay``) is applied on top of
    every scenario, the baseline included (``apply_overlay``), after the scenarios and the
    overlay are checked.

    ``workers`` > 1 solves the scenarios on that many local processes (each builds the model
    once), or on the Dask cluster at ``scheduler``; the numbers are the same as in one process.
    Results keep the scenarios' order, the baseline first. ``run_analysis`` does the same with
    an ``Options`` and can rank the crossings on the same workers.
    """
    options = Options(horizon_days, solver, foresight, time_limit_s, workers, scheduler, allocation)
    return run_analysis(network, scenarios, options, overlay=overlay, progress=progress).results


@dataclass(frozen=True)
class Analysis:
    """A run's results and, when asked for, the crossing ranking solved on the same workers."""

    results: Results
    criticality: CriticalityResult | None = None


def run_analysis(
    network: Network,
    scenarios: list[Scenario],
    options: Options | None = None,
    overlay: Scenario | None = None,
    criticality: bool = False,
    progress: Callable[[str], None] | None = None,
    advance: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Solve the baseline and each scenario (see ``run_scenarios``) and, with ``criticality``,
    rank the crossings by the shortfall their closure over the whole horizon adds
    (``run_criticality`` with its defaults), on one pool of workers (``options``: default all
    cores). The ranking is of the network as given: it is left out (None) under an overlay, or
    when the network has no crossing. ``advance(done, total)`` is called as plans finish: a
    scenario's plan, each re-plan of a rolling horizon, a ranking case.
    """
    options = options or Options()
    network = network.with_elasticity(options.elasticity)
    started = time.perf_counter()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    check_scenarios(network, scenarios)
    if overlay is not None:
        check_scenarios(network, [overlay])  # on its own: its name may be a scenario's
    horizon = scenario_horizon(scenarios, options)
    given_base = [s for s in scenarios if s.name == BASELINE]
    base = given_base[0] if given_base else baseline_scenario()
    ordered = [base, *[s for s in scenarios if s.name != BASELINE]]
    if overlay is not None:
        ordered = [apply_overlay(s, overlay, network) for s in ordered]
    ranking = criticality_plan(network, horizon) if criticality and overlay is None else None
    cases = ranking.sweep_cases() if ranking is not None and ranking.cases else []
    spec = EngineSpec.of(network, horizon, options, [*ordered, *cases])

    # in this process the engine built here solves; on a pool each worker builds its own
    here = in_this_process(options.workers, options.scheduler, len(ordered) + len(cases), spec)
    steps = f"{len(spec.steps)} time steps" if spec.steps is not None else "daily steps"
    if progress:
        progress(
            f"the LP: {horizon} days in {steps}, {len(network.node_ids):,} nodes, "
            f"{len(network.arcs):,} arcs, {len(network.commodity_ids)} commodities"
        )
    engine = Engine(spec) if here else None
    both = options.foresight == BOTH
    # A scenario whose closures all start on day 0 and last the horizon gives the rolling horizon
    # one plan, made on day 0 knowing all perfect foresight knows: the same LP (nothing waits at
    # a border), so its "none" figures are the perfect-foresight ones and it is not solved twice.
    surprises = [s for s in ordered if s.closures and events(s, horizon) != [0]] if both else []
    foresights = [("perfect" if both else None)] * len(ordered) + ["none"] * len(surprises)
    rolling = [options.foresight == "none"] * len(ordered) + [True] * len(surprises)
    plans = [
        len(events(s, horizon)) if roll and s.closures else 1
        for s, roll in zip([*ordered, *surprises], rolling, strict=True)
    ]
    done = run_tasks(
        spec,
        [*ordered, *surprises],
        cases,
        options.workers,
        options.scheduler,
        progress,
        engine=engine,
        foresights=foresights,
        plans=plans,
        advance=advance,
        together=_day0_groups(ordered, surprises, horizon, len(ordered)),
    )
    results: list[ScenarioResult] = []
    reference = None  # the baseline's prices, read once its solution is in
    for solution in done.solutions[: len(ordered)]:
        if not results:
            result = summarise(solution, network, None)
            results.append(with_change(result, result))
            reference = prices.reference_prices(result.solution, network)
            continue
        result = summarise(solution, network, results[0].solution, reference)
        results.append(with_change(result, results[0]))
    if both:
        rolled = {
            solution.scenario.name: summarise(solution, network, results[0].solution, reference)
            for solution in done.solutions[len(ordered) :]
        }
        for i, perfect in enumerate(results):
            if perfect.scenario.closures:
                surprise = rolled.get(perfect.name, perfect)  # one plan: the same figures
                results[i] = perfect = replace(perfect, surprise=surprise)
                perfect.bounds.update(
                    {
                        "perfect": {k: perfect.totals[k] for k in BOUND_KEYS},
                        "none": {k: surprise.totals[k] for k in BOUND_KEYS},
                    }
                )
    run = Results(
        network=network,
        horizon_days=horizon,
        solver=options.solver,
        scenarios=results,
        model_size=done.model_size,
        build_seconds=done.build_seconds,
        started_at=started_at,
        duration_seconds=time.perf_counter() - started,
        foresight=options.foresight,
        overlay=overlay,
        allocation=options.allocation,
        elasticity=options.elasticity,
        time_steps=options.time_steps,
    )
    ranked = (
        rank_criticality(ranking, done.sweep, options) if cases and done.sweep is not None else None
    )
    return Analysis(run, ranked)
