"""Monte Carlo of closures: a stochastic closure model (YAML), samples drawn from it, and the
distribution of shortfall they give.

A risk file lists closure *processes*. Each process has targets (crossings, nodes or routes),
a chance that a closure starts in any given week, a duration distribution given by its median
and 90th percentile (a log-normal through both), a capacity factor while closed, and whether
its targets close together (one event closes them all: "all Pakistani crossings together") or
each on its own draws. Overlapping closures of one target take the smallest factor, as in
scenarios.

Sampling: sample ``i`` draws from its own random stream ``SeedSequence(seed, spawn_key=(i,))``,
so a sample is the same whatever the number of samples, workers or cluster. For each process,
each unit (the group, or each target) and each week w of the horizon: a closure starts with the
weekly probability, on day 7w + (uniform 0..6), and lasts ceil(log-normal draw) days (at least 1),
cut at the horizon's end. Samples are solved through the sweep engine (``logistics.engine.pool``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from logistics.analyses.readout import commodity_facts, need_by_node, people_days
from logistics.engine.engine import EngineSpec, Options
from logistics.engine.pool import IncompleteSweep, SweepRun, run_sweep
from logistics.engine.workers import WorkerLost
from logistics.model.lp import ALLOCATIONS
from networks import ELASTICITY_CASES, Network, Problem, ScenarioError
from networks.scenarios import (
    Closure,
    LongText,
    Name,
    Scenario,
    Text,
    baseline_scenario,
    check_scenarios,
    read_yaml,
    validation_problems,
)
from networks.schema import MAX_DAYS
from networks.text import shorten

Z90 = 1.2815515655446004  # standard normal 90th percentile
# A province "goes short" in a sample when its shortfall exceeds this share of its horizon need.
SHORT_SHARE = 0.10
EXCEEDANCE_POINTS = 101


class DurationDays(BaseModel):
    """Closure length in days: median and 90th percentile of a log-normal."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    median: float = Field(gt=0, le=MAX_DAYS, allow_inf_nan=False)
    p90: float = Field(gt=0, le=MAX_DAYS, allow_inf_nan=False)

    @model_validator(mode="after")
    def _p90_not_below_median(self) -> DurationDays:
        if self.p90 < self.median:
            msg = (
                f"p90 {self.p90:g} is below the median {self.median:g}; the 90th percentile must "
                "be at least the median"
            )
            raise ValueError(msg)
        return self

    @property
    def mu_sigma(self) -> tuple[float, float]:
        """Parameters of the underlying normal (of ln days)."""
        return math.log(self.median), math.log(self.p90 / self.median) / Z90


class ClosureProcess(BaseModel):
    """Closures of ``targets`` that start in a week with ``weekly_probability``."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: Name
    targets: tuple[Text, ...] = Field(min_length=1)
    weekly_probability: float = Field(ge=0, le=1, allow_inf_nan=False)
    duration_days: DurationDays
    capacity_factor: float = Field(default=0.0, ge=0, le=1, allow_inf_nan=False)
    together: bool = True
    exempt: tuple[Text, ...] = ()
    source: LongText = ""


class RiskModel(BaseModel):
    """A named set of closure processes (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: Name
    description: LongText = ""
    horizon_days: int | None = Field(default=None, ge=1, le=MAX_DAYS)
    processes: tuple[ClosureProcess, ...] = Field(min_length=1)
    source_file: str | None = Field(default=None, exclude=True)


def _allowed(loc: tuple) -> list[str]:
    if "duration_days" in loc:
        return list(DurationDays.model_fields)
    if "processes" in loc:
        return list(ClosureProcess.model_fields)
    return [k for k in RiskModel.model_fields if k != "source_file"]


def load_risk_model(path: str | Path) -> RiskModel:
    """Read a risk file (YAML, safe loading); every problem is reported at once as ScenarioError."""
    where = Path(path).name
    data = read_yaml(path, "write a risk model with a name and processes")
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    where,
                    f"expected a mapping with name and processes, found {type(data).__name__}",
                )
            ]
        )
    try:
        return RiskModel(**data, source_file=where)
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, where, _allowed)) from exc


