"""One long ("tidy") table of a run's figures, for pivot tables and scripts: one row per
scenario, foresight, place (province, crossing or route), commodity, day and metric; the column
names are the design's (scenario, foresight, pcode, province, commodity, day, metric, value, unit)
plus node, commodity_id, pipeline, date and route (``DATA_COLUMNS``: the first thirteen in their
order are a contract; new columns are only ever added at the end).

Metrics (unit):
- ``need_t`` (t), ``shortfall_t`` (t), ``shortfall_pct`` (% of need), ``people_days_unmet``
  (people-days): per province and commodity over the whole horizon, Date and Day blank;
- ``first_day_short`` (day from 0): the first day the province is short of that commodity
  (more than 0.5 % of that day's need), with its date;
- ``daily_shortfall_t`` (t): the shortfall of a province and commodity on one day. **Only days
  that are short have a row** (more than ``FLOW_EPS_T``, 1e-6 t); a province, commodity and day
  without a row was not short. Zeros are left out by size: written out they would be one row per
  scenario, province, commodity and day (12 × 34 × 7 × 90 = 257,040 rows for the default run,
  several times the rest of the table, and past Excel's 1,048,576-row limit for a year at district
  level), so the sheet says so above the table (``ZERO_DAYS_NOTE``) and About repeats it;
- per border crossing (``node`` is the crossing, province and commodity blank), over the horizon:
  ``crossing_throughput_t`` (t), ``crossing_closed_days`` (days with a capacity factor of 0) and
  ``value_of_capacity_t_per_t_per_day`` (t of priority-weighted need one more t/day of
  throughput would meet: the shadow price), or under ``market``
  ``value_of_capacity_usd_per_t_per_day`` (USD of consumption value, net of costs, it would add);
- per province, priced commodity and week (``day`` is the week's first day):
  ``price_change_pct`` (% against the baseline, read on the demand curve at the week's
  consumption);
- ``route_flow_t`` (t): per route (``route``; node, province and commodity blank) the tonnes it
  carries over the horizon, every route of the network (0 where unused): the Routes sheet's
  flows (``ScenarioResult.routes``);
- national totals of each scenario (place and commodity blank; ``ScenarioResult.totals``, the
  JSON's headline keys ``BOUND_KEYS``): ``national_need_t``, ``national_delivered_t``,
  ``national_shortfall_t`` (t), ``national_shortfall_pct`` (% of need),
  ``national_shortfall_kcal`` (kcal), ``national_people_days_unmet`` (people-days),
  ``national_aid_shortfall_t`` and ``national_trade_shortfall_t`` (t; ``pipeline`` aid or
  trade), ``national_held_at_border_t`` (t a rolling horizon left held at closed crossings; 0
  with perfect foresight), ``national_transport_cost_usd`` (USD),
  ``national_first_day_short`` (day, with its date; no row when never short),
  ``national_first_province_short`` (the row names the province in pcode, province and node;
  its value is blank), and when the run has them
  ``national_basket_peak_price_change_pct`` (% vs baseline) and ``national_welfare_loss_usd``
  (USD, the cost of the closure; ``market`` only);
- per criticality target, when a ranking is given (scenario ``baseline``: each target closed
  alone against it; ``node`` is the crossing, ``route`` the route, a pair of crossings is
  ``node`` A+B): ``criticality_rank`` (rank; closures that add the same whole tonnes share a
  rank, as on the Criticality sheet), ``criticality_added_shortfall_t`` (t),
  ``criticality_added_shortfall_pct`` (% of total need), ``criticality_added_people_days``
  (people-days), ``criticality_added_aid_shortfall_t`` (t, ``pipeline`` aid) and
  ``criticality_provinces_affected`` (provinces whose shortfall rises by more than 0.5 % of
  their need).

Foresight: ``perfect`` (optimistic bound) or ``none`` (rolling horizon: each closure learned on
the day it starts). A run of one foresight labels every row with it. A run of both (``run``'s
default) gives every table from the perfect-foresight plan, and each closure scenario's
**surprise bound** as ``none`` rows of every metric above, from the rolling horizon's plan
(``ScenarioResult.surprise``; its national figures are the JSON's ``bounds.none``). The baseline
and scenarios without closures have no ``none`` rows: with nothing to learn, their one plan is
the same under both. Criticality rows carry the ranking's
foresight (perfect in a run of both).

Summing ``shortfall_t`` over provinces and commodities gives the scenario's total (its
``national_shortfall_t``); summing ``daily_shortfall_t`` over the days of a province and
commodity gives its ``shortfall_t``. Changes against the baseline are left out: subtract the
baseline's rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from logistics.analyses.criticality import CriticalityResult, competition_ranks
from logistics.analyses.prices import DAYS_PER_WEEK
from logistics.analyses.readout import SHORT_DAY_SHARE, SPHERE_KCAL_PER_PERSON_DAY
from logistics.analyses.run import Results, ScenarioResult
from logistics.solve.tolerances import FLOW_EPS_T


@dataclass(frozen=True)
class DataColumn:
    """A column of the long table: its header, its HXL tag and what it holds."""

    name: str
    hxl: str
    meaning: str


# HXL 1.1: places are #adm1 (P-code, name) and #loc; goods #item (+name, +code, +type); a long
# table's indicator is #indicator+code with its #indicator+value+num and #indicator+unit; a day
# number is no date (#date holds dates only), so it is metadata of the row like the scenario.
DATA_COLUMNS = (
    DataColumn("scenario", "#meta+scenario", "scenario name"),
    DataColumn(
        "foresight", "#meta+foresight", "perfect (optimistic bound) or none (rolling horizon)"
    ),
    DataColumn("pcode", "#adm1+code", "province P-code (OCHA/AGCHO)"),
    DataColumn("province", "#adm1+name", "province (demand node) name"),
    DataColumn(
        "node",
        "#loc+code",
        "node id in the network: the province's demand node, the crossing, or a criticality "
        "target (a pair of crossings as A+B)",
    ),
    DataColumn("commodity", "#item+name", "commodity name"),
    DataColumn("commodity_id", "#item+code", "commodity id in the network"),
    DataColumn("pipeline", "#item+type", "trade or aid"),
    DataColumn("date", "#date", "calendar date (day 0 = the start date); blank for horizon totals"),
    DataColumn("day", "#meta+day+num", "day number from 0; blank for horizon totals"),
    DataColumn("metric", "#indicator+code", "what the value is: see the module docstring"),
    DataColumn("value", "#indicator+value+num", "the metric's value"),
    DataColumn("unit", "#indicator+unit", "the value's unit: t, %, people-days, day, USD, ..."),
    # the project's route tag (networks.schema, the Routes sheet): HXL has no core route hashtag
    DataColumn("route", "#route+code", "route id in the network (route rows only)"),
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
    "route_flow_t": "t",
    "national_need_t": "t",
    "national_delivered_t": "t",
    "national_shortfall_t": "t",
    "national_shortfall_pct": "%",
    "national_shortfall_kcal": "kcal",
    "national_people_days_unmet": "people-days",
    "national_aid_shortfall_t": "t",
    "national_trade_shortfall_t": "t",
    "national_held_at_border_t": "t",
    "national_transport_cost_usd": "USD",
    "national_first_day_short": "day",
    "national_first_province_short": None,
    "national_basket_peak_price_change_pct": "% vs baseline",
    "national_welfare_loss_usd": "USD",
    "criticality_rank": "rank",
    "criticality_added_shortfall_t": "t",
    "criticality_added_shortfall_pct": "% of need",
    "criticality_added_people_days": "people-days",
    "criticality_added_aid_shortfall_t": "t",
    "criticality_provinces_affected": "provinces",
}
# national metric → (key of the scenario's totals and foresight bounds, pipeline)
NATIONAL = {
    "national_need_t": ("need_t", None),
    "national_delivered_t": ("delivered_t", None),
    "national_shortfall_t": ("shortfall_t", None),
    "national_shortfall_pct": ("shortfall_pct", None),
    "national_shortfall_kcal": ("shortfall_kcal", None),
    "national_people_days_unmet": ("people_days_unmet", None),
    "national_aid_shortfall_t": ("aid_shortfall_t", "aid"),
    "national_trade_shortfall_t": ("trade_shortfall_t", "trade"),
    "national_held_at_border_t": ("held_at_border_t", None),
    "national_transport_cost_usd": ("transport_cost_usd", None),
    "national_first_day_short": ("first_shortfall_day", None),
    "national_basket_peak_price_change_pct": ("basket_peak_price_change_pct", None),
    "national_welfare_loss_usd": ("welfare_loss_usd", None),
}
# criticality metric → column of ``CriticalityResult.ranking`` (the rank is the sheet's)
CRITICALITY = {
    "criticality_added_shortfall_t": "added_shortfall_t",
    "criticality_added_shortfall_pct": "added_shortfall_pct",
    "criticality_added_people_days": "added_people_days",
    "criticality_added_aid_shortfall_t": "added_aid_shortfall_t",
    "criticality_provinces_affected": "provinces_affected",
}
# the long rows before labelling (``_labelled``)
LONG_COLUMNS = [
    "scenario", "foresight", "node", "commodity", "route", "pipeline", "day", "metric", "value"
]  # fmt: skip
# the zero-days rule, written above the Data sheet's table (and said on About)
ZERO_DAYS_NOTE = (
    "daily_shortfall_t has a row only for the days a province is short of a commodity: a "
    "province, commodity and day without a row was not short (0 t). The zero days are left out "
    "to keep the table well within Excel's row limit."
)


def _plan_foresight(foresight: str) -> str:
    """The foresight of a run's tables: a run of both gives them from the perfect-foresight plan."""
    return "perfect" if foresight == "both" else foresight


