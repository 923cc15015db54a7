"""Page 1 of the report as a briefing, in the manner of a FEWS NET outlook or a WFP country brief:
a one-line headline with the most likely outcome first, the figures "in numbers", the range,
what runs short first per good (where and from when), crossing status on day 0, price peaks,
people affected, pre-positioning actions with tonnes and dates, and any single-crossing closure
worse than every scenario judged. Every message states its confidence.

**Percentages.** Every percentage of need is printed beside the need it is computed against
("3,905 t of 2,232,092 t (0.2 %)"), whole tonnes, so that a reader can check it; the need is the
scenario's own (its demand factors included), not the baseline's.

**First day short.** A good is short nationally on the first day its shortfall exceeds 0.5 % of
that day's national need of it, a province on the first day its shortfall of the good exceeds
0.5 % of its own need of it that day (``readout.SHORT_DAY_SHARE``); one rule at every level.
A good that is never short nationally but short in some province is shown as short "locally"
with the province and its day, so a pipeline that fails a few provinces early is not hidden.

**Confidence** (a word per message, rules in ``CONFIDENCE_NOTE``):
- *high*: follows from the network's sourced capacities and the scenario's stated closures
  alone (crossing status, a crossing with no capacity);
- *medium*: a model figure whose two foresight bounds are within a factor of two of each other
  (or both nothing);
- *low*: a figure that depends mostly on warning (the bounds differ more than twofold) or on
  the price elasticities (prices: the 2025 replay reproduces 7 of 19 price rows).
Scenario probabilities are the analysts' judgement and are called so wherever they appear.

**Actions** come from the plans themselves, not from rules of thumb:
- *pre-positioning*: the most likely scenario's perfect-foresight plan moves stock into
  provinces ahead of its first closure; the goods and provinces with the largest build-up above
  the baseline's stock on the day before it, and that day;
- *capacity*: the crossings the worst case's plan loads most above their baseline throughput;
- *contingency*: the single-crossing closure of the criticality ranking, when it adds more
  shortfall than the worst scenario judged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from logistics.analyses.calibration import crossing_neighbours
from logistics.analyses.criticality import CriticalityResult
from logistics.analyses.crossing_status import (
    CLOSED,
    NOT_FUNCTIONAL,
    OPEN,
    RESTRICTED,
    crossing_states,
)
from logistics.analyses.findings import (
    NOTHING_T,
    most_likely_scenario,
    price_peaks,
    worst_scenario,
)
from logistics.analyses.run import Results, ScenarioResult
from logistics.analyses.wording import calendar_date, count, place_name, short_name

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_NOTE = (
    "Confidence: high = sourced capacities and stated closures alone; medium = a model figure "
    "whose two foresight bounds are within a factor of two; low = depends mostly on warning "
    "(bounds over twofold apart) or on price elasticities (the 2025 replay reproduces 7 of 19 "
    "price rows). Probabilities are analysts' judgement."
)
FIRST_DAY_NOTE = (
    "First day short: the first day a good's national shortfall exceeds 0.5 % of that day's "
    'national need of it (a province\'s, of its own); "locally": short in some provinces, never '
    "nationally."
)
PERCENT_NOTE = (
    "Each percentage is of the need beside it (the scenario's own, demand changes included)."
)
ROLES = ["Likely", "Worst"]  # the most likely and the worst scenario, in table headers
ACTIONS_SHOWN = 4
PROVINCES_NAMED = 2
CROSSINGS_NAMED = 3


@dataclass(frozen=True)
class Message:
    """A sentence of the briefing and how far to trust it (``HIGH``, ``MEDIUM`` or ``LOW``)."""

    text: str
    confidence: str


@dataclass(frozen=True)
class Briefing:
    """Everything page 1 says, in reading order.

    ``in_numbers``: (figure, what it is) pairs for the box under the headline; ``runs_short``:
    one row per good (``runs_short_table``); ``crossings``: (status heading, crossing names)
    lines for day 0 of the most likely scenario; ``notes``: the page's footnotes.
    """

    headline: str
    in_numbers: list[tuple[str, str]]
    outlook: list[Message]
    runs_short: pd.DataFrame
    runs_short_scenarios: list[str]
    crossings: list[tuple[str, str]]
    crossings_scenario: str
    actions: list[Message]
    notes: list[str] = field(default_factory=list)


def tonnes_of(short_t: float, need_t: float) -> str:
    """Whole tonnes short and the share of the need beside it: "3,905 t of 2,232,092 t (0.2 %)"."""
    share = 100.0 * short_t / need_t if need_t > 0 else 0.0
    return f"{short_t:,.0f} t of {need_t:,.0f} t ({share:.1f} %)"


def _shown(results: Results) -> list[ScenarioResult]:
    """The most likely and the worst scenario (one when they are the same), else the baseline."""
    likely, worst = most_likely_scenario(results), worst_scenario(results)
    out = [s for s in (likely, worst) if s is not None]
    if len(out) == 2 and out[0] is out[1]:
        out = out[:1]
    return out or [results.baseline]


def _label(result: ScenarioResult) -> str:
    probability = result.scenario.probability
    judged = "" if probability is None else f", analysts' probability {probability:.2f}"
    return f"{result.scenario.display_name}{judged}"


def _bounds(result: ScenarioResult) -> tuple[dict, dict | None]:
    """The scenario's totals with foresight and, when the run solved it, without."""
    surprise = result.surprise.totals if result.surprise is not None else None
    return result.totals, surprise


