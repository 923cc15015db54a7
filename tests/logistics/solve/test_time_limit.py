"""--time-limit means seconds per solver call, on every analysis, and only finite positive numbers."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import main
from logistics import run_criticality, run_montecarlo
from logistics.analyses.montecarlo import RiskModel
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve.results import SolveError
from logistics.solve.solvers import make_solver
from networks.scenarios import baseline_scenario
from tests.conftest import two_crossings_network


def test_each_solver_call_gets_the_whole_limit() -> None:
    # HiGHS's own clock runs on across solves of one Highs object; each call must still get its
    # 0.2 s, so solves keep succeeding after their total passes 3 × the limit
    model = Model(two_crossings_network(), 30)
    solver = make_solver(model, time_limit_s=0.2)
    clock = solver.backend.h.getRunTime
    data = scenario_data(model, baseline_scenario())
    solves = 0
    while clock() < 0.6 and solves < 20000:
        assert solver.solve(data, "baseline").status.ok
        solves += 1
    assert clock() >= 0.6


def test_the_analyses_take_the_limit() -> None:
    # a limit no solve can meet must stop each analysis with a solve error, never give numbers
    network = two_crossings_network()
    with pytest.raises(SolveError, match="time limit"):
        run_criticality(network, 5, workers=1, time_limit_s=1e-12)
    risk = RiskModel(
        name="r",
        processes=[
            {
                "name": "p",
                "targets": ["X50"],
                "weekly_probability": 1.0,
                "duration_days": {"median": 2, "p90": 2},
            }
        ],
    )
    with pytest.raises(SolveError, match="time limit"):
        run_montecarlo(network, risk, samples=2, horizon_days=5, workers=1, time_limit_s=1e-12)


@pytest.mark.parametrize(
    "command", [["run", "--no-criticality"], ["criticality"], ["montecarlo", "--samples", "1"]]
)
@pytest.mark.parametrize("value", ["nan", "inf", "0", "-1", "soon"])
def test_only_finite_positive_seconds(command: list[str], value: str) -> None:
    result = CliRunner().invoke(main, [*command, "--days", "2", "--time-limit", value])
    assert result.exit_code == 2 and "--time-limit" in result.output
