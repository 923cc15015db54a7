"""Scenario files (YAML): strict parsing, checking against a network, the baseline, overlays.

A file holds one scenario (a mapping) or a list of them (a scenario matrix). Unknown keys,
unknown targets, ``end_day`` ≤ ``start_day`` and negative factors are input errors naming the
file, the scenario and the key. YAML is read safely and strictly (``networks.yamlfile``:
UTF-8, no repeated keys, bounded depth and aliases); text may not hold control characters.

An *overlay* is one scenario applied on top of every scenario of a run, the baseline included
(``load_overlay``, ``apply_overlay``): e.g. a supply case for the alternative routes.

Scenarios may also come from the Scenarios sheet of an input workbook (``scenarios_from_sheet``,
``load_network_and_scenarios``): one row per closure, built into the same models and checked by
the same ``check_scenarios``, with problems restated as the sheet, row and column.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from networks import (
    InputError,
    Network,
    Problem,
    ScenarioError,
    ScenarioSheet,
    load_network,
    read_scenario_sheet,
)
from networks.schema import MAX_DAY, MAX_DAYS, SCENARIO_LEVEL_COLUMNS
from networks.text import control_character_problem, shorten

from .yamlfile import read_yaml

BASELINE = "baseline"
# Factors are ratios: 0 closes or removes, 1 is normal, above 1 expands. The cap keeps every
# bound the LP sees far below what a solver treats as infinite (see networks.schema).
MAX_FACTOR = 1_000
MAX_NAME_CHARACTERS = 120
MAX_TEXT_CHARACTERS = 5_000


def _no_control_characters(text: str) -> str:
    problem = control_character_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


# Text in scenario and risk files: no control characters (reports cannot show them).
Text = Annotated[str, AfterValidator(_no_control_characters)]
Name = Annotated[Text, Field(min_length=1, max_length=MAX_NAME_CHARACTERS)]
LongText = Annotated[Text, Field(max_length=MAX_TEXT_CHARACTERS)]
Factor = Annotated[float, Field(ge=0, le=MAX_FACTOR, allow_inf_nan=False)]
Day = Annotated[int, Field(ge=0, le=MAX_DAY)]


class Closure(BaseModel):
    """A target (node or route id) working at ``capacity_factor`` of normal from ``start_day``
    (inclusive) to ``end_day`` (exclusive; blank = horizon end). ``exempt`` commodities pass at
    full capacity (a humanitarian corridor). A factor above 1 is an expansion.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    target: Text
    start_day: Day = 0
    end_day: int | None = Field(default=None, ge=1, le=MAX_DAY)
    capacity_factor: Factor = 0.0
    exempt: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _days_in_order(self) -> Closure:
        if self.end_day is not None and self.end_day <= self.start_day:
            msg = (
                f"end_day {self.end_day} is not after start_day {self.start_day} (end days are "
                "exclusive)"
            )
            raise ValueError(msg)
        return self


