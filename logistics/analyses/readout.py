"""Read-only metrics of a solved scenario. Each function is named after its quantity, states its
unit first, and takes the aggregation level as a parameter.

kcal and people-days are derived here, at the edge: tonnes × 1,000 kg × kcal_per_kg, and
people-days without food = kcal / 2,100 (the Sphere minimum per person per day).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from logistics.model.lp import daily_rates
from logistics.solve.extract import ScenarioSolution
from networks import Network

SPHERE_KCAL_PER_PERSON_DAY = 2100.0
# A day counts as short when its shortfall exceeds this share of that day's need.
SHORT_DAY_SHARE = 0.005
# Two unmet shares (% of need) closer than this many percentage points are equal when provinces
# are ranked. A fair allocation holds the provinces it has placed to their level within the
# solver's feasibility tolerance, 1e-7 of each one's need; the tonnes that frees can lower the
# share of a province still being placed by 1e-7 × (total need ÷ its need): 0.0019 points for
# Nimroz, the bundled network's smallest province (1/192 of the need), and 0.002 points seen
# (Nimroz at 1.16098 % against 1.16299 % for the rest, tail-risk-incursion, 30 days, HiGHS; CBC
# puts all at 1.16296–1.16298 %). 0.01 points covers any province with at least 1/1,000 of the
# total need and is a tenth of the 0.1 points reports show, so no ranking turns on a difference
# a reader cannot see or the solver cannot tell. (A province that is short keeps all its
# shortfall: ``extract.SHORTFALL_TOLERANCE_T`` only clears provinces that are not short.) Ties
# are ordered by tonnes short, largest first, then by the network's node order.
SHARE_TIE_PCT = 0.01


def kcal(tonnes, kcal_per_kg):
    """Kcal in ``tonnes`` (t) of food with ``kcal_per_kg``: t × 1,000 kg × kcal/kg (arrays
    broadcast).
    """
    return tonnes * 1000.0 * kcal_per_kg


def people_days(tonnes, kcal_per_kg):
    """People-days without food in ``tonnes`` (t) of food with ``kcal_per_kg``: its kcal ÷ 2,100
    (the Sphere minimum per person per day; arrays broadcast).
    """
    return kcal(tonnes, kcal_per_kg) / SPHERE_KCAL_PER_PERSON_DAY


def commodity_facts(network: Network) -> tuple[np.ndarray, np.ndarray]:
    """Kcal per kg and the aid flag of each commodity, in the network's commodity order."""
    facts = network.commodities.set_index("id").loc[network.commodity_ids]
    return facts["kcal_per_kg"].to_numpy(dtype=float), facts["aid"].to_numpy(dtype=bool)


def need_by_node(network: Network, horizon_days: int) -> np.ndarray:
    """Baseline need (t) per node over the horizon, in the network's node order."""
    node_pos = {n: i for i, n in enumerate(network.node_ids)}
    comm_pos = {k: i for i, k in enumerate(network.commodity_ids)}
    shape = (len(node_pos), len(comm_pos), horizon_days)
    return daily_rates(network.demand, node_pos, comm_pos, shape, "t_per_day").sum(axis=(1, 2))


def _with_commodity_facts(deliveries: pd.DataFrame, network: Network) -> pd.DataFrame:
    facts = network.commodities.set_index("id")[["kcal_per_kg", "aid"]]
    out = deliveries.join(facts, on="commodity")
    out["shortfall_kcal"] = kcal(out["shortfall_t"], out["kcal_per_kg"])
    return out


def shortfall(
    solution: ScenarioSolution, network: Network, by: list[str] | None = None
) -> pd.DataFrame:
    """Need, delivered and shortfall in t, shortfall in % of need, kcal and people-days, grouped
    ``by`` columns of the deliveries table (node, commodity, day, aid) or in total when ``by`` is
    empty.

    Columns: need_t, delivered_t, shortfall_t, shortfall_pct (0–100), shortfall_kcal,
    people_days_unmet.
    """
    return shortfall_of(commodity_rows(solution, network), by)


def commodity_rows(solution: ScenarioSolution, network: Network) -> pd.DataFrame:
    """The deliveries table with each row's kcal_per_kg, aid flag and shortfall_kcal: what
    ``shortfall`` sums. Made once, it serves every grouping of one solution (``shortfall_of``).
    """
    return _with_commodity_facts(solution.deliveries, network)