def _confidence(perfect_t: float, surprise_t: float | None) -> str:
    """``MEDIUM`` when the two bounds are within a factor of two (or both nothing), else ``LOW``."""
    if surprise_t is None:
        return MEDIUM
    low, high = sorted((perfect_t, surprise_t))
    if high <= NOTHING_T or (low > NOTHING_T and high <= 2 * low):
        return MEDIUM
    return LOW


def _outcome(result: ScenarioResult) -> str:
    """What a scenario leaves short, both bounds, each against its need."""
    perfect, surprise = _bounds(result)
    need = perfect["need_t"]
    if perfect["shortfall_t"] <= NOTHING_T and (
        surprise is None or surprise["shortfall_t"] <= NOTHING_T
    ):
        return "all food and aid reach every province"
    if perfect["shortfall_t"] <= NOTHING_T:
        return (
            "nothing is short if the closures are foreseen; "
            f"{tonnes_of(surprise['shortfall_t'], surprise['need_t'])} short if they come "
            "without warning"
        )
    text = f"{tonnes_of(perfect['shortfall_t'], need)} short if the closures are foreseen"
    if surprise is not None and abs(surprise["shortfall_t"] - perfect["shortfall_t"]) > NOTHING_T:
        text += f", {tonnes_of(surprise['shortfall_t'], surprise['need_t'])} without warning"
    return text


def _critical_alone(results: Results, criticality: CriticalityResult | None):
    """The ranking's top crossing when closing it alone adds more than the worst scenario."""
    if criticality is None:
        return None
    crossings = criticality.ranking[criticality.ranking["kind"] == "crossing"]
    if crossings.empty:
        return None
    top = crossings.iloc[0]
    worst = worst_scenario(results)
    worst_added = worst.change.get("shortfall_t", 0.0) if worst is not None else 0.0
    return top if top["added_shortfall_t"] > max(worst_added, NOTHING_T) else None


def headline(results: Results, criticality: CriticalityResult | None = None) -> str:
    """One line: the most likely outcome first, then the worst case (and a single crossing worse
    than it). Figures in whole tonnes with the share of the need beside them.
    """
    likely, worst = most_likely_scenario(results), worst_scenario(results)
    parts = []
    if likely is not None:
        parts.append(f"Most likely ({_label(likely)}): {_outcome(likely)}.")
    if worst is not None and worst is not likely:
        t = worst.totals
        parts.append(
            f"Worst case ({_label(worst)}): {tonnes_of(t['shortfall_t'], t['need_t'])} short."
        )
    if not parts:
        base = results.baseline
        parts.append(f"{base.scenario.display_name}: {_outcome(base)}.")
    top = _critical_alone(results, criticality)
    if top is not None:
        parts.append(
            f"Closing {place_name(top['name'])} alone would be worse still: "
            f"+{top['added_shortfall_t']:,.0f} t."
        )
    return " ".join(parts)


def people_text(result: ScenarioResult, horizon_days: int) -> str:
    """People-days without food read as the number of people whose food for the whole projection
    goes missing: "1.9 million people for 90 days (175 million people-days)".
    """
    people_days = float(result.totals["people_days_unmet"])
    return (
        f"{count(people_days / horizon_days)} people for {horizon_days} days "
        f"({count(people_days)} people-days)"
    )


