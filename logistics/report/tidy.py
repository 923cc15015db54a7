"""One long ("tidy") table of a run's figures, for pivot tables and scripts: one row per
scenario, foresight, province, commodity, day and metric; the column names are the design's
(scenario, foresight, pcode, province, commodity, day, metric, value, unit) plus node,
commodity_id, pipeline and date.

Metrics (unit):
- ``need_t`` (t), ``shortfall_t`` (t), ``shortfall_pct`` (% of need), ``people_days_unmet``
  (people-days): over the whole horizon, Date and Day blank;
- ``first_day_short`` (day from 0): the first day the province is short of that commodity
  (more than 0.5 % of that day's need), with its date;
- ``daily_shortfall_t`` (t): the shortfall on one day; days without shortfall have no row;
- per border crossing (``node`` is the crossing, province and commodity blank), over the horizon:
  ``crossing_throughput_t`` (t), ``crossing_closed_days`` (days with a capacity factor of 0) and
  ``value_of_capacity_t_per_t_per_day`` (t of priority-weighted need one more t/day of
  throughput would meet: the shadow price), or under ``market``
  ``value_of_capacity_usd_per_t_per_day`` (USD of consumption value, net of costs, it would add);
- per province, priced commodity and week (``day`` is the week's first day):
  ``price_change_pct`` (% against the baseline, read on the demand curve at the week's
  consumption).

Summing ``shortfall_t`` over provinces and commodities gives the scenario's total; summing
``daily_shortfall_t`` over the days of a province and commodity gives its ``shortfall_t``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from logistics.analyses.prices import DAYS_PER_WEEK
from logistics.analyses.readout import SHORT_DAY_SHARE, SPHERE_KCAL_PER_PERSON_DAY
from logistics.analyses.run import Results
from logistics.solve.tolerances import FLOW_EPS_T


@dataclass(frozen=True)
class DataColumn:
    """A column of the long table: its header, its HXL tag and what it holds."""

    name: str
    hxl: str
    meaning: str


DATA_COLUMNS = (
    DataColumn("scenario", "#meta+scenario", "scenario name"),
    DataColumn(
        "foresight", "#meta+foresight", "perfect (optimistic bound) or none (rolling horizon)"
    ),
    DataColumn("pcode", "#adm1+code", "province P-code (OCHA/AGCHO)"),
    DataColumn("province", "#adm1+name", "province (demand node) name"),
    DataColumn("node", "#loc+code", "demand node id in the network"),
    DataColumn("commodity", "#item+name", "commodity name"),
    DataColumn("commodity_id", "#item+code", "commodity id in the network"),
    DataColumn("pipeline", "#item+type", "trade or aid"),
    DataColumn("date", "#date", "calendar date (day 0 = the start date); blank for horizon totals"),
    DataColumn("day", "#indicator+day_from_start", "day number from 0; blank for horizon totals"),
    DataColumn("metric", "#indicator+name", "see the module docstring"),
    DataColumn("value", "#indicator+value+num", "the metric's value"),
    DataColumn("unit", "#indicator+unit", "t, %, people-days or day"),
)
UNITS = {
    "need_t": "t",
    "shortfall_t": "t",
    "shortfall_pct": "%",
    "people_days_unmet": "people-days",
    "first_day_short": "day",
    "daily_shortfall_t": "t",
    "crossing_throughput_t": "t",
    "crossing_closed_days": "days",
    "value_of_capacity_t_per_t_per_day": "t per t/day",
    "value_of_capacity_usd_per_t_per_day": "USD per t/day",
    "price_change_pct": "% vs baseline",
}


def _scenario_rows(results: Results, scenario, start_date: date) -> pd.DataFrame:
    net = results.network
    nodes = net.node_table
    pcodes = nodes["pcode"].where(nodes["kind"] == "demand")
    provinces = nodes["name"].where(nodes["kind"] == "demand")
    comm = net.commodities.set_index("id")
    deliveries = scenario.solution.deliveries
    totals = deliveries.groupby(["node", "commodity"], sort=False)[["need_t", "shortfall_t"]].sum()
    totals = totals[totals["need_t"] > 0]
    kcal = comm["kcal_per_kg"].reindex(totals.index.get_level_values("commodity")).to_numpy()
    metrics = {
        "need_t": totals["need_t"].to_numpy(),
        "shortfall_t": totals["shortfall_t"].to_numpy(),
        "shortfall_pct": 100.0 * totals["shortfall_t"].to_numpy() / totals["need_t"].to_numpy(),
        "people_days_unmet": totals["shortfall_t"].to_numpy()
        * 1000.0
        * kcal
        / SPHERE_KCAL_PER_PERSON_DAY,
    }
    parts = [
        pd.DataFrame(
            {
                "node": totals.index.get_level_values("node"),
                "commodity": totals.index.get_level_values("commodity"),
                "day": np.nan,
                "metric": m,
                "value": v,
            }
        )
        for m, v in metrics.items()
    ]
    short = deliveries[deliveries["shortfall_t"] > SHORT_DAY_SHARE * deliveries["need_t"]]
    first = short.groupby(["node", "commodity"], sort=False)["day"].min().reset_index()
    parts.append(first.assign(metric="first_day_short", value=first["day"].astype(float)))
    daily = deliveries[deliveries["shortfall_t"] > FLOW_EPS_T]
    parts.append(
        pd.DataFrame(
            {
                "node": daily["node"],
                "commodity": daily["commodity"],
                "day": daily["day"].astype(float),
                "metric": "daily_shortfall_t",
                "value": daily["shortfall_t"],
            }
        )
    )
    crossings = scenario.crossings
    for metric, column in (
        ("crossing_throughput_t", "throughput_t"),
        ("crossing_closed_days", "closed_days"),
        (f"value_of_capacity_{results.shadow_price_unit}_per_t_per_day", "shadow_price"),
    ):
        parts.append(
            pd.DataFrame(
                {
                    "node": crossings.index,
                    "commodity": None,
                    "day": np.nan,
                    "metric": metric,
                    "value": crossings[column].astype(float).to_numpy(),
                }
            )
        )
    weekly = scenario.prices
    if len(weekly):
        parts.append(
            pd.DataFrame(
                {
                    "node": weekly["node"],
                    "commodity": weekly["commodity"],
                    "day": (weekly["week"] * DAYS_PER_WEEK).astype(float),
                    "metric": "price_change_pct",
                    "value": weekly["price_change_pct"],
                }
            )
        )
    rows = pd.concat(parts, ignore_index=True)
    day = rows["day"]
    return pd.DataFrame(
        {
            "scenario": scenario.name,
            # a run of both bounds gives its tables from the perfect-foresight plan
            "foresight": "perfect" if results.foresight == "both" else results.foresight,
            "pcode": pcodes.reindex(rows["node"]).to_numpy(),
            "province": provinces.reindex(rows["node"]).to_numpy(),
            "node": rows["node"].to_numpy(),
            "commodity": comm["name"].reindex(rows["commodity"]).to_numpy(),
            "commodity_id": rows["commodity"].to_numpy(),
            "pipeline": comm["aid"]
            .reindex(rows["commodity"])
            .map({True: "aid", False: "trade"})
            .to_numpy(),
            "date": [None if pd.isna(d) else start_date + timedelta(days=int(d)) for d in day],
            "day": day.astype("Int64").to_numpy(),
            "metric": rows["metric"].to_numpy(),
            "value": rows["value"].to_numpy(),
            "unit": rows["metric"].map(UNITS).to_numpy(),
        }
    )


def tidy_results(results: Results, start_date: date | None = None) -> pd.DataFrame:
    """The run as one long table (columns ``DATA_COLUMNS``), scenarios in run order, then
    province, commodity, metric and day. ``start_date`` is day 0's calendar date (default today).
    """
    start_date = start_date or date.today()
    frames = [_scenario_rows(results, s, start_date) for s in results.scenarios]
    out = pd.concat(frames, ignore_index=True)
    node_order = {n: i for i, n in enumerate(results.network.node_ids)}
    metric_order = {m: i for i, m in enumerate(UNITS)}
    scenario_order = {s.name: i for i, s in enumerate(results.scenarios)}
    keys = pd.DataFrame(
        {
            "s": out["scenario"].map(scenario_order),
            "n": out["node"].map(node_order),
            "c": out["commodity_id"].fillna(""),
            "m": out["metric"].map(metric_order),
            "d": out["day"].fillna(-1),
        }
    )
    order = keys.sort_values(["s", "n", "c", "m", "d"], kind="stable").index
    return out.loc[order, [c.name for c in DATA_COLUMNS]].reset_index(drop=True)
