"""Replay past closures: run each as a scenario and set the model beside the record.

A replay set is a folder (the bundled one is ``inputs/replay/``) holding:

- ``events.yaml``: ``regions`` (name → P-codes, or ``"*"`` for the whole country) and ``events``,
  each with an ``id``, a ``title``, the ``scenario`` file that states the closure in days, the
  calendar ``start_date`` of day 0 and the ``window_days`` [first, end) over which the model is
  judged;
- one scenario file per event (the ordinary YAML format, so ``borderflow run`` takes it too),
  which must give its ``horizon_days``;
- ``observed.csv``: what the record shows, one row per event, commodity and region, with columns
  ``event, commodity, region, observed, first_week, evidence, source`` where ``observed`` is
  ``short`` or ``not short`` and ``first_week`` (1 = days 0–6 of the closure) may be blank.

The model has no prices, so the comparison is of **direction and timing, not tonnes**: a
commodity counts as short in a region when the closure *adds* shortfall of at least
``SHORT_PCT`` % of that region's need of it over the window (added = scenario minus the
no-closure baseline on the same horizon, so a shortfall the baseline has anyway is not the
closure's), and its first week short is the first week with a day whose added shortfall exceeds
0.5 % of that day's need (``logistics.analyses.readout.SHORT_DAY_SHARE``). The table shows the added
percentage itself, so a reader sees how far each verdict is from the line.

Each event is run under both foresight bounds: ``none`` (the closure is learned on the day it
starts, as the past closures were) is the verdict; ``perfect`` is shown beside it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from logistics.analyses import prices
from logistics.analyses.readout import SHORT_DAY_SHARE
from logistics.engine.engine import SHORTFALL_STAGES, Engine, EngineSpec
from logistics.solve.extract import ScenarioSolution
from networks import Network, Problem, ScenarioError
from networks.scenarios import (
    Scenario,
    baseline_scenario,
    load_scenario_file,
    read_yaml,
    validation_problems,
)

# A commodity is short in a region when the closure adds at least this % of its need in the window.
SHORT_PCT = 1.0
VERDICT_FORESIGHT = "none"
OBSERVED_COLUMNS = ["event", "commodity", "region", "observed", "first_week", "evidence", "source"]
# Optional columns of price observations: the week (1 = days 0-6) of a recorded price, its change
# in % against the price before the closure (or, where the record gives no number, its direction),
# and why the row agrees by construction (blank: it tests the model).
PRICE_COLUMNS = ["week", "price_change_pct", "direction", "by_construction"]
VERDICTS = ("short", "not short")
# Price changes: a rise or fall is a change of at least FLAT_PCT %; bands by size of the change.
DIRECTIONS = ("rise", "flat", "fall")
FLAT_PCT = 1.0
BANDS = ((5.0, "< 5 %"), (20.0, "5-20 %"), (np.inf, "> 20 %"))


class ReplayEvent(BaseModel):
    """One past closure: its scenario file, the date of day 0 and the judged window (days)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    scenario: str = Field(min_length=1)
    start_date: dt.date
    window_days: tuple[int, int]
    note: str = ""

    @model_validator(mode="after")
    def _window_in_order(self) -> ReplayEvent:
        first, end = self.window_days
        if not 0 <= first < end:
            msg = f"window_days {list(self.window_days)} must satisfy 0 ≤ first < end"
            raise ValueError(msg)
        return self


class ReplayManifest(BaseModel):
    """``events.yaml``: named regions (P-code lists or "*") and the events."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    regions: dict[str, list[str] | str]
    events: tuple[ReplayEvent, ...] = Field(min_length=1)


@dataclass(frozen=True)
class ReplaySet:
    """A loaded replay folder: the manifest, each event's scenario, and the observations."""

    folder: Path
    manifest: ReplayManifest
    scenarios: dict[str, Scenario]
    observed: pd.DataFrame

    def region_pcodes(self, region: str, network: Network) -> list[str]:
        """Return the P-codes of a named region ("*" = every demand node with a P-code)."""
        spec = self.manifest.regions[region]
        if spec == "*":
            nodes = network.nodes
            return sorted(nodes.loc[nodes["kind"] == "demand", "pcode"].dropna())
        return list(spec)