def in_numbers(
    results: Results, status: pd.DataFrame, criticality: CriticalityResult | None
) -> list[tuple[str, str]]:
    """The box under the headline: (figure, what it is) for the most likely and the worst
    scenario, people, prices, crossings on day 0 and the most critical crossing.
    """
    likely, worst = most_likely_scenario(results), worst_scenario(results)
    out = []
    if likely is not None:
        perfect, surprise = _bounds(likely)
        low = perfect["shortfall_t"]
        high = surprise["shortfall_t"] if surprise is not None else low
        figure = f"{low:,.0f} t" if abs(high - low) <= NOTHING_T else f"{low:,.0f}–{high:,.0f} t"
        out.append((figure, "short, most likely scenario (foreseen–surprise)"))
    if worst is not None:
        t = worst.totals
        out.append((f"{t['shortfall_t']:,.0f} t", f"short, worst case, of {t['need_t']:,.0f} t"))
        out.append(
            (
                count(t["people_days_unmet"] / results.horizon_days),
                f"people's food for {results.horizon_days} days, worst case",
            )
        )
        peak = t.get("basket_peak_price_change_pct")
        if peak is not None and not pd.isna(peak):
            out.append((f"{peak:+.0f} %", "peak price of the market basket, worst case"))
    limited = status[status["today"].isin([RESTRICTED, CLOSED])]
    out.append(
        (
            f"{len(limited)} of {len(status)}",
            "crossings closed or restricted on day 0, most likely",
        )
    )
    top = _critical_alone(results, criticality)
    if top is not None:
        out.append(
            (
                f"+{top['added_shortfall_t']:,.0f} t",
                f"if {place_name(top['name'])} alone closes",
            )
        )
    return out


def status_today(results: Results) -> tuple[pd.DataFrame, ScenarioResult]:
    """Each crossing's status (``crossing_status.crossing_states``) under the most likely
    scenario, or the worst, or the baseline, with the scenario used.
    """
    shown = most_likely_scenario(results) or worst_scenario(results) or results.baseline
    net = results.network
    status = crossing_states(
        shown.scenario,
        shown.crossings,
        results.horizon_days,
        net.routes,
        net.node_table["throughput_t_per_day"],
    )
    status.insert(0, "name", shown.crossings["name"].reindex(status.index).to_numpy())
    return status, shown


def _aid_passes(result: ScenarioResult, crossing: str, aid_ids: set[str]) -> bool:
    """True when every closure of ``crossing`` active on day 0 lets every aid good through."""
    active = [
        c
        for c in result.scenario.closures
        if c.target == crossing and c.start_day == 0 and c.capacity_factor < 1
    ]
    return bool(active) and bool(aid_ids) and all(aid_ids <= set(c.exempt) for c in active)


def crossing_lines(results: Results, status: pd.DataFrame, shown: ScenarioResult) -> list:
    """(heading, names) per status on day 0, commercial cargo, then humanitarian cargo where it
    differs (aid exempt from a closure).
    """
    neighbours = crossing_neighbours(results.network).reindex(status.index)
    names = {
        n: f"{place_name(status.at[n, 'name'])}"
        + (f" ({neighbours[n]})" if isinstance(neighbours[n], str) else "")
        for n in status.index
    }
    lines = []
    for state in (CLOSED, RESTRICTED, OPEN, NOT_FUNCTIONAL):
        group = status[status["today"] == state]
        if group.empty:
            continue
        if state == RESTRICTED:
            factors = sorted(set(group["factor"].dropna()))
            heading = "Restricted" + (
                " (" + ", ".join(f"×{f:.2g}" for f in factors) + " of normal)" if factors else ""
            )
        else:
            heading = state.capitalize()
        lines.append((heading, ", ".join(names[n] for n in group.index)))
    aid_ids = set(results.network.commodities.loc[results.network.commodities["aid"], "id"])
    aid_open = [
        n
        for n in status.index[status["today"].isin([CLOSED, RESTRICTED])]
        if _aid_passes(shown, n, aid_ids)
    ]
    lines.append(
        (
            "Humanitarian cargo",
            "passes at full capacity at " + ", ".join(names[n] for n in aid_open)
            if aid_open
            else "as commercial cargo (no closure exempts aid on day 0)",
        )
    )
    return lines


