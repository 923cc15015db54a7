"""Scale benchmark on a synthetic network: one scenario built and solved through the engine
(all three stages), its peak memory, and its time against the raw HiGHS solve of the same
scenario's single weighted LP (10⁴ × weighted unmet need + transport cost, read from MPS, in a
fresh process of the same run).

    python benchmarks/synthetic.py [--provinces 400] [--commodities 5] [--days 90] [--seed 1]

The defaults give about 1.02 M columns (issue 12 asks for ≥ 1 M; goal: peak RSS ≤ 2 GB).

The network: origins feed crossings, crossings feed hubs (every tenth province) on a ring road
with a few random chords, and the other provinces hang off their hub in a chain; every province
needs every commodity every day. The
crossings can carry about 1.5x the total need (as on the bundled network, where every crossing
open meets all need), so the closure leaves part of the need unmet, not most of it.
"""

from __future__ import annotations

import argparse
import resource
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import pandas as pd
from common import raw_weighted_seconds

from logistics.engine.engine import Engine, EngineSpec
from logistics.model.bounds import scenario_data
from networks import network_from_tables
from networks.scenarios import Closure, Scenario

HUB_EVERY = 10


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
            # about 1.5x the need, as on the bundled network, where all need is met with every
            # crossing open: a closure then leaves some need unmet, not most of it
            "throughput_t_per_day": float(rng.integers(1500, 3000)),
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

    # a ring road through every tenth province (the hubs), a few chords between hubs, and each
    # province on a spur from its hub, as Afghanistan's provinces hang off its Ring Road
    hubs = list(range(0, provinces, HUB_EVERY))
    for j, hub in enumerate(hubs):
        road(f"P{hub}", f"P{hubs[(j + 1) % len(hubs)]}")
    for _ in range(len(hubs) // 4):
        a, b = rng.choice(hubs, 2, replace=False)
        road(f"P{a}", f"P{b}")
    for i in range(provinces):
        if i % HUB_EVERY:
            road(f"P{i - 1}", f"P{i}")
    for i in range(n_cross):
        road(f"O{i % n_orig}", f"X{i}", two_way=False)
        road(f"X{i}", f"P{rng.choice(hubs)}")
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


def peak_rss_mb() -> float:
    """Peak resident set size (MB) of this process: Linux's VmHWM, which starts afresh in a
    spawned process (``ru_maxrss`` would carry the parent's peak across the exec).
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: kB too


def raw_seconds(provinces: int, commodities: int, days: int, seed: int) -> tuple[float, float]:
    """The raw weighted solve (s) of the benchmark's scenario, run in its own process, and that
    process's peak RSS (MB).
    """
    network = network_from_tables(synthetic_tables(provinces, commodities, seed))
    engine_model = EngineSpec(network, days).build_model()
    seconds = raw_weighted_seconds(engine_model, scenario_data(engine_model, closed_scenario(days)))
    return seconds, peak_rss_mb()


def closed_scenario(days: int) -> Scenario:
    """The benchmark's scenario: crossing X0 closed for the first half of the horizon."""
    return Scenario(name="closed", closures=[Closure(target="X0", start_day=0, end_day=days // 2)])


def main() -> None:
    """Build and solve one scenario of a synthetic network of the command line's size; print the
    LP size, build and solve times (s), peak RSS (MB) and the ratio to the raw weighted solve.
    """
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--provinces", type=int, default=400)
    parser.add_argument("--commodities", type=int, default=5)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    network = network_from_tables(synthetic_tables(args.provinces, args.commodities, args.seed))
    engine = Engine(EngineSpec(network, args.days))
    build_s = time.perf_counter() - t0
    size = engine.model.size()
    print(f"{network.describe()}; {args.days} days", flush=True)
    print(
        f"LP: {size['columns']:,} columns, {size['rows']:,} rows, {size['nonzeros']:,} non-zeros; "
        f"tables + model + hand-off {build_s:.1f} s",
        flush=True,
    )
    t0 = time.perf_counter()
    solution = engine.solve(closed_scenario(args.days))
    solve_s = time.perf_counter() - t0
    ours_rss = peak_rss_mb()
    stages = ", ".join(f"{s:.1f}" for s in solution.solution.stage_seconds)
    print(
        f"engine: 3 stages + tables {solve_s:.1f} s (stages {stages} s); peak RSS {ours_rss:.0f} MB"
    )
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        raw_s, raw_rss = pool.submit(
            raw_seconds, args.provinces, args.commodities, args.days, args.seed
        ).result()
    print(f"raw HiGHS weighted solve {raw_s:.1f} s (its process: peak RSS {raw_rss:.0f} MB)")
    print(
        f"ratio (build + solve) / raw = {(build_s + solve_s) / raw_s:.2f}; "
        f"peak RSS {ours_rss:.0f} MB (goal ≤ 2048)"
    )


if __name__ == "__main__":
    main()