def check_risk_model(network: Network, risk: RiskModel) -> None:
    """Check every target and exempt commodity against the network (ScenarioError lists all)."""
    from networks.validate import suggest

    names = network.node_ids + list(network.routes["id"])
    problems = []
    where = risk.source_file or "risk model"
    for i, p in enumerate(risk.processes):
        for j, t in enumerate(p.targets):
            if t not in names:
                problems.append(
                    Problem(
                        f'{where} process "{p.name}"',
                        f'unknown target "{shorten(t)}"; use a node or route id{suggest(t, names)}',
                        column=f"processes.{i}.targets.{j}",
                    )
                )
        for j, k in enumerate(p.exempt):
            if k not in network.commodity_ids:
                problems.append(
                    Problem(
                        f'{where} process "{p.name}"',
                        f'unknown commodity "{shorten(k)}"{suggest(k, network.commodity_ids)}',
                        column=f"processes.{i}.exempt.{j}",
                    )
                )
    if problems:
        raise ScenarioError(problems)


def sample_scenario(risk: RiskModel, horizon_days: int, seed: int, index: int) -> Scenario:
    """Sample ``index`` of the risk model: a scenario named ``sample-<index>`` (days
    0..horizon-1).
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    weeks = math.ceil(horizon_days / 7)
    closures = []
    for p in risk.processes:
        mu, sigma = p.duration_days.mu_sigma
        units = [p.targets] if p.together else [(t,) for t in p.targets]
        for unit in units:
            starts = rng.random(weeks) < p.weekly_probability
            offsets = rng.integers(0, 7, weeks)
            # ceil, less a hair: exp(ln 3) is 3.0000000000000004, which must stay 3 days
            lengths = np.maximum(
                1, np.ceil(np.exp(mu + sigma * rng.standard_normal(weeks)) - 1e-9)
            ).astype(int)
            for w in np.flatnonzero(starts):
                start = 7 * int(w) + int(offsets[w])
                if start >= horizon_days:
                    continue
                end = min(start + int(lengths[w]), horizon_days)
                closures += [
                    Closure(
                        target=t,
                        start_day=start,
                        end_day=end,
                        capacity_factor=p.capacity_factor,
                        exempt=p.exempt,
                    )
                    for t in unit
                ]
    return Scenario(name=f"sample-{index}", closures=tuple(closures))


def sample_scenarios(risk: RiskModel, horizon_days: int, seed: int, samples: int) -> list[Scenario]:
    """Samples 0..samples-1 (see ``sample_scenario``)."""
    return [sample_scenario(risk, horizon_days, seed, i) for i in range(samples)]


@dataclass(frozen=True)
class MonteCarloResult:
    """Per-sample shortfall and its summaries.

    ``totals_t`` (samples,) shortfall per sample; ``by_node_t`` (samples, nodes) per demand node;
    ``nodes`` the demand nodes' ids; ``need_t`` their horizon need; ``closed_days`` (samples,
    targets) days each target was closed (factor < 1) in each sample.
    """

    network: Network
    risk: RiskModel
    samples: int
    seed: int
    horizon_days: int
    foresight: str
    solver: str
    baseline_shortfall_t: float
    totals_t: np.ndarray
    aid_totals_t: np.ndarray
    people_days: np.ndarray
    nodes: list[str]
    need_t: np.ndarray
    by_node_t: np.ndarray
    targets: list[str]
    closed_days: np.ndarray
    sweep: SweepRun
    allocation: str = ALLOCATIONS[0]
    elasticity: str = ELASTICITY_CASES[0]
    # samples not solved (their workers died): the figures are of the others (``IncompleteSweep``)
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """True when every sample was solved."""
        return not self.missing

    def summary(self) -> dict:
        """Mean, P50, P90 and P95 of total shortfall (t), with the standard error of the mean."""
        x = self.totals_t
        return {
            "mean": float(x.mean()),
            "p50": float(np.percentile(x, 50)),
            "p90": float(np.percentile(x, 90)),
            "p95": float(np.percentile(x, 95)),
            "max": float(x.max()),
            "mean_standard_error": float(x.std(ddof=1) / math.sqrt(len(x))) if len(x) > 1 else None,
        }

    def by_node(self) -> pd.DataFrame:
        """Per demand node: need_t, mean and P90 shortfall (t), chance of a shortfall above 10 % of
        need.
        """
        nodes = self.network.node_table
        short = self.by_node_t
        return pd.DataFrame(
            {
                "node": self.nodes,
                "pcode": [nodes.at[n, "pcode"] for n in self.nodes],
                "name": [nodes.at[n, "name"] for n in self.nodes],
                "need_t": self.need_t,
                "mean_shortfall_t": short.mean(axis=0),
                "p90_shortfall_t": np.percentile(short, 90, axis=0),
                "p_short_10pct": (short > SHORT_SHARE * self.need_t[None, :]).mean(axis=0),
            }
        )

    def exceedance(self) -> pd.DataFrame:
        """Exceedance curve: for thresholds at the samples' percentiles 0..100, the share of samples
        whose shortfall is above the threshold (t).
        """
        x = self.totals_t.round(6)  # solver noise (1e-7 t) must not split one value into two points
        thresholds = np.unique(np.percentile(x, np.linspace(0, 100, EXCEEDANCE_POINTS)).round(6))
        return pd.DataFrame(
            {"shortfall_t": thresholds, "probability": [(x > t).mean() for t in thresholds]}
        )

    def closures(self) -> pd.DataFrame:
        """Per target: mean days closed per sample and the share of samples with any closure."""
        return pd.DataFrame(
            {
                "target": self.targets,
                "mean_closed_days": self.closed_days.mean(axis=0),
                "p_closed": (self.closed_days > 0).mean(axis=0),
            }
        )

    def to_dict(self) -> dict:
        """The design's ``montecarlo --json`` document (plus aid, people-days, closures, timing)."""
        r = _round
        return {
            "samples": self.samples,
            "seed": self.seed,
            "horizon_days": self.horizon_days,
            "foresight": self.foresight,
            "allocation": self.allocation,
            "elasticity": self.elasticity,
            "solver": self.solver,
            "risk_model": self.risk.name,
            "baseline_shortfall_t": r(self.baseline_shortfall_t),
            "shortfall_t": {k: r(v) for k, v in self.summary().items()},
            "aid_shortfall_t": {
                "mean": r(self.aid_totals_t.mean()),
                "p90": r(np.percentile(self.aid_totals_t, 90)),
            },
            "people_days_unmet": {
                "mean": r(self.people_days.mean()),
                "p90": r(np.percentile(self.people_days, 90)),
            },
            "by_node": [
                {k: (r(v) if isinstance(v, float) else v) for k, v in row.items()}
                for row in self.by_node().to_dict("records")
            ],
            "exceedance": [
                {k: r(v) for k, v in row.items()} for row in self.exceedance().to_dict("records")
            ],
            "closures": [
                {k: (r(v) if isinstance(v, float) else v) for k, v in row.items()}
                for row in self.closures().to_dict("records")
            ],
            "timing": self.sweep.timing(),
            "complete": self.complete,
            "missing_cases": list(self.missing),
        }