def _main_way_in(results: Results) -> pd.Series:
    """Per good, the neighbour most of its baseline imports cross from (ISO3 code) and that share:
    "PAK 73 %".
    """
    flows = results.baseline.solution.flows
    neighbours = crossing_neighbours(results.network)
    entering = flows[flows["to"].isin(neighbours.index)]
    if entering.empty:
        return pd.Series(dtype=object)
    by = (
        entering.assign(country=entering["to"].map(neighbours.astype(object).fillna("?")))
        .groupby(["commodity", "country"])["t"]
        .sum()
    )
    out = {}
    for commodity, shares in by.groupby(level="commodity"):
        shares = shares.droplevel("commodity")
        total = shares.sum()
        if total <= NOTHING_T:
            continue
        out[commodity] = f"{shares.idxmax()} {100 * shares.max() / total:.0f} %"
    return pd.Series(out, dtype=object)


def _first_short(
    results: Results, result: ScenarioResult, commodity: str, start_date: date | None
) -> tuple[str, str]:
    """(when, where) a good first runs short in one scenario: the national first day and the
    provinces short of it that day; "locally" when only provinces are; ("not short", "") else.
    """
    if commodity not in result.by_commodity.index:  # no need of it in this scenario
        return "not short", ""
    national = result.by_commodity.at[commodity, "first_shortfall_day"]
    table = result.by_node_commodity.xs(commodity, level="commodity")
    firsts = table["first_shortfall_day"].dropna()
    if firsts.empty:
        return "not short", ""
    names = results.network.node_table["name"]
    day = int(national) if not pd.isna(national) else int(firsts.min())
    # never empty: a good short nationally on a day is short in some province that day (if every
    # province were within 0.5 % of its own need, the nation would be within 0.5 % of its own)
    where = firsts[firsts <= day].sort_values(kind="stable")
    named = len(where) if len(where) <= PROVINCES_NAMED + 1 else PROVINCES_NAMED
    listed = ", ".join(str(names[n]) for n in where.index[:named])
    if len(where) > named and len(where) >= len(table):
        listed = f"all {len(where)} provinces"
    elif len(where) > 2 * PROVINCES_NAMED:
        listed = f"{len(where)} provinces"
    elif len(where) > named:
        listed += f" and {len(where) - named} more"
    when = f"{start_date + timedelta(days=day):%-d %b} (day {day})" if start_date else f"day {day}"
    return (when if not pd.isna(national) else f"locally, {when}"), listed


def runs_short_table(results: Results, start_date: date | None = None) -> pd.DataFrame:
    """One row per good: its pipeline, main way in, and for the most likely and the worst
    scenario (columns "Likely: …", "Worst: …"; "Scenario: …" when one scenario is shown) when
    and where it first runs short; for the last of them the tonnes short, the need and the share
    (of that need), and the peak national price change.
    """
    shown = _shown(results)
    roles = ROLES if len(shown) == 2 else ["Scenario"]
    net = results.network
    way_in = _main_way_in(results)
    rows = []
    for _, good in net.commodities.iterrows():
        k = good["id"]
        if k not in shown[-1].by_commodity.index:  # no need of it anywhere: nothing to say
            continue
        row = {
            "Good": str(good["name"]).split(" (")[0].split(":")[0],
            "Pipeline": "aid" if good["aid"] else "trade",
            "Main way in (baseline, ISO3)": way_in.get(k, ""),
        }
        for role, s in zip(roles, shown, strict=True):
            when, where = _first_short(results, s, k, start_date)
            row[f"{role}: first short"] = when
            row[f"{role}: where first"] = where
        last = shown[-1].by_commodity.loc[k]
        row[f"{roles[-1]}: short (t)"] = float(last["shortfall_t"])
        row[f"{roles[-1]}: need (t)"] = float(last["need_t"])
        row[f"{roles[-1]}: short (% of need)"] = float(last["shortfall_pct"])
        peak = last.get("peak_price_change_pct", np.nan)
        row[f"{roles[-1]}: peak price (% change)"] = None if pd.isna(peak) else float(peak)
        rows.append(row)
    return pd.DataFrame(rows)


