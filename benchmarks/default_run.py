"""`borderflow run` (scenario matrix and criticality ranking) against the raw HiGHS floor.

    python benchmarks/default_run.py [--days 90] [--workers N] [--foresight both|perfect|none]
                                     [--json-out PATH] [--report-out PATH]

The floor is the sum, over the baseline and every bundled scenario, of one raw HiGHS solve of the
scenario's market LP (the default allocation's one LP, read from MPS), measured in the same run:
what one solve of each scenario costs with none of our building, hand-off, re-plans or
criticality cases. The default run also solves each closure scenario that has a reopening as a
rolling horizon and ranks the crossings; `--foresight perfect` times one bound. Issue 22's
reference: the default run took 1,834 s wall on 2 cores (6 Dec 2026) under the max-min
allocation, before the market equilibrium became the default.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import raw_market_seconds  # noqa: E402

import cli  # noqa: E402
from logistics.analyses.run import scenario_horizon  # noqa: E402
from logistics.engine.engine import Options  # noqa: E402
from logistics.model.bounds import scenario_data  # noqa: E402
from logistics.model.lp import Model  # noqa: E402
from networks import load_network  # noqa: E402
from networks.scenarios import baseline_scenario, load_scenarios  # noqa: E402


def main() -> None:
    """Time ``borderflow run`` and the raw weighted HiGHS solves it is measured against; print
    the seconds and their ratio.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=None)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--foresight", default=None, help="passed to borderflow run")
    parser.add_argument("--json-out", default=None, help="keep the run's --json document here")
    parser.add_argument("--report-out", default=None, help="keep the run's report here")
    args = parser.parse_args()
    network = load_network(cli.BUNDLED_NETWORK)
    scenarios = load_scenarios([cli.BUNDLED_SCENARIOS])
    horizon = scenario_horizon(scenarios, Options(horizon_days=args.days))
    exempt = frozenset(c.target for s in scenarios for c in s.closures if c.exempt)
    model = Model(network, horizon, exempt)
    floor = {}
    # the run's own list: a bundled "baseline" file replaces the built-in baseline
    given = [s for s in scenarios if s.name == "baseline"]
    for sc in [
        given[0] if given else baseline_scenario(),
        *[s for s in scenarios if s.name != "baseline"],
    ]:
        floor[sc.name] = raw_market_seconds(model, scenario_data(model, sc))
        print(f"raw market LP {sc.name:<34} {floor[sc.name]:7.2f} s", flush=True)
    command = (
        ["borderflow", "run", "--days", str(horizon)]
        + (["--workers", str(args.workers)] if args.workers else [])
        + (["--foresight", args.foresight] if args.foresight else [])
        + (["--json"] if args.json_out else [])
    )
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        report = args.report_out or str(Path(tmp) / "r.xlsx")
        done = subprocess.run([*command, "--out", report], check=True, capture_output=True)
        wall = time.perf_counter() - start
    if args.json_out:
        Path(args.json_out).write_bytes(done.stdout)
    total = sum(floor.values())
    print(
        f"{' '.join(command)}: {wall:.1f} s wall; sum of raw market solves {total:.1f} s; ratio "
        f"{wall / total:.2f}; against issue 22's 1,834 s: {wall / 1834:.3f}"
    )


if __name__ == "__main__":
    main()