def _round(value):
    if value is None:
        return None
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def closed_days(scenarios: list[Scenario], targets: list[str], horizon_days: int) -> np.ndarray:
    """Days each target is closed (factor < 1) in each scenario, overlaps counted once: (scenarios,
    targets).
    """
    pos = {t: i for i, t in enumerate(targets)}
    out = np.zeros((len(scenarios), len(targets)), dtype=int)
    for s_i, sc in enumerate(scenarios):
        closed = np.zeros((len(targets), horizon_days), bool)
        for c in sc.closures:
            if c.capacity_factor < 1:
                closed[
                    pos[c.target],
                    c.start_day : c.end_day if c.end_day is not None else horizon_days,
                ] = True
        out[s_i] = closed.sum(axis=1)
    return out


def run_montecarlo(
    network: Network,
    risk: RiskModel,
    samples: int = 1000,
    seed: int = 0,
    horizon_days: int | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    solver: str = "highs",
    foresight: str = "perfect",
    progress: Callable[[int], None] | None = None,
    time_limit_s: float | None = None,
    options: Options | None = None,
    allocation: str = ALLOCATIONS[0],
) -> MonteCarloResult:
    """Draw ``samples`` closure samples from ``risk`` with ``seed`` and solve each one's shortfall.

    Horizon: ``horizon_days``, else the risk model's, else 90 days. ``workers`` local processes
    (default all cores) or the Dask cluster at ``scheduler``; the numbers depend only on the seed.
    ``options`` (``Options``), when given, replaces horizon_days, workers, scheduler, solver,
    foresight and time_limit_s. Samples whose workers died too often (``logistics.engine.workers``)
    raise IncompleteSweep once the others are solved; its ``result`` holds them, marked incomplete.
    """
    if samples < 1:
        raise ScenarioError([Problem("--samples", f"{samples} samples; give at least 1")])
    check_risk_model(network, risk)
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
    horizon = options.horizon(
        [(risk.source_file or "risk model", f'"{risk.name}"', risk.horizon_days)]
    )
    cases = sample_scenarios(risk, horizon, seed, samples)
    check_scenarios(network, cases)
    solved = [baseline_scenario(), *cases]
    # the samples' closures fall on any day: fitted steps split at each, nearly daily
    spec = EngineSpec.of(network, horizon, options, solved)
    try:
        sweep = run_sweep(spec, solved, options.workers, options.scheduler, progress)
    except WorkerLost as lost:
        sweep = lost.partial.sweep
        whole = 0 not in sweep.missing and len(sweep.outcomes) > 1
        result = _result(network, risk, seed, horizon, options, cases, sweep) if whole else None
        raise IncompleteSweep(lost, result) from lost
    return _result(network, risk, seed, horizon, options, cases, sweep)