def _prepositioning(results: Results, result: ScenarioResult) -> tuple[pd.Series, int | None]:
    """The plan's stock build-up above the baseline's per province and good (index node,
    commodity; t, largest first) on the day before the scenario's first full closure (factor 0,
    nothing exempt; else its first restriction), and that day; empty and None when the first
    closure is on day 0 (nothing can be moved ahead of it) or there is none.

    Stock change per day = arrivals − departures − deliveries (the day-0 stock cancels against
    the baseline's).
    """
    closures = result.scenario.closures
    shut = [c.start_day for c in closures if c.capacity_factor == 0 and not c.exempt]
    first = min(shut or [c.start_day for c in closures if c.capacity_factor < 1], default=None)
    if not first:
        return pd.Series(dtype=float), None
    provinces = set(result.by_node.index)

    def stock_change(solution) -> pd.Series:
        flows = solution.flows
        arrive = flows[(flows["arrival_day"] < first) & flows["to"].isin(provinces)]
        leave = flows[(flows["day"] < first) & flows["from"].isin(provinces)]
        eaten = solution.deliveries[solution.deliveries["day"] < first]
        keys = ["node", "commodity"]
        return (
            arrive.rename(columns={"to": "node"})
            .groupby(keys)["t"]
            .sum()
            .sub(leave.rename(columns={"from": "node"}).groupby(keys)["t"].sum(), fill_value=0.0)
            .sub(eaten.groupby(keys)["delivered_t"].sum(), fill_value=0.0)
        )

    extra = stock_change(result.solution).sub(
        stock_change(results.baseline.solution), fill_value=0.0
    )
    return extra[extra > NOTHING_T].sort_values(ascending=False, kind="stable"), first - 1


def _prepositioning_text(results: Results, extra: pd.Series) -> str:
    """The build-up per good, largest first, with its two largest provinces:
    "wheat flour 32,585 t (Ghazni 14,062 t, Balkh 10,002 t and 5 more)".
    """
    goods = results.network.commodities.set_index("id")["name"]
    names = results.network.node_table["name"]
    by_good = extra.groupby(level="commodity").sum().sort_values(ascending=False, kind="stable")
    parts = []
    for k, total in by_good.head(ACTIONS_SHOWN).items():
        places = extra.xs(k, level="commodity")
        listed = ", ".join(f"{names[n]} {t:,.0f} t" for n, t in places.head(2).items())
        more = f" and {len(places) - 2} more" if len(places) > 2 else ""
        parts.append(f"{short_name(goods[k])} {total:,.0f} t ({listed}{more})")
    return "; ".join(parts)


def actions(
    results: Results, criticality: CriticalityResult | None, start_date: date | None = None
) -> list[Message]:
    """Pre-positioning, capacity and contingency actions with tonnes and dates (module doc)."""
    out = []
    likely = most_likely_scenario(results)
    if likely is not None:
        extra, day = _prepositioning(results, likely)
        if len(extra):
            out.append(
                Message(
                    f"Pre-position by {calendar_date(start_date, day)}, before the first closure "
                    f"of {likely.scenario.display_name}: {_prepositioning_text(results, extra)} "
                    "(the plan's stock build-up above normal in the provinces; equally good "
                    "stores share it evenly, but a store a few USD a tonne dearer to reach "
                    "could take it instead).",
                    LOW,
                )
            )
    worst = worst_scenario(results)
    if worst is not None:
        base = results.baseline.crossings["throughput_t"]
        gain = (worst.crossings["throughput_t"].reindex(base.index, fill_value=0.0) - base).clip(
            lower=0.0
        )
        gain = gain[gain / results.horizon_days >= 1.0].sort_values(ascending=False, kind="stable")
        if len(gain):
            listed = ", ".join(
                f"{place_name(worst.crossings.at[n, 'name'])} +{t / results.horizon_days:,.0f}"
                " t/day"
                for n, t in gain.head(CROSSINGS_NAMED).items()
            )
            out.append(
                Message(
                    f"Secure transit capacity from {calendar_date(start_date, 0)} for the worst "
                    f"case: its plan carries above normal through {listed} (averages over "
                    f"{results.horizon_days} days).",
                    _confidence(
                        worst.totals["shortfall_t"], (_bounds(worst)[1] or {}).get("shortfall_t")
                    ),
                )
            )
    top = _critical_alone(results, criticality)
    if top is not None:
        affected = str(top.get("affected", "") or "")
        where = f" ({affected})" if affected and affected.count(",") < PROVINCES_NAMED else ""
        out.append(
            Message(
                f"Plan for a closure of {place_name(top['name'])}: alone for "
                f"{criticality.duration_days} days it adds {top['added_shortfall_t']:,.0f} t "
                f"short in {int(top['provinces_affected'])} provinces{where}, more than any "
                "scenario judged here; no scenario closes it.",
                MEDIUM,
            )
        )
    return out


