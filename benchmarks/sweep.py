"""The sweep engine against cold solves, measured in one run on the bundled network.

For the same Monte Carlo samples, solves each one's shortfall stages (1-2) twice in this
process: cold (fresh factorisation with presolve) and through the sweep's reference (still
optimal → reused, else warm from the reference's basis, else cold). Prints mean seconds per
case, the ratio to one cold build + solve, how many cases took each path, and checks that both
give the same shortfall.

    python benchmarks/sweep.py [SAMPLES] [DAYS]        (default: 100 90)
"""

from __future__ import annotations

import sys
import time

import numpy as np

from inputs import bundled_path
from logistics import load_risk_model
from logistics.analyses.montecarlo import sample_scenarios
from logistics.engine.engine import SHORTFALL_STAGES
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve.extract import shortfall_by_node_commodity
from logistics.solve.solvers import make_solver
from networks import load_network
from networks.scenarios import baseline_scenario


def main(samples: int, days: int) -> None:
    """Solve ``samples`` Monte Carlo cases over ``days`` days cold and through the sweep; print
    seconds per case, the paths taken and the largest shortfall difference (t).
    """
    network = load_network(bundled_path("afghanistan"))
    risk = load_risk_model(bundled_path("risk", "afghanistan.yaml"))
    cases = sample_scenarios(risk, days, 0, samples)
    t0 = time.perf_counter()
    model = Model(network, days)
    solver = make_solver(model)
    build_s = time.perf_counter() - t0
    base = scenario_data(model, baseline_scenario())
    t0 = time.perf_counter()
    solver.solve(base, "baseline", SHORTFALL_STAGES)
    cold_one_s = build_s + time.perf_counter() - t0
    reference = solver.make_reference(base, 3)
    print(f"{network.describe()}; {days} days; {model.size()}; {samples} samples of {risk.name}")
    print(
        f"one cold build + solve of stages 1-2: {cold_one_s:.3f} s (build {build_s:.3f} s); "
        f"reference (stages 1-3): {reference.seconds:.3f} s"
    )
    cold_s, sweep_s, paths, worst = [], [], {}, 0.0
    for sc in cases:
        data = scenario_data(model, sc)
        cold = solver.solve(data, sc.name, SHORTFALL_STAGES)
        swept = solver.solve(data, sc.name, SHORTFALL_STAGES, reference)
        cold_s.append(cold.seconds)
        sweep_s.append(swept.seconds)
        paths[swept.path] = paths.get(swept.path, 0) + 1
        a = shortfall_by_node_commodity(model, data.need, cold.values).sum()
        b = shortfall_by_node_commodity(model, data.need, swept.values).sum()
        worst = max(worst, abs(a - b))
    cold_mean, sweep_mean = float(np.mean(cold_s)), float(np.mean(sweep_s))
    print(
        f"mean cold re-solve per case: {cold_mean:.3f} s = {cold_mean / cold_one_s:.2f}× one cold "
        "build + solve"
    )
    print(
        f"mean sweep case:            {sweep_mean:.3f} s = {sweep_mean / cold_one_s:.2f}× one "
        f"cold build + solve ({sweep_mean / cold_mean:.2f}× the cold re-solve)"
    )
    print(f"paths: {paths}; largest difference in total shortfall between the two: {worst:.2e} t")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*(args + [100, 90][len(args) :]))