def load_replay(folder: str | Path) -> ReplaySet:
    """Read a replay folder; raise ScenarioError listing every problem (file, row or key, what to
    do).
    """
    folder = Path(folder)
    problems: list[Problem] = []
    try:
        manifest = ReplayManifest(**_mapping(read_yaml(folder / "events.yaml"), "events.yaml"))
    except ValidationError as exc:
        raise ScenarioError(validation_problems(exc, "events.yaml", _manifest_keys)) from exc
    scenarios: dict[str, Scenario] = {}
    for event in manifest.events:
        try:
            loaded = load_scenario_file(folder / event.scenario)
        except ScenarioError as exc:
            problems += exc.problems
            continue
        if len(loaded) != 1:
            problems.append(
                Problem(
                    event.scenario,
                    f"a replay scenario file holds exactly one scenario, found {len(loaded)}",
                )
            )
            continue
        horizon = loaded[0].horizon_days
        if horizon is None or event.window_days[1] > horizon:
            problems.append(
                Problem(
                    event.scenario,
                    (
                        "give horizon_days, at least the end of the event's window_days "
                        f"({event.window_days[1]})"
                    ),
                    column="horizon_days",
                )
            )
            continue
        scenarios[event.id] = loaded[0]
    observed = _read_observed(folder / "observed.csv", manifest, problems)
    if problems:
        raise ScenarioError(problems)
    return ReplaySet(folder, manifest, scenarios, observed)


def _mapping(data: object, where: str) -> dict:
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    where,
                    f"expected a mapping with keys regions and events, found {type(data).__name__}",
                )
            ]
        )
    return data


def _manifest_keys(loc: tuple) -> list[str]:
    model = ReplayEvent if "events" in loc else ReplayManifest
    return list(model.model_fields)


def _read_observed(path: Path, manifest: ReplayManifest, problems: list[Problem]) -> pd.DataFrame:
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except OSError as exc:
        problems.append(Problem(path.name, f"cannot read ({exc.strerror})"))
        return pd.DataFrame(columns=OBSERVED_COLUMNS)
    missing = [c for c in OBSERVED_COLUMNS if c not in table.columns]
    if missing:
        problems.append(
            Problem(
                path.name,
                (
                    f"missing columns {', '.join(missing)}; the header must be "
                    f"{','.join(OBSERVED_COLUMNS)}"
                ),
            )
        )
        return pd.DataFrame(columns=OBSERVED_COLUMNS)
    for column in PRICE_COLUMNS:
        if column not in table.columns:
            table[column] = ""
    events = {e.id for e in manifest.events}
    for i, row in enumerate(table.itertuples(index=False), start=2):
        problems += _price_problems(path.name, i, row)
        if row.event not in events:
            problems.append(
                Problem(
                    path.name,
                    f'unknown event "{row.event}"; use an id from events.yaml',
                    row=i,
                    column="event",
                )
            )
        if row.region not in manifest.regions:
            problems.append(
                Problem(
                    path.name,
                    f'unknown region "{row.region}"; use one of {", ".join(manifest.regions)}',
                    row=i,
                    column="region",
                )
            )
        if row.observed not in VERDICTS and (row.observed or not row.week):
            problems.append(
                Problem(
                    path.name,
                    f'observed is "{row.observed}"; write "short" or "not short" (blank only '
                    "on a price row, one with a week)",
                    row=i,
                    column="observed",
                )
            )
        if row.first_week and not row.first_week.isdigit():
            problems.append(
                Problem(
                    path.name,
                    (
                        f'first_week "{row.first_week}" is not a whole number of weeks (1 = days '
                        "0-6); leave blank if unknown"
                    ),
                    row=i,
                    column="first_week",
                )
            )
        if not row.source.strip():
            problems.append(
                Problem(
                    path.name,
                    "every observation needs a source (publication, date, URL)",
                    row=i,
                    column="source",
                )
            )
    for column in ("first_week", "week", "price_change_pct"):
        table[column] = pd.to_numeric(table[column], errors="coerce")  # blank or bad → NaN
    return table


