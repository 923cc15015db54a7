"""How reading, validating and writing the report scale with the size of the input.

    python benchmarks/scale_io.py [--sizes 25000 50000 100000 200000]

A small valid network (S → X → D, 2 days) plus N isolated hub nodes written as a CSV folder: the
rows the reader, the validation and the report's Inputs sheet must all handle, with an LP that
stays small. Prints seconds per step and seconds per 100,000 rows: equal figures per 100,000 rows
across sizes mean linear scaling.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from logistics import run_scenarios, write_report
from networks import load_network


def write_network(folder: Path, extra_nodes: int) -> None:
    """The small network plus ``extra_nodes`` isolated hubs, as CSV files."""
    nodes = [
        {"id": "S", "name": "Origin", "kind": "source", "source": "synthetic"},
        {
            "id": "X",
            "name": "Crossing",
            "kind": "crossing",
            "throughput_t_per_day": 20,
            "source": "synthetic",
        },
        {"id": "D", "name": "Province", "kind": "demand", "pcode": "AF01", "source": "synthetic"},
    ]
    nodes += [
        {"id": f"H{i}", "name": f"Hub {i}", "kind": "hub", "source": "synthetic"}
        for i in range(extra_nodes)
    ]
    pd.DataFrame(nodes).to_csv(folder / "nodes.csv", index=False)
    pd.DataFrame(
        [
            {
                "id": "SX",
                "from": "S",
                "to": "X",
                "mode": "road",
                "distance_km": 10,
                "transit_days": 0,
                "capacity_t_per_day": 100,
                "source": "synthetic",
            },
            {
                "id": "XD",
                "from": "X",
                "to": "D",
                "mode": "road",
                "distance_km": 10,
                "transit_days": 0,
                "capacity_t_per_day": 100,
                "source": "synthetic",
            },
        ]
    ).to_csv(folder / "routes.csv", index=False)
    pd.DataFrame(
        [{"id": "food", "name": "Food", "kcal_per_kg": 3500, "source": "synthetic"}]
    ).to_csv(folder / "commodities.csv", index=False)
    pd.DataFrame(
        [{"node": "S", "commodity": "food", "t_per_day": 50, "source": "synthetic"}]
    ).to_csv(folder / "supply.csv", index=False)
    pd.DataFrame(
        [{"node": "D", "commodity": "food", "t_per_day": 30, "source": "synthetic"}]
    ).to_csv(folder / "demand.csv", index=False)


def main() -> None:
    """Time loading and validating, solving and reporting at each ``--sizes`` row count; print
    seconds per step and per 100,000 rows.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000, 200_000])
    args = parser.parse_args()
    print(
        f"{'rows':>8} {'load+validate s':>16} {'solve s':>8} {'report s':>9} {'load s/100k':>12} "
        f"{'report s/100k':>14}"
    )
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "net"
            folder.mkdir()
            write_network(folder, n)
            t0 = time.perf_counter()
            network = load_network(folder)
            t1 = time.perf_counter()
            results = run_scenarios(network, [], horizon_days=2)
            t2 = time.perf_counter()
            write_report(results, Path(tmp) / "r.xlsx")
            t3 = time.perf_counter()
        per = 100_000 / n
        print(
            (
                f"{n:>8,} {t1 - t0:>16.1f} {t2 - t1:>8.1f} {t3 - t2:>9.1f} "
                f"{(t1 - t0) * per:>12.1f} {(t3 - t2) * per:>14.1f}"
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
