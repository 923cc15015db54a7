"""Where engines run: in this process, on local worker processes, or on a Dask cluster.

Work is handed out through a ``concurrent.futures`` executor: a local process pool (spawned)
by default, or ``distributed.Client(address).get_executor()`` for a Dask cluster. Both run the
same task functions, which solve on the worker's engine (``engine_for``: built once per worker
and spec). ``run_tasks`` puts a run's scenarios and a sweep's cases on one pool, so a run and
its crossing ranking share the workers; every result depends only on its task, never on which
worker solved it or what it solved before.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context

import numpy as np

from logistics.engine.engine import (
    ALL_STAGES,
    CaseOutcome,
    Engine,
    EngineSpec,
    adopt,
    engine_for,
    release,
)
from logistics.solve.extract import ScenarioSolution
from networks import BorderflowError
from networks.scenarios import Scenario

SCHEDULER_TIMEOUT_S = 10
# Chunks of cases per worker slot: enough for the pool to balance uneven cases.
CHUNKS_PER_SLOT = 4
MAX_CHUNK = 50
# Slots assumed on a Dask cluster (its size is not known here) when sizing chunks.
CLUSTER_SLOTS = 4


@dataclass(frozen=True)
class WorkerSetup:
    """Cold cost in one worker (s): building the model, and the reference's cold solve of the
    stages a case solves (1-2; the reference also solves stage 3, not counted here).
    """

    build_seconds: float
    reference_seconds: float


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
        how many cases took each path.
        """
        seconds = np.array([o.seconds for o in self.outcomes])
        cold = self.worker_setup.build_seconds + self.worker_setup.reference_seconds
        mean = float(seconds.mean()) if len(seconds) else 0.0
        paths = {
            p: sum(o.path == p for o in self.outcomes)
            for p in ("reference", "warm", "cold", "rolling")
        }
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


def default_workers() -> int:
    """All cores of this machine."""
    return os.cpu_count() or 1


@contextmanager
def executor(workers: int, scheduler: str | None):
    """A concurrent.futures executor: a Dask client's when ``scheduler`` is given, else
    ``workers`` local processes (None for one worker: run in this process).
    """
    if scheduler is not None:
        from distributed import Client

        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT_S)
        except (OSError, ValueError, TypeError) as exc:
            msg = (
                f"cannot reach the Dask scheduler at {scheduler!r} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS` on machines where "
                "borderflow is installed"
            )
            raise BorderflowError(msg) from exc
        with client:
            yield client.get_executor(pure=False)
    elif workers > 1:
        # spawn, not fork: the parent may hold HiGHS threads, which fork would copy half-alive
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            yield pool
    else:
        yield None


# Below this many LP columns (the bundled network up to 5 days), a run or sweep left to its
# default workers solves in this process: starting a spawned worker (imports, model, reference)
# costs more than the solves. Measured on 2 cores (another process busy on one of them):
# `borderflow run --days 3` took 5.9 s wall in one process against 7.5 s on 2 workers; at
# 7 days both took 9.6 s.
SMALL_LP_COLUMNS = 10_000


def _worker_count(workers: int | None) -> int:
    """``workers`` as a number: None is all cores."""
    return default_workers() if workers is None else max(1, int(workers))


def in_this_process(
    workers: int | None, scheduler: str | None, tasks: int, spec: EngineSpec
) -> bool:
    """True when ``tasks`` tasks run in this process: no Dask ``scheduler``, and one worker or
    at most one task, or ``workers`` left at None (all cores) for a ``spec`` whose LP has fewer
    than ``SMALL_LP_COLUMNS`` columns (an explicit number of workers is always honoured).
    """
    if scheduler is not None:
        return False
    if workers is None and spec.columns_estimate() < SMALL_LP_COLUMNS:
        return True
    return _worker_count(workers) == 1 or tasks <= 1


def chunked(cases: Sequence[Scenario], size: int) -> list[list[Scenario]]:
    """Consecutive chunks of ``size`` cases."""
    return [list(cases[i : i + size]) for i in range(0, len(cases), size)]


FORESIGHT_PROGRESS = {"perfect": "perfect foresight", "none": "rolling horizon"}


def solve_task(
    spec: EngineSpec, scenario: Scenario, stages: int = ALL_STAGES, foresight: str | None = None
) -> tuple[ScenarioSolution, dict[str, int], float]:
    """Worker task: solve one scenario to ``stages`` stages on this process's engine, with
    ``foresight`` (None: the spec's); also return the LP's size (``Model.size``) and the
    seconds this process took to build it.
    """
    engine = engine_for(spec)
    return engine.solve(scenario, stages, foresight), engine.model.size(), engine.build_seconds


def group_task(
    spec: EngineSpec, scenarios: Sequence[Scenario], foresights: Sequence[str | None]
) -> list[tuple[ScenarioSolution, dict[str, int], float]]:
    """Worker task: ``solve_task`` for each scenario in order, on one engine (a rolling horizon
    after the perfect-foresight plan its day-0 re-plan equals starts from that plan).
    """
    return [solve_task(spec, s, ALL_STAGES, f) for s, f in zip(scenarios, foresights, strict=True)]


def case_task(spec: EngineSpec, cases: Sequence[Scenario]) -> tuple[list[CaseOutcome], WorkerSetup]:
    """Worker task: solve ``cases``' shortfall stages in order; also return this worker's
    cold set-up cost (build and reference).
    """
    engine = engine_for(spec)
    outcomes = [engine.case(case) for case in cases]
    return outcomes, _setup(engine)


def _setup(engine: Engine) -> WorkerSetup:
    return WorkerSetup(engine.build_seconds, engine.reference_seconds)


