"""What the map's provinces are shaded by, one value per province (P-code) or, without
boundaries, per demand node, in classes fitted to the panels.

- ``peak_basket_change_pct`` (the default under the market allocation): the largest weekly
  price change (% against the baseline) of the province's basket of priced goods, the goods
  that come through the market and mostly from or through Pakistan, each weighted by its normal
  spending (need × normal price) as the Summary's national basket is
  (``logistics.analyses.prices.basket``). The market allocation shares a known closure's
  shortfall out from day 0, so every province is short from the first week; its prices still
  differ by province (the rendered default report: 53–80 % in the worst case).
- ``first_week_short`` (the default under any other allocation, which sets no prices): the
  first week (1 = days 0–6) in which the province is short (``first_shortfall_day``: more than
  0.5 % of a day's need), NaN when never. The proportional allocation gives every province the
  same share short, but not from the same week.
- ``shortfall_shares_pct``: the shortfall over the horizon in % of need (on request).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.colors import BoundaryNorm, LinearSegmentedColormap, ListedColormap

from logistics.analyses.run import Results, ScenarioResult
from logistics.report.mapping import SHORTFALL_COLOURS

DAYS_PER_WEEK = 7
PRICE, FIRST_WEEK, SHORTFALL = "price", "first week", "shortfall"
# earliest week darkest; weeks grouped so that a 90-day horizon needs six classes
# first weeks grouped when they span more than MAX_CLASSES weeks
WEEK_CLASSES = ((1, 1), (2, 2), (3, 4), (5, 8), (9, 13), (14, 1000))


def _keys(result: ScenarioResult, nodes: pd.Index, by_province: bool) -> pd.Index:
    """The P-code (``by_province``) or the node of each of ``nodes``."""
    if not by_province:
        return pd.Index(nodes)
    return pd.Index(result.by_node["pcode"].reindex(nodes).to_numpy())


def shortfall_shares_pct(result: ScenarioResult, by_province: bool) -> pd.Series:
    """Shortfall in % of need over the horizon, by P-code (summing nodes) or by node."""
    by_node = result.by_node
    if not by_province:
        return by_node["shortfall_pct"].fillna(0.0)
    sums = by_node.dropna(subset=["pcode"]).groupby("pcode")[["shortfall_t", "need_t"]].sum()
    return (100.0 * sums["shortfall_t"] / sums["need_t"].where(sums["need_t"] > 0)).fillna(0.0)


def first_week_short(result: ScenarioResult, by_province: bool) -> pd.Series:
    """First week short (1 = days 0–6) by P-code (its earliest node) or node; NaN when never."""
    firsts = result.by_node["first_shortfall_day"]
    weeks = np.floor(firsts.to_numpy(dtype=float) / DAYS_PER_WEEK) + 1
    keys = _keys(result, result.by_node.index, by_province)
    return pd.Series(weeks, index=keys).groupby(level=0).min()


def peak_basket_change_pct(
    result: ScenarioResult, prices_usd_per_t: pd.Series, by_province: bool
) -> pd.Series:
    """Peak weekly basket price change (% against the baseline) by P-code or node.

    ``prices_usd_per_t``: each priced good's normal price, indexed by commodity id. The basket of
    a province in a week is its priced goods' price changes weighted by need × normal price.
    Empty when the run has no prices.
    """
    changes = result.prices
    if not len(changes):
        return pd.Series(dtype=float)
    price = prices_usd_per_t.reindex(changes["commodity"]).to_numpy(dtype=float)
    spend = changes["need_t"].to_numpy(dtype=float) * price
    keys = _keys(result, pd.Index(changes["node"]), by_province)
    frame = pd.DataFrame(
        {
            "key": keys,
            "week": changes["week"].to_numpy(),
            "spend": spend,
            "weighted": spend * changes["price_change_pct"].to_numpy(dtype=float),
        }
    )
    weekly = frame.groupby(["key", "week"])[["spend", "weighted"]].sum()
    basket = weekly["weighted"] / weekly["spend"].where(weekly["spend"] > 0)
    return basket.groupby(level=0).max().clip(lower=0.0)


@dataclass(frozen=True)
class Shading:
    """What the provinces are shaded by: values per panel, classes, colours and the colour
    bar's words.

    ``values`` maps a scenario's name to its value per P-code (or node). A value below
    ``NOTHING_PCT`` (or NaN) is drawn white ("nothing"); the others fall in the classes
    between ``breaks``, each a colour of ``cmap``. ``tick_labels`` label the breaks (or, for
    weeks, the classes at ``ticks``); ``note`` says why this measure stands in for another
    (else "").
    """

    measure: str
    values: dict[str, pd.Series]
    breaks: list[float]
    cmap: ListedColormap
    title: str
    ticks: list[float]
    tick_labels: list[str]
    note: str = ""

    @property
    def norm(self) -> BoundaryNorm:
        """Value → class."""
        return BoundaryNorm(self.breaks, self.cmap.N)

    def colour(self, value: float):
        """Face colour (RGBA) for a province's value; white when nothing (``shaded`` False)."""
        if not self.shaded(value):
            return (1.0, 1.0, 1.0, 1.0)
        return self.cmap(self.norm(value))

    @staticmethod
    def shaded(value) -> bool:
        """Whether a value is coloured: finite and at least ``NOTHING_PCT``."""
        return value is not None and bool(np.isfinite(value)) and value >= NOTHING_PCT

    def anything(self, name: str) -> bool:
        """Whether the panel of scenario ``name`` has any province to shade."""
        values = self.values.get(name, pd.Series(dtype=float))
        return any(self.shaded(v) for v in values.to_numpy(dtype=float))


