"""The scenario matrix as a range: every bundled scenario under both foresight bounds and the
low, central and high alternative-supply cases; shortfall per commodity in t and % of need.

    python inputs/afghanistan/matrix.py             # write the table into README.md (2 processes)
    python inputs/afghanistan/matrix.py --workers 1 # one process
    python inputs/afghanistan/matrix.py --check     # print only (--days N for a shorter horizon)

Shortfall figures need only the first two stages of the objective (unmet need, then fairness), so
each scenario goes through ``Engine.solve`` to the shortfall stages: stage 2 with perfect foresight,
or the rolling horizon (whose early plans are cost-optimal, see logistics.solve.rolling).
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from inputs import bundled_path, write_generated
from logistics import load_scenarios
from logistics.analyses.readout import shortfall
from logistics.engine.engine import SHORTFALL_STAGES, Engine, EngineSpec
from networks import load_network
from networks.scenarios import apply_overlay, baseline_scenario, load_overlay

HERE = Path(__file__).resolve().parent
HORIZON_DAYS = 90
CASES = ("low", "central", "high")


def solve_case(case: str, foresight: str, horizon_days: int = HORIZON_DAYS) -> pd.DataFrame:
    """Shortfall per scenario and commodity (t, % of need) for one supply case and foresight."""
    network = load_network(HERE)
    scenarios = [
        baseline_scenario(),
        *[s for s in load_scenarios([bundled_path("scenarios")]) if s.name != "baseline"],
    ]
    if case != "central":
        overlay = load_overlay(bundled_path("supply", f"{case}.yaml"))
        scenarios = [apply_overlay(s, overlay, network) for s in scenarios]
    exempt = frozenset(c.target for s in scenarios for c in s.closures if c.exempt)
    engine = Engine(EngineSpec(network, horizon_days, exempt, foresight=foresight))
    rows = []
    for sc in scenarios:
        table = shortfall(engine.solve(sc, SHORTFALL_STAGES), network, ["commodity"])
        for commodity, row in table.iterrows():
            rows.append(
                {
                    "case": case,
                    "foresight": foresight,
                    "scenario": sc.name,
                    "commodity": commodity,
                    "need_t": row["need_t"],
                    "shortfall_t": row["shortfall_t"],
                }
            )
        rows.append(
            {
                "case": case,
                "foresight": foresight,
                "scenario": sc.name,
                "commodity": "all",
                "need_t": table["need_t"].sum(),
                "shortfall_t": table["shortfall_t"].sum(),
            }
        )
    return pd.DataFrame(rows)


def markdown(results: pd.DataFrame, commodities: list[str]) -> str:
    """One row per scenario and foresight: total and per-commodity shortfall as low – central –
    high.
    """
    wide = results.pivot_table(
        index=["scenario", "foresight", "commodity"],
        columns="case",
        values="shortfall_t",
        aggfunc="sum",
    )
    need = results[results["case"] == "central"].set_index(["scenario", "foresight", "commodity"])[
        "need_t"
    ]
    order = list(dict.fromkeys(results["scenario"]))
    head = (
        "| scenario | foresight | all food: t short (% of need), low – central – high supply | "
        + " | ".join(commodities)
        + " |"
    )
    lines = [head, "|---|---|---|" + "---|" * len(commodities)]

    def cell(key: tuple, with_pct: bool) -> str:
        lo, mid, hi = (wide.loc[key, c] for c in CASES)
        pct = 100.0 * mid / need[key] if need[key] else 0.0
        text = (
            f"{lo:,.0f} – **{mid:,.0f}** – {hi:,.0f}"
            if max(lo, hi) - min(lo, hi) >= 0.5
            else f"**{mid:,.0f}**"
        )
        return f"{text} ({pct:.1f} %)" if with_pct else f"{text} ({pct:.0f} %)"

    for scenario in order:
        for foresight in ("perfect", "none"):
            if (scenario, foresight, "all") not in wide.index:
                continue
            cells = [cell((scenario, foresight, c), False) for c in commodities]
            lines.append(
                f"| {scenario} | {foresight} | {cell((scenario, foresight, 'all'), True)} | "
                + " | ".join(cells)
                + " |"
            )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Solve the matrix on ``--workers`` processes and write (or with --check print) its table."""
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 2
    days = int(argv[argv.index("--days") + 1]) if "--days" in argv else HORIZON_DAYS
    started = time.perf_counter()
    jobs = [(case, foresight, days) for foresight in ("perfect", "none") for case in CASES]
    with ProcessPoolExecutor(workers) as pool:
        parts = list(pool.map(solve_case, *zip(*jobs, strict=True)))
    results = pd.concat(parts, ignore_index=True)
    if "--check" not in argv:
        results.to_csv(
            HERE / "matrix_results.csv", index=False, float_format="%.3f", lineterminator="\n"
        )
    commodities = list(load_network(HERE).commodity_ids)
    text = markdown(results, commodities)
    note = (
        f"Generated by `python inputs/afghanistan/matrix.py` ({days} days, HiGHS, "
        f"{time.perf_counter() - started:,.0f} s on {workers} processes); do not edit by hand; "
        "the numbers are in `matrix_results.csv`. Each cell: tonnes short over the horizon under "
        "the low – **central** – high alternative supply (`inputs/supply/`), then the central "
        "case's % of that commodity's need. `perfect` = the plan knows every closure from day 0 "
        "(optimistic bound); `none` = rolling horizon, closures learned on the day they start."
    )
    print(text)
    if "--check" not in argv:
        write_generated(HERE / "README.md", "results", note, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