class Scenario(BaseModel):
    """A named set of closures and factors applied to the baseline network.

    ``probability`` marks a scenario as one of a matrix of mutually exclusive alternatives
    (their probabilities should sum to 1); ``variant_of`` names the alternative this scenario
    is a variant of (e.g. the same closure with a humanitarian corridor). A variant carries no
    probability of its own and is left out of the probability-weighted view.

    Factor keys: ``demand_factor`` and ``supply_factor`` take a node id, a P-code, a commodity id
    or ``"*"`` (a node's factor is its id's, else its P-code's, else ``"*"``'s; a commodity key
    multiplies it). ``cost_factor`` takes a route id, a mode (road, rail…) or ``"*"``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    name: Name
    # how a report names the scenario ("Intermittent closures"); the name when not given
    title: Annotated[Text, Field(max_length=MAX_NAME_CHARACTERS)] | None = None
    description: LongText = ""
    probability: float | None = Field(default=None, ge=0, le=1)
    variant_of: Text | None = None
    horizon_days: int | None = Field(default=None, ge=1, le=MAX_DAYS)
    closures: tuple[Closure, ...] = ()
    demand_factor: dict[Text, Factor] = Field(default_factory=dict)
    supply_factor: dict[Text, Factor] = Field(default_factory=dict)
    cost_factor: dict[Text, Factor] = Field(default_factory=dict)
    source_file: str | None = Field(default=None, exclude=True)

    @property
    def display_name(self) -> str:
        """The scenario's title for a reader: ``title``, else the name with its hyphens and
        underscores as spaces and a capital first letter ("iran-lever" → "Iran lever").
        """
        if self.title:
            return self.title
        text = " ".join(self.name.replace("-", " ").replace("_", " ").split())
        return text[:1].upper() + text[1:]

    @model_validator(mode="after")
    def _variant_has_no_probability(self) -> Scenario:
        if self.variant_of is not None and self.probability is not None:
            msg = (
                f'a variant (of "{self.variant_of}") carries no probability of its own; remove '
                "probability or variant_of"
            )
            raise ValueError(msg)
        return self


def baseline_scenario() -> Scenario:
    """The no-closure scenario every run includes."""
    return Scenario(name=BASELINE, description="No closures: the network as given.")


def _location(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


def parse_scenarios(data: object, where: str) -> list[Scenario]:
    """Turn loaded YAML (a mapping or a list of mappings) into scenarios; raise ScenarioError with
    every problem.
    """
    items = data if isinstance(data, list) else [data]
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    for i, item in enumerate(items):
        label = f"{where} scenario {i + 1}" if isinstance(data, list) else where
        if not isinstance(item, dict):
            problems.append(
                Problem(
                    label,
                    f"expected a mapping of keys (name, closures, …), found {type(item).__name__}",
                )
            )
            continue
        if item.get("name"):
            label = f'{where} scenario "{shorten(item["name"])}"'
        try:
            scenarios.append(Scenario(**item, source_file=where))
        except ValidationError as exc:
            problems += validation_problems(exc, label, _allowed_keys)
        except TypeError as exc:
            problems.append(Problem(label, str(exc)))
    if problems:
        raise ScenarioError(problems)
    return scenarios


def validation_problems(exc: ValidationError, label: str, allowed_keys) -> list[Problem]:
    """One Problem per pydantic error, in our words: the key as ``column``; unknown keys list the
    allowed ones (``allowed_keys(loc)``); range errors say which bound.
    """
    problems = []
    errors = exc.errors()
    for err in errors:
        if err["type"] == "too_short" and any(
            e is not err and e["loc"][: len(err["loc"])] == err["loc"] for e in errors
        ):
            continue  # a list emptied by its items' own errors: those are the problems
        key = _location(err["loc"]) or None
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key; allowed keys are " + ", ".join(allowed_keys(err["loc"]))
        elif err["type"] in ("too_long", "string_too_long") and isinstance(err["input"], str):
            limit = err["ctx"]["max_length"]
            message = f"{len(err['input']):,} characters; write at most {limit} characters"
        elif err["type"] == "finite_number":
            message = f"{shorten(err['input'])} is not a finite number; write a plain number"
        elif err["type"] in ("greater_than_equal", "less_than_equal"):
            bound = err["ctx"].get("ge", err["ctx"].get("le"))
            relation = "below" if err["type"] == "greater_than_equal" else "above"
            word = "negative" if relation == "below" and bound == 0 else f"{relation} {bound:g}"
            message = (
                f"{err['input']} is {word}; it must be {'≥' if relation == 'below' else '≤'} "
                f"{bound:g}"
            )
        problems.append(Problem(label, message, column=key))
    return problems


def _allowed_keys(loc: tuple) -> list[str]:
    model = Closure if "closures" in loc else Scenario
    return [k for k in model.model_fields if k != "source_file"]


def load_scenario_file(path: str | Path) -> list[Scenario]:
    """Read one YAML file of one scenario or a list of scenarios (safe loading)."""
    return parse_scenarios(read_yaml(path), Path(path).name)


def load_scenarios(paths: list[str | Path]) -> list[Scenario]:
    """Read several scenario files (folders are read for ``*.yaml``/``*.yml`` in name order);
    collect all problems.
    """
    files: list[Path] = []
    for p in map(Path, paths):
        files += sorted([*p.glob("*.yaml"), *p.glob("*.yml")]) if p.is_dir() else [p]
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    for f in files:
        try:
            scenarios += load_scenario_file(f)
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    return scenarios


def check_scenarios(network: Network, scenarios: list[Scenario]) -> None:
    """Check scenarios against a network: known targets, commodities and factor keys, unique names.

    Raises ScenarioError listing every problem.
    """
    from networks.validate import suggest

    nodes = network.node_ids
    routes = list(network.routes["id"])
    commodities = network.commodity_ids
    pcodes = [p for p in network.nodes["pcode"].dropna()]
    modes = sorted(set(network.routes["mode"]))
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for sc in scenarios:
        where = f'{sc.source_file or "scenario"} scenario "{sc.name}"'
        if sc.name == BASELINE and (
            sc.closures or sc.demand_factor or sc.supply_factor or sc.cost_factor
        ):
            problems.append(
                Problem(
                    where,
                    f'the name "{BASELINE}" is kept for the no-closure run; rename this scenario',
                    column="name",
                )
            )
        if sc.name in seen:
            problems.append(
                Problem(
                    where,
                    f"duplicate scenario name (also in {seen[sc.name]}); names must be unique",
                    column="name",
                )
            )
        seen.setdefault(sc.name, sc.source_file or "scenario")
        for i, c in enumerate(sc.closures):
            if c.target not in nodes and c.target not in routes:
                problems.append(
                    Problem(
                        where,
                        (
                            f'unknown closure target "{shorten(c.target)}"; use a node or route '
                            f"id{suggest(c.target, nodes + routes)}"
                        ),
                        column=f"closures.{i}.target",
                    )
                )
            for j, k in enumerate(c.exempt):
                if k not in commodities:
                    problems.append(
                        Problem(
                            where,
                            f'unknown commodity "{shorten(k)}"{suggest(k, commodities)}',
                            column=f"closures.{i}.exempt.{j}",
                        )
                    )
        for key in ("demand_factor", "supply_factor"):
            allowed = ["*", *nodes, *pcodes, *commodities]
            for k in getattr(sc, key):
                if k not in allowed:
                    problems.append(
                        Problem(
                            where,
                            (
                                f'unknown key "{shorten(k)}"; use a node id, P-code, commodity id '
                                f'or "*"{suggest(k, allowed)}'
                            ),
                            column=f"{key}.{k}",
                        )
                    )
        allowed = ["*", *routes, *modes]
        for k in sc.cost_factor:
            if k not in allowed:
                problems.append(
                    Problem(
                        where,
                        (
                            f'unknown key "{shorten(k)}"; use a route id, a mode or '
                            f'"*"{suggest(k, allowed)}'
                        ),
                        column=f"cost_factor.{k}",
                    )
                )
    if problems:
        raise ScenarioError(problems)


OVERLAY_FORBIDDEN_KEYS = ("probability", "variant_of", "horizon_days")


def load_overlay(path: str | Path) -> Scenario:
    """Read one overlay file: one scenario mapping (safe YAML, parsed as strictly as scenarios).

    An overlay changes what every scenario of a run sees, so it carries no ``probability``,
    ``variant_of`` or ``horizon_days`` (those belong to the scenarios). Raises ScenarioError
    naming the file and the key; check it against a network with ``check_scenarios``.
    """
    path = Path(path)
    data = read_yaml(path, "write an overlay with at least a name")
    if not isinstance(data, dict):
        found = type(data).__name__
        msg = f"an overlay file holds one mapping of keys (name, closures, …), found a {found}"
        raise ScenarioError([Problem(path.name, msg)])
    (overlay,) = parse_scenarios(data, path.name)
    where = f'{path.name} scenario "{overlay.name}"'
    problems = [
        Problem(where, "an overlay applies to every scenario of a run; remove this key", column=key)
        for key in OVERLAY_FORBIDDEN_KEYS
        if data.get(key) is not None
    ]
    if problems:
        raise ScenarioError(problems)
    return overlay


def resolve_node_factors(network: Network, factors: dict) -> tuple[pd.Series, pd.Series]:
    """Resolve a demand or supply factor dict: (factor per node id, factor per commodity id).

    A node's factor is its id's entry, else its P-code's, else ``"*"``'s, else 1; a commodity's
    is its id's entry, else 1. The factor of [node, commodity] is their product (as in
    ``logistics.model.bounds``). Factors are ratios, without units.
    """
    nodes = network.node_table
    by_pcode = nodes["pcode"].map(factors)
    by_node = nodes["id"].map(factors).fillna(by_pcode).fillna(factors.get("*", 1.0))
    commodities = pd.Series(network.commodity_ids, index=network.commodity_ids)
    return by_node.astype(float), commodities.map(factors).fillna(1.0).astype(float)


def resolve_route_factors(network: Network, factors: dict[str, float]) -> pd.Series:
    """Resolve a cost factor dict: the factor per route id.

    A route's factor is its id's entry, else its mode's, else ``"*"``'s, else 1 (as in
    ``logistics.model.bounds``); a ratio, without units.
    """
    routes = network.routes.set_index("id", drop=False)
    by_mode = routes["mode"].map(factors)
    return routes["id"].map(factors).fillna(by_mode).fillna(factors.get("*", 1.0)).astype(float)


def _explicit(factors: pd.Series, fallback_keys: pd.Series, others: dict[str, float]) -> dict:
    """Write factors out per id: the ids whose factor is not 1, and the ids those would shadow.

    An id whose fallback key (P-code, mode) is among the keys written gets an entry at its own
    factor; without one it would take that key's factor.
    """
    keys = {*factors.index[factors != 1.0], *others}
    keep = (factors != 1.0) | fallback_keys.isin(keys).to_numpy()
    return {str(k): float(v) for k, v in factors[keep].items()}


def _combined_node_factors(network: Network, a: dict, b: dict, where: str, key: str) -> dict:
    node_a, commodity_a = resolve_node_factors(network, a)
    node_b, commodity_b = resolve_node_factors(network, b)
    node, commodity = node_a * node_b, commodity_a * commodity_b
    by_commodity = {str(k): float(v) for k, v in commodity[commodity != 1.0].items()}
    out = {**_explicit(node, network.node_table["pcode"], by_commodity), **by_commodity}
    node_out, commodity_out = resolve_node_factors(network, out)
    if not (np.array_equal(node_out, node) and np.array_equal(commodity_out, commodity)):
        clash = sorted(set(network.node_ids) & set(network.commodity_ids))
        both = ", ".join(clash)
        msg = f"cannot combine with the scenarios: {both} is both a node and a commodity id"
        raise ScenarioError([Problem(where, msg, column=key)])
    return out


def apply_overlay(scenario: Scenario, overlay: Scenario, network: Network) -> Scenario:
    """Return ``scenario`` with ``overlay`` on top, as a new Scenario.

    Name, description, probability, variant_of and horizon_days stay the scenario's.

    Closures: the scenario's, then the overlay's (where they overlap on a target and day the
    smallest factor applies, as for any closures). Factors (ratios, without units): every node
    and commodity gets exactly scenario factor × overlay factor for demand and supply, and every
    route scenario × overlay for cost, each resolved by the usual rules
    (``resolve_node_factors``, ``resolve_route_factors``). The result is written out: an entry
    per node id and per commodity id (per route id for cost) whose product is not 1, and no
    ``"*"``, because merging the two dicts would not do: a scenario's ``AF01`` would hide an
    overlay's ``"*"`` there. Both should have passed ``check_scenarios`` (an unknown key
    resolves to nothing).
    """
    where = f'{overlay.source_file or "overlay"} scenario "{overlay.name}"'
    update: dict = {"closures": (*scenario.closures, *overlay.closures)}
    for key in ("demand_factor", "supply_factor"):
        own, extra = getattr(scenario, key), getattr(overlay, key)
        update[key] = _combined_node_factors(network, own, extra, where, key)
    own_cost = resolve_route_factors(network, scenario.cost_factor)
    cost = own_cost * resolve_route_factors(network, overlay.cost_factor)
    update["cost_factor"] = _explicit(cost, network.routes.set_index("id")["mode"], {})
    return scenario.model_copy(update=update)


# ---------------------------------------------------------------- the Scenarios sheet of a workbook

CLOSURE_COLUMNS = ("target", "start_day", "end_day", "capacity_factor", "exempt")
EXEMPT_SPLIT = re.compile(r"[;,\s]+")
# Sheet column of a scenario key where they differ; a model-level error (key "") names the
# column a user would change.
SHEET_COLUMN = {"name": "scenario", "": "variant_of"}
CLOSURE_ERROR_COLUMN = "end_day"


@dataclass(frozen=True)
class SheetCells:
    """Where one sheet scenario's values are (rows as Excel shows them).

    ``first_row`` is the scenario's first row, ``closure_rows`` the row of each closure in
    closure order, ``value_rows`` the row each scenario-level value was written on.
    """

    first_row: int
    closure_rows: tuple[int, ...]
    value_rows: dict[str, int]

    def cell(self, key: str | None) -> tuple[int, str]:
        """Return the (row, sheet column) of a scenario key path such as ``closures.2.exempt.0``."""
        parts = (key or "").split(".")
        if parts[0] == "closures" and len(parts) > 1:
            column = parts[2] if len(parts) > 2 else CLOSURE_ERROR_COLUMN
            return self.closure_rows[int(parts[1])], column
        column = SHEET_COLUMN.get(parts[0], parts[0])
        return self.value_rows.get(column, self.first_row), column


@dataclass(frozen=True)
class SheetScenarios:
    """The scenarios of a workbook's Scenarios sheet, and the cells each came from.

    ``refused`` holds the scenarios the models refused, built without validation, so that
    their targets and commodities can still be checked against a network (never run them).
    """

    scenarios: tuple[Scenario, ...]
    sheet: ScenarioSheet
    cells: dict[str, SheetCells]
    refused: tuple[Scenario, ...] = ()

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """Restate problems about these scenarios as the sheet, row and column (letter and name).

        Such problems have ``where`` = '<sheet> scenario "<name>"' and a key path as ``column``,
        as the models and ``check_scenarios`` give them; other problems are left unchanged.
        """
        prefix = f'{self.sheet.where} scenario "'
        out = []
        for p in problems:
            name = p.where[len(prefix) : -1] if p.where.startswith(prefix) else None
            if name not in self.cells:
                out.append(p)
                continue
            row, column = self.cells[name].cell(p.column)
            out.append(Problem(self.sheet.where, p.message, row, column, self.sheet.letter(column)))
        return out


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else f'"{value}"'


def _whole(value: float) -> int | None:
    """Return a day count as an int; None if fractional (already a problem of the sheet's types)."""
    return int(value) if float(value).is_integer() else None


def _scenario_values(
    name: str, group: pd.DataFrame, sheet: ScenarioSheet
) -> tuple[dict, dict[str, int], list[Problem]]:
    """Return one sheet scenario's scenario-level values, the row each was written on, and problems.

    A row giving a different value than the first row giving one is a problem.
    """
    values, rows, problems = {}, {}, []
    for key in SCENARIO_LEVEL_COLUMNS:
        given = group[key][group[key].map(_given)]
        if given.empty:
            continue
        rows[key], first = int(given.index[0]), given.iloc[0]
        values[key] = _whole(first) if key == "horizon_days" else first
        for row, value in given.iloc[1:][given.iloc[1:] != first].items():
            message = (
                f"{_shown(value)} differs from {_shown(first)} in row {rows[key]}; {key} belongs "
                f'to the whole scenario "{name}": write it on one of its rows, or the same on each'
            )
            problems.append(Problem(sheet.where, message, int(row), key, sheet.letter(key)))
    return {k: v for k, v in values.items() if v is not None}, rows, problems


def _sheet_rule_problems(given: dict, number: int, sheet: ScenarioSheet) -> list[Problem]:
    """Return the problems of the sheet's own rules: a closure needs a target; a factor is ≤ 1."""
    problems = []
    if "target" not in given:
        message = "a closure needs a target: choose a node or route id from the list"
        problems.append(Problem(sheet.where, message, number, "target", sheet.letter("target")))
    factor = given.get("capacity_factor", 0.0)
    if factor > 1:
        message = (
            f"{factor:g} is above 1; on this sheet a closure leaves 0 to 1 of normal capacity "
            "open (write a capacity expansion in a YAML scenario)"
        )
        letter = sheet.letter("capacity_factor")
        problems.append(Problem(sheet.where, message, number, "capacity_factor", letter))
    return problems


def _closure_values(
    row: pd.Series, number: int, sheet: ScenarioSheet
) -> tuple[dict | None, list[Problem]]:
    """Return one row's closure as Closure keys, or None when the row gives no closure values.

    Blank cells are left out, so that the model's defaults apply; problems are those of the
    sheet's own rules (``_sheet_rule_problems``).
    """
    given = {k: row[k] for k in CLOSURE_COLUMNS if _given(row[k])}
    if not given:
        return None, []
    problems = _sheet_rule_problems(given, number, sheet)
    for key in ("start_day", "end_day"):
        if key in given:
            given[key] = _whole(given[key])
    if "exempt" in given:
        given["exempt"] = tuple(k for k in EXEMPT_SPLIT.split(given["exempt"]) if k)
    closure = {k: v for k, v in given.items() if v is not None}
    return (closure if "target" in closure else None), problems


def _sheet_scenarios(sheet: ScenarioSheet) -> tuple[SheetScenarios, list[Problem]]:
    """Return the sheet's scenarios that the models accept, and every problem found (located)."""
    problems = list(sheet.problems)
    rows = sheet.rows
    scenarios, cells, refused = [], {}, []
    for name, group in rows[rows["scenario"].map(_given)].groupby("scenario", sort=False):
        values, value_rows, found = _scenario_values(name, group, sheet)
        closures, closure_rows = [], []
        for number, row in group.iterrows():
            closure, wrong = _closure_values(row, int(number), sheet)
            found += wrong
            if closure is not None:
                closures.append(closure)
                closure_rows.append(int(number))
        problems += found
        cells[name] = SheetCells(int(group.index[0]), tuple(closure_rows), value_rows)
        try:
            scenarios.append(
                Scenario(name=name, **values, closures=closures, source_file=sheet.where)
            )
        except ValidationError as exc:
            problems += validation_problems(exc, f'{sheet.where} scenario "{name}"', _allowed_keys)
            unchecked = tuple(Closure.model_construct(**c) for c in closures)
            refused.append(
                Scenario.model_construct(name=name, closures=unchecked, source_file=sheet.where)
            )
    result = SheetScenarios(tuple(scenarios), sheet, cells, tuple(refused))
    return result, _in_sheet_order(result.locate(problems), sheet)


def _in_sheet_order(problems: list[Problem], sheet: ScenarioSheet) -> list[Problem]:
    """Return problems sorted by row, then by column as the sheet has them."""
    order = {column: i for i, column in enumerate(sheet.header)}
    return sorted(problems, key=lambda p: (p.row or 0, order.get(p.column, -1)))


def scenarios_from_sheet(sheet: ScenarioSheet) -> SheetScenarios:
    """Build the scenarios of a workbook's Scenarios sheet with the YAML models (Scenario, Closure).

    One row per closure; rows with the same ``scenario`` name form one scenario, in the order of
    their first rows. A scenario-level value (description, probability, variant_of,
    horizon_days) may be written on any one of its rows, or repeated: two different values are a
    problem. A row with a name and no closure values only carries scenario-level values. Beyond
    YAML's rules the sheet has two: a closure row needs a target, and ``capacity_factor`` is at
    most 1 (expansions stay in YAML). ``exempt`` lists commodity ids separated by semicolons,
    commas or spaces. Raises ScenarioError listing every problem (the sheet's own included) by
    sheet, row and column; targets are checked against a network by ``check_scenarios`` (see
    ``SheetScenarios.locate``).
    """
    result, problems = _sheet_scenarios(sheet)
    if problems:
        raise ScenarioError(problems)
    return result


def _collect(problems: list[Problem], load: Callable, *args):
    """Return ``load(*args)``, or None with its problems added to ``problems`` (each once)."""
    try:
        return load(*args)
    except InputError as exc:
        problems += [p for p in exc.problems if p not in problems]
        return None


def _check_together(
    network: Network, from_files: list[Scenario], sheet: SheetScenarios | None
) -> list[Problem]:
    """Return the problems of ``check_scenarios`` on the files' and the sheet's scenarios together.

    Names must be unique across both; problems in the sheet are located by row and column.
    """
    from_sheet = (*sheet.scenarios, *sheet.refused) if sheet is not None else ()
    try:
        check_scenarios(network, [*from_files, *from_sheet])
    except ScenarioError as exc:
        return sheet.locate(exc.problems) if sheet is not None else exc.problems
    return []


def is_workbook(path: str | Path) -> bool:
    """Return whether ``path`` is a workbook file (.xlsx, .xlsm) rather than a CSV folder."""
    path = Path(path)
    return path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file()


def load_network_and_scenarios(
    network_path: str | Path, scenario_files: Iterable[str | Path] = ()
) -> tuple[Network, list[Scenario]]:
    """Load a network and the scenarios of a run, reporting every problem of all of them at once.

    The scenarios are those of the workbook's Scenarios sheet when ``network_path`` is an .xlsx
    workbook (none for a CSV folder), then those of ``scenario_files`` (YAML files or folders).
    They are checked together against the network (``check_scenarios``): names must be unique
    across sheet and files, so a clash names both places. Problems in the sheet name the sheet,
    the row and the column. Columns of the sheet that borderflow does not use are added to the
    network's warnings. Raises InputError (ScenarioError when the network itself is valid).
    """
    problems: list[Problem] = []
    network = _collect(problems, load_network, network_path)
    network_ok = not problems
    from_files = _collect(problems, load_scenarios, list(scenario_files)) or []
    raw = (
        _collect(problems, read_scenario_sheet, network_path) if is_workbook(network_path) else None
    )
    sheet, found = _sheet_scenarios(raw) if raw is not None else (None, [])
    if network is not None:
        found += _check_together(network, from_files, sheet)
    in_sheet = [p for p in found if raw is not None and p.where == raw.where]
    problems += [p for p in found if p not in in_sheet] + (
        _in_sheet_order(in_sheet, raw) if raw is not None else []
    )
    if problems:
        raise (ScenarioError if network_ok else InputError)(problems)
    if sheet is None:
        return network, from_files
    network = dataclasses.replace(network, warnings=(*network.warnings, *sheet.sheet.warnings))
    return network, [*sheet.scenarios, *from_files]
