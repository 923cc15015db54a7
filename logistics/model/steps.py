"""The model's time steps: daily where "from which day" matters, coarser after.

A step covers days ``start_day .. start_day + days - 1`` of the horizon. Within a step every
decision runs at a uniform daily rate (a tonne dispatched in a 7-day step leaves as 1/7 t on
each of its days), so the model writes each step's totals: supply taken, deliveries, unmet need
and the cargo an arc or a crossing carries sum over the step's days, capacities are the sum of
the daily capacities (C × Σ_d f_d), and stock is held at each step's end. Tables are read back
per day (``logistics.solve.extract``), each step's total spread over its days.

``fitted`` steps (``--time-steps fitted``) are daily for the first ``daily_days`` days, then a
week long, aligned to the 7-day weeks the prices are read in (``logistics.analyses.prices``),
and split at every day a scenario's closure starts or ends, so that a closure's factor and
exemptions never change inside a step. ``daily`` steps are the exact daily model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

STEP_RULES = ("daily", "fitted")
# Days of daily steps before the fitted steps turn weekly: the first four weeks, where the first
# day short of every bundled scenario lies.
DAILY_DAYS = 28
STEP_DAYS = 7
# Days of daily steps at the horizon's end: the daily model stops sending cargo that would
# arrive after the horizon, which a long step, dispatching evenly over its days, cannot do.
DAILY_END_DAYS = 14


@dataclass(frozen=True, eq=False)
class TimeSteps:
    """Steps over ``horizon_days`` days: step i starts on day ``start_day[i]`` and lasts
    ``days[i]`` days; the steps cover the horizon without gap or overlap.
    """

    start_day: np.ndarray
    days: np.ndarray
    horizon_days: int

    def __post_init__(self) -> None:
        start, days = np.asarray(self.start_day), np.asarray(self.days)
        if (
            len(start) == 0
            or start[0] != 0
            or np.any(days < 1)
            or np.any(start[1:] != start[:-1] + days[:-1])
            or start[-1] + days[-1] != self.horizon_days
        ):
            msg = f"time steps must cover days 0..{self.horizon_days - 1} in order"
            raise ValueError(msg)

    def __len__(self) -> int:
        return len(self.start_day)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TimeSteps)
            and self.horizon_days == other.horizon_days
            and np.array_equal(self.start_day, other.start_day)
        )

    def __hash__(self) -> int:
        return hash((self.horizon_days, tuple(self.start_day.tolist())))

    @classmethod
    def from_starts(cls, starts: Iterable[int], horizon_days: int) -> TimeSteps:
        """Steps starting on the given days (0 added; days outside 1..horizon-1 dropped)."""
        start = np.array(sorted({0, *(int(d) for d in starts if 0 < d < horizon_days)}))
        days = np.diff(np.append(start, horizon_days))
        return cls(start, days, int(horizon_days))

    @classmethod
    def daily(cls, horizon_days: int) -> TimeSteps:
        """One step per day."""
        return cls.from_starts(range(horizon_days), horizon_days)

    @classmethod
    def fitted(
        cls,
        horizon_days: int,
        boundaries: Iterable[int] = (),
        daily_days: int = DAILY_DAYS,
        step_days: int = STEP_DAYS,
        daily_end_days: int = 0,
    ) -> TimeSteps:
        """Daily steps for days 0..``daily_days``-1, then ``step_days``-day steps on the
        ``step_days``-day weeks, split at each of ``boundaries`` (days a closure starts or ends).
        """
        starts = set(range(min(daily_days + 1, horizon_days)))  # the last daily step ends
        first_week = -(-daily_days // step_days) * step_days  # the first week start ≥ daily_days
        starts.update(range(first_week, horizon_days, step_days))
        starts.update(boundaries)
        starts.update(range(max(horizon_days - daily_end_days, 0), horizon_days))
        return cls.from_starts(starts, horizon_days)

    @property
    def is_daily(self) -> bool:
        """True when every step is one day."""
        return bool(np.all(self.days == 1))

    @property
    def step_of_day(self) -> np.ndarray:
        """The step of each day 0..horizon-1."""
        return np.repeat(np.arange(len(self)), self.days)

    def totals(self, per_day: np.ndarray) -> np.ndarray:
        """Sum a per-day array (days on the last axis) over each step's days."""
        return np.add.reduceat(np.asarray(per_day, dtype=float), self.start_day, axis=-1)

    def all_days(self, per_day: np.ndarray) -> np.ndarray:
        """True per step where a boolean per-day array (days on the last axis) holds on every
        day of the step.
        """
        return np.minimum.reduceat(np.asarray(per_day, dtype=bool), self.start_day, axis=-1)

    def stock_days(self) -> np.ndarray:
        """Days each step's end stock is held, by the trapezoid rule: a stock that runs
        linearly from s[t-1] to s[t] over a step of w days is held Σ_j (s[t-1] + j/w Δ) =
        s[t-1] (w-1)/2 + s[t] (w+1)/2 tonne-days, so s[t] counts (w_t + 1)/2 days in its own
        step and (w_{t+1} - 1)/2 in the next: one day per day when steps are days.
        """
        own = (self.days + 1) / 2
        own[:-1] += (self.days[1:] - 1) / 2
        return own

    def days_of(self, step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each entry of ``step`` (step numbers) once per day of its step: (entry's position,
        day).
        """
        step = np.asarray(step, dtype=np.int64)
        width = self.days[step]
        which = np.repeat(np.arange(len(step)), width)
        first = np.cumsum(width) - width
        return which, self.start_day[step][which] + np.arange(len(which)) - np.repeat(first, width)

    def arrivals(self, lag_days: np.ndarray, step: np.ndarray) -> tuple[np.ndarray, ...]:
        """Where cargo dispatched in ``step`` on an arc with ``lag_days`` arrives: one entry per
        dispatch day, as (entry's position in the inputs, arrival day, arrival step, share of
        the step's cargo). An arrival day at or past the horizon has step -1.
        """
        which, day = self.days_of(step)
        day = day + np.asarray(lag_days)[which]
        inside = day < self.horizon_days
        arrival_step = np.full(len(day), -1)
        arrival_step[inside] = self.step_of_day[day[inside]]
        return which, day, arrival_step, 1.0 / self.days[np.asarray(step)[which]]


def closure_days(scenarios: Iterable) -> set[int]:
    """Every day a closure of ``scenarios`` starts or ends (the fitted steps' boundaries)."""
    return {
        d for s in scenarios for c in s.closures for d in (c.start_day, c.end_day) if d is not None
    }


def network_days(network, horizon_days: int) -> set[int]:
    """Every day a supply or demand row of ``network`` starts or ends, and, for calendar-month
    supply rows on a network placed on the calendar (``Network.on_calendar``), every first day
    of a month within the horizon: days on which a step's daily rate would change.
    """
    days: set[int] = set()
    for table in (network.supply, network.demand):
        for column in ("start_day", "end_day"):
            if column in table:
                days.update(int(d) for d in table[column].dropna())
    monthly = "month" in network.supply and network.supply["month"].notna().any()
    if monthly and network.day_zero is not None:
        dates = np.datetime64(network.day_zero, "D") + np.arange(horizon_days)
        first = dates.astype("datetime64[M]").astype("datetime64[D]") == dates
        days.update(np.flatnonzero(first).tolist())
    return days


def make_steps(rule: str, horizon_days: int, scenarios: Iterable = (), network=None) -> TimeSteps:
    """The steps of ``rule`` ("fitted" or "daily") for ``scenarios`` on ``network`` over
    ``horizon_days``: fitted steps split at every closure's days and every day a supply or
    demand rate of the network changes (``network_days``).
    """
    if rule == "daily":
        return TimeSteps.daily(horizon_days)
    if rule == "fitted":
        days = closure_days(scenarios)
        if network is not None:
            days |= network_days(network, horizon_days)
        return TimeSteps.fitted(horizon_days, days, daily_end_days=DAILY_END_DAYS)
    msg = f"unknown time steps {rule!r}; choose one of {', '.join(STEP_RULES)}"
    raise ValueError(msg)
