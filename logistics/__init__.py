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

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inputs import bundled_path
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

if TYPE_CHECKING:
    from logistics.analyses.criticality import CriticalityResult
    from logistics.analyses.montecarlo import MonteCarloResult
    from logistics.analyses.run import Results

# The rest of the entry points are imported on first use (PEP 562), so that a process that
# needs only part of the library (a spawned worker: the engine, the model and the solvers) does
# not import the analyses, the report and matplotlib with it.
_LAZY = {
    "Analysis": "logistics.analyses.run",
    "Results": "logistics.analyses.run",
    "ScenarioResult": "logistics.analyses.run",
    "run_analysis": "logistics.analyses.run",
    "run_scenarios": "logistics.analyses.run",
    "CriticalityResult": "logistics.analyses.criticality",
    "run_criticality": "logistics.analyses.criticality",
    "MonteCarloResult": "logistics.analyses.montecarlo",
    "RiskModel": "logistics.analyses.montecarlo",
    "load_risk_model": "logistics.analyses.montecarlo",
    "run_montecarlo": "logistics.analyses.montecarlo",
    "Engine": "logistics.engine.engine",
    "EngineSpec": "logistics.engine.engine",
    "Options": "logistics.engine.engine",
    "Model": "logistics.model.lp",
    "write_analysis_report": "logistics.report.workbook",
    "SOLVERS": "logistics.solve.backends",
    "MassBalanceError": "logistics.solve.extract",
    "SolveError": "logistics.solve.results",
}


def __getattr__(name: str):
    """Import a lazy entry point (``_LAZY``) on first use."""
    if name not in _LAZY:
        msg = f"module 'logistics' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The module's names, the lazy entry points included."""
    return sorted(set(globals()) | set(_LAZY))


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
    from logistics.report import workbook

    return workbook.write_report(results, path, criticality, montecarlo, start_date, boundaries)
