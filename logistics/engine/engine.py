"""One engine for every solve: a model built once, its live solver and a reference solution.

``Options`` says how to solve: the horizon rule, solver, foresight, time limit per solver call,
and where (local worker processes or a Dask cluster). The CLI builds it once per command.

``EngineSpec`` is what a process needs to build an engine (network, horizon, the targets that
may get exemptions, solver, time limit, foresight); ``engine_for`` keeps one built engine per
process, so a worker builds the model once for every task it gets. An ``Engine`` answers two
kinds of question:

- ``solve``: one scenario to any number of objective stages, with perfect foresight or as a
  rolling horizon, read into tables (``ScenarioSolution``). Every solve starts from the
  scenario alone (cold, or from a blended solve of the same scenario), so the answer does not
  depend on the process or on what it solved before.
- ``case``: the shortfall stages (1-2) of one sweep case, re-solved from the engine's
  *reference* (the baseline, solved to all three stages once per engine): a case the
  reference still satisfies is answered at once, a small change warm from the reference's
  basis, a large one cold (``Solver.solve``). Every case starts from the same reference,
  never from the case before it.

The baseline scenario solved by ``solve`` is the reference itself, so a run whose workers also
rank the crossings solves the baseline once per worker, not twice.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from logistics.model.bounds import ScenarioData, scenario_data
from logistics.model.lp import ALLOCATIONS, Model
from logistics.model.steps import STEP_RULES, TimeSteps, make_steps
from logistics.solve.backends import SOLVERS
from logistics.solve.extract import ScenarioSolution, extract, shortfall_by_node_commodity
from logistics.solve.results import Reference, Solution
from logistics.solve.rolling import known_on, solve_rolling
from logistics.solve.solvers import make_solver
from networks import ELASTICITY_CASES, Network, Problem, ScenarioError
from networks.scenarios import Scenario, baseline_scenario

DEFAULT_HORIZON_DAYS = 90
FORESIGHTS = ("perfect", "none")
# A run may solve each closure scenario under both foresights: perfect foresight gives the
# headline tables, the rolling horizon the other end of the range (``run_analysis``).
BOTH = "both"
# Stages a shortfall figure needs: 1 (priority-weighted unmet need) and 2 (fairness). Stage 3
# (transport cost) changes no shortfall figure.
SHORTFALL_STAGES = 2
ALL_STAGES = 3


@dataclass(frozen=True)
class Options:
    """How to solve, for every analysis.

    ``horizon_days`` None: what the inputs ask (``horizon``), else ``DEFAULT_HORIZON_DAYS``.
    ``allocation`` how unavoidable shortfall is shared (``logistics.model.lp.ALLOCATIONS``:
    "market", the default, "proportional", "priority" or "least-cost"); ``elasticity`` which
    sourced elasticities priced goods use ("central", "low", "high": ``Network.with_elasticity``,
    applied by the analyses); ``solver`` "highs" or "cbc";
    ``foresight`` "perfect" (every closure known from day 0), "both" (a run: each closure
    scenario under both, perfect foresight the headline) or
    "none" (rolling horizon); ``time_limit_s`` bounds each solver call (s); ``workers`` local
    processes (None: all cores) or the Dask cluster at ``scheduler``; ``time_steps`` "fitted"
    (daily for the first weeks, then weekly, split at every closure's days:
    ``logistics.model.steps``) or "daily".
    """

    horizon_days: int | None = None
    solver: str = "highs"
    foresight: str = "perfect"
    time_limit_s: float | None = None
    workers: int | None = None
    scheduler: str | None = None
    allocation: str = ALLOCATIONS[0]
    elasticity: str = ELASTICITY_CASES[0]
    time_steps: str = STEP_RULES[0]

    def __post_init__(self) -> None:
        if self.time_steps not in STEP_RULES:
            msg = f"unknown time steps {self.time_steps!r}; choose one of {', '.join(STEP_RULES)}"
            raise ValueError(msg)
        if self.elasticity not in ELASTICITY_CASES:
            choices = ", ".join(ELASTICITY_CASES)
            msg = f"unknown elasticity case {self.elasticity!r}; choose one of {choices}"
            raise ValueError(msg)
        if self.allocation not in ALLOCATIONS:
            msg = f"unknown allocation {self.allocation!r}; choose one of {', '.join(ALLOCATIONS)}"
            raise ValueError(msg)
        if self.foresight not in (*FORESIGHTS, BOTH):
            choices = ", ".join((*FORESIGHTS, BOTH))
            msg = f"unknown foresight {self.foresight!r}; choose one of {choices}"
            raise ValueError(msg)
        if self.solver not in SOLVERS:
            msg = f"unknown solver {self.solver!r}; choose one of {', '.join(SOLVERS)}"
            raise ValueError(msg)

    def horizon(self, asked: Iterable[tuple[str, str, int | None]] = ()) -> int:
        """The horizon (days): ``horizon_days`` if given, else the one every input that asks for
        one agrees on, else ``DEFAULT_HORIZON_DAYS``. ``asked`` holds (where, what, days) per
        input: a scenario file and scenario, or a risk file and model. Raises ScenarioError when
        inputs ask for different horizons, naming each.
        """
        if self.horizon_days is not None:
            return int(self.horizon_days)
        asking = [(where, what, days) for where, what, days in asked if days is not None]
        if len({days for _, _, days in asking}) > 1:
            problems = [
                Problem(
                    f"{where} {what}",
                    (
                        f"horizon_days {days} differs from other inputs; give --days to run them "
                        "on one horizon"
                    ),
                    column="horizon_days",
                )
                for where, what, days in asking
            ]
            raise ScenarioError(problems)
        return int(asking[0][2]) if asking else DEFAULT_HORIZON_DAYS


@dataclass(frozen=True)
class EngineSpec:
    """What a process needs to build an engine: network, horizon (days), the targets that may
    get exemptions, solver, time limit (s), foresight, allocation rule and time steps (None:
    daily). ``token`` names the built engine in a process's cache.
    """

    network: Network
    horizon_days: int
    exempt_targets: frozenset[str] = frozenset()
    solver: str = "highs"
    time_limit_s: float | None = None
    foresight: str = "perfect"
    allocation: str = ALLOCATIONS[0]
    steps: TimeSteps | None = None
    token: str = field(default_factory=lambda: uuid.uuid4().hex)

    def columns_estimate(self) -> int:
        """About how many LP columns the model has, without building it: (arcs + 2 × nodes) ×
        commodities × days (a flow per arc; storage, delivery and unmet need at the nodes).
        The bundled network: 154,980 against 155,972 at 90 days.
        """
        network = self.network
        per_day = (len(network.arcs) + 2 * len(network.node_ids)) * len(network.commodity_ids)
        return per_day * self.horizon_days

    def build_model(self) -> Model:
        """The LP for this spec (with held-cargo columns when the foresight is "none" or
        "both").
        """
        return Model(
            self.network,
            self.horizon_days,
            self.exempt_targets,
            hold_columns=self.foresight in ("none", BOTH),
            allocation=self.allocation,
            steps=self.steps,
        )

    @classmethod
    def of(
        cls,
        network: Network,
        horizon_days: int,
        options: Options,
        scenarios: Iterable[Scenario] = (),
    ) -> EngineSpec:
        """The spec for solving ``scenarios`` on ``network`` over ``horizon_days`` under
        ``options``: the targets their closures exempt cargo at, and time steps fitted to their
        closures (``options.time_steps``).
        """
        scenarios = list(scenarios)
        return cls(
            network,
            int(horizon_days),
            frozenset(c.target for s in scenarios for c in s.closures if c.exempt),
            solver=options.solver,
            time_limit_s=options.time_limit_s,
            foresight=options.foresight,
            allocation=options.allocation,
            steps=make_steps(options.time_steps, int(horizon_days), scenarios, network),
        )


@dataclass(frozen=True)
class CaseOutcome:
    """One sweep case's shortfall: ``shortfall_t`` [node, commodity] over the horizon (t, in the
    model's node and commodity order), ``arc_flow_t`` per arc over the horizon (t; cost-optimal
    only for the baseline), solve time (s) and how it was reached ("reference", "warm", "cold"
    or "rolling").
    """

    name: str
    shortfall_t: np.ndarray
    seconds: float
    path: str
    arc_flow_t: np.ndarray | None = None


class Engine:
    """A model built once for a spec, its live solver, and the baseline as reference (lazy)."""

    def __init__(self, spec: EngineSpec, model: Model | None = None):
        """``model``: the spec's model when already built (``spec.build_model()``)."""
        started = time.perf_counter()
        self.spec = spec
        self.model = model if model is not None else spec.build_model()
        self.solver = make_solver(self.model, spec.solver, spec.time_limit_s)
        self.build_seconds = time.perf_counter() - started
        self._baseline_data: ScenarioData | None = None
        self._reference: Reference | None = None
        # perfect-foresight plans this engine solved cold, by their LP (``_digest``): a rolling
        # horizon whose day-0 re-plan is the same LP starts from one (``solve_rolling``'s first)
        self._plans: dict[bytes, Reference] = {}

    @property
    def baseline_data(self) -> ScenarioData:
        """The baseline's bounds and costs."""
        if self._baseline_data is None:
            self._baseline_data = scenario_data(self.model, baseline_scenario())
        return self._baseline_data

    @property
    def reference(self) -> Reference:
        """The baseline solved cold to all three stages (first use solves it), with each stage's
        basis.
        """
        if self._reference is None:
            self._reference = self.solver.make_reference(self.baseline_data, ALL_STAGES)
        return self._reference

    @property
    def reference_seconds(self) -> float:
        """Solver time (s) of the reference's shortfall stages: the cold cost of one case."""
        ref = self.reference
        return sum(ref.stage_seconds[:SHORTFALL_STAGES]) if ref.stage_seconds else ref.seconds

    def _is_baseline(self, data: ScenarioData) -> bool:
        base = self.baseline_data
        return all(
            np.array_equal(getattr(data, name), getattr(base, name))
            for name in ("col_lower", "col_upper", "row_lower", "row_upper", "stage3_cost", "need")
        )

    def solution(
        self, scenario: Scenario, stages: int = ALL_STAGES, foresight: str | None = None
    ) -> tuple[ScenarioData, Solution, float]:
        """Solve ``scenario`` to ``stages`` stages: (its data, the solver's solution, tonnes held
        by a rolling horizon). With foresight "none" (default: the spec's) and closures, a
        rolling horizon; otherwise one plan. The baseline, to any number of stages, is the
        reference: solved once per engine to all three stages, its plan is optimal for stages 1-2
        as well (as in ``case``), and with the blended start its three stages cost less than two
        stages solved cold (bundled network, 28 days, under cProfile: 3.9 s against 5.0 s).
        Every plan returned is the centre of its optimal face (``Solver.centre``): its routes,
        crossings and stocks, not only its shortfalls, are the scenario's, whichever equally good
        plan the simplex found.
        """
        foresight = foresight or self.spec.foresight
        data = scenario_data(self.model, scenario)
        if foresight == "none" and scenario.closures:
            # a perfect plan this engine solved for the same LP as the day-0 re-plan, if any
            first = (
                self._plans.get(_digest(scenario_data(self.model, known_on(scenario, 0))))
                if self._plans
                else None
            )
            solved, held_t = solve_rolling(
                self.model, self.solver, scenario, stages, self.reference, first
            )
            return data, solved, held_t
        if self._is_baseline(data):
            ref = self.reference  # the same bounds: its duals hold here
            return (
                data,
                ref.as_solution(stages, self.spec.solver, ref.seconds, own_bounds=True),
                0.0,
            )
        bases: list = [None, None, None]
        solved = self.solver.solve(data, scenario.name, stages, bases_out=bases)
        solved = self.solver.centre(data, scenario.name, solved, stages)
        if len(self._plans) >= KEPT_PLANS:
            self._plans.pop(next(iter(self._plans)))
        self._plans[_digest(data)] = Reference.of(self.model, data, solved, bases, stages)
        return data, solved, 0.0

    def solve(
        self, scenario: Scenario, stages: int = ALL_STAGES, foresight: str | None = None
    ) -> ScenarioSolution:
        """Solve ``scenario`` (see ``solution``) and read it into tables; mass balance checked."""
        data, solved, held_t = self.solution(scenario, stages, foresight)
        return extract(self.model, data, scenario, solved, held_t)

    def case(self, scenario: Scenario, foresight: str | None = None) -> CaseOutcome:
        """One sweep case's shortfall stages, from the reference (see the module docstring)."""
        foresight = foresight or self.spec.foresight
        data = scenario_data(self.model, scenario)
        if foresight == "none" and scenario.closures:
            solved, _held = solve_rolling(
                self.model, self.solver, scenario, SHORTFALL_STAGES, self.reference
            )
            path = "rolling"
        else:
            solved = self.solver.solve(data, scenario.name, SHORTFALL_STAGES, self.reference)
            path = solved.path
        shortfall = shortfall_by_node_commodity(self.model, data.need, solved.values)
        return CaseOutcome(
            scenario.name, shortfall, solved.seconds, path, arc_flow_t(self.model, solved.values)
        )


