"""The report's map (matplotlib, no display and no network access needed).

One A4-landscape figure with a panel for the most likely and one for the worst scenario:
provinces shaded by shortfall (% of the province's need over the horizon) on one colour scale
fitted to the data, crossings marked and labelled open, restricted or closed with their days,
routes drawn with a width by the tonnes they carried, and a footer with dates, source and the
usual disclaimer. Province boundaries are the bundled ones (``inputs/boundaries/``), drawn when
the network's demand P-codes are Afghan (AF01–AF34); any other network is drawn as points.

The pure helpers (``shortfall_scale_pct``, ``crossing_states``, ``map_panels``, ``safe_text``)
hold the decisions; ``map_figure`` draws them and ``map_png`` returns the PNG bytes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from logistics.analyses.run import Results, ScenarioResult
from networks.scenarios import Closure, Scenario

A4_LANDSCAPE_CM = (27.7, 19.0)  # A4 landscape (29.7 × 21 cm) less 1 cm margins
CM_PER_INCH = 2.54
# White → orange → dark red; the same stops suit an Excel three-colour scale (0, mid, maximum).
SHORTFALL_COLOURS = ("#FFFFFF", "#F4B183", "#C00000")
NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
OPEN, RESTRICTED, CLOSED = "open", "restricted", "closed"
MAX_LABEL_CHARS = 40
MAX_SPELLS = 4  # more separate spells than this are summarised as "N days between a and b"

# Day categories, in order of severity.
_OPEN, _RESTRICTED, _EXEMPT_ONLY, _CLOSED = 0, 1, 2, 3


def safe_text(text: object, max_chars: int = MAX_LABEL_CHARS) -> str:
    """Make input text safe for a matplotlib label.

    ``$`` is escaped (no mathtext) and the text cut to ``max_chars`` characters with "…".
    """
    text = " ".join(str(text).split())
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def shortfall_scale_pct(shares_pct: Iterable[float]) -> float:
    """Top of the shortfall colour scale, in % of need.

    The largest share rounded up to a nice number (1, 2, 2.5 or 5 × a power of ten, at most
    100); 0 when every share is 0 or missing.
    """
    values = np.asarray([s for s in shares_pct if s is not None], dtype=float)
    values = values[np.isfinite(values)]
    worst = float(values.max()) if values.size else 0.0
    if worst <= 1e-9:
        return 0.0
    power = 10.0 ** math.floor(math.log10(worst))
    top = next(step * power for step in NICE_STEPS if step * power >= worst * (1 - 1e-9))
    return min(top, 100.0)


def day_ranges(days: Iterable[int]) -> str:
    """Write days as text: "day 5", "days 0–29", "days 10–24, 35–44".

    More than ``MAX_SPELLS`` spells read "31 days between day 0 and day 89"; no days read "".
    """
    days = np.unique(np.asarray(list(days), dtype=int))
    if days.size == 0:
        return ""
    breaks = np.flatnonzero(np.diff(days) > 1)
    starts, ends = days[np.r_[0, breaks + 1]], days[np.r_[breaks, days.size - 1]]
    if len(starts) > MAX_SPELLS:
        return f"{days.size} days between day {days[0]} and day {days[-1]}"
    if len(starts) == 1 and starts[0] == ends[0]:
        return f"day {starts[0]}"
    return "days " + ", ".join(
        f"{a}" if a == b else f"{a}–{b}" for a, b in zip(starts, ends, strict=True)
    )


def _closure_days(closures: list[Closure], horizon_days: int) -> tuple[np.ndarray, np.ndarray]:
    """Capacity factor per day (1 = normal) and category per day of the closures of one target.

    Overlapping closures take the smallest factor; a commodity passes a day only when every
    closure active that day exempts it (as the model does).
    """
    factor = np.full(horizon_days, np.nan)  # NaN: no closure that day
    active = np.zeros(horizon_days, dtype=int)
    exempt_count: dict[str, np.ndarray] = {}
    for c in closures:
        days = slice(
            min(c.start_day, horizon_days),
            min(horizon_days if c.end_day is None else c.end_day, horizon_days),
        )
        factor[days] = np.fmin(factor[days], c.capacity_factor)
        active[days] += 1
        for commodity in c.exempt:
            exempt_count.setdefault(commodity, np.zeros(horizon_days, dtype=int))[days] += 1
    factor = np.nan_to_num(factor, nan=1.0)
    exempt = np.zeros(horizon_days, dtype=bool)
    for count in exempt_count.values():
        exempt |= (count == active) & (active > 0)
    category = np.select(
        [factor >= 1, factor > 0, exempt], [_OPEN, _RESTRICTED, _EXEMPT_ONLY], _CLOSED
    )
    return factor, category


def _side_category(categories: list[np.ndarray], horizon_days: int) -> np.ndarray:
    """Category per day of one side (in or out) of a crossing, from its routes' categories.

    The best route's category, or restricted when the best is open but another route is not.
    """
    if not categories:
        return np.zeros(horizon_days, dtype=int)
    stack = np.vstack(categories)
    best, worst = stack.min(axis=0), stack.max(axis=0)
    return np.where(best > _OPEN, best, np.where(worst > _OPEN, _RESTRICTED, _OPEN))


def _route_categories(
    crossing: str,
    closures: list[Closure],
    routes: pd.DataFrame,
    crossings: set[str],
    horizon_days: int,
) -> tuple[list, list]:
    """Categories per day of the routes into and out of ``crossing``.

    A route counts the closures of itself and of its other end (closing a node without a
    throughput limit closes its routes, as in the model).
    """
    into, out = [], []
    touching = routes[(routes["from"] == crossing) | (routes["to"] == crossing)]
    for rid, a, b, both_ways in zip(
        touching["id"], touching["from"], touching["to"], touching["bidirectional"], strict=True
    ):
        other = b if a == crossing else a
        relevant = [
            c for c in closures if c.target == rid or (c.target == other and other not in crossings)
        ]
        category = _closure_days(relevant, horizon_days)[1]
        if b == crossing or both_ways:
            into.append(category)
        if a == crossing or both_ways:
            out.append(category)
    return into, out


def _state_text(category: np.ndarray, factor: np.ndarray) -> str:
    """Plain words for a crossing's days: "closed days 0–29; ×0.7 other days"."""
    parts = []
    if (category == _CLOSED).any():
        parts.append(f"closed {day_ranges(np.flatnonzero(category == _CLOSED))}")
    if (category == _EXEMPT_ONLY).any():
        parts.append(f"exempt goods only {day_ranges(np.flatnonzero(category == _EXEMPT_ONLY))}")
    restricted = category == _RESTRICTED
    by_route = restricted & (factor >= 1)
    for f in np.unique(factor[restricted & (factor < 1)]):
        days = restricted & (factor == f)
        rest = (
            "other days"
            if parts and not (category == _OPEN).any() and days.sum() == restricted.sum()
            else day_ranges(np.flatnonzero(days))
        )
        parts.append(f"{'×' if parts else 'restricted ×'}{f:.2g} {rest}")
    if by_route.any():
        parts.append(f"routes restricted {day_ranges(np.flatnonzero(by_route))}")
    return "; ".join(parts) or OPEN


