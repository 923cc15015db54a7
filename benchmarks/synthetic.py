"""Scale benchmark on a synthetic network: model build and hand-off against the raw HiGHS solve
of the same stage-1 LP (read from an MPS file in the same run), and a warm re-solve against cold.

    python benchmarks/synthetic.py [--provinces 120] [--commodities 5] [--days 30] [--seed 1]

The network: origins feed crossings, crossings feed a random connected road graph between
provinces (a ring plus random chords); every province needs every commodity every day.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from common import raw_stage1_seconds

from logistics.model.bounds import scenario_data
from logistics.model.lp import Model
from logistics.solve.solvers import make_solver
from networks import network_from_tables
from networks.scenarios import Closure, Scenario, baseline_scenario


def synthetic_tables(provinces: int, commodities: int, seed: int) -> dict[str, pd.DataFrame]:
    """Random but feasible-looking network tables (t, t/day, km, days)."""
    rng = np.random.default_rng(seed)
    n_cross, n_orig = max(4, provinces // 8), max(2, provinces // 20)
    nodes = [
        {
            "id": f"P{i}",
            "name": f"Province {i}",
            "kind": "demand",
            "storage_t": float(rng.integers(500, 5000)),
            "source": "synthetic",
        }
        for i in range(provinces)
    ]
    nodes += [
        {
            "id": f"X{i}",
            "name": f"Crossing {i}",
            "kind": "crossing",
            "storage_t": 0.0,
            "throughput_t_per_day": float(rng.integers(300, 1500)),
            "source": "synthetic",
        }
        for i in range(n_cross)
    ]
    nodes += [
        {"id": f"O{i}", "name": f"Origin {i}", "kind": "source", "source": "synthetic"}
        for i in range(n_orig)
    ]
    routes = []

    def road(a: str, b: str, two_way: bool = True) -> None:
        km = float(rng.integers(40, 400))
        routes.append(
            {
                "id": f"R{len(routes)}",
                "from": a,
                "to": b,
                "mode": "road",
                "distance_km": km,
                "transit_days": float(np.ceil(km / 350)),
                "capacity_t_per_day": float(rng.integers(200, 2000)),
                "cost_usd_per_t": round(km * 0.05, 2),
                "bidirectional": two_way,
                "source": "synthetic",
            }
        )

    for i in range(provinces):
        road(f"P{i}", f"P{(i + 1) % provinces}")
    for _ in range(provinces // 2):
        a, b = rng.choice(provinces, 2, replace=False)
        road(f"P{a}", f"P{b}")
    for i in range(n_cross):
        road(f"O{i % n_orig}", f"X{i}", two_way=False)
        road(f"X{i}", f"P{rng.integers(provinces)}")
    comms = [
        {
            "id": f"c{k}",
            "name": f"Commodity {k}",
            "kcal_per_kg": 3600.0,
            "priority": 2.0 if k == 0 else 1.0,
            "aid": k == 0,
            "source": "synthetic",
        }
        for k in range(commodities)
    ]
    supply = [
        {
            "node": f"O{i}",
            "commodity": f"c{k}",
            "t_per_day": float(rng.integers(500, 3000)),
            "source": "synthetic",
        }
        for i in range(n_orig)
        for k in range(commodities)
    ]
    demand = [
        {
            "node": f"P{i}",
            "commodity": f"c{k}",
            "t_per_day": float(rng.integers(5, 60)),
            "source": "synthetic",
        }
        for i in range(provinces)
        for k in range(commodities)
    ]
    return {
        "nodes": pd.DataFrame(nodes),
        "routes": pd.DataFrame(routes),
        "commodities": pd.DataFrame(comms),
        "supply": pd.DataFrame(supply),
        "demand": pd.DataFrame(demand),
    }


def main() -> None:
    """Build and solve a synthetic network of the command line's size; print the LP size, times
    (s) and their ratios to a raw HiGHS stage-1 solve.
    """
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--provinces", type=int, default=120)
    parser.add_argument("--commodities", type=int, default=5)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    network = network_from_tables(synthetic_tables(args.provinces, args.commodities, args.seed))
    t0 = time.perf_counter()
    model = Model(network, args.days)
    build_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    solver = make_solver(model, "highs")
    handoff_s = time.perf_counter() - t0
    size = model.size()
    print(f"{network.describe()}; {args.days} days")
    print(f"LP: {size['columns']:,} columns, {size['rows']:,} rows, {size['nonzeros']:,} non-zeros")

    base = scenario_data(model, baseline_scenario())
    raw_s = raw_stage1_seconds(model, base)

    t0 = time.perf_counter()
    sol = solver.solve(base, "baseline")
    three_stage_s = time.perf_counter() - t0
    closed = Scenario(
        name="closed", closures=[Closure(target="X0", start_day=0, end_day=args.days // 2)]
    )
    data = scenario_data(model, closed)
    t0 = time.perf_counter()
    solver.solve(data, "closed")
    next_s = time.perf_counter() - t0
    print(
        f"build {build_s:.3f} s, hand-off {handoff_s:.3f} s, raw HiGHS stage-1 solve {raw_s:.3f} s"
    )
    print(f"ratio (build + hand-off) / raw solve = {(build_s + handoff_s) / raw_s:.3f}")
    print(
        f"our 3-stage solve {three_stage_s:.2f} s = {three_stage_s / raw_s:.2f} × raw stage 1 "
        f"(objectives {', '.join(f'{o:.6g}' for o in sol.objectives)})"
    )
    print(
        f"next scenario (one crossing closed for half the horizon): {next_s:.2f} s = "
        f"{next_s / (build_s + handoff_s + three_stage_s):.2f} × cold build + solve"
    )


if __name__ == "__main__":
    main()
