"""Where engines run: in this process, on local worker processes, or on a Dask cluster.

Work is handed out as jobs of items (``logistics.engine.workers``): to local spawned processes
(``WorkerPool``) by default, or through ``distributed.Client(address).get_executor()`` to a Dask
cluster. Both run the same item functions, which solve on the worker's engine (``engine_for``:
built once per worker and spec). ``run_tasks`` puts a run's scenarios and a sweep's cases on one
pool, so a run and its crossing ranking share the workers; every result depends only on its
item, never on which worker solved it or what it solved before, which is why a worker that dies
costs only the item it was solving (solved again on a fresh worker) and never the numbers.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import as_completed
from contextlib import contextmanager
from dataclasses import dataclass

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
from logistics.engine.workers import (
    Item,
    Job,
    Lost,
    WorkerLost,
    WorkerPool,
    lost_message,
    solve_items,
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
    """Outcomes in the order of the cases (those solved), the cold set-up of one worker, and wall
    time (s).
    """

    outcomes: list[CaseOutcome]
    worker_setup: WorkerSetup
    wall_seconds: float
    workers: int
    scheduler: str | None
    # positions (in the order of the cases) of the cases not solved: their workers died
    missing: tuple[int, ...] = ()

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
def dask_executor(scheduler: str):
    """A concurrent.futures executor of the Dask client at ``scheduler``."""
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


def scenario_item(
    spec: EngineSpec, item: tuple[Scenario, str | None]
) -> tuple[ScenarioSolution, dict[str, int], float]:
    """Worker item: one (scenario, foresight) solved to all stages (``solve_task``). A job of
    several solves them in order on one engine: a rolling horizon after the perfect-foresight
    plan its day-0 re-plan equals starts from that plan (the numbers do not depend on it).
    """
    scenario, foresight = item
    return solve_task(spec, scenario, ALL_STAGES, foresight)


def case_item(spec: EngineSpec, case: Scenario) -> tuple[CaseOutcome, WorkerSetup]:
    """Worker item: one sweep case's shortfall stages, and this worker's cold set-up cost (build
    and reference, s).
    """
    engine = engine_for(spec)
    outcome = engine.case(case)
    return outcome, _setup(engine)


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


def _jobs(
    spec: EngineSpec,
    scenarios: Sequence[Scenario],
    foresights: Sequence[str | None],
    groups: list[list[int]],
    cases: Sequence[Scenario],
    size: int,
) -> list[Job]:
    """The jobs of a pool: each group of scenarios (positions 0..), then the cases in chunks of
    ``size`` (positions after the scenarios).
    """
    jobs = [
        Job(
            scenario_item,
            spec,
            tuple(Item(i, scenarios[i].name, (scenarios[i], foresights[i])) for i in g),
        )
        for g in groups
    ]
    first = len(scenarios)
    for start in range(0, len(cases), size):
        chunk = range(start, min(start + size, len(cases)))
        jobs.append(
            Job(case_item, spec, tuple(Item(first + j, cases[j].name, cases[j]) for j in chunk))
        )
    return jobs


def _on_dask(
    jobs: list[Job], scheduler: str, on_result: Callable[[int, object], None]
) -> list[Lost]:
    """Solve ``jobs`` on the Dask cluster at ``scheduler``, one Dask task each. Dask reschedules
    the tasks of a worker that dies; a task whose workers died more often than the scheduler's
    ``distributed.scheduler.allowed-failures`` fails with KilledWorker, and its items are lost.
    """
    from distributed import KilledWorker

    lost: list[Lost] = []
    with dask_executor(scheduler) as pool:
        futures = {pool.submit(solve_items, job): job for job in jobs}
        for future in as_completed(futures):
            try:
                pairs = future.result()  # an item's own error stops the run here
            except KilledWorker as exc:
                deaths = exc.allowed_failures + 1
                how = f"distributed.scheduler.allowed-failures is {exc.allowed_failures}"
                lost += [Lost(i.position, i.name, deaths, how) for i in futures[future].items]
                continue
            for position, result in pairs:
                on_result(position, result)
    return lost


def _lost_error(lost: list[Lost], scheduler: str | None) -> str:
    """The message of a run that lost cases: local workers name the case and how its worker
    died; on Dask, the cases of the task Dask gave up (``KilledWorker``) and why.
    """
    if scheduler is None:
        return lost_message(lost)
    names = ", ".join(f'"{x.name}"' for x in lost[:5]) + (" …" if len(lost) > 5 else "")
    plural = "s" if len(lost) != 1 else ""
    return (
        f"case{plural} {names}: Dask gave up after {lost[0].deaths} of its workers died solving "
        f"{'them' if plural else 'it'} ({lost[0].how}); give the workers more memory, or raise "
        "that setting"
    )


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

    A worker that dies costs only what it was solving, which runs again on a fresh worker
    (``logistics.engine.workers``); a case or scenario whose workers die ``CASE_RETRIES`` + 1
    times is given up, the rest still run, and ``WorkerLost`` is raised at the end, its
    ``partial`` the TaskResults of what was solved (the sweep's ``missing`` lists the cases
    given up; ``solutions`` holds None for a scenario given up).
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
    groups = [list(g) for g in together] if together else []
    grouped = {i for g in groups for i in g}
    groups += [[i] for i in range(len(scenarios)) if i not in grouped]
    jobs = _jobs(spec, scenarios, foresights, groups, cases, size)
    results: dict[int, object] = {}
    lost: list[Lost] = []

    def on_result(position: int, result: object) -> None:
        results[position] = result
        if position < len(scenarios):
            advanced(plans[position])
            return
        if case_progress:
            case_progress(1)
        advanced(1)

    if in_this_process(workers, scheduler, len(jobs), spec):  # always, when ``here``
        if engine is not None:
            adopt(engine)
        advanced(0)  # the total is known: show it before the first plan ends
        for job, item in sorted(((j, i) for j in jobs for i in j.items), key=_position):
            if progress and item.position < len(scenarios):
                foresight = foresights[item.position]
                words = f" ({FORESIGHT_PROGRESS[foresight]})" if foresight else ""
                progress(f"solving {item.name}{words}")
            on_result(item.position, job.function(spec, item.value))
        release()
    else:
        if progress:
            where = (
                f"the Dask cluster at {scheduler}"
                if scheduler
                else f"{min(workers, len(jobs))} processes"
            )
            what = [f"{len(scenarios)} scenarios"] if scenarios else []
            # every sweep's first case is its baseline (criticality, Monte Carlo)
            what += [f"{len(cases)} sweep cases (their baseline included)"] if cases else []
            progress(f"solving {' and '.join(what)} on {where}")
        advanced(0)  # the total is known: show it before the first plan ends
        if scheduler is not None:
            lost = _on_dask(jobs, scheduler, on_result)
        else:
            with WorkerPool(min(workers, len(jobs))) as pool:
                lost = pool.run(jobs, on_result)
    done = _task_results(results, len(scenarios), len(cases), started, workers, scheduler)
    if lost:
        raise WorkerLost(lost, done, _lost_error(lost, scheduler))
    return done


def _position(job_item: tuple[Job, Item]) -> int:
    return job_item[1].position


def _task_results(
    results: dict[int, object],
    n_scenarios: int,
    n_cases: int,
    started: float,
    workers: int,
    scheduler: str | None,
) -> TaskResults:
    """Put the results by position into TaskResults (None for a scenario not solved; a case not
    solved is in the sweep's ``missing``).
    """
    solved = [results.get(i) for i in range(n_scenarios)]
    cases = [results.get(n_scenarios + j) for j in range(n_cases)]
    setups = [c[1] for c in cases if c is not None]
    sweep = (
        SweepRun(
            [c[0] for c in cases if c is not None],
            setups[0] if setups else WorkerSetup(0.0, 0.0),
            time.perf_counter() - started,
            workers,
            scheduler,
            tuple(j for j, c in enumerate(cases) if c is None),
        )
        if n_cases
        else None
    )
    first = next((s for s in solved if s is not None), None)
    size, build_seconds = (first[1], first[2]) if first is not None else ({}, 0.0)
    return TaskResults([s[0] if s else None for s in solved], sweep, size, build_seconds)


class IncompleteSweep(WorkerLost):
    """A sweep (criticality, Monte Carlo) that gave up cases because their workers died:
    ``result`` is the analysis of the cases it solved, marked incomplete (its ``missing`` names
    the cases given up), or None when nothing can be said without them (the baseline was lost,
    or no case was solved).
    """

    def __init__(self, lost: WorkerLost, result: object = None):
        super().__init__(lost.lost, lost.partial, lost.message)
        self.result = result

    def __reduce__(self):
        return (type(self), (WorkerLost(self.lost, self.partial, self.message), self.result))


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