def _price_problems(where: str, i: int, row) -> list[Problem]:
    """Problems of one observation's price columns (row ``i`` as a spreadsheet counts it)."""
    problems = []

    def bad(column: str, text: str) -> None:
        problems.append(Problem(where, text, row=i, column=column))

    if row.week and not row.week.isdigit():
        bad("week", f'week "{row.week}" is not a whole number of weeks (1 = days 0-6)')
    if row.price_change_pct:
        try:
            float(row.price_change_pct)
        except ValueError:
            bad("price_change_pct", f'"{row.price_change_pct}" is not a number (%)')
    if row.direction and row.direction not in DIRECTIONS:
        bad("direction", f'direction is "{row.direction}"; write one of {", ".join(DIRECTIONS)}')
    if row.week and not (row.price_change_pct or row.direction):
        bad(
            "price_change_pct", "a price row needs price_change_pct or, failing a number, direction"
        )
    if (row.price_change_pct or row.direction) and not row.week:
        bad("week", "a price change needs the week it was seen (1 = days 0-6)")
    return problems


def check_replay(replay: ReplaySet, network: Network) -> None:
    """Check observations against the network: commodities and regions' P-codes must exist."""
    problems: list[Problem] = []
    commodities = set(network.commodity_ids)
    pcodes = set(network.nodes["pcode"].dropna())
    for i, row in enumerate(replay.observed.itertuples(index=False), start=2):
        if row.commodity not in commodities:
            problems.append(
                Problem(
                    "observed.csv",
                    f'unknown commodity "{row.commodity}"; use a commodity id of the network',
                    row=i,
                    column="commodity",
                )
            )
    for region, spec in replay.manifest.regions.items():
        if spec != "*":
            problems += [
                Problem(
                    "events.yaml",
                    f'region "{region}": unknown P-code "{p}"',
                    column=f"regions.{region}",
                )
                for p in spec
                if p not in pcodes
            ]
    if problems:
        raise ScenarioError(problems)


