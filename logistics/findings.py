"""Key findings: 3-6 plain sentences generated from a run's results, for the report's first page.

Each sentence states numbers the tables hold (rounded for reading) and nothing the model did not
compute. Which sentences appear depends on what the run has: the largest shortfall and where,
the provinces hit hardest, the most critical crossing (from a criticality ranking, else from
shadow prices), what the crossings left open recover, what each variant (e.g. a humanitarian
corridor) changes, and the probability-weighted outlook.
"""

from __future__ import annotations

import numpy as np

from .criticality import CriticalityResult
from .run import Results, ScenarioResult

# Country codes of the neighbours, for sentences ("through Iran and Central Asia").
COUNTRY_NAMES = {"PAK": "Pakistan", "IRN": "Iran", "UZB": "Uzbekistan", "TKM": "Turkmenistan", "TJK": "Tajikistan", "KAZ": "Kazakhstan", "CHN": "China"}
MAX_FINDINGS = 6


def _t(value: float) -> str:
    """Tonnes for reading: 3 significant figures above 1,000 t (41,000 t), else whole tonnes."""
    if abs(value) >= 1000:
        digits = int(np.floor(np.log10(abs(value)))) - 2
        return f"{round(value, -digits):,.0f} t"
    return f"{value:,.0f} t"


def _n(value: float) -> str:
    """A large count for reading: 2.3 million, 41,000."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:,.1f} million"
    return f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{value:.1f} %" if value >= 0.1 or value == 0 else "under 0.1 %"


def _province(results: Results, node: str) -> str:
    row = results.network.node_table.loc[node]
    return str(row["name"])


def _worst(results: Results) -> ScenarioResult | None:
    """The scenario with the largest shortfall above the baseline's (None if none adds any)."""
    others = [s for s in results.scenarios[1:] if s.change.get("shortfall_t", 0.0) > 0.5]
    return max(others, key=lambda s: s.totals["shortfall_t"]) if others else None


def largest_shortfall(results: Results) -> str | None:
    """The worst scenario: tonnes and % short, people-days, first province and day."""
    worst = _worst(results)
    if worst is None:
        if len(results.scenarios) > 1:
            return f"No scenario leaves more food undelivered than the baseline ({_t(results.baseline.totals['shortfall_t'])} over {results.horizon_days} days): the open routes absorb every closure."
        return None
    t = worst.totals
    first = t["first_province_short"]
    when = f"; {_province(results, first)} runs short first, from day {int(worst.by_node.at[first, 'first_shortfall_day'])}" if first else ""
    return (
        f"The worst case, {worst.name}, leaves {_t(t['shortfall_t'])} of food undelivered over {results.horizon_days} days "
        f"({_pct(t['shortfall_pct'])} of need, {_n(t['people_days_unmet'])} people-days without food){when}."
    )


def hardest_hit(results: Results) -> str | None:
    """The provinces with the largest shortfall share in the worst scenario."""
    worst = _worst(results)
    if worst is None:
        return None
    table = worst.by_node[worst.by_node["need_t"] > 0].sort_values(["shortfall_pct", "shortfall_t"], ascending=False)
    table = table[table["shortfall_t"] > 0.5].head(3)
    if table.empty:
        return None
    parts = [f"{_province(results, n)} ({_pct(r['shortfall_pct'])} short, {_t(r['shortfall_t'])})" for n, r in table.iterrows()]
    return f"In {worst.name} the hardest-hit provinces are " + ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1] + "."


