"""Key messages for the report's first page, in the order of a FEWS NET / WFP country brief: what
runs short, where, from when and in which pipeline (trade or aid) first, then the hardest-hit
provinces, the most likely scenario, the critical crossing, what variants and rerouting change,
and the probability-weighted view; and "what would change this outlook".

Each sentence states numbers the tables hold (rounded for reading) and nothing the model did not
compute. Every run gets at least one message, a baseline alone included. Probabilities are the
analysts' judgement and are called so; a weighting over probabilities that do not sum to 1 is
"conditional" on one of the scenarios happening, never "expected".
"""

from __future__ import annotations

from datetime import date

from logistics.analyses.criticality import CriticalityResult
from logistics.analyses.readout import hardest_hit_order
from logistics.analyses.run import Results, ScenarioResult
from logistics.analyses.wording import calendar_date, short_name
from logistics.analyses.wording import count as _n
from logistics.analyses.wording import pct as _pct
from logistics.analyses.wording import tonnes as _t

# Country codes of the neighbours, for sentences ("through Iran and Central Asia").
COUNTRY_NAMES = {
    "PAK": "Pakistan",
    "IRN": "Iran",
    "UZB": "Uzbekistan",
    "TKM": "Turkmenistan",
    "TJK": "Tajikistan",
    "KAZ": "Kazakhstan",
    "CHN": "China",
}
MIN_FINDINGS, MAX_FINDINGS = 3, 6
# Tonnes below which a figure reads as "nothing" (it shows as 0 t on the page).
NOTHING_T = 0.5
# Commodities named in a sentence, most short first.
COMMODITIES_NAMED = 3


def _province(results: Results, node: str) -> str:
    return str(results.network.node_table.loc[node, "name"])


def _alternatives(results: Results) -> list[ScenarioResult]:
    return [s for s in results.scenarios[1:]]


def worst_scenario(results: Results) -> ScenarioResult | None:
    """The scenario with the largest shortfall above the baseline's (None if none adds any)."""
    others = [s for s in _alternatives(results) if s.change.get("shortfall_t", 0.0) > NOTHING_T]
    return max(others, key=lambda s: s.totals["shortfall_t"]) if others else None


def most_likely_scenario(results: Results) -> ScenarioResult | None:
    """The scenario the analysts judged most probable (first of equals), or None if none has a
    probability.
    """
    judged = [s for s in _alternatives(results) if s.scenario.probability is not None]
    return max(judged, key=lambda s: s.scenario.probability) if judged else None


def _what_runs_short(result: ScenarioResult) -> str:
    """The phrase "rice 25.1 % short, WFP food basket (aid) 20.3 %; wheat flour fully met" for
    one scenario.
    """
    table = result.by_commodity[result.by_commodity["need_t"] > 0].sort_values(
        ["shortfall_pct", "shortfall_t"], ascending=False
    )
    short = table[table["shortfall_t"] > NOTHING_T]
    parts = []
    for i, (_, row) in enumerate(short.head(COMMODITIES_NAMED).iterrows()):
        aid = " (aid)" if row["aid"] else ""
        parts.append(
            f"{short_name(row['name'])}{aid} {_pct(row['shortfall_pct'])}"
            + (" short" if i == 0 else "")
        )
    text = ", ".join(parts)
    if len(short) > COMMODITIES_NAMED:
        text += f" and {len(short) - COMMODITIES_NAMED} more"
    met = table[table["shortfall_t"] <= NOTHING_T]
    if len(met):
        text += (
            "; "
            + ", ".join(short_name(n) for n in met["name"].head(2))
            + (" and others" if len(met) > 2 else "")
            + " fully met"
        )
    return text


