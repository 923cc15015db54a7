"""Local worker processes that lose nothing when one of them dies and never outlive their parent.

A ``Job`` is a function, a spec and items, solved in order on one worker (the worker's engine,
``engine_for``, is built once for every job of its spec). ``WorkerPool.run`` hands jobs to up
to ``size`` spawned processes; a worker sends each item's result back as soon as it has it, so
the parent always knows which item a worker holds:

- **A worker dies** (the kernel's OOM killer, a SIGKILL, a crash): the parent keeps what it sent,
  starts a fresh worker and gives it the job's unfinished items. The item being solved when the
  worker died is tried again up to ``CASE_RETRIES`` times; then it is given up (``Lost``) and the
  items after it still run. Results depend only on the item, never on the worker that solved it,
  so a run that survives a worker's death has the numbers of an undisturbed run. The other
  workers keep their engines and carry on.
- **The parent dies**, whatever the signal: on Linux the kernel sends each worker SIGKILL
  (``prctl(PR_SET_PDEATHSIG)``, set as the worker starts); everywhere a watchdog thread sees the
  parent change within ``PARENT_CHECK_SECONDS`` and ends the worker.
- **Ctrl-C** reaches every process of the terminal's group: workers ignore SIGINT (from the
  moment they start) and the parent, interrupted, kills them (``WorkerPool.close``).

Fault injection, for tests (``injected_fault``): a worker about to solve the item named in
``$BORDERFLOW_TEST_FAULT_CASE`` sends itself SIGKILL, or with ``$BORDERFLOW_TEST_FAULT=hang``
sleeps for ever; with ``$BORDERFLOW_TEST_FAULT_ONCE`` naming a file, only the worker that
creates that file does (once, and the file tells a test it happened). Local and Dask workers
honour it; a run in one process never does.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait

from networks import BorderflowError

# A case is solved again this many times after a worker dies while solving it, then given up.
CASE_RETRIES = 1
# Workers of one pool that may die without holding an item (while starting, or idle) before the
# pool gives up: a worker that cannot even start would otherwise be restarted for ever.
UNBLAMED_DEATHS = 3
PARENT_CHECK_SECONDS = 1.0
# Seconds a worker is given to exit after being asked (then killed).
JOIN_SECONDS = 5.0
FAULT_CASE_ENV = "BORDERFLOW_TEST_FAULT_CASE"
FAULT_ENV = "BORDERFLOW_TEST_FAULT"  # "kill" (the default) or "hang"
FAULT_ONCE_ENV = "BORDERFLOW_TEST_FAULT_ONCE"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass(frozen=True)
class Item:
    """One unit of work: its position among all items of a run, its name (a case or scenario
    name, for messages) and what the job's function takes.
    """

    position: int
    name: str
    value: object


@dataclass(frozen=True)
class Job:
    """Items solved in order by ``function(spec, item.value)`` in one worker."""

    function: Callable
    spec: object
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Lost:
    """An item given up: a worker died ``deaths`` times while solving it; ``how`` the last one
    died ("signal 9", "exit code 1").
    """

    position: int
    name: str
    deaths: int
    how: str


TIMES = {1: "once", 2: "twice"}


def _times(n: int) -> str:
    return TIMES.get(n, f"{n} times")


class WorkerLost(BorderflowError):
    """Items that could not be solved because the workers solving them died (``lost``), raised
    once every other item was solved; ``partial`` holds what was solved (the caller's kind),
    ``message`` the one line to show (default ``lost_message``).
    """

    def __init__(self, lost: Sequence[Lost], partial: object = None, message: str | None = None):
        self.lost = list(lost)
        self.partial = partial
        self.message = message or lost_message(self.lost)
        super().__init__(self.message)

    def __reduce__(self):
        return (type(self), (self.lost, self.partial, self.message))


def lost_message(lost: Sequence[Lost]) -> str:
    """One line: which cases were given up, how their workers died, and what to try."""
    hint = "try fewer --workers or more memory"
    first = lost[0]
    if len(lost) == 1:
        return f'case "{first.name}": worker died {_times(first.deaths)} ({first.how}); {hint}'
    names = ", ".join(f'"{x.name}"' for x in lost[:5]) + (" …" if len(lost) > 5 else "")
    return (
        f"{len(lost)} cases ({names}): their workers died {_times(first.deaths)} on each "
        f"({first.how}); {hint}"
    )


def injected_fault(name: str) -> None:
    """Kill this process (SIGKILL), or hang it, before it solves the item ``name`` when the tests
    ask for it (see the module docstring); otherwise do nothing.
    """
    if os.environ.get(FAULT_CASE_ENV) != name:
        return
    marker = os.environ.get(FAULT_ONCE_ENV)
    if marker:
        try:
            os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return
    if os.environ.get(FAULT_ENV) == "hang":
        while True:
            time.sleep(60)
    os.kill(os.getpid(), signal.SIGKILL)


def solve_items(job: Job) -> list[tuple[int, object]]:
    """Solve a job's items in order, in this process: (position, result) for each."""
    out = []
    for item in job.items:
        injected_fault(item.name)
        out.append((item.position, job.function(job.spec, item.value)))
    return out


# ------------------------------------------------------------------------------- the worker


def _die_with_parent(parent_pid: int) -> None:
    """Make this process end when its parent does: the kernel's parent-death signal (Linux) and
    a watchdog thread (everywhere; also covers a parent that died before the signal was set).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


class RemoteTraceback(Exception):
    """The traceback of an error raised in a worker, attached as its cause (shown with -v)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f'\n"""\n{self.text}"""'


def _error_message(exc: BaseException) -> tuple:
    """("error", the exception or a stand-in that pickles, its traceback as text)."""
    import pickle

    text = "".join(traceback.format_exception(exc))
    try:
        pickle.dumps(exc)
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return ("error", exc, text)


def serve(conn: Connection, parent_pid: int) -> None:
    """A worker's life: take jobs from ``conn``, send each item's result, until told to stop
    (None) or the parent goes away.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(parent_pid)
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            for item in job.items:
                injected_fault(item.name)
                conn.send(("item", item.position, job.function(job.spec, item.value)))
            conn.send(("done", None, None))
        except Exception as exc:  # reaches the parent, which raises it
            conn.send(_error_message(exc))


# ------------------------------------------------------------------------------- the parent


@dataclass
class _Worker:
    process: object
    conn: Connection
    ready: bool = False
    job: Job | None = None
    done: set[int] = field(default_factory=set)
    dead: bool = False


def _how(exitcode: int | None) -> str:
    if exitcode is None:
        return "no exit code"
    return f"signal {-exitcode}" if exitcode < 0 else f"exit code {exitcode}"


@contextlib.contextmanager
def _sigint_ignored():
    """Ignore SIGINT while a worker is started: the child inherits the disposition, so Ctrl-C
    during its imports cannot print a traceback (Python leaves an ignored SIGINT ignored).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class WorkerPool:
    """Up to ``size`` spawned worker processes (see the module docstring); a context manager that
    stops them on leaving (kills them when leaving on an error or an interrupt).
    """

    def __init__(self, size: int):
        self.size = max(1, int(size))
        # spawn, not fork: the parent may hold HiGHS threads, which fork would copy half-alive
        self.context = get_context("spawn")
        self.workers: list[_Worker] = []
        self.unblamed_deaths = 0

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(kill=exc_type is not None)

    def _start(self) -> None:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(
            target=serve, args=(theirs, os.getpid()), daemon=True, name="borderflow-worker"
        )
        with _sigint_ignored():
            process.start()
        theirs.close()
        self.workers.append(_Worker(process, mine))

    def run(self, jobs: Sequence[Job], on_result: Callable[[int, object], None]) -> list[Lost]:
        """Solve every job's items; call ``on_result(position, result)`` as each arrives. Return
        the items given up after their workers died (see ``CASE_RETRIES``). An error raised by an
        item stops the run and is raised here, with the worker's traceback as its cause.
        """
        pending = deque(jobs)
        deaths: dict[int, int] = {}
        lost: list[Lost] = []
        while pending or any(w.job is not None for w in self.workers):
            busy = sum(w.job is not None for w in self.workers)
            while len(self.workers) < min(self.size, busy + len(pending)):
                self._start()
            for worker in self.workers:
                if worker.ready and worker.job is None and pending:
                    self._give(worker, pending.popleft(), pending)
            wait([w.conn for w in self.workers] + [w.process.sentinel for w in self.workers])
            for worker in list(self.workers):
                self._read(worker, on_result)
                if worker.dead or not worker.process.is_alive():
                    self._bury(worker, pending, deaths, lost)
        return lost

    def _give(self, worker: _Worker, job: Job, pending: deque) -> None:
        try:
            worker.conn.send(job)
        except (OSError, ValueError):  # it died before taking the job: the job goes back
            pending.appendleft(job)
            worker.dead = True
            return
        worker.job, worker.done = job, set()

    def _read(self, worker: _Worker, on_result: Callable[[int, object], None]) -> None:
        """Take every message the worker has sent (it may have died since)."""
        while not worker.dead:
            try:
                if not worker.conn.poll():
                    return
                kind, first, second = worker.conn.recv()
            except (EOFError, OSError):
                worker.dead = True
                return
            if kind == "ready":
                worker.ready = True
            elif kind == "item":
                worker.done.add(first)
                on_result(first, second)
            elif kind == "done":
                worker.job = None
            else:  # "error": the item's own error, raised as if here
                first.__cause__ = RemoteTraceback(second)
                raise first

    def _bury(self, worker: _Worker, pending: deque, deaths: dict[int, int], lost: list) -> None:
        """Remove a dead worker; its job's unfinished items go back to the front of the queue,
        less the item it died on once that item has used up its retries.
        """
        worker.process.kill()
        worker.process.join(JOIN_SECONDS)
        worker.conn.close()
        self.workers.remove(worker)
        how = _how(worker.process.exitcode)
        job = worker.job
        unfinished = [i for i in job.items if i.position not in worker.done] if job else []
        if not unfinished:
            self.unblamed_deaths += 1
            if self.unblamed_deaths > UNBLAMED_DEATHS:
                msg = (
                    f"worker processes keep dying before they take a case ({how}, "
                    f"{self.unblamed_deaths} times); try fewer --workers or more memory"
                )
                raise BorderflowError(msg)
            return
        first = unfinished[0]
        deaths[first.position] = deaths.get(first.position, 0) + 1
        if deaths[first.position] > CASE_RETRIES:
            lost.append(Lost(first.position, first.name, deaths[first.position], how))
            unfinished = unfinished[1:]
        if unfinished:
            pending.appendleft(Job(job.function, job.spec, tuple(unfinished)))

    def close(self, kill: bool = False) -> None:
        """Stop every worker: ask them to exit (``kill``: kill them at once), then reap them."""
        for worker in self.workers:
            if kill or worker.dead:
                worker.process.kill()
            else:
                with contextlib.suppress(OSError, ValueError):
                    worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(JOIN_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(JOIN_SECONDS)
            worker.conn.close()
        self.workers = []