def _scenario_rows(results: Results, scenario: ScenarioResult) -> pd.DataFrame:
    """The plan's rows of one scenario: per province and commodity, day, crossing, week, route."""
    comm = results.network.commodities.set_index("id")
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
    daily = deliveries[deliveries["shortfall_t"] > FLOW_EPS_T]  # days not short: no row
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
    # the Routes sheet's flows: every route of the network, 0 where the plan does not use it
    routes = results.network.routes["id"]
    flow = scenario.routes["t"].reindex(routes.to_numpy()).fillna(0.0)
    parts.append(
        pd.DataFrame({"route": routes.to_numpy(), "metric": "route_flow_t", "value": flow})
    )
    rows = pd.concat(parts, ignore_index=True)
    return rows.assign(scenario=scenario.name, foresight=_plan_foresight(results.foresight))


def _national_rows(figures: dict, scenario: str, foresight: str) -> pd.DataFrame:
    """A scenario's national totals under one foresight (``BOUND_KEYS`` figures); a figure the
    run does not have (None: never short, no priced goods, not ``market``) has no row.
    """
    rows = []
    for metric, (key, pipeline) in NATIONAL.items():
        value = figures.get(key)
        if value is None or pd.isna(value):
            continue
        day = float(value) if metric == "national_first_day_short" else np.nan
        rows.append({"metric": metric, "value": float(value), "day": day, "pipeline": pipeline})
    if figures.get("first_province_short") is not None:
        rows.append(
            {
                "metric": "national_first_province_short",
                "node": figures["first_province_short"],
                "value": np.nan,
            }
        )
    return pd.DataFrame(rows).assign(scenario=scenario, foresight=foresight)


