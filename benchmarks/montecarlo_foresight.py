"""Monte Carlo per-sample cost without foresight (rolling horizon) against perfect foresight.

    python benchmarks/montecarlo_foresight.py [--samples 200] [--days 90] [--workers 2]

Both runs draw the same samples (same seed) from the bundled risk model on the bundled network
and are measured in the same process. Issue 12's goal: a sample without foresight costs at most
5x a perfect-foresight sample.
"""

from __future__ import annotations

import argparse
import time

import cli
from logistics import load_risk_model, run_montecarlo
from networks import load_network


def main() -> None:
    """Run both foresights on the same samples; print per-sample seconds (wall) and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    network = load_network(cli.BUNDLED_NETWORK)
    risk = load_risk_model(cli.BUNDLED_RISK)
    per_sample = {}
    for foresight in ("perfect", "none"):
        start = time.perf_counter()
        result = run_montecarlo(
            network, risk, args.samples, args.seed, args.days, args.workers, foresight=foresight
        )
        wall = time.perf_counter() - start
        per_sample[foresight] = wall / args.samples
        timing = result.sweep.timing()
        print(
            f"foresight {foresight:<8} {args.samples} samples, {args.days} days: "
            f"{wall:.1f} s wall, "
            f"{per_sample[foresight]:.2f} s per sample; mean case solve "
            f"{timing['mean_case_seconds']:.2f} s; paths {timing['paths']}; "
            f"expected shortfall {result.totals_t.mean():,.1f} t",
            flush=True,
        )
    ratio = per_sample["none"] / per_sample["perfect"]
    print(f"per-sample cost, none / perfect: {ratio:.1f} (goal <= 5)")


if __name__ == "__main__":
    main()
