"""Many scenarios on one network: the engine under criticality and Monte Carlo.

A sweep solves only the shortfall stages (1: unmet need, 2: fairness); transport cost (stage 3)
changes no shortfall figure. Each worker process builds the model once, solves the baseline
cold as its *reference*, and then re-solves every case from that reference (see
``HighsSolver.solve``): a case the reference solution still satisfies is answered at once, a
small change is re-solved warm from the reference's basis, a large one cold. Every case starts
from the same reference, never from the case before it, so each result depends on the case
alone: the same in one process, in several, or on a Dask cluster.

Work is handed out in chunks through a ``concurrent.futures`` executor: a local process pool by
default, or ``distributed.Client(address).get_executor()`` for a Dask cluster. Both run the
same function, ``solve_chunk``.
"""

from __future__ import annotations

import math
import os
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context

import numpy as np

from logistics.model.bounds import scenario_data
from logistics.model.lp import Model, daily_rates
from logistics.solve.rolling import solve_rolling
from logistics.solve.solvers import make_solver
from networks import BorderflowError, Network
from networks.scenarios import Scenario, baseline_scenario

SHORTFALL_STAGES = 2
SCHEDULER_TIMEOUT_S = 10


@dataclass(frozen=True)
class SweepSetup:
    """What every worker needs to build the same model: network, horizon (days), the targets that
    may get exemptions, solver, time limit (s) and foresight. ``token`` names the built model in
    a worker's cache."""

    network: Network
    horizon_days: int
    exempt_targets: frozenset[str] = frozenset()
    solver: str = "highs"
    time_limit_s: float | None = None
    foresight: str = "perfect"
    token: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass(frozen=True)
class CaseOutcome:
    """One case's shortfall: ``shortfall_t`` [node, commodity] over the horizon (t, in the model's
    node and commodity order), solve time (s) and how it was reached ("reference", "warm", "cold",
    or "rolling")."""

    name: str
    shortfall_t: np.ndarray
    seconds: float
    path: str
    arc_flow_t: np.ndarray | None = None  # t per arc over the horizon (cost-optimal only for the baseline)


@dataclass(frozen=True)
class WorkerSetup:
    """Cold cost in one worker (s): building the model, and the reference's cold solve of the
    stages a case solves (1-2; the reference also solves stage 3, not counted here)."""

    build_seconds: float
    reference_seconds: float


@dataclass
class _Live:
    model: Model
    solver: object
    reference: object
    setup: WorkerSetup


_LIVE: dict[str, _Live] = {}


def _live(setup: SweepSetup) -> tuple[_Live, bool]:
    """This process's built model for ``setup`` (built on first use); True when just built."""
    if setup.token in _LIVE:
        return _LIVE[setup.token], False
    _LIVE.clear()
    t0 = time.perf_counter()
    model = Model(setup.network, setup.horizon_days, setup.exempt_targets, hold_columns=setup.foresight == "none")
    solver = make_solver(model, setup.solver, setup.time_limit_s)
    built = time.perf_counter() - t0
    # The reference is solved to all three stages, once per worker, so that the baseline's flows
    # are the cost-optimal ones; cases then solve only the shortfall stages.
    reference = solver.make_reference(scenario_data(model, baseline_scenario()), 3)
    # the cold reference for per-case cost: build + the reference's stages 1-2 (what a case solves)
    shortfall_seconds = sum(reference.stage_seconds[:SHORTFALL_STAGES]) if reference.stage_seconds else reference.seconds
    live = _Live(model, solver, reference, WorkerSetup(built, shortfall_seconds))
    _LIVE[setup.token] = live
    return live, True