def _criticality_rows(results: Results, criticality: CriticalityResult) -> pd.DataFrame:
    """The ranking's figures per target, as the Criticality sheet shows them."""
    r = criticality.ranking
    ranks, _ = competition_ranks(r["added_shortfall_t"])
    is_route = (r["kind"] == "route").to_numpy()
    targets = r["target"].astype(str).to_numpy()
    place = {
        "node": np.where(is_route, None, targets),
        "route": np.where(is_route, targets, None),
    }
    figures = {"criticality_rank": ranks, **{m: r[c] for m, c in CRITICALITY.items()}}
    parts = [
        pd.DataFrame(
            {
                **place,
                "metric": metric,
                "value": values.astype(float).to_numpy(),
                "pipeline": "aid" if metric == "criticality_added_aid_shortfall_t" else None,
            }
        )
        for metric, values in figures.items()
    ]
    rows = pd.concat(parts, ignore_index=True)
    return rows.assign(
        scenario=results.baseline.name, foresight=_plan_foresight(criticality.foresight)
    )


def _labelled(rows: pd.DataFrame, results: Results, start_date: date) -> pd.DataFrame:
    """Long rows (scenario, foresight, node, commodity, route, pipeline, day, metric, value) as
    the table's columns: names, P-codes, pipelines, dates and units looked up.
    """
    nodes = results.network.node_table
    pcodes = nodes["pcode"].where(nodes["kind"] == "demand")
    provinces = nodes["name"].where(nodes["kind"] == "demand")
    comm = results.network.commodities.set_index("id")
    pipeline = comm["aid"].reindex(rows["commodity"]).map({True: "aid", False: "trade"})
    day = rows["day"]
    return pd.DataFrame(
        {
            "scenario": rows["scenario"].to_numpy(),
            "foresight": rows["foresight"].to_numpy(),
            "pcode": pcodes.reindex(rows["node"]).to_numpy(),
            "province": provinces.reindex(rows["node"]).to_numpy(),
            "node": rows["node"].to_numpy(),
            "commodity": comm["name"].reindex(rows["commodity"]).to_numpy(),
            "commodity_id": rows["commodity"].to_numpy(),
            "pipeline": np.where(
                rows["pipeline"].notna().to_numpy(),
                rows["pipeline"].to_numpy(),
                pipeline.to_numpy(),
            ),
            "date": [None if pd.isna(d) else start_date + timedelta(days=int(d)) for d in day],
            "day": day.astype("Int64").to_numpy(),
            "metric": rows["metric"].to_numpy(),
            "value": rows["value"].astype(float).to_numpy(),
            "unit": rows["metric"].map(UNITS).to_numpy(),
            "route": rows["route"].to_numpy(),
        }
    )


