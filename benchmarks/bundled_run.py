"""Build and solve the bundled Afghanistan network with its scenarios; print LP sizes, times and
ratios against a raw HiGHS solve of the same stage-1 LP read from an MPS file in the same run.

    python benchmarks/bundled_run.py [DAYS ...]        (default: 90 365)
"""

from __future__ import annotations

import sys
import time

from common import raw_stage1_seconds

from inputs import bundled_path
from logistics import load_scenarios
from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve.extract import extract
from logistics.solve.solvers import make_solver
from networks import load_network
from networks.scenarios import baseline_scenario


def main(days_list: list[int]) -> None:
    """Build and solve the bundled scenarios for each horizon in ``days_list`` (days); print LP
    sizes, times (s) and their ratios to a raw HiGHS stage-1 solve.
    """
    t0 = time.perf_counter()
    network = load_network(bundled_path("afghanistan"))
    scenarios = load_scenarios([bundled_path("scenarios")])
    load_s = time.perf_counter() - t0
    exempt = frozenset(c.target for s in scenarios for c in s.closures if c.exempt)
    print(
        f"network: {network.describe()}; {len(scenarios)} scenarios; load+validate {load_s:.3f} s"
    )
    for days in days_list:
        t0 = time.perf_counter()
        model = Model(network, days, exempt)
        build_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        solver = make_solver(model, "highs")
        handoff_s = time.perf_counter() - t0
        size = model.size()
        solve_times = []
        named = {s.name for s in scenarios}
        for sc in ([] if "baseline" in named else [baseline_scenario()]) + scenarios:
            data = scenario_data(model, sc)
            t0 = time.perf_counter()
            sol = solver.solve(data, sc.name)
            extract(model, data, sc, sol)
            solve_times.append((sc.name, time.perf_counter() - t0, sol.iterations))
        base_data = scenario_data(model, baseline_scenario())
        raw = raw_stage1_seconds(model, base_data)
        first = solve_times[0][1]
        print(
            f"\n{days} days: {size['columns']:,} columns, {size['rows']:,} rows, "
            f"{size['nonzeros']:,} non-zeros"
        )
        print(f"  build {build_s:.3f} s, hand-off to HiGHS {handoff_s:.3f} s")
        for name, secs, its in solve_times:
            print(
                f"  solve {name:<26} {secs:6.2f} s  ({its:,} simplex iterations, 3 stages + "
                "extraction)"
            )
        print(
            f"  all scenarios: {sum(s for _, s, _ in solve_times):.2f} s; raw HiGHS stage-1 "
            f"baseline solve {raw:.3f} s"
        )
        print(
            f"  ratio (build + hand-off) / raw stage-1 solve = {(build_s + handoff_s) / raw:.2f}  "
            "(model-building overhead)"
        )
        print(
            f"  ratio baseline 3-stage solve / raw stage-1 solve = {first / raw:.2f}  (cost of "
            "the lexicographic stages 2-3)"
        )


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [90, 365])