def critical_crossing(results: Results, criticality: CriticalityResult | None) -> str | None:
    """The crossing whose loss hurts most: from the ranking if given, else the shadow prices."""
    if criticality is not None:
        crossings = criticality.ranking[criticality.ranking["kind"] == "crossing"]
        if crossings.empty:
            return None
        top = crossings.iloc[0]
        if top["added_shortfall_t"] <= 0.5:
            return f"No single crossing is critical: closing any one for {criticality.duration_days} days adds no shortfall: the other crossings and the day-0 stocks cover its traffic."
        harmless = int((crossings["added_shortfall_t"] <= 0.5).sum())
        tail = f"; closing any one of {harmless} others alone adds nothing" if harmless else ""
        return (
            f"The most critical crossing is {top['name']}: closing it alone for {criticality.duration_days} days adds "
            f"{_t(top['added_shortfall_t'])} of shortfall ({_pct(top['added_shortfall_pct'])} of need) across {int(top['provinces_affected'])} provinces{tail}."
        )
    worst = _worst(results)
    if worst is None:
        return None
    prices = worst.crossings["shadow_price"].dropna()
    if prices.empty or prices.max() <= 1e-6:
        return None
    node = prices.idxmax()
    return (
        f"In {worst.name}, the most valuable crossing capacity is at {worst.crossings.at[node, 'name']}: each extra tonne a day "
        f"through it would meet {prices.max():,.0f} t more need over the horizon."
    )


def rerouting(results: Results) -> str | None:
    """What the crossings left open carry on top of the baseline, against what the closed ones lose."""
    from .calibration import crossing_neighbours

    worst = _worst(results)
    if worst is None:
        return None
    base = results.baseline.crossings["throughput_t"]
    here = worst.crossings["throughput_t"].reindex(base.index, fill_value=0.0)
    closed = worst.crossings["closed_days"].reindex(base.index, fill_value=0) > 0
    lost = float((base - here)[closed].clip(lower=0).sum())
    gain = (here - base)[~closed].clip(lower=0)
    if lost <= 0.5 or gain.sum() <= 0.5:
        return None
    neighbours = crossing_neighbours(results.network).reindex(gain.index)
    by_country = gain.groupby(neighbours.fillna("other")).sum().sort_values(ascending=False)
    by_country = by_country[by_country > 0.5]
    parts = [f"{'+'.join(COUNTRY_NAMES.get(c, c) for c in str(code).split('+'))} +{_t(v)}" for code, v in by_country.head(3).items()]
    replaced = f", replacing {_pct(100 * gain.sum() / lost)} of it" if gain.sum() < lost else ""
    return (
        f"Rerouting: in {worst.name} the closed crossings carry {_t(lost)} less than in the baseline, and the crossings left open "
        f"{_t(gain.sum())} more ({', '.join(parts)}){replaced}."
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
        if abs(pt["shortfall_t"] - vt["shortfall_t"]) <= 0.5 and abs(pt["aid_shortfall_t"] - vt["aid_shortfall_t"]) <= 0.5:
            out.append(f"{s.name} (a variant of {parent.name}) changes nothing over {results.horizon_days} days: both leave {_t(vt['shortfall_t'])} undelivered.")
            continue
        aid = f"aid shortfall from {_t(pt['aid_shortfall_t'])} to {_t(vt['aid_shortfall_t'])}" if pt["aid_need_t"] > 0 else None
        total = f"total shortfall from {_t(pt['shortfall_t'])} to {_t(vt['shortfall_t'])}"
        change = ", and ".join(p for p in (aid, total) if p)
        out.append(f"{s.name} (a variant of {parent.name}) changes {change}.")
    return out


def weighted(results: Results) -> str | None:
    """The probability-weighted expectation over the scenario matrix."""
    w = results.probability_weighted()
    if not w or w["expected_shortfall_t"] is None:
        return None
    note = "" if w["complete"] else f" (their probabilities sum to {w['probability_sum']:.2f}, not 1)"
    return (
        f"Weighted by the probabilities of the {len(w['scenarios'])} alternatives{note}, the expected shortfall is {_t(w['expected_shortfall_t'])} "
        f"({_pct(w['expected_shortfall_pct'])} of need), {_n(w['expected_people_days_unmet'])} people-days without food."
    )


def key_findings(results: Results, criticality: CriticalityResult | None = None) -> list[str]:
    """3-6 sentences (fewer when the run has less to say, e.g. a baseline alone)."""
    found = [largest_shortfall(results), hardest_hit(results), critical_crossing(results, criticality), rerouting(results), *variants(results)[:1], weighted(results)]
    return [f for f in found if f][:MAX_FINDINGS]
