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

from logistics.analyses.readout import SHORT_DAY_SHARE
from logistics.engine.engine import SHORTFALL_STAGES, Engine, EngineSpec
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
VERDICTS = ("short", "not short")


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
    events = {e.id for e in manifest.events}
    for i, row in enumerate(table.itertuples(index=False), start=2):
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
        if row.observed not in VERDICTS:
            problems.append(
                Problem(
                    path.name,
                    f'observed is "{row.observed}"; write "short" or "not short"',
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
    table["first_week"] = pd.to_numeric(
        table["first_week"], errors="coerce"
    )  # blank or bad (reported above) → NaN
    return table


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


def model_side(
    replay: ReplaySet,
    network: Network,
    foresights: tuple[str, ...] = ("none", "perfect"),
    solver: str = "highs",
    horizon_days: int | None = None,
) -> pd.DataFrame:
    """For every observation's (event, commodity, region) and each foresight: the added shortfall
    in % of need over the window (``added_pct_<f>``) and the first week with a short day
    (``first_week_<f>``, NaN when none), with ``need_t`` of the window.

    ``horizon_days`` shortens every event to at most that many days (its window with it): a
    quicker, partial replay for tests; the replay table uses each event's own horizon.
    """
    check_replay(replay, network)
    node_pcode = network.node_table["pcode"]
    rows = (
        replay.observed[["event", "commodity", "region"]].drop_duplicates().reset_index(drop=True)
    )
    out = rows.copy()
    daily: dict[tuple[str, str], pd.DataFrame] = {}
    for event in replay.manifest.events:
        if event.id not in set(rows["event"]):
            continue
        scenario = replay.scenarios[event.id]
        horizon = min(scenario.horizon_days, horizon_days or scenario.horizon_days)
        first, end = event.window_days[0], min(event.window_days[1], horizon)
        exempt = frozenset(c.target for c in scenario.closures if c.exempt)
        engine = Engine(
            EngineSpec(
                network,
                horizon,
                exempt,
                solver,
                foresight="none" if "none" in foresights else "perfect",
            )
        )
        base = engine.solve(baseline_scenario(), SHORTFALL_STAGES).deliveries
        for foresight in foresights:
            added = _added_shortfall(
                engine.solve(scenario, SHORTFALL_STAGES, foresight).deliveries, base
            )
            daily[(event.id, foresight)] = added[(added["day"] >= first) & (added["day"] < end)]
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


def compare(replay: ReplaySet, model: pd.DataFrame) -> pd.DataFrame:
    """Observations beside the model (verdict under ``VERDICT_FORESIGHT``): ``model_short``,
    ``direction_agrees`` and ``timing_agrees`` (within one week; NaN where the record gives no
    week or either side is not short).
    """
    table = replay.observed.merge(model, on=["event", "commodity", "region"], how="left")
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
    return table


def markdown(replay: ReplaySet, table: pd.DataFrame) -> str:
    """Return the replay table as Markdown: one row per observation, record beside model."""
    dates = {e.id: e for e in replay.manifest.events}

    def week(value: float) -> str:
        return "–" if pd.isna(value) else f"wk {int(value)}"

    lines = [
        (
            "| event (day 0) | commodity | region | record | record wk | model: added short, no "
            "foresight | model wk | perfect foresight | agrees | evidence (source) |"
        ),
        "|---|---|---|---|---|---:|---|---:|---|---|",
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
            f"{row.evidence} ({row.source}) |"
        )
    return "\n".join(lines)
