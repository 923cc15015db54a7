"""Killed and interrupted runs leave nothing behind (issue 26).

Each test starts ``borderflow run`` on 2 workers in a process of its own and waits until a
worker is stuck on the baseline (the fault hook of ``logistics.engine.workers`` makes it hang,
and its marker file says so), so the signal always arrives mid-run. Then:

- SIGKILL to the parent: no worker (nor multiprocessing's resource tracker) is alive 10 s later;
- SIGINT to the process group (Ctrl-C) or SIGTERM to the parent (a supervisor): exit 130 or
  143 with one line on stderr, the output folder as it was (the old report unchanged, no
  temporary file), no process of the run left.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from logistics.engine.workers import FAULT_CASE_ENV, FAULT_ENV, FAULT_ONCE_ENV

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

OLD_REPORT = b"the report of an earlier run"


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, dead but not yet reaped, is not alive)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for(condition, seconds: float) -> bool:
    """Poll ``condition`` every 50 ms for up to ``seconds``; return whether it came true."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def start_stuck_run(tmp_path: Path) -> tuple[subprocess.Popen, list[int], Path]:
    """Start a 2-worker run whose baseline hangs; return it once a worker hangs, with the
    run's child processes and its output folder (holding an old report).
    """
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.xlsx").write_bytes(OLD_REPORT)
    marker = tmp_path / "hanging"
    env = {**os.environ, FAULT_CASE_ENV: "baseline", FAULT_ENV: "hang", FAULT_ONCE_ENV: str(marker)}
    command = [sys.executable, "-m", "cli", "run", "--days", "3", "--workers", "2"]
    command += ["--no-criticality", "--out", str(out / "report.xlsx")]
    # files, not pipes: a worker that outlived the run would hold a pipe open for ever
    with open(tmp_path / "stdout", "wb") as stdout, open(tmp_path / "stderr", "wb") as stderr:
        run = subprocess.Popen(
            command,
            env=env,
            cwd=tmp_path,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own process group, as a terminal gives a command
        )
    assert wait_for(marker.exists, 120), (tmp_path / "stderr").read_text()
    kids = children(run.pid)
    assert len(kids) >= 2 and all(alive(k) for k in kids)  # 2 workers (and a resource tracker)
    return run, kids, out


def none_left(kids: list[int]) -> list[int]:
    """The run's processes still alive 10 s on (then killed, so that a failure leaves none)."""
    wait_for(lambda: not any(alive(k) for k in kids), 10)
    left = [k for k in kids if alive(k)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def test_workers_die_with_a_killed_parent(tmp_path):
    run, kids, _ = start_stuck_run(tmp_path)
    run.kill()
    run.wait(timeout=10)
    assert none_left(kids) == []


@pytest.mark.parametrize(
    ("signum", "to_group", "code", "line"),
    [
        (signal.SIGINT, True, 130, "error: interrupted (SIGINT, Ctrl-C)"),
        (signal.SIGTERM, False, 143, "error: stopped (SIGTERM)"),
    ],
)
def test_an_interrupted_run_stops_its_workers_and_leaves_the_old_report(
    tmp_path, signum, to_group, code, line
):
    run, kids, out = start_stuck_run(tmp_path)
    if to_group:
        os.killpg(run.pid, signum)  # Ctrl-C reaches every process of the run's group
    else:
        run.send_signal(signum)
    assert run.wait(timeout=30) == code
    stderr = (tmp_path / "stderr").read_text()
    assert stderr == f"{line}; the workers are stopped and no partial output is left\n"
    assert (tmp_path / "stdout").read_bytes() == b""
    assert sorted(p.name for p in out.iterdir()) == ["report.xlsx"]  # no temporary file
    assert (out / "report.xlsx").read_bytes() == OLD_REPORT
    assert none_left(kids) == []