def _added_shortfall(scenario: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """Per node, commodity and day: need and the shortfall the closure adds (t, never below 0)."""
    keys = ["node", "commodity", "day"]
    base = baseline.set_index(keys)["shortfall_t"]
    out = scenario.set_index(keys)[["need_t", "shortfall_t"]].copy()
    out["added_t"] = (out["shortfall_t"] - base.reindex(out.index, fill_value=0.0)).clip(lower=0.0)
    return out.reset_index()


Solved = dict[tuple[str, str], tuple[ScenarioSolution, ScenarioSolution]]


def solve_events(
    replay: ReplaySet,
    network: Network,
    foresights: tuple[str, ...] = ("none", "perfect"),
    solver: str = "highs",
    horizon_days: int | None = None,
) -> Solved:
    """Solve every event with observations under each foresight, and its no-closure baseline on
    the same horizon: (event id, foresight) → (scenario, baseline) solutions.

    ``horizon_days`` shortens every event to at most that many days (its window with it): a
    quicker, partial replay for tests; the replay table uses each event's own horizon.
    """
    check_replay(replay, network)
    solved: Solved = {}
    for event in replay.manifest.events:
        if event.id not in set(replay.observed["event"]):
            continue
        scenario = replay.scenarios[event.id]
        horizon = min(scenario.horizon_days, horizon_days or scenario.horizon_days)
        exempt = frozenset(c.target for c in scenario.closures if c.exempt)
        engine = Engine(
            EngineSpec(
                network.on_calendar(event.start_date),  # seasonal supply in the event's months
                horizon,
                exempt,
                solver,
                foresight="none" if "none" in foresights else "perfect",
            )
        )
        base = engine.solve(baseline_scenario(), SHORTFALL_STAGES)
        for foresight in foresights:
            solved[(event.id, foresight)] = (
                engine.solve(scenario, SHORTFALL_STAGES, foresight),
                base,
            )
    return solved


def model_side(
    replay: ReplaySet,
    network: Network,
    foresights: tuple[str, ...] = ("none", "perfect"),
    solver: str = "highs",
    horizon_days: int | None = None,
    solved: Solved | None = None,
) -> pd.DataFrame:
    """For every observation's (event, commodity, region) and each foresight: the added shortfall
    in % of need over the window (``added_pct_<f>``) and the first week with a short day
    (``first_week_<f>``, NaN when none), with ``need_t`` of the window. ``solved``: the events
    already solved (``solve_events``), else they are solved here (``horizon_days``: as there).
    """
    if solved is None:
        solved = solve_events(replay, network, foresights, solver, horizon_days)
    node_pcode = network.node_table["pcode"]
    rows = (
        replay.observed[["event", "commodity", "region"]].drop_duplicates().reset_index(drop=True)
    )
    out = rows.copy()
    daily: dict[tuple[str, str], pd.DataFrame] = {}
    windows = {e.id: e.window_days for e in replay.manifest.events}
    for (event_id, foresight), (scenario, base) in solved.items():
        first, end = windows[event_id]
        added = _added_shortfall(scenario.deliveries, base.deliveries)
        daily[(event_id, foresight)] = added[(added["day"] >= first) & (added["day"] < end)]
    for foresight in foresights:
        pct, week, need = [], [], []
        for event_id, commodity, region in rows.itertuples(index=False):
            table = daily[(event_id, foresight)]
            inside = table["node"].map(node_pcode).isin(replay.region_pcodes(region, network)) & (
                table["commodity"] == commodity
            )
            by_day = table[inside].groupby("day")[["need_t", "added_t"]].sum()
            total_need = float(by_day["need_t"].sum())
            pct.append(100.0 * float(by_day["added_t"].sum()) / total_need if total_need else 0.0)
            short_days = by_day.index[by_day["added_t"] > SHORT_DAY_SHARE * by_day["need_t"]]
            week.append(int(short_days.min()) // 7 + 1 if len(short_days) else np.nan)
            need.append(total_need)
        out[f"added_pct_{foresight}"] = pct
        out[f"first_week_{foresight}"] = week
        out["need_t"] = need
    return out


def price_side(replay: ReplaySet, network: Network, solved: Solved) -> pd.DataFrame:
    """For every price observation (a row with a week): the model's price change (%, against
    the baseline) of that commodity in that region and week under each foresight solved
    (``price_pct_<f>``; NaN past the event's horizon or for an unpriced commodity). A region's
    price is its provinces' prices weighted by their need that week.
    """
    rows = replay.observed[replay.observed["week"].notna()].copy()
    node_of = {p: n for n, p in network.node_table["pcode"].dropna().items()}
    for foresight in sorted({f for _, f in solved}):
        changes = {
            event_id: prices.price_changes(scenario, network, base)
            for (event_id, f), (scenario, base) in solved.items()
            if f == foresight
        }
        values = []
        for row in rows.itertuples(index=False):
            nodes = [node_of[p] for p in replay.region_pcodes(row.region, network) if p in node_of]
            value = prices.region_price_change(
                changes[row.event], nodes, row.commodity, int(row.week) - 1
            )
            values.append(np.nan if value is None else value)
        rows[f"price_pct_{foresight}"] = values
    return rows.reset_index(drop=True)


def direction(change_pct: float) -> str:
    """A price change's direction: rise or fall at ``FLAT_PCT`` % or more, else flat."""
    if change_pct >= FLAT_PCT:
        return "rise"
    return "fall" if change_pct <= -FLAT_PCT else "flat"


def band(change_pct: float) -> str:
    """A price change's band by size: < 5 %, 5-20 % or > 20 %."""
    return next(name for edge, name in BANDS if abs(change_pct) < edge)


def compare_prices(table: pd.DataFrame, foresight: str = VERDICT_FORESIGHT) -> pd.DataFrame:
    """Price observations beside the model (``price_side``): the record's and the model's
    direction and band, ``agrees`` (the same direction, and the same band where the record
    gives a number; NaN where the model has no price) and ``tests`` (False for a row marked as
    agreeing by construction: it is shown, not counted).
    """
    out = table.copy()
    recorded = out["price_change_pct"]
    out["record_direction"] = [
        direction(v) if pd.notna(v) else d for v, d in zip(recorded, out["direction"], strict=True)
    ]
    out["record_band"] = [band(v) if pd.notna(v) else "" for v in recorded]
    model = out[f"price_pct_{foresight}"]
    out["model_direction"] = [direction(v) if pd.notna(v) else "" for v in model]
    out["model_band"] = [band(v) if pd.notna(v) else "" for v in model]
    same_band = (out["record_band"] == "") | (out["record_band"] == out["model_band"])
    out["agrees"] = np.where(
        model.notna(), (out["record_direction"] == out["model_direction"]) & same_band, np.nan
    )
    out["tests"] = out["by_construction"].fillna("").astype(str).str.strip() == ""
    return out


def compare(replay: ReplaySet, model: pd.DataFrame) -> pd.DataFrame:
    """Observations beside the model (verdict under ``VERDICT_FORESIGHT``): ``model_short``,
    ``direction_agrees`` and ``timing_agrees`` (within one week; NaN where the record gives no
    week or either side is not short).
    """
    verdicts = replay.observed[replay.observed["observed"].isin(VERDICTS)]
    table = verdicts.merge(model, on=["event", "commodity", "region"], how="left")
    pct = table[f"added_pct_{VERDICT_FORESIGHT}"]
    table["model_short"] = pct >= SHORT_PCT
    table["direction_agrees"] = table["model_short"] == (table["observed"] == "short")
    model_week = table[f"first_week_{VERDICT_FORESIGHT}"]
    both = (
        table["first_week"].notna()
        & model_week.notna()
        & table["model_short"]
        & (table["observed"] == "short")
    )
    table["timing_agrees"] = np.where(both, (model_week - table["first_week"]).abs() <= 1, np.nan)
    # a row whose answer the model gives by construction is shown, not counted
    table["tests"] = table["by_construction"].fillna("").astype(str).str.strip() == ""
    return table


def shortage_agreement(table: pd.DataFrame) -> tuple[int, int]:
    """(tested rows whose direction agrees, tested rows) of a ``compare`` table."""
    tested = table[table["tests"]]
    return int(tested["direction_agrees"].sum()), len(tested)


def markdown(replay: ReplaySet, table: pd.DataFrame) -> str:
    """Return the replay table as Markdown: one row per observation, record beside model."""
    dates = {e.id: e for e in replay.manifest.events}

    def week(value: float) -> str:
        return "–" if pd.isna(value) else f"wk {int(value)}"

    lines = [
        (
            "| event (day 0) | commodity | region | record | record wk | model: added short, no "
            "foresight | model wk | perfect foresight | agrees | tests the model? | evidence "
            "(source) |"
        ),
        "|---|---|---|---|---|---:|---|---:|---|---|---|",
    ]
    for row in table.itertuples(index=False):
        event = dates[row.event]
        agrees = "yes" if row.direction_agrees else "**no**"
        if row.direction_agrees and row.timing_agrees == 0:
            agrees = "direction yes, timing **no**"
        lines.append(
            f"| {row.event} ({event.start_date.isoformat()}) | {row.commodity} | {row.region} | "
            f"{row.observed} | {week(row.first_week)} | {row.added_pct_none:.1f} % | "
            f"{week(row.first_week_none)} | {row.added_pct_perfect:.1f} % | {agrees} | "
            f"{'yes' if row.tests else f'no: {row.by_construction}'} | "
            f"{row.evidence} ({row.source}) |"
        )
    return "\n".join(lines)


def markdown_prices(replay: ReplaySet, by_case: dict[str, pd.DataFrame]) -> str:
    """Return the price replay as Markdown: one row per price observation, the record beside
    the model's change under each elasticity case (``by_case``: case → ``compare_prices``
    table, the verdict foresight), agreement under the central case, and the rows that agree
    by construction marked.
    """
    dates = {e.id: e for e in replay.manifest.events}
    cases = list(by_case)
    central = by_case[cases[0]]

    def pct(value: float) -> str:
        return "–" if pd.isna(value) else f"{value:+.1f} %"

    header = " | ".join(f"model, {c} elasticity" for c in cases)
    lines = [
        f"| event (day 0) | commodity | region | week | record | {header} | agrees ({cases[0]}) "
        "| tests the model? | evidence (source) |",
        "|---|---|---|---:|---|" + "---:|" * len(cases) + "---|---|---|",
    ]
    for i, row in enumerate(central.itertuples(index=False)):
        record = pct(row.price_change_pct) if pd.notna(row.price_change_pct) else row.direction
        models = " | ".join(
            pct(by_case[c].iloc[i][f"price_pct_{VERDICT_FORESIGHT}"]) for c in cases
        )
        agrees = "–" if pd.isna(row.agrees) else ("yes" if row.agrees else "**no**")
        tests = "yes" if row.tests else f"no: {row.by_construction}"
        lines.append(
            f"| {row.event} ({dates[row.event].start_date.isoformat()}) | {row.commodity} | "
            f"{row.region} | {int(row.week)} | {record} | {models} | {agrees} | {tests} | "
            f"{row.evidence} ({row.source}) |"
        )
    return "\n".join(lines)


def price_agreement(table: pd.DataFrame) -> tuple[int, int]:
    """(agreeing, tested) price rows of a ``compare_prices`` table: rows that test the model
    and have a model price.
    """
    tested = table[table["tests"] & table["agrees"].notna()]
    return int(tested["agrees"].astype(bool).sum()), len(tested)