def _first_short(results: Results, result: ScenarioResult, start_date: date | None) -> str:
    """When shortages start: the national first day short, then the province short first in this
    plan. Equally good plans can differ in which province is short first and from which day (the
    timing weight is linear; README "What the answer fixes"), so the province is named as this
    plan's and not as a finding.
    """
    first = result.totals["first_province_short"]
    if not first:
        return ""
    day = calendar_date(start_date, int(result.by_node.at[first, "first_shortfall_day"]))
    national = result.totals["first_shortfall_day"]
    lead = (
        f"; shortages start on {calendar_date(start_date, national)}"
        if national is not None
        else ""
    )
    if result.by_node["first_shortfall_day"].notna().sum() == 1:
        return f"{lead}; only {_province(results, first)} is short, from {day}"
    if results.allocation == "market":
        # the market's timing follows its demand curves and holding costs; with a closure known
        # in advance it spreads the shortage from the day it is known (prices rise at once)
        firsts = result.by_node["first_shortfall_day"]
        tied = int((firsts == firsts.min()).sum())
        text = f"{lead}; {_province(results, first)} is short first, from {day}" + (
            f" (the hardest hit of the {tied} provinces short from then)" if tied > 1 else ""
        )
        surprise = (result.bounds.get("none") or {}).get("first_shortfall_day")
        if surprise is not None and national is not None and surprise != national:
            text += (
                f"; if each closure comes without warning, shortages start on "
                f"{calendar_date(start_date, surprise)}"
            )
        return text
    return (
        f"{lead}; in this plan {_province(results, first)} is short first, from {day}, but "
        "equally good plans can start elsewhere"
    )


def _shortfall_sentence(
    results: Results, result: ScenarioResult, lead: str, start_date: date | None
) -> str:
    t = result.totals
    pipelines = f"{_t(t['trade_shortfall_t'])} trade, {_t(t['aid_shortfall_t'])} aid"
    surprise = result.bounds.get("none")
    if_surprise = (
        f", {_t(surprise['shortfall_t'])} if each closure comes without warning" if surprise else ""
    )
    return (
        f"{lead}: {_what_runs_short(result)}. In all {_t(t['shortfall_t'])} of food goes "
        f"undelivered over {results.horizon_days} days{if_surprise} "
        f"({_pct(t['shortfall_pct'])} of need; "
        f"{pipelines}; {_n(t['people_days_unmet'])} people-days without food)"
        f"{_first_short(results, result, start_date)}."
    )


def baseline_shortfall(results: Results, start_date: date | None = None) -> str | None:
    """What goes short with every crossing open, or, for a baseline alone, that nothing does."""
    base = results.baseline
    if base.totals["shortfall_t"] > NOTHING_T:
        return _shortfall_sentence(
            results, base, "Even with every crossing open (baseline)", start_date
        )
    if len(results.scenarios) == 1:
        return (
            "With every crossing open (baseline) the network meets all need over "
            f"{results.horizon_days} days; no closure scenario was run."
        )
    return None


def largest_shortfall(results: Results, start_date: date | None = None) -> str | None:
    """The worst scenario: which foods run short and how much, in which pipeline, first province and
    day.
    """
    worst = worst_scenario(results)
    if worst is None:
        if len(results.scenarios) > 1:
            return (
                "No scenario leaves more food undelivered than the baseline "
                f"({_t(results.baseline.totals['shortfall_t'])} over {results.horizon_days} "
                "days): the open routes and the day-0 stocks absorb every closure."
            )
        return None
    return _shortfall_sentence(results, worst, f"In the worst case, {worst.name}", start_date)


def most_likely(results: Results, start_date: date | None = None) -> str | None:
    """The scenario judged most probable, when it is not the worst."""
    likely = most_likely_scenario(results)
    if likely is None or likely is worst_scenario(results):
        return None
    t = likely.totals
    lead = (
        f"The scenario judged most likely, {likely.name} (analysts' probability "
        f"{likely.scenario.probability:.2f})"
    )
    surprise = likely.bounds.get("none")
    if t["shortfall_t"] <= NOTHING_T and surprise and surprise["shortfall_t"] > NOTHING_T:
        # the range is the finding: a planner warned in time meets all need, one surprised not
        return (
            f"{lead}, leaves no food undelivered over {results.horizon_days} days if each "
            f"closure is known in advance, but {_t(surprise['shortfall_t'])} "
            f"({_pct(surprise['shortfall_pct'])} of need; {_t(surprise['aid_shortfall_t'])} "
            "aid) if each comes without warning."
        )
    if t["shortfall_t"] <= NOTHING_T:
        return f"{lead}, leaves no food undelivered over {results.horizon_days} days."
    if likely.change.get("shortfall_t", 0.0) <= NOTHING_T:
        return f"{lead}, adds nothing to the baseline's shortfall over {results.horizon_days} days."
    return _shortfall_sentence(results, likely, lead, start_date)