@dataclass(frozen=True)
class TaskResults:
    """What ``run_tasks`` returns: scenario solutions in the scenarios' order, the sweep of
    the cases (None when there were none), the LP's size and the seconds one process took to
    build it (empty and 0 when no scenario was solved).
    """

    solutions: list[ScenarioSolution]
    sweep: SweepRun | None
    model_size: dict[str, int]
    build_seconds: float = 0.0


def run_tasks(
    spec: EngineSpec,
    scenarios: Sequence[Scenario] = (),
    cases: Sequence[Scenario] = (),
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[str], None] | None = None,
    case_progress: Callable[[int], None] | None = None,
    chunk_size: int | None = None,
    engine: Engine | None = None,
    foresights: Sequence[str | None] | None = None,
    plans: Sequence[int] | None = None,
    advance: Callable[[int, int], None] | None = None,
    together: Sequence[Sequence[int]] | None = None,
) -> TaskResults:
    """Solve ``scenarios`` (all stages, tables) and ``cases`` (shortfall stages) on one pool.

    ``workers`` local processes (None: all cores; 1 runs in this process, on ``engine`` when
    given), or the Dask cluster at ``scheduler``. Scenarios go first, then the cases in chunks.
    ``progress`` gets a message per scenario (in this process) or once for the pool;
    ``case_progress`` the number of cases just finished. The sweep's ``wall_seconds`` is the
    whole call's, scenarios included, when both share the pool. ``foresights`` gives each
    scenario's foresight (None or missing: the spec's). ``advance(done, total)`` is called as
    work finishes, in plans: a scenario counts its ``plans`` (a rolling horizon's re-plans;
    default 1), a case 1. ``together`` lists scenarios (by position) a pool solves in one task,
    in that order (default: each alone); the numbers do not depend on it.
    """
    foresights = list(foresights) if foresights is not None else [None] * len(scenarios)
    plans = list(plans) if plans is not None else [1] * len(scenarios)
    total = sum(plans) + len(cases)

    def advanced(units: int) -> None:
        if advance is not None:
            advance(units, total)

    started = time.perf_counter()
    here = in_this_process(workers, scheduler, len(scenarios) + len(cases), spec)
    workers = 1 if here else _worker_count(workers)
    slots = workers if scheduler is None else CLUSTER_SLOTS
    size = chunk_size or max(1, min(MAX_CHUNK, math.ceil(len(cases) / (slots * CHUNKS_PER_SLOT))))
    chunks = chunked(cases, size)
    tasks = len(scenarios) + len(chunks)
    solved: list[tuple[ScenarioSolution, dict[str, int], float]] = []
    outcomes: list[CaseOutcome] = []
    setups: list[WorkerSetup] = []
    if in_this_process(workers, scheduler, tasks, spec):  # always, when ``here``
        if engine is not None:
            adopt(engine)
        advanced(0)  # the total is known: show it before the first plan ends
        for scenario, foresight in zip(scenarios, foresights, strict=True):
            if progress:
                words = f" ({FORESIGHT_PROGRESS[foresight]})" if foresight else ""
                progress(f"solving {scenario.name}{words}")
            solved.append(solve_task(spec, scenario, ALL_STAGES, foresight))
            advanced(plans[len(solved) - 1])
        for chunk in chunks:
            chunk_outcomes, worker_setup = case_task(spec, chunk)
            outcomes.extend(chunk_outcomes)
            setups.append(worker_setup)
            if case_progress:
                case_progress(len(chunk_outcomes))
            advanced(len(chunk_outcomes))
        release()
    else:
        if progress:
            where = (
                f"the Dask cluster at {scheduler}"
                if scheduler
                else f"{min(workers, tasks)} processes"
            )
            what = [f"{len(scenarios)} scenarios"] if scenarios else []
            # every sweep's first case is its baseline (criticality, Monte Carlo)
            what += [f"{len(cases)} sweep cases (their baseline included)"] if cases else []
            progress(f"solving {' and '.join(what)} on {where}")
        advanced(0)  # the total is known: show it before the first plan ends
        with executor(min(workers, tasks), scheduler) as pool:
            groups = [list(g) for g in together] if together else []
            grouped = {i for g in groups for i in g}
            groups += [[i] for i in range(len(scenarios)) if i not in grouped]
            scenario_futures = [
                pool.submit(group_task, spec, [scenarios[i] for i in g], [foresights[i] for i in g])
                for g in groups
            ]
            case_futures: list[Future] = [pool.submit(case_task, spec, c) for c in chunks]
            units = {
                f: sum(plans[i] for i in g) for f, g in zip(scenario_futures, groups, strict=True)
            }
            units.update({f: len(c) for f, c in zip(case_futures, chunks, strict=True)})
            for future in as_completed(units):
                future.result()  # a failed task stops the run here
                advanced(units[future])
            for future in case_futures:
                chunk_outcomes, worker_setup = future.result()
                outcomes.extend(chunk_outcomes)
                setups.append(worker_setup)
                if case_progress:
                    case_progress(len(chunk_outcomes))
            by_position = {
                i: out
                for f, g in zip(scenario_futures, groups, strict=True)
                for i, out in zip(g, f.result(), strict=True)
            }
            solved = [by_position[i] for i in range(len(scenarios))]
    sweep = (
        SweepRun(outcomes, setups[0], time.perf_counter() - started, workers, scheduler)
        if cases
        else None
    )
    if not solved:
        return TaskResults([], sweep, {})
    return TaskResults([s for s, _, _ in solved], sweep, solved[0][1], solved[0][2])


def run_sweep(
    spec: EngineSpec,
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
    sweep = run_tasks(
        spec, (), cases, workers, scheduler, case_progress=progress, chunk_size=chunk_size
    ).sweep
    assert sweep is not None, "a sweep has at least one case"
    return sweep