def shortfall_of(rows: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """``shortfall`` of a solution's ``commodity_rows``, grouped ``by`` (in total when empty)."""
    cols = ["need_t", "delivered_t", "shortfall_t", "shortfall_kcal"]
    out = rows.groupby(by, sort=False)[cols].sum() if by else rows[cols].sum().to_frame().T
    out["shortfall_pct"] = np.where(
        out["need_t"] > 0,
        100.0 * out["shortfall_t"] / out["need_t"].where(out["need_t"] > 0, 1.0),
        0.0,
    )
    out["people_days_unmet"] = out["shortfall_kcal"] / SPHERE_KCAL_PER_PERSON_DAY  # = people_days()
    return out[
        [
            "need_t",
            "delivered_t",
            "shortfall_t",
            "shortfall_pct",
            "shortfall_kcal",
            "people_days_unmet",
        ]
    ]


def first_shortfall_day(
    solution: ScenarioSolution, by: list[str] | None = None
) -> pd.Series | int | None:
    """Day (from 0) of the first shortfall above 0.5 % of that day's need; per group ``by`` (NaN
    where none), or overall (None where none).
    """
    daily_by = [*(by or []), "day"]
    daily = solution.deliveries.groupby(daily_by, sort=True)[["need_t", "shortfall_t"]].sum()
    short = daily[daily["shortfall_t"] > SHORT_DAY_SHARE * daily["need_t"]].reset_index()
    if not by:
        return int(short["day"].min()) if len(short) else None
    return short.groupby(by)["day"].min()


def hardest_hit_order(by_node: pd.DataFrame) -> pd.DataFrame:
    """Rows of a per-node table (``shortfall_pct``, ``shortfall_t``; in the network's node order)
    with a shortfall, hardest hit first: the largest unmet share, shares within
    ``SHARE_TIE_PCT`` counting as equal and ordered by tonnes short. Adds ``share_rank`` (1 for
    the largest share; provinces whose shares are equal share a rank).
    """
    short = by_node[by_node["shortfall_t"] > 0]
    pct = short["shortfall_pct"].to_numpy(dtype=float)
    order = np.argsort(-pct, kind="stable")
    # a new rank starts where the share drops by more than the tie tolerance
    drops = np.diff(pct[order]) < -SHARE_TIE_PCT
    rank_sorted = np.concatenate([[1], 1 + np.cumsum(drops)]) if len(order) else np.array([])
    ranks = np.empty(len(order), dtype=int)
    ranks[order] = rank_sorted
    out = short.assign(share_rank=ranks, _position=np.arange(len(short)))
    out = out.sort_values(
        ["share_rank", "shortfall_t", "_position"], ascending=[True, False, True], kind="stable"
    )
    return out.drop(columns="_position")


def first_province_short(by_node: pd.DataFrame) -> str | None:
    """The province short first (``first_shortfall_day``); of several short from the same day,
    the hardest hit (``hardest_hit_order``); None when no province is short.
    """
    firsts = by_node["first_shortfall_day"]
    if not firsts.notna().any():
        return None
    # a province with a first day short has a shortfall, so hardest_hit_order keeps it
    return str(hardest_hit_order(by_node[firsts == firsts.min()]).index[0])


def days_of_cover(solution: ScenarioSolution, by_node: bool = True) -> pd.Series | float | None:
    """Days of need the stock held at demand nodes at horizon end would cover (end stock t ÷ the
    last day's need in t/day); per node, or over all demand nodes when ``by_node`` is False.
    """
    deliveries = solution.deliveries
    last_day = deliveries["day"].max() if len(deliveries) else 0
    last_need = deliveries[deliveries["day"] == last_day].groupby("node")["need_t"].sum()
    stock = solution.end_stock.groupby("node")["t"].sum().reindex(last_need.index, fill_value=0.0)
    if by_node:
        return (stock / last_need.where(last_need > 0)).rename("days_of_cover")
    total = float(last_need.sum())
    return float(stock.sum() / total) if total > 0 else None


def transport(solution: ScenarioSolution, by: list[str] | None = None) -> pd.DataFrame:
    """Tonnes moved, tonne-km and transport cost in USD, per group ``by`` of the flow table
    (route, mode, commodity, from, to) or in total. Columns: t, tonne_km, cost_usd.
    """
    flows = solution.flows.assign(tonne_km=solution.flows["t"] * solution.flows["distance_km"])
    cols = ["t", "tonne_km", "cost_usd"]
    return flows.groupby(by, sort=False)[cols].sum() if by else flows[cols].sum().to_frame().T


def crossing_use(solution: ScenarioSolution, network: Network) -> pd.DataFrame:
    """Per node with a throughput limit: throughput_t over the horizon, normal capacity_t
    (t/day × days), utilisation (throughput ÷ normal capacity, 0–1 or above when expanded),
    closed_days (days with a capacity factor of 0: no cargo passes), restricted_days (days with
    a factor between 0 and 1) and shadow_price (weighted t of need met
    per +1 t/day of throughput over the horizon).
    """
    tp = solution.throughput
    out = tp.groupby("node", sort=False).agg(
        throughput_t=("t", "sum"),
        capacity_t=("capacity_t", "sum"),
        closed_days=("factor", lambda f: int((f <= 0).sum())),
        restricted_days=("factor", lambda f: int(((f > 0) & (f < 1)).sum())),
    )
    out["utilisation"] = out["throughput_t"] / out["capacity_t"].where(out["capacity_t"] > 0)
    out["shadow_price"] = solution.crossing_shadow_price.reindex(out.index)
    names = network.node_table["name"]
    out.insert(0, "name", names.reindex(out.index).to_numpy())
    return out


def stranded(solution: ScenarioSolution, baseline: ScenarioSolution) -> pd.Series:
    """Tonnes per origin node that left it in the baseline but could not leave in this scenario
    (baseline supply taken − scenario supply taken, where positive), in t.
    """
    base = baseline.supply.groupby("node")["taken_t"].sum()
    here = solution.supply.groupby("node")["taken_t"].sum().reindex(base.index, fill_value=0.0)
    return (base - here).clip(lower=0.0).rename("stranded_t")
