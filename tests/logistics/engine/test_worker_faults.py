"""A worker that dies costs only what it was solving (issue 26).

Workers are killed deterministically by the fault hook of ``logistics.engine.workers``: the
worker about to solve a named case sends itself SIGKILL, once (a marker file) or every time.
Each run is compared with an undisturbed run of the same inputs: the numbers must be identical.
The Monte Carlo reference runs on 2 workers as well; the others run in this process (cheaper),
which gives the same numbers to the last bit (``test_parallel_run``, ``test_montecarlo``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import logistics
from logistics.analyses.run import run_analysis
from logistics.engine.engine import Options
from logistics.engine.pool import IncompleteSweep
from logistics.engine.workers import (
    CASE_RETRIES,
    FAULT_CASE_ENV,
    FAULT_ONCE_ENV,
    WorkerLost,
)
from logistics.solve.results import SolveError
from tests.conftest import closure, scenario, two_crossings_network
from tests.logistics.analyses.test_montecarlo import risk

LOST = "worker died twice (signal 9); try fewer --workers or more memory"


def varied_risk():
    """Closures of either crossing, each on its own draws: samples differ in shortfall."""
    return risk(
        weekly_probability=0.4,
        targets=["X30", "X50"],
        together=False,
        duration_days={"median": 2, "p90": 6},
        capacity_factor=0.3,
    )


def kill_on(monkeypatch: pytest.MonkeyPatch, case: str, once: Path | None) -> None:
    """Make the worker about to solve ``case`` SIGKILL itself: once (``once`` is the marker
    file), or every time it is tried.
    """
    monkeypatch.setenv(FAULT_CASE_ENV, case)
    if once is not None:
        monkeypatch.setenv(FAULT_ONCE_ENV, str(once))


def montecarlo(workers: int = 2):
    return logistics.run_montecarlo(
        two_crossings_network(), varied_risk(), samples=12, seed=9, horizon_days=14, workers=workers
    )


@pytest.fixture(scope="module")
def undisturbed():
    """The Monte Carlo run on 2 workers, no worker killed."""
    return montecarlo()


def test_the_retry_budget_is_one_more_try() -> None:
    assert CASE_RETRIES == 1  # the messages below say "twice"


def test_montecarlo_survives_a_killed_worker_with_the_same_numbers(
    monkeypatch, tmp_path, undisturbed
):
    marker = tmp_path / "killed"
    kill_on(monkeypatch, "sample-5", marker)
    disturbed = montecarlo()
    assert marker.exists()  # a worker did die on sample-5
    assert disturbed.complete and disturbed.to_dict()["missing_cases"] == []
    assert np.array_equal(disturbed.totals_t, undisturbed.totals_t)
    assert np.array_equal(disturbed.by_node_t, undisturbed.by_node_t)
    assert np.array_equal(disturbed.closed_days, undisturbed.closed_days)
    assert undisturbed.totals_t.std() > 0  # the samples differ: the comparison is not vacuous


def test_criticality_survives_a_killed_worker_with_the_same_ranking(monkeypatch, tmp_path):
    network = two_crossings_network()
    undisturbed = logistics.run_criticality(network, 6, routes=True, workers=1)
    marker = tmp_path / "killed"
    kill_on(monkeypatch, "close X50", marker)
    disturbed = logistics.run_criticality(network, 6, routes=True, workers=2)
    assert marker.exists()
    pd.testing.assert_frame_equal(disturbed.ranking, undisturbed.ranking)
    # closing X50 (50 t/day) for all 6 days leaves X30's 30 of 70 t/day: 6 × 40 = 240 t added
    assert disturbed.ranking.set_index("target").at["X50", "added_shortfall_t"] == pytest.approx(
        240, abs=1e-6
    )


def _numbers(results) -> list[dict]:
    return [
        {k: v for k, v in s.items() if k != "solve_seconds"} for s in results.to_dict()["scenarios"]
    ]


def test_a_run_survives_a_killed_worker_with_the_same_numbers(monkeypatch, tmp_path):
    network = two_crossings_network()
    scenarios = [
        scenario("x50-closed", closure("X50", 1, 4)),
        scenario("x30-half", closure("X30", 0, 5, factor=0.5)),
    ]
    options = Options(horizon_days=6, workers=2, foresight="both")
    alone = Options(horizon_days=6, workers=1, foresight="both")
    undisturbed = run_analysis(network, scenarios, alone, criticality=True)
    marker = tmp_path / "killed"
    kill_on(monkeypatch, "x50-closed", marker)
    disturbed = run_analysis(network, scenarios, options, criticality=True)
    assert marker.exists()
    assert _numbers(disturbed.results) == _numbers(undisturbed.results)
    pd.testing.assert_frame_equal(disturbed.criticality.ranking, undisturbed.criticality.ranking)
    # X50 closed on days 1-3 leaves X30's 30 of 70 t/day: 3 × 40 = 120 t short
    assert disturbed.results["x50-closed"].totals["shortfall_t"] == pytest.approx(120, abs=1e-6)


def test_a_case_that_kills_every_worker_is_given_up_and_the_rest_kept(monkeypatch, undisturbed):
    kill_on(monkeypatch, "sample-5", None)
    with pytest.raises(IncompleteSweep) as info:
        montecarlo()
    assert str(info.value) == f'case "sample-5": {LOST}'
    partial = info.value.result
    assert not partial.complete and partial.missing == ("sample-5",)
    assert partial.samples == 12
    assert np.array_equal(partial.totals_t, np.delete(undisturbed.totals_t, 5))
    assert np.array_equal(partial.closed_days, np.delete(undisturbed.closed_days, 5, axis=0))
    doc = partial.to_dict()
    assert doc["complete"] is False and doc["missing_cases"] == ["sample-5"]
    assert partial.sweep.missing == (6,)  # the sweep's case 0 is the baseline


def test_a_baseline_given_up_leaves_no_partial_result(monkeypatch):
    kill_on(monkeypatch, "baseline", None)
    with pytest.raises(IncompleteSweep) as info:
        montecarlo()
    assert str(info.value) == f'case "baseline": {LOST}'
    assert info.value.result is None


def test_a_run_whose_scenario_kills_every_worker_fails_naming_it(monkeypatch):
    kill_on(monkeypatch, "x50-closed", None)
    with pytest.raises(WorkerLost) as info:
        logistics.run_scenarios(
            two_crossings_network(),
            [scenario("x50-closed", closure("X50", 1, 4))],
            horizon_days=6,
            workers=2,
        )
    assert str(info.value) == f'case "x50-closed": {LOST}'


def test_in_one_process_the_fault_hook_never_fires(monkeypatch):
    kill_on(monkeypatch, "sample-5", None)
    assert montecarlo(workers=1).complete  # this test's process is alive to say so


def test_an_error_raised_in_a_worker_reaches_the_caller_with_its_traceback():
    with pytest.raises(SolveError) as info:
        logistics.run_criticality(two_crossings_network(), 5, workers=2, time_limit_s=1e-12)
    assert "Traceback" in str(info.value.__cause__)  # the worker's, shown with -v
