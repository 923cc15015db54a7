"""Scenarios solved on worker processes give the same numbers, in the same order, as in one process."""

from __future__ import annotations

import pytest

import logistics
from tests.conftest import closure, scenario, two_crossings_network


def test_parallel_run_equals_serial_run() -> None:
    network = two_crossings_network()
    scenarios = [
        scenario("x50-closed", closure("X50", 1, 4)),
        scenario("x30-half", closure("X30", 0, 5, factor=0.5)),
        scenario("both-day-2", closure("X30", 2, 3), closure("X50", 2, 3)),
    ]
    serial = logistics.run_scenarios(network, scenarios, horizon_days=6)
    parallel = logistics.run_scenarios(network, scenarios, horizon_days=6, workers=2)
    assert [s.name for s in parallel.scenarios] == ["baseline", "x50-closed", "x30-half", "both-day-2"]
    for a, b in zip(serial.scenarios, parallel.scenarios, strict=True):
        for key in ("shortfall_t", "people_days_unmet", "transport_cost_usd", "aid_shortfall_t"):
            assert b.totals[key] == pytest.approx(a.totals[key], abs=1e-9), (a.name, key)
        assert b.change["shortfall_t"] == pytest.approx(a.change["shortfall_t"], abs=1e-9)
        assert b.by_node["shortfall_t"].to_numpy() == pytest.approx(a.by_node["shortfall_t"].to_numpy(), abs=1e-9)
    # X50 closed on days 1-3 leaves X30's 30 of 70 t/day: 3 × 40 = 120 t short
    assert parallel["x50-closed"].totals["shortfall_t"] == pytest.approx(120, abs=1e-6)