NOTHING_PCT = 0.05  # less than this (a price rise or a shortfall, %) is drawn white
MAX_CLASSES = 7
NICE_CLASS_STEPS = (1.0, 2.0, 2.5, 5.0)


def class_breaks(values: list[float], max_classes: int = MAX_CLASSES) -> list[float]:
    """Class boundaries for the shaded values: equal steps of 1, 2, 2.5 or 5 × a power of ten,
    the smallest step that covers the values in at most ``max_classes`` classes, from a
    multiple of the step at or below the lowest value to one at or above the highest.

    53.0–79.5 → 50, 55, …, 80 (six classes of 5); 3.64–4.76 → 3.6, 3.8, …, 4.8; one value 5
    → 5, 5.1 (all alike: one class about a tenth of their value wide, at most).
    """
    shaded = np.asarray([v for v in values if Shading.shaded(v)], dtype=float)
    if not shaded.size:
        return [0.0, 1.0]
    low, high = float(shaded.min()), float(shaded.max())
    spread = max(high - low, high / 10)  # values all alike: classes of about a tenth of them
    power = 10.0 ** math.floor(math.log10(spread / max_classes))
    while True:
        for step in (f * power for f in NICE_CLASS_STEPS):
            if step < spread / max_classes * (1 - 1e-9):
                continue
            start = math.floor(low / step + 1e-9) * step
            stop = max(math.ceil(high / step - 1e-9) * step, start + step)
            count = round((stop - start) / step)
            if count <= max_classes:
                return [round(start + i * step, 10) for i in range(count + 1)]
        power *= 10


def _classes(count: int) -> ListedColormap:
    """``count`` colours from light orange to dark red (white is kept for "nothing")."""
    ramp = LinearSegmentedColormap.from_list("shading", list(SHORTFALL_COLOURS))
    return ListedColormap([ramp(x) for x in np.linspace(0.18, 1.0, count)], name="classes")


def _classed(measure, values, title, note="") -> Shading:
    breaks = class_breaks(pd.concat(values.values()).tolist() if values else [])
    labels = [f"{b:g}" for b in breaks]
    return Shading(measure, values, breaks, _classes(len(breaks) - 1), title, breaks, labels, note)