def hardest_hit(results: Results) -> str | None:
    """The provinces with the largest shortfall share in the worst scenario."""
    worst = worst_scenario(results)
    if worst is None:
        return None
    ranked = hardest_hit_order(worst.by_node[worst.by_node["need_t"] > 0])
    ranked = ranked[ranked["shortfall_t"] > NOTHING_T]
    table = ranked.head(3)
    if table.empty:
        return None
    tied = ranked[ranked["share_rank"] == 1]
    if len(tied) > 1:
        # equal shares (within readout.SHARE_TIE_PCT): no province is harder hit than another
        most = ", ".join(
            f"{_province(results, n)} ({_t(r['shortfall_t'])})" for n, r in tied.head(3).iterrows()
        )
        return (
            f"In {worst.name} {len(tied)} provinces are equally hardest hit, each "
            f"{_pct(float(tied['shortfall_pct'].iloc[0]))} short; the most tonnes short are in "
            f"{most}."
        )
    parts = [
        f"{_province(results, n)} ({_pct(r['shortfall_pct'])} short, {_t(r['shortfall_t'])})"
        for n, r in table.iterrows()
    ]
    return (
        f"In {worst.name} the hardest-hit provinces are "
        + ", ".join(parts[:-1])
        + (" and " if len(parts) > 1 else "")
        + parts[-1]
        + "."
    )


def critical_crossing(results: Results, criticality: CriticalityResult | None) -> str | None:
    """The crossing whose loss alone hurts most (from the ranking if given, else the shadow prices),
    with the caveat that single closures miss crossings that stand in for each other.
    """
    if criticality is not None:
        crossings = criticality.ranking[criticality.ranking["kind"] == "crossing"]
        if crossings.empty:
            return None
        top = crossings.iloc[0]
        caveat = (
            "This ranks single closures: crossings that stand in for each other can each be "
            "harmless alone and critical together (see the joint closure scenarios)."
        )
        if top["added_shortfall_t"] <= NOTHING_T:
            return (
                "No single crossing is critical: closing any one alone for "
                f"{criticality.duration_days} days adds no shortfall, as the other crossings and "
                f"the day-0 stocks cover its traffic. {caveat}"
            )
        harmless = int((crossings["added_shortfall_t"] <= NOTHING_T).sum())
        tail = f"; closing any one of {harmless} others alone adds nothing" if harmless else ""
        return (
            f"The most critical crossing is {top['name']}: closing it alone for "
            f"{criticality.duration_days} days adds {_t(top['added_shortfall_t'])} of shortfall "
            f"({_pct(top['added_shortfall_pct'])} of need) across "
            f"{int(top['provinces_affected'])} provinces{tail}. {caveat}"
        )
    worst = worst_scenario(results)
    if worst is None:
        return None
    node, price = _most_valuable_crossing(worst)
    if node is None:
        return None
    worth = (
        f"would be worth {price:,.0f} USD of food over the horizon, net of delivery costs"
        if results.shadow_price_unit == "usd"
        else f"would meet {price:,.0f} t more need over the horizon"
    )
    return (
        f"In {worst.name}, the most valuable crossing capacity is at "
        f"{worst.crossings.at[node, 'name']}: each extra tonne a day through it {worth}."
    )


def _most_valuable_crossing(result: ScenarioResult) -> tuple[str | None, float]:
    prices = result.crossings["shadow_price"].dropna()
    if prices.empty or prices.max() <= 1e-6:
        return None, 0.0
    return prices.idxmax(), float(prices.max())


