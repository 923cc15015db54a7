"""Compare a solved baseline with sourced ranges: imports by crossing, by origin and by neighbour.

Targets are a table with columns ``metric, low, high, unit, source``. Metric names:

- ``total_imports_t_per_day``: tonnes per day arriving at crossings (all of them import routes)
- ``<region>_share_of_imports``: share (0-1) of those tonnes entering from ``pakistan``, ``iran``
  or ``central_asia`` (the country of the nodes that routes into each crossing come from)
- ``<commodity>_imports_t_per_day`` and ``<region>_share_of_<commodity>_imports``: the same for
  one commodity
- ``crossing_<NODE>_t_per_day``: tonnes per day through one crossing
- ``origin_<NODE>_t_per_day``: supply taken per day at one origin
- ``baseline_shortfall_pct``: shortfall in % of need
- ``aid_t_per_day``: aid (commodities with ``aid = true``) delivered per day
"""

from __future__ import annotations

import pandas as pd

from logistics.analyses.run import ScenarioResult
from networks import Network

REGIONS = {
    "pakistan": {"PAK"},
    "iran": {"IRN"},
    "central_asia": {"UZB", "TKM", "TJK", "KAZ", "KGZ"},
}


def crossing_neighbours(network: Network) -> pd.Series:
    """ISO3 country each crossing imports from: the country of the non-Afghan nodes routed into it
    (several joined by '+'), indexed by crossing node id.
    """
    nodes = network.node_table
    crossings = nodes.index[nodes["kind"] == "crossing"]
    arcs = network.arcs
    into = arcs[arcs["to"].isin(crossings)].assign(
        country=lambda a: a["from"].map(nodes["country"])
    )
    foreign = into[into["country"].notna() & (into["country"] != "AFG")]
    return (
        foreign.groupby("to")["country"].agg(lambda c: "+".join(sorted(set(c)))).reindex(crossings)
    )


def import_flows(result: ScenarioResult, network: Network, horizon_days: int) -> pd.DataFrame:
    """Per crossing: neighbour country and tonnes per day arriving over the horizon."""
    through = result.solution.throughput.groupby("node")["t"].sum() / horizon_days
    neighbours = crossing_neighbours(network)
    out = pd.DataFrame(
        {"neighbour": neighbours, "t_per_day": through.reindex(neighbours.index, fill_value=0.0)}
    )
    return out


def import_flows_by_commodity(
    result: ScenarioResult, network: Network, horizon_days: int
) -> pd.DataFrame:
    """Tonnes per day arriving at each crossing (rows) of each commodity (columns) over the
    horizon.
    """
    neighbours = crossing_neighbours(network)
    flows = result.solution.flows
    arriving = flows[flows["to"].isin(neighbours.index) & (flows["arrival_day"] < horizon_days)]
    table = arriving.pivot_table(
        index="to", columns="commodity", values="t", aggfunc="sum", fill_value=0.0
    )
    return (
        table.reindex(index=neighbours.index, columns=network.commodity_ids, fill_value=0.0)
        / horizon_days
    )


def _region_shares(t_per_day: pd.Series, neighbours: pd.Series) -> dict[str, float]:
    """Share (0-1) of ``t_per_day`` (indexed by crossing) entering from each region; 0 when nothing
    enters.
    """
    total = float(t_per_day.sum())
    shares = {}
    for region, countries in REGIONS.items():
        inside = neighbours.fillna("").map(lambda c, cs=countries: bool(set(c.split("+")) & cs))
        shares[region] = float(t_per_day[inside].sum() / total) if total else 0.0
    return shares


def model_metrics(result: ScenarioResult, network: Network, horizon_days: int) -> dict[str, float]:
    """Every calibration metric the model can report for ``result`` (see module docstring)."""
    flows = import_flows(result, network, horizon_days)
    total = float(flows["t_per_day"].sum())
    metrics = {
        "total_imports_t_per_day": total,
        "baseline_shortfall_pct": float(result.totals["shortfall_pct"]),
    }
    for region, share in _region_shares(flows["t_per_day"], flows["neighbour"]).items():
        metrics[f"{region}_share_of_imports"] = share
    by_commodity = import_flows_by_commodity(result, network, horizon_days)
    for commodity in by_commodity.columns:
        metrics[f"{commodity}_imports_t_per_day"] = float(by_commodity[commodity].sum())
        for region, share in _region_shares(by_commodity[commodity], flows["neighbour"]).items():
            metrics[f"{region}_share_of_{commodity}_imports"] = share
    for node, t in flows["t_per_day"].items():
        metrics[f"crossing_{node}_t_per_day"] = float(t)
    taken = result.solution.supply.groupby("node")["taken_t"].sum() / horizon_days
    for node, t in taken.items():
        metrics[f"origin_{node}_t_per_day"] = float(t)
    aid = result.by_commodity[result.by_commodity["aid"].astype(bool)]
    metrics["aid_t_per_day"] = float(aid["delivered_t"].sum() / horizon_days)
    return metrics


def calibration_table(
    result: ScenarioResult, network: Network, horizon_days: int, targets: pd.DataFrame
) -> pd.DataFrame:
    """Model value beside each target's sourced range: metric, model, low, high, unit, within,
    source.

    A metric the model cannot compute gets model = NaN and within = False.
    """
    values = model_metrics(result, network, horizon_days)
    table = targets.copy()
    table["model"] = table["metric"].map(values)
    table["within"] = table["model"].between(table["low"], table["high"])
    return table[["metric", "model", "low", "high", "unit", "within", "source"]]


def markdown(table: pd.DataFrame) -> str:
    """The calibration table as Markdown (shares to 3 decimals, tonnes to whole tonnes)."""

    def fmt(value: float, unit: str) -> str:
        if pd.isna(value):
            return "n/a"
        return f"{value:,.3f}" if unit in ("share", "%") else f"{value:,.0f}"

    lines = [
        "| metric | model | source range | unit | within | source |",
        "|---|---|---|---|---|---|",
    ]
    for row in table.itertuples(index=False):
        lines.append(
            f"| {row.metric} | {fmt(row.model, row.unit)} | {fmt(row.low, row.unit)} – "
            f"{fmt(row.high, row.unit)} | {row.unit} | {'yes' if row.within else '**no**'} | "
            f"{row.source} |"
        )
    return "\n".join(lines)