def shortfall_by_node_commodity(model: Model, need: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Shortfall (t) per [node, commodity] over the horizon: need − delivered, from a solution vector."""
    d = model.blocks["d"]
    ix = d.index
    n, k, t = ix["node"].to_numpy(), ix["commodity"].to_numpy(), ix["day"].to_numpy()
    need_t = need[n, k, t]
    short = need_t - np.minimum(values[d.cols].clip(min=0.0), need_t)
    out = np.zeros((len(model.node_ids), len(model.commodity_ids)))
    np.add.at(out, (n, k), short)
    return out


def commodity_facts(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """kcal per kg and the aid flag of each commodity, in the network's commodity order."""
    facts = network.commodities.set_index("id").loc[network.commodity_ids]
    return facts["kcal_per_kg"].to_numpy(dtype=float), facts["aid"].to_numpy(dtype=bool)


def need_by_node(network: Network, horizon_days: int) -> np.ndarray:
    """Baseline need (t) per node over the horizon, in the network's node order."""
    node_pos = {n: i for i, n in enumerate(network.node_ids)}
    comm_pos = {k: i for i, k in enumerate(network.commodity_ids)}
    need = daily_rates(network.demand, node_pos, comm_pos, (len(node_pos), len(comm_pos), horizon_days), "t_per_day")
    return need.sum(axis=(1, 2))


def solve_case(live: _Live, scenario: Scenario, foresight: str) -> CaseOutcome:
    """Solve one case's shortfall stages on a live model."""
    model = live.model
    data = scenario_data(model, scenario)
    if foresight == "none" and scenario.closures:
        solution, _held = solve_rolling(model, live.solver, scenario, SHORTFALL_STAGES)
        path = "rolling"
    else:
        solution = live.solver.solve(data, scenario.name, SHORTFALL_STAGES, live.reference)
        path = solution.path
    return CaseOutcome(scenario.name, shortfall_by_node_commodity(model, data.need, solution.values), solution.seconds, path, arc_flow_t(model, solution.values))


def arc_flow_t(model: Model, values: np.ndarray) -> np.ndarray:
    """Tonnes over the horizon per arc (all commodities), from a solution vector."""
    x = model.blocks["x"]
    return np.bincount(x.index["arc"].to_numpy(), weights=values[x.cols], minlength=len(model.arcs))


def solve_chunk(setup: SweepSetup, cases: Sequence[Scenario]) -> tuple[list[CaseOutcome], WorkerSetup | None]:
    """Worker entry point: solve ``cases`` in order; also return this worker's set-up cost when
    the model was built for this chunk (None when it was already built)."""
    live, built = _live(setup)
    outcomes = [solve_case(live, case, setup.foresight) for case in cases]
    return outcomes, live.setup if built else None


def default_workers() -> int:
    """All cores of this machine."""
    return os.cpu_count() or 1


@contextmanager
def _executor(workers: int, scheduler: str | None):
    """A concurrent.futures executor: a Dask client's when ``scheduler`` is given, else local
    processes (None for one worker: run in this process)."""
    if scheduler is not None:
        from distributed import Client

        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, ValueError, TypeError) as exc:
            msg = f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with `dask scheduler` and workers with `dask worker ADDRESS` on machines where borderflow is installed"
            raise BorderflowError(msg) from exc
        with client:
            yield client.get_executor(pure=False)
    elif workers > 1:
        # spawn, not fork: the parent may hold HiGHS threads, which fork would copy half-alive
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            yield pool
    else:
        yield None


def chunked(cases: Sequence[Scenario], size: int) -> list[list[Scenario]]:
    """Consecutive chunks of ``size`` cases."""
    return [list(cases[i : i + size]) for i in range(0, len(cases), size)]


@dataclass(frozen=True)
class SweepRun:
    """Outcomes in the order of the cases, the cold set-up of one worker, and wall time (s)."""

    outcomes: list[CaseOutcome]
    worker_setup: WorkerSetup
    wall_seconds: float
    workers: int
    scheduler: str | None

    def timing(self) -> dict:
        """Mean case solve (s) against one cold build + reference solve (s) of the same stages, and
        how many cases took each path."""
        seconds = np.array([o.seconds for o in self.outcomes])
        cold = self.worker_setup.build_seconds + self.worker_setup.reference_seconds
        mean = float(seconds.mean()) if len(seconds) else 0.0
        paths = {p: sum(o.path == p for o in self.outcomes) for p in ("reference", "warm", "cold", "rolling")}
        return {
            "wall_seconds": self.wall_seconds,
            "workers": self.workers,
            "scheduler": self.scheduler,
            "cold_build_seconds": self.worker_setup.build_seconds,
            "cold_solve_seconds": self.worker_setup.reference_seconds,
            "mean_case_seconds": mean,
            "mean_case_to_cold_ratio": mean / cold if cold else None,
            "paths": paths,
        }


def run_sweep(
    setup: SweepSetup,
    cases: Sequence[Scenario],
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int | None = None,
) -> SweepRun:
    """Solve every case's shortfall stages; outcomes come back in the order of ``cases``.

    ``workers`` local processes (default: all cores; 1 runs in this process), or the Dask cluster
    at ``scheduler`` (an address such as ``tcp://host:8786``; ``workers`` is then ignored).
    ``progress`` is called with the number of cases just finished.
    """
    started = time.perf_counter()
    workers = default_workers() if workers is None else max(1, int(workers))
    slots = workers if scheduler is None else 4
    size = chunk_size or max(1, min(50, math.ceil(len(cases) / (slots * 4))))
    chunks = chunked(cases, size)
    outcomes: list[CaseOutcome] = []
    setups: list[WorkerSetup] = []
    with _executor(workers, scheduler) as executor:
        results = map(lambda c: solve_chunk(setup, c), chunks) if executor is None else _map(executor, setup, chunks)
        for chunk_outcomes, worker_setup in results:
            outcomes.extend(chunk_outcomes)
            if worker_setup is not None:
                setups.append(worker_setup)
            if progress:
                progress(len(chunk_outcomes))
    if not setups:  # every chunk ran in a process built before this sweep
        setups.append(_live(setup)[0].setup)
    return SweepRun(outcomes, setups[0], time.perf_counter() - started, workers, scheduler)


def _map(executor: Executor, setup: SweepSetup, chunks: list[list[Scenario]]):
    return executor.map(solve_chunk, [setup] * len(chunks), chunks)


@contextmanager
def progress_bar(total: int, label: str, enabled: bool):
    """A tqdm bar on stderr, shown only when ``enabled`` and stderr is a terminal; yields the
    update callback (number of cases just finished)."""
    from tqdm import tqdm

    bar = tqdm(total=total, desc=label, unit="case", file=sys.stderr, disable=not (enabled and sys.stderr.isatty()), leave=False)
    try:
        yield bar.update
    finally:
        bar.close()