def rerouting(results: Results) -> str | None:
    """What the crossings left open carry on top of the baseline, against what the closed ones
    lose.
    """
    from logistics.analyses.calibration import crossing_neighbours

    worst = worst_scenario(results)
    if worst is None:
        return None
    base = results.baseline.crossings["throughput_t"]
    here = worst.crossings["throughput_t"].reindex(base.index, fill_value=0.0)
    closed = worst.crossings["closed_days"].reindex(base.index, fill_value=0) > 0
    lost = float((base - here)[closed].clip(lower=0).sum())
    gain = (here - base)[~closed].clip(lower=0)
    if lost <= NOTHING_T or gain.sum() <= NOTHING_T:
        return None
    neighbours = crossing_neighbours(results.network).reindex(gain.index)
    by_country = gain.groupby(neighbours.fillna("other")).sum().sort_values(ascending=False)
    by_country = by_country[by_country > NOTHING_T]
    parts = [
        f"{'+'.join(COUNTRY_NAMES.get(c, c) for c in str(code).split('+'))} +{_t(v)}"
        for code, v in by_country.head(3).items()
    ]
    replaced = f", replacing {_pct(100 * gain.sum() / lost)} of it" if gain.sum() < lost else ""
    return (
        f"Rerouting: in {worst.name} the closed crossings carry {_t(lost)} less than in the "
        f"baseline, and the crossings left open {_t(gain.sum())} more "
        f"({', '.join(parts)}){replaced}."
    )


def variants(results: Results) -> list[str]:
    """What each variant changes against the scenario it varies (e.g. a humanitarian corridor)."""
    out = []
    names = {s.name: s for s in results.scenarios}
    for s in results.scenarios:
        parent = names.get(s.scenario.variant_of or "")
        if parent is None:
            continue
        pt, vt = parent.totals, s.totals
        if (
            abs(pt["shortfall_t"] - vt["shortfall_t"]) <= NOTHING_T
            and abs(pt["aid_shortfall_t"] - vt["aid_shortfall_t"]) <= NOTHING_T
        ):
            out.append(
                f"{s.name} (a variant of {parent.name}) changes nothing over "
                f"{results.horizon_days} days: both leave {_t(vt['shortfall_t'])} undelivered."
            )
            continue
        aid = (
            f"aid shortfall from {_t(pt['aid_shortfall_t'])} to {_t(vt['aid_shortfall_t'])}"
            if pt["aid_need_t"] > 0
            else None
        )
        total = f"total shortfall from {_t(pt['shortfall_t'])} to {_t(vt['shortfall_t'])}"
        change = ", and ".join(p for p in (aid, total) if p)
        out.append(f"{s.name} (a variant of {parent.name}) changes {change}.")
    return out


def weighting_word(results: Results) -> str:
    """The word "expected" when the alternatives' probabilities sum to 1, else "conditional"."""
    w = results.probability_weighted()
    return "expected" if w and w["complete"] else "conditional"


def weighted(results: Results) -> str | None:
    """The probability-weighted shortfall over the scenario matrix, named for what it is."""
    w = results.probability_weighted()
    if not w or w["expected_shortfall_t"] is None:
        return None
    figures = (
        f"{_t(w['expected_shortfall_t'])} ({_pct(w['expected_shortfall_pct'])} of need), "
        f"{_n(w['expected_people_days_unmet'])} people-days without food"
    )
    if w["complete"]:
        return (
            f"Weighted by the analysts' probabilities of the {len(w['scenarios'])} alternatives "
            f"(judgement, not measurement), the expected shortfall is {figures}."
        )
    return (
        f"Weighted by the analysts' probabilities of the {len(w['scenarios'])} alternatives "
        f"(judgement, not measurement; they sum to {w['probability_sum']:.2f}, not 1, so this is "
        f"conditional on one of them happening, not an expectation), the shortfall is {figures}."
    )


def price_peaks(result: ScenarioResult) -> tuple[list[str], list[str]]:
    """Each priced good's national peak, largest first: the goods that rose ("rice +60 %", half
    a percent or more) and the names of those that did not.
    """
    peaks = result.by_commodity["peak_price_change_pct"].dropna().sort_values(ascending=False)
    names = result.by_commodity["name"]
    risen = [f"{short_name(names[k])} {v:+.0f} %" for k, v in peaks.items() if v >= 0.5]
    flat = [short_name(names[k]) for k, v in peaks.items() if v < 0.5]
    return risen, flat


