"""Scenarios, the LP model, solving, results and metrics, and the Excel report.

Library entry points::

    from networks import load_network
    from logistics import load_scenarios, run_scenarios, write_report

    network = load_network("inputs/afghanistan")
    results = run_scenarios(network, load_scenarios(["inputs/scenarios"]), horizon_days=90)
    results.comparison()            # one row per scenario
    # a supply case on top of every scenario, the baseline included:
    # run_scenarios(network, scenarios, overlay=load_overlay("inputs/supply/low.yaml"))
    write_report(results, "outputs/afghanistan.xlsx")

    # a workbook from `borderflow template`: its network and its Scenarios sheet's scenarios
    network, scenarios = load_network_and_scenarios("my_network.xlsx")

    ranking = run_criticality(network, horizon_days=90).ranking       # which crossing matters most
    risk = load_risk_model("inputs/risk/afghanistan.yaml")
    spread = run_montecarlo(network, risk, samples=1000, seed=0)      # how bad it can get

Sweeps (criticality, Monte Carlo) run on local worker processes (spawned): call them from
under ``if __name__ == "__main__":`` in a script.
"""

from datetime import date
from pathlib import Path

from inputs import bundled_path
from logistics.analyses.criticality import CriticalityResult, run_criticality
from logistics.analyses.montecarlo import (
    MonteCarloResult,
    RiskModel,
    load_risk_model,
    run_montecarlo,
)
from logistics.analyses.run import Analysis, Results, ScenarioResult, run_analysis, run_scenarios
from logistics.engine.engine import Engine, EngineSpec, Options
from logistics.model.lp import Model
from logistics.report import workbook as _workbook
from logistics.report.workbook import write_analysis_report
from logistics.solve.backends import SOLVERS
from logistics.solve.extract import MassBalanceError
from logistics.solve.results import SolveError
from networks.scenarios import (
    BASELINE,
    Closure,
    Scenario,
    apply_overlay,
    load_network_and_scenarios,
    load_overlay,
    load_scenario_file,
    load_scenarios,
)

__all__ = [
    "Analysis",
    "BASELINE",
    "SOLVERS",
    "Closure",
    "Engine",
    "EngineSpec",
    "CriticalityResult",
    "MonteCarloResult",
    "RiskModel",
    "MassBalanceError",
    "Model",
    "Options",
    "Results",
    "Scenario",
    "ScenarioResult",
    "SolveError",
    "apply_overlay",
    "load_network_and_scenarios",
    "load_overlay",
    "load_risk_model",
    "load_scenario_file",
    "load_scenarios",
    "run_analysis",
    "run_criticality",
    "run_montecarlo",
    "run_scenarios",
    "write_analysis_report",
    "write_report",
]

# The province boundaries the library's reports shade (the package's own data, not the report's)
BUNDLED_BOUNDARIES = bundled_path("boundaries")


def write_report(
    results: Results,
    path: str | Path,
    criticality: CriticalityResult | None = None,
    montecarlo: MonteCarloResult | None = None,
    start_date: date | None = None,
    boundaries: Path | None = BUNDLED_BOUNDARIES,
) -> Path:
    """Write the Excel report atomically (``logistics.report.workbook.write_report``), its map
    shaded by the bundled province boundaries unless ``boundaries`` names another folder (None:
    nodes only). Returns the path.
    """
    return _workbook.write_report(results, path, criticality, montecarlo, start_date, boundaries)