# Perfect-foresight plans an engine keeps for rolling horizons to start from (each holds a
# solution vector: about 3.6 MB on the bundled network at 90 days)
KEPT_PLANS = 16


def _digest(data: ScenarioData) -> bytes:
    """A fingerprint of an LP's scenario part: bounds, right-hand sides, costs and set entries."""
    h = hashlib.sha256()
    for array in (
        data.col_lower, data.col_upper, data.row_lower, data.row_upper, data.stage3_cost,
        data.coefficients.values,
    ):  # fmt: skip
        h.update(np.ascontiguousarray(array, dtype=float).tobytes())
    return h.digest()


def arc_flow_t(model: Model, values: np.ndarray) -> np.ndarray:
    """Tonnes over the horizon per arc (all commodities), from a solution vector."""
    x = model.blocks["x"]
    return np.bincount(x.index["arc"].to_numpy(), weights=values[x.cols], minlength=len(model.arcs))


_ENGINES: dict[str, Engine] = {}


def engine_for(spec: EngineSpec) -> Engine:
    """Return this process's engine for ``spec`` (built on first use; one kept per process)."""
    if spec.token not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[spec.token] = Engine(spec)
    return _ENGINES[spec.token]


def adopt(engine: Engine) -> None:
    """Make ``engine`` this process's engine for its spec (a run that built one in this process)."""
    _ENGINES.clear()
    _ENGINES[engine.spec.token] = engine


def release() -> None:
    """Drop this process's engine (its model and live solver)."""
    _ENGINES.clear()