def _price_shading(results: Results, names: list[str], by_province: bool, what: str) -> Shading:
    """Peak basket price change in classes fitted to the panels."""
    net = results.network
    prices = net.commodities.set_index("id")["price_usd_per_t"].reindex(net.priced_commodity_ids())
    values = {
        r.name: peak_basket_change_pct(r, prices, by_province)
        for r in results.scenarios
        if r.name in names
    }
    title = (
        f"Peak weekly price rise of the {what}'s basket of the {len(prices)} market goods "
        f"(each weighted by its normal spending), % against the baseline; white: below "
        f"{NOTHING_PCT:g} %"
    )
    return _classed(PRICE, values, title)


def week_classes(weeks: list[float], horizon_weeks: int) -> list[tuple[int, int]]:
    """The first-week classes (first week, last week) for the weeks shown: one per week from
    the earliest to the latest when that is at most ``MAX_CLASSES`` weeks, else the groups of
    ``WEEK_CLASSES`` that hold any of them.
    """
    shown = sorted({int(w) for w in weeks if np.isfinite(w)})
    if not shown:
        return [(1, 1)]
    if shown[-1] - shown[0] < MAX_CLASSES:
        return [(w, w) for w in range(shown[0], shown[-1] + 1)]
    groups = [(a, min(b, horizon_weeks)) for a, b in WEEK_CLASSES if a <= horizon_weeks]
    return [(a, b) for a, b in groups if shown[0] <= b and a <= shown[-1]]


def _week_shading(
    results: Results, names: list[str], by_province: bool, what: str, note: str
) -> Shading:
    """First week short in classes, the earliest darkest."""
    values = {
        r.name: first_week_short(r, by_province) for r in results.scenarios if r.name in names
    }
    weeks = pd.concat(values.values()).tolist() if values else []
    classes = week_classes(weeks, math.ceil(results.horizon_days / DAYS_PER_WEEK))
    ramp = LinearSegmentedColormap.from_list("weeks", list(SHORTFALL_COLOURS))
    colours = [ramp(x) for x in np.linspace(1.0, 0.25, len(classes))]
    cmap = ListedColormap(colours, name="first week")
    breaks = [a - 0.5 for a, _ in classes] + [classes[-1][1] + 0.5]
    labels = [f"{a}" if a == b else f"{a}–{b}" for a, b in classes]
    ticks = [(lo + hi) / 2 for lo, hi in zip(breaks[:-1], breaks[1:], strict=True)]
    title = (
        f"First week the {what} is short (more than 0.5 % of a day's need; week 1 = days "
        "0–6); white: never"
    )
    return Shading(FIRST_WEEK, values, breaks, cmap, title, ticks, labels, note)


def _shortfall_shading(
    results: Results, names: list[str], by_province: bool, what: str, note: str
) -> Shading:
    values = {
        r.name: shortfall_shares_pct(r, by_province) for r in results.scenarios if r.name in names
    }
    title = (
        f"Shortfall over the {results.horizon_days} days, % of the {what}'s need; white: below "
        f"{NOTHING_PCT:g} %"
    )
    return _classed(SHORTFALL, values, title, note)


def map_shading(
    results: Results, names: list[str], by_province: bool, measure: str | None = None
) -> Shading:
    """Choose and compute the shading of the panels of scenarios ``names`` (one scale for them
    all).

    ``measure`` None: the peak basket price change under the market allocation; under any other
    allocation (no prices) the first week short, saying so in the colour bar's title (there the
    shortfall is shared out evenly, so its share barely differs between provinces).
    """
    what = "province" if by_province else "demand node"
    priced = results.allocation == "market" and any(len(r.prices) for r in results.scenarios)
    note = ""
    if measure is None or (measure == PRICE and not priced):
        if not priced:
            note = (
                f"no prices under the {results.allocation} allocation"
                if results.allocation != "market"
                else "no priced goods in the network"
            )
        measure = PRICE if priced else FIRST_WEEK
    if measure == PRICE:
        return _price_shading(results, names, by_province, what)
    if measure == FIRST_WEEK:
        return _week_shading(results, names, by_province, what, note)
    return _shortfall_shading(results, names, by_province, what, note)