def _price_text(result: ScenarioResult) -> str | None:
    """Price peaks in words, with foresight (and without, when the run solved it): "the market
    basket costs up to +35 % more nationally (week 3; +41 % if a surprise); at their peaks rice
    +60 %, …"; None without priced goods or with no rise of half a percent.
    """
    peak = result.totals.get("basket_peak_price_change_pct")
    if peak is None or pd.isna(peak) or peak < 0.5:
        return None
    surprise = (
        result.surprise.totals.get("basket_peak_price_change_pct") if result.surprise else None
    )
    if_surprise = (
        f"; {surprise:+.0f} % if a surprise"
        if surprise is not None and not pd.isna(surprise) and abs(surprise - peak) >= 0.5
        else ""
    )
    risen, _ = price_peaks(result)
    return (
        f"the market basket costs up to {peak:+.0f} % more nationally (week "
        f"{int(result.totals['basket_peak_week']) + 1}{if_surprise})"
        + (f"; at their peaks {', '.join(risen)}" if risen else "")
    )


def outlook(
    results: Results, criticality: CriticalityResult | None, start_date: date | None = None
) -> list[Message]:
    """The most likely scenario, then the range of the others and of the two foresight bounds,
    prices and people.
    """
    likely, worst = most_likely_scenario(results), worst_scenario(results)
    out = []
    if likely is not None:
        surprise = _bounds(likely)[1]
        out.append(
            Message(
                f"Most likely, {_label(likely)}: {_outcome(likely)} over "
                f"{results.horizon_days} days.",
                _confidence(
                    likely.totals["shortfall_t"], surprise["shortfall_t"] if surprise else None
                ),
            )
        )
    others = [s for s in results.scenarios[1:] if s is not likely]
    if others:
        ordered = sorted(others, key=lambda s: s.totals["shortfall_t"])
        lo, hi = ordered[0], ordered[-1]
        surprises = [s.surprise.totals["shortfall_t"] for s in others if s.surprise is not None]
        text = (
            f"The range over the {len(others)} other scenarios: from "
            f"{tonnes_of(lo.totals['shortfall_t'], lo.totals['need_t'])} short "
            f"({lo.scenario.display_name}) to "
            f"{tonnes_of(hi.totals['shortfall_t'], hi.totals['need_t'])} "
            f"({hi.scenario.display_name}) if closures are foreseen"
        )
        if surprises:
            text += f"; up to {max(surprises):,.0f} t if each comes without warning"
        out.append(Message(text + ".", MEDIUM))
    if likely is not None and likely is not worst:
        prices = _price_text(likely)
        if prices:
            out.append(Message(f"Prices, most likely: {prices}.", LOW))
    if worst is not None:
        t = worst.totals
        text = (
            f"Worst case, {_label(worst)}: {people_text(worst, results.horizon_days)} without "
            f"food; {t['aid_shortfall_t']:,.0f} t of it aid"
        )
        prices = _price_text(worst)
        out.append(
            Message(f"{text}. {prices[:1].upper()}{prices[1:]}.", LOW)
            if prices
            else Message(text + ".", MEDIUM)
        )
    return out


def briefing(
    results: Results, criticality: CriticalityResult | None = None, start_date: date | None = None
) -> Briefing:
    """Everything page 1 says (``Briefing``), computed from the run and its ranking."""
    status, shown = status_today(results)
    table = runs_short_table(results, start_date)
    scenarios = [s.scenario.display_name for s in _shown(results)]
    return Briefing(
        headline=headline(results, criticality),
        in_numbers=in_numbers(results, status, criticality),
        outlook=outlook(results, criticality, start_date),
        runs_short=table,
        runs_short_scenarios=scenarios,
        crossings=crossing_lines(results, status, shown),
        crossings_scenario=shown.scenario.display_name,
        actions=actions(results, criticality, start_date),
        notes=[FIRST_DAY_NOTE, PERCENT_NOTE, CONFIDENCE_NOTE],
    )


__all__ = ["Briefing", "Message", "briefing", "headline", "tonnes_of"]
