"""Fitted time steps against daily steps: the answer kept, and the time saved.

    python benchmarks/time_steps.py [--days 90] [--workers N] [--foresight both|perfect|none]

Runs every bundled scenario twice, with ``--time-steps daily`` and with the default fitted steps
(``logistics.model.steps``), and prints per scenario and foresight bound:

- total shortfall: fitted − daily, as % of the scenario's need (goal |·| ≤ 0.5);
- the largest province × commodity difference, as % of that pair's need (goal ≤ 1);
- the largest difference of a weekly price (province, priced good, week), as % of the daily
  price (goal ≤ 2), and of the peak basket price change (percentage points);
- the national first day short, fitted − daily (goal within ±1 day);

then each run's wall time and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent))

import cli  # noqa: E402
from logistics.analyses.run import run_analysis  # noqa: E402
from logistics.engine.engine import Options  # noqa: E402
from networks import load_network  # noqa: E402
from networks.scenarios import load_scenarios  # noqa: E402


def compare(daily, fitted) -> list[dict]:
    """One row per scenario and foresight bound: the differences the module docstring lists."""
    rows = []
    for d, f in zip(daily.scenarios, fitted.scenarios, strict=True):
        need = d.totals["need_t"]
        pair_need = d.by_node_commodity["need_t"]
        pair_gap = (
            (f.by_node_commodity["shortfall_t"] - d.by_node_commodity["shortfall_t"]).abs()
            / pair_need
        ).max()
        keys = ["node", "commodity", "week"]
        weekly = d.prices.set_index(keys)["price_multiple"]
        weekly_f = f.prices.set_index(keys)["price_multiple"].reindex(weekly.index)
        price_gap = float((weekly_f / weekly - 1.0).abs().max()) if len(weekly) else 0.0
        bounds = {"perfect": (d.totals, f.totals)}
        if d.bounds:
            bounds = {k: (d.bounds[k], f.bounds[k]) for k in d.bounds}
        for foresight, (dt, ft) in bounds.items():
            first_d, first_f = dt["first_shortfall_day"], ft["first_shortfall_day"]
            rows.append(
                {
                    "scenario": d.name,
                    "foresight": foresight,
                    "shortfall_daily_t": dt["shortfall_t"],
                    "shortfall_fitted_t": ft["shortfall_t"],
                    "total_gap_pct_of_need": 100.0 * (ft["shortfall_t"] - dt["shortfall_t"]) / need,
                    "pair_gap_pct_of_pair_need": 100.0 * pair_gap
                    if foresight == "perfect"
                    else np.nan,
                    "weekly_price_gap_pct": 100.0 * price_gap if foresight == "perfect" else np.nan,
                    "basket_peak_gap_pp": (ft["basket_peak_price_change_pct"] or 0.0)
                    - (dt["basket_peak_price_change_pct"] or 0.0),
                    "first_day_daily": first_d,
                    "first_day_fitted": first_f,
                }
            )
    return rows


def main() -> None:
    """Run both, print the comparison and the times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--foresight", default="both")
    args = parser.parse_args()
    network = load_network(cli.BUNDLED_NETWORK)
    scenarios = load_scenarios([cli.BUNDLED_SCENARIOS])
    runs, seconds = {}, {}
    for rule in ("fitted", "daily"):
        options = Options(
            horizon_days=args.days, foresight=args.foresight, workers=args.workers, time_steps=rule
        )
        start = time.perf_counter()
        runs[rule] = run_analysis(network, scenarios, options).results
        seconds[rule] = time.perf_counter() - start
        print(f"{rule}: {seconds[rule]:.1f} s wall, LP {runs[rule].model_size}", flush=True)
    import pandas as pd

    table = pd.DataFrame(compare(runs["daily"], runs["fitted"]))
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(table.round(4).to_string(index=False))
    print(
        f"largest |total gap| {table['total_gap_pct_of_need'].abs().max():.4f} % of need; "
        f"largest pair gap {table['pair_gap_pct_of_pair_need'].max():.4f} % of pair need; "
        f"largest weekly price gap {table['weekly_price_gap_pct'].max():.4f} %; "
        f"fitted {seconds['fitted']:.1f} s against daily {seconds['daily']:.1f} s "
        f"(ratio {seconds['fitted'] / seconds['daily']:.3f})"
    )


if __name__ == "__main__":
    main()