def price_rises(results: Results) -> str | None:
    """How far prices rise in the worst scenario: the basket's national peak and each priced
    good's (% against the baseline, read on the demand curves), and the goods unchanged; None
    without priced goods or a scenario that adds shortfall.
    """
    worst = worst_scenario(results)
    if worst is None or worst.totals.get("basket_peak_price_change_pct") is None:
        return None
    risen, flat = price_peaks(worst)
    if not risen and not flat:
        return None
    week = int(worst.totals["basket_peak_week"]) + 1
    text = (
        f"Prices in {worst.name}: the basket of market goods costs up to "
        f"{worst.totals['basket_peak_price_change_pct']:+.0f} % more nationally (week {week})"
    )
    if risen:
        text += "; at their peaks " + ", ".join(risen)
    if flat:
        text += "; " + ", ".join(flat) + " unchanged"
    return text + " (closure-added pressure on normal prices, read on each good's demand curve)."


def key_findings(
    results: Results, criticality: CriticalityResult | None = None, start_date: date | None = None
) -> list[str]:
    """3-6 key messages, most important first; at least one for every run."""
    ordered = [
        baseline_shortfall(results, start_date),
        largest_shortfall(results, start_date),
        hardest_hit(results),
        price_rises(results),
        most_likely(results, start_date),
        critical_crossing(results, criticality),
        *variants(results)[:1],
        rerouting(results),
        weighted(results),
    ]
    return [f for f in ordered if f][:MAX_FINDINGS]


def outlook_changes(results: Results, start_date: date | None = None) -> list[str]:
    """What would change this outlook: the assumptions the figures rest on, with the run's
    numbers.
    """
    out = []
    if results.foresight == "perfect":
        out.append(
            "Surprise: every figure assumes the closures are known in advance (perfect "
            "foresight), so it is the optimistic bound; closures that come without warning leave "
            "more short (borderflow run --foresight none gives the other bound)."
        )
    elif results.foresight == "none":
        out.append(
            "Warning: every figure assumes each closure is learned on the day it starts (no "
            "foresight); advance warning would leave less short."
        )
    else:  # both bounds
        out.append(
            "Surprise: the tables assume the closures are known in advance (perfect foresight, "
            "the optimistic bound); 'Shortfall if a surprise' is what is left short when each "
            "closure is learned on the day it starts. Warning is worth the difference."
        )
    if results.overlay is None:
        out.append(
            "Supply: every figure takes supply as the network states it; the low and high "
            "supply cases are borderflow run --overlay inputs/supply/low.yaml (or high.yaml)."
        )
    else:
        out.append(
            f"Supply: every scenario here carries the overlay {results.overlay.name}; without "
            "it the figures differ."
        )
    end = calendar_date(start_date, results.horizon_days - 1)
    out.append(
        f"Duration: the projection ends on {end}; closures that last beyond it keep adding "
        "shortfall that is not shown here."
    )
    stocks = results.network.stocks
    if len(stocks):
        out.append(
            f"Stocks: {_t(float(stocks['tonnes'].sum()))} held on day 0 (traders, reserves, aid "
            "agencies) carry the first weeks of any closure; smaller stocks bring shortfall "
            "sooner."
        )
    worst = worst_scenario(results)
    if worst is not None:
        node, price = _most_valuable_crossing(worst)
        if node is not None:
            worth = (
                f"would be worth about {price:,.0f} USD of food over the horizon"
                if results.shadow_price_unit == "usd"
                else f"would meet about {price:,.0f} t more need"
            )
            out.append(
                f"Capacity: in {worst.name}, each extra tonne a day through "
                f"{worst.crossings.at[node, 'name']} {worth}."
            )
    if most_likely_scenario(results) is not None:
        out.append(
            "Probabilities: they are the analysts' judgement; other probabilities change the "
            "weighted figure, not any scenario's own figures."
        )
    return out
