"""On a Dask cluster, a worker killed mid-sweep costs nothing: Dask reschedules its tasks (issue
26). A task whose workers keep dying is given up by Dask (KilledWorker, after
``distributed.scheduler.allowed-failures`` more tries); the sweep then keeps the cases it solved.
"""

from __future__ import annotations

import dask
import numpy as np
import pytest

from logistics.engine.pool import IncompleteSweep
from tests.conftest import two_crossings_network
from tests.logistics.engine.test_worker_faults import kill_on, montecarlo, varied_risk


def on_cluster(cluster):
    import logistics

    return logistics.run_montecarlo(
        two_crossings_network(),
        varied_risk(),
        samples=12,
        seed=9,
        horizon_days=14,
        scheduler=cluster.scheduler_address,
    )


def local_cluster():
    from distributed import LocalCluster

    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)


def test_a_dask_worker_killed_mid_sweep_changes_no_number(monkeypatch, tmp_path):
    undisturbed = montecarlo(workers=1)
    marker = tmp_path / "killed"
    kill_on(monkeypatch, "sample-5", marker)  # before the cluster: its workers inherit it
    with local_cluster() as cluster:
        disturbed = on_cluster(cluster)
    assert marker.exists()  # a Dask worker did die on sample-5
    assert disturbed.complete
    assert np.array_equal(disturbed.totals_t, undisturbed.totals_t)
    assert np.array_equal(disturbed.by_node_t, undisturbed.by_node_t)


def test_a_case_dask_gives_up_is_named_and_the_rest_kept(monkeypatch):
    undisturbed = montecarlo(workers=1)
    kill_on(monkeypatch, "sample-5", None)
    # Dask blames a dead worker for every task it held, queued ones too: one task at a time per
    # single-threaded worker (saturation 1.0; the default 1.1 lets each hold two), so that only
    # sample-5 is blamed and not, by chance of scheduling, the case queued behind it as well
    settings = {
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with (
        dask.config.set(settings),
        local_cluster() as cluster,
        pytest.raises(IncompleteSweep) as info,
    ):
        on_cluster(cluster)
    assert str(info.value) == (
        'case "sample-5": Dask gave up after 2 of its workers died solving it '
        "(distributed.scheduler.allowed-failures is 1); give the workers more memory, or raise "
        "that setting"
    )
    partial = info.value.result
    assert partial.missing == ("sample-5",)
    assert np.array_equal(partial.totals_t, np.delete(undisturbed.totals_t, 5))