def _result(
    network: Network,
    risk: RiskModel,
    seed: int,
    horizon: int,
    options: Options,
    cases: list[Scenario],
    sweep: SweepRun,
) -> MonteCarloResult:
    """The result of a sweep of the baseline and ``cases`` (``sweep.missing``: positions in that
    order of the cases not solved, never the baseline's).
    """
    missing = {j - 1 for j in sweep.missing}
    solved = [c for i, c in enumerate(cases) if i not in missing]
    base, *outcomes = sweep.outcomes

    kcal_per_kg, aid = commodity_facts(network)
    need = need_by_node(network, horizon)
    demand = np.flatnonzero(need > 0)
    stack = np.stack([o.shortfall_t for o in outcomes])  # (samples, node, commodity)
    targets = sorted(
        {t for p in risk.processes for t in p.targets},
        key=lambda t: (network.node_ids + list(network.routes["id"])).index(t),
    )
    return MonteCarloResult(
        network=network,
        risk=risk,
        samples=len(cases),
        seed=seed,
        horizon_days=horizon,
        foresight=options.foresight,
        solver=options.solver,
        allocation=options.allocation,
        elasticity=options.elasticity,
        baseline_shortfall_t=float(base.shortfall_t.sum()),
        totals_t=stack.sum(axis=(1, 2)),
        aid_totals_t=stack[:, :, aid].sum(axis=(1, 2)),
        people_days=people_days(stack.sum(axis=1), kcal_per_kg).sum(axis=1),
        nodes=[network.node_ids[i] for i in demand],
        need_t=need[demand],
        by_node_t=stack.sum(axis=2)[:, demand],
        targets=targets,
        closed_days=closed_days(solved, targets, horizon),
        sweep=sweep,
        missing=tuple(cases[i].name for i in sorted(missing)),
    )