def crossing_states(
    scenario: Scenario,
    crossings: Iterable[str] | pd.DataFrame,
    horizon_days: int,
    routes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each crossing's state over the horizon, from the scenario's closures.

    ``crossings``: crossing node ids (or a frame indexed by them: ``ScenarioResult.crossings``);
    ``routes``: the network's routes (id, from, to, bidirectional), so that a closed route or a
    closed node next to a crossing counts too. Returns a frame indexed by crossing with
    ``state`` ("closed" when all cargo is stopped on some day — by the crossing's own closure or
    all its routes on one side; "restricted" when a factor between 0 and 1, exempt commodities or
    some of its routes limit it; "open"), ``days`` (the days not open, "days 0–29"),
    ``closed_days`` and ``restricted_days`` (counts, days) and ``text`` (all of it in words).
    """
    ids = list(crossings.index if isinstance(crossings, pd.DataFrame) else crossings)
    closures = list(scenario.closures)
    rows = []
    for crossing in ids:
        factor, own = _closure_days([c for c in closures if c.target == crossing], horizon_days)
        into, out = (
            _route_categories(crossing, closures, routes, set(ids), horizon_days)
            if routes is not None
            else ([], [])
        )
        category = np.maximum.reduce(
            [own, _side_category(into, horizon_days), _side_category(out, horizon_days)]
        )
        closed = category == _CLOSED
        limited = (category == _RESTRICTED) | (category == _EXEMPT_ONLY)
        state = CLOSED if closed.any() else RESTRICTED if limited.any() else OPEN
        factor = np.where(category == own, factor, 1.0)
        rows.append(
            {
                "crossing": crossing,
                "state": state,
                "days": day_ranges(np.flatnonzero(category > _OPEN)),
                "closed_days": int(closed.sum()),
                "restricted_days": int(limited.sum()),
                "text": _state_text(category, factor),
            }
        )
    return pd.DataFrame(
        rows, columns=["crossing", "state", "days", "closed_days", "restricted_days", "text"]
    ).set_index("crossing")


def map_panels(results: Results) -> list[tuple[ScenarioResult, str]]:
    """Choose the scenarios the map shows, each with its role in words.

    The most likely (highest probability among the scenarios other than the baseline; the first
    on a tie; none when no scenario has a probability) and the worst (largest shortfall in t
    among them); one panel when they coincide; the baseline alone when nothing else was run.
    """
    others = results.scenarios[1:]
    if not others:
        return [(results.baseline, "the only scenario run")]
    from logistics.analyses.findings import most_likely_scenario, worst_scenario

    # the report's own choices (findings), so the map and page 1 speak of the same scenarios
    worst = worst_scenario(results) or max(others, key=lambda s: s.totals["shortfall_t"])
    likely = most_likely_scenario(results)
    worst_role = (
        f"worst of the {len(others)} scenarios beside the baseline"
        if len(others) > 1
        else "the only scenario beside the baseline"
    )
    if likely is None:
        return [(worst, worst_role)]
    likely_role = f"most likely (probability {likely.scenario.probability:.2f}, analyst judgement)"
    if likely is worst:
        return [(worst, f"{likely_role} and {worst_role}")]
    return [(likely, likely_role), (worst, worst_role)]
