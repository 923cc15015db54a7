"""Scenarios, the LP model, solving, results and metrics, and the Excel report.

Library entry points::

    from networks import load_network
    from logistics import load_scenarios, run_scenarios, write_report

    network = load_network("inputs/afghanistan")
    results = run_scenarios(network, load_scenarios(["inputs/scenarios"]), horizon_days=90)
    results.comparison()            # one row per scenario
    write_report(results, "outputs/afghanistan.xlsx")
"""

from .model import Model
from .report import write_report
from .results import MassBalanceError
from .run import Results, ScenarioResult, run_scenarios
from .scenarios import BASELINE, Closure, Scenario, load_scenario_file, load_scenarios
from .solve import SOLVERS, SolveError

__all__ = [
    "BASELINE",
    "SOLVERS",
    "Closure",
    "MassBalanceError",
    "Model",
    "Results",
    "Scenario",
    "ScenarioResult",
    "SolveError",
    "load_scenario_file",
    "load_scenarios",
    "run_scenarios",
    "write_report",
]
