"""Prices of priced goods, read on each commodity's demand curve at the quantity consumed
(``logistics.model.demand``), per province, commodity and week, as a change against the baseline.

A week is days 7w .. 7w+6 (the last one may be shorter). A province's weekly price is the curve's
price at its weekly consumption share (delivered ÷ need): a property of the scenario, not of
which optimal plan the solver returned, unlike an LP dual at a tier's edge. Prices are
closure-added pressure on the normal price: no exchange rate, world prices or expectations.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from logistics.model.demand import price_multiple
from logistics.solve.extract import ScenarioSolution
from networks import Network

DAYS_PER_WEEK = 7
KEYS = ["node", "commodity", "week"]


def _priced(network: Network) -> pd.DataFrame:
    """Normal price (USD/t) and elasticity of each priced commodity, indexed by id."""
    c = network.commodities.set_index("id")
    return c.loc[network.priced_commodity_ids(), ["price_usd_per_t", "price_elasticity"]]


def weekly_prices(solution: ScenarioSolution, network: Network) -> pd.DataFrame:
    """Price ÷ normal price per province, priced commodity and week, on the demand curve at the
    week's consumption.

    Columns node, commodity, week, days, need_t, delivered_t, price_multiple (1 = normal).
    """
    priced = _priced(network)
    rows = solution.deliveries[solution.deliveries["commodity"].isin(priced.index)]
    weekly = (
        rows.assign(week=rows["day"].to_numpy() // DAYS_PER_WEEK)
        .groupby(KEYS, sort=True)
        .agg(days=("day", "nunique"), need_t=("need_t", "sum"), delivered_t=("delivered_t", "sum"))
        .reset_index()
    )
    share = weekly["delivered_t"] / weekly["need_t"]
    elasticity = priced["price_elasticity"].reindex(weekly["commodity"]).to_numpy()
    weekly["price_multiple"] = price_multiple(share.to_numpy(), elasticity)
    return weekly


def price_changes(
    solution: ScenarioSolution, network: Network, baseline: ScenarioSolution | None
) -> pd.DataFrame:
    """Price change (% against the baseline's price of the same province, commodity and week) per
    province, priced commodity and week; ``baseline`` None: against the normal price.

    Columns node, commodity, week, days, need_t, delivered_t, price_multiple,
    price_change_pct.
    """
    return changes_against(solution, network, reference_prices(baseline, network))


def reference_prices(baseline: ScenarioSolution | None, network: Network) -> pd.Series:
    """The baseline's price multiple per province, priced commodity and week (indexed by
    ``KEYS``), what ``price_changes`` compares with; empty for None (the normal price). Read
    once, it serves every scenario of a run (``changes_against``).
    """
    if baseline is None:
        return pd.Series(dtype=float)
    return weekly_prices(baseline, network).set_index(KEYS)["price_multiple"]


def changes_against(
    solution: ScenarioSolution, network: Network, reference: pd.Series
) -> pd.DataFrame:
    """``price_changes`` of ``solution`` against a baseline's ``reference_prices``."""
    weekly = weekly_prices(solution, network)
    base = reference.reindex(pd.MultiIndex.from_frame(weekly[KEYS])).fillna(1.0).to_numpy()
    weekly["price_change_pct"] = 100.0 * (weekly["price_multiple"].to_numpy() / base - 1.0)
    return weekly


def by_node_commodity(
    solution: ScenarioSolution, network: Network, changes: pd.DataFrame
) -> pd.DataFrame:
    """Per province and commodity over the horizon: need_t, shortfall_t, shortfall_pct (% of
    need), and for priced goods price_change_pct (the weekly changes' mean, each week weighted
    by its days), peak_price_change_pct and peak_week (first week at the peak); NaN for unpriced
    goods.
    """
    totals = solution.deliveries.groupby(["node", "commodity"], sort=False)[
        ["need_t", "shortfall_t"]
    ].sum()
    totals["shortfall_pct"] = 100.0 * totals["shortfall_t"] / totals["need_t"]
    if len(changes):
        weighted = changes.assign(w=changes["price_change_pct"] * changes["days"])
        grouped = weighted.groupby(["node", "commodity"], sort=False)
        peak_rows = changes.loc[grouped["price_change_pct"].idxmax()].set_index(
            ["node", "commodity"]
        )
        totals["price_change_pct"] = grouped["w"].sum() / grouped["days"].sum()
        totals["peak_price_change_pct"] = peak_rows["price_change_pct"]
        totals["peak_week"] = peak_rows["week"]
    else:
        totals[["price_change_pct", "peak_price_change_pct", "peak_week"]] = np.nan
    order = {n: i for i, n in enumerate(network.node_ids)}
    comm = {k: i for i, k in enumerate(network.commodity_ids)}
    keys = sorted(totals.index, key=lambda nk: (order[nk[0]], comm[nk[1]]))
    return totals.loc[keys]


def basket(changes: pd.DataFrame, network: Network) -> pd.Series:
    """Price change (% against the baseline) of the national basket of priced goods per week,
    each province and commodity weighted by its normal spending that week (need × normal
    price). Indexed by week.
    """
    if not len(changes):
        return pd.Series(dtype=float, name="basket_price_change_pct")
    price = _priced(network)["price_usd_per_t"].reindex(changes["commodity"]).to_numpy()
    spend = changes["need_t"] * price
    weighted = (spend * changes["price_change_pct"]).groupby(changes["week"]).sum()
    return (weighted / spend.groupby(changes["week"]).sum()).rename("basket_price_change_pct")


def region_price_change(
    changes: pd.DataFrame, nodes: list[str], commodity: str, week: int
) -> float | None:
    """A commodity's price change (%) in one week over a region's provinces, each weighted by its
    need that week; None when the region has no need of it that week.
    """
    rows = changes[
        changes["node"].isin(nodes)
        & (changes["commodity"] == commodity)
        & (changes["week"] == week)
    ]
    need = float(rows["need_t"].sum())
    if need <= 0:
        return None
    return float((rows["need_t"] * rows["price_change_pct"]).sum() / need)


def commodity_peaks(changes: pd.DataFrame) -> pd.DataFrame:
    """Per priced commodity, its national price change per week (provinces weighted by their
    need that week) at its peak: peak_price_change_pct and peak_week, indexed by commodity.
    """
    if not len(changes):
        return pd.DataFrame(columns=["peak_price_change_pct", "peak_week"], dtype=float)
    weighted = changes.assign(w=changes["need_t"] * changes["price_change_pct"])
    weekly = weighted.groupby(["commodity", "week"])[["w", "need_t"]].sum()
    national = (weekly["w"] / weekly["need_t"]).rename("change").reset_index()
    top = national.loc[national.groupby("commodity", sort=False)["change"].idxmax()]
    return top.set_index("commodity").rename(
        columns={"change": "peak_price_change_pct", "week": "peak_week"}
    )
