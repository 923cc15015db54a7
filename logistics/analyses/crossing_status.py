"""The status of each border crossing over a scenario's horizon, from its closures and the
network: **not functional** (a throughput limit of 0 t/day: no cargo passes whatever the
scenario says), **open**, **restricted** (a capacity factor between 0 and 1, only exempt goods
passing, or some of its routes closed) or **closed** (no cargo passes: factor 0, or every route
on one side closed), each with its days.

One source for every place that names a status (the Summary's crossing status, the Crossings
sheet, the map), so they cannot disagree. Days are counted from 0; end days are exclusive in
the closures and inclusive in the text ("days 0–29" is 30 days).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from networks.scenarios import Closure, Scenario

NOT_FUNCTIONAL, OPEN, RESTRICTED, CLOSED = "not functional", "open", "restricted", "closed"
MAX_SPELLS = 4  # more separate spells than this are summarised as "N days between a and b"

# Day categories, in order of severity.
_OPEN, _RESTRICTED, _EXEMPT_ONLY, _CLOSED = 0, 1, 2, 3
_STATUS = {_OPEN: OPEN, _RESTRICTED: RESTRICTED, _EXEMPT_ONLY: RESTRICTED, _CLOSED: CLOSED}


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
    throughput_t_per_day: pd.Series | None = None,
) -> pd.DataFrame:
    """Each crossing's status over the horizon, from the scenario's closures.

    ``crossings``: crossing node ids (or a frame indexed by them: ``ScenarioResult.crossings``);
    ``routes``: the network's routes (id, from, to, bidirectional), so that a closed route or a
    closed node next to a crossing counts too; ``throughput_t_per_day``: the crossings' normal
    limits (t/day, indexed by node id), so that a crossing whose limit is 0 reads "not
    functional" whatever its closures.

    Returns a frame indexed by crossing with ``state``, the worst status on any day of the
    horizon ("not functional"; "closed" when all cargo is stopped on some day, by the crossing's
    own closure or all its routes on one side; "restricted" when a factor between 0 and 1, exempt
    commodities or some of its routes limit it; "open"); ``today``, the status on day 0;
    ``days`` (the days not open, "days 0–29"); ``closed_days`` (days on which no cargo passes:
    factor 0 or no route) and ``restricted_days`` (days limited but not closed), both counts of
    days; ``factor``, the smallest capacity factor above 0 on the restricted days (NaN when none);
    and ``text``, all of it in words ("closed days 10–24, 55–64; ×0.7 other days").
    """
    ids = list(crossings.index if isinstance(crossings, pd.DataFrame) else crossings)
    closures = list(scenario.closures)
    limits = (
        pd.Series(np.nan, index=ids)
        if throughput_t_per_day is None
        else pd.to_numeric(throughput_t_per_day.reindex(ids), errors="coerce")
    )
    rows = []
    for crossing in ids:
        if limits[crossing] == 0:
            rows.append(
                {
                    "crossing": crossing,
                    "state": NOT_FUNCTIONAL,
                    "today": NOT_FUNCTIONAL,
                    "days": "",
                    "closed_days": 0,
                    "restricted_days": 0,
                    "factor": np.nan,
                    "text": f"{NOT_FUNCTIONAL} (no capacity in the network data)",
                }
            )
            continue
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
        partial = factor[limited & (factor > 0) & (factor < 1)]
        rows.append(
            {
                "crossing": crossing,
                "state": state,
                "today": _STATUS[int(category[0])] if horizon_days else OPEN,
                "days": day_ranges(np.flatnonzero(category > _OPEN)),
                "closed_days": int(closed.sum()),
                "restricted_days": int(limited.sum()),
                "factor": float(partial.min()) if partial.size else np.nan,
                "text": _state_text(category, factor),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "crossing",
            "state",
            "today",
            "days",
            "closed_days",
            "restricted_days",
            "factor",
            "text",
        ],
    ).set_index("crossing")