def tidy_results(
    results: Results,
    start_date: date | None = None,
    criticality: CriticalityResult | None = None,
) -> pd.DataFrame:
    """The run as one long table (columns ``DATA_COLUMNS``; metrics, foresight bounds and the
    zero-days rule in the module docstring), with the ranking's rows when ``criticality`` is
    given. Scenarios in run order (criticality rows with the baseline), then foresight (perfect
    first), province or crossing (network order), route, commodity, metric and day.
    ``start_date`` is day 0's calendar date (default today).
    """
    start_date = start_date or date.today()
    plan = _plan_foresight(results.foresight)
    frames = []
    for s in results.scenarios:
        frames.append(_scenario_rows(results, s))
        frames.append(_national_rows(s.totals, s.name, plan))
        if "none" in s.bounds:  # a run of both: the surprise bound of a closure scenario
            if s.surprise is not None:
                frames.append(_scenario_rows(results, s.surprise).assign(foresight="none"))
            frames.append(_national_rows(s.bounds["none"], s.name, "none"))
    if criticality is not None and len(criticality.ranking):
        frames.append(_criticality_rows(results, criticality))
    rows = pd.concat(frames, ignore_index=True).reindex(columns=LONG_COLUMNS)
    for column in ("node", "commodity", "route", "pipeline"):
        rows[column] = rows[column].astype(object).where(rows[column].notna(), None)
    out = _labelled(rows, results, start_date)
    node_order = {n: i for i, n in enumerate(results.network.node_ids)}
    route_order = {r: i for i, r in enumerate(results.network.routes["id"])}
    metric_order = {m: i for i, m in enumerate(UNITS)}
    scenario_order = {s.name: i for i, s in enumerate(results.scenarios)}
    keys = pd.DataFrame(
        {
            "s": out["scenario"].map(scenario_order),
            "f": out["foresight"].map({"perfect": 0, "none": 1}),
            "n": out["node"].map(node_order).fillna(len(node_order)),
            "r": out["route"].map(route_order).fillna(-1),
            "c": out["commodity_id"].fillna(""),
            "m": out["metric"].map(metric_order),
            "d": out["day"].fillna(-1),
        }
    )
    order = keys.sort_values(["s", "f", "n", "r", "c", "m", "d"], kind="stable").index
    return out.loc[order, [c.name for c in DATA_COLUMNS]].reset_index(drop=True)
