"""Scenario files (YAML): strict parsing, checking against a network, the baseline, overlays.

A file holds one scenario (a mapping) or a list of them (a scenario matrix). Unknown keys,
unknown targets, ``end_day`` ≤ ``start_day`` and negative factors are input errors naming the
file, the scenario and the key. YAML is read with ``yaml.safe_load`` only.

An *overlay* is one scenario applied on top of every scenario of a run, the baseline included
(``load_overlay``, ``apply_overlay``): e.g. a supply case for the alternative routes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeFloat,
    ValidationError,
    model_validator,
)

from networks import Network, Problem, ScenarioError

BASELINE = "baseline"


class Closure(BaseModel):
    """A target (node or route id) working at ``capacity_factor`` of normal from ``start_day``
    (inclusive) to ``end_day`` (exclusive; blank = horizon end). ``exempt`` commodities pass at
    full capacity (a humanitarian corridor). A factor above 1 is an expansion."""

    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)

    target: str
    start_day: int = Field(default=0, ge=0)
    end_day: int | None = Field(default=None, ge=1)
    capacity_factor: float = Field(default=0.0, ge=0)
    exempt: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _days_in_order(self) -> Closure:
        if self.end_day is not None and self.end_day <= self.start_day:
            msg = f"end_day {self.end_day} is not after start_day {self.start_day} (end days are exclusive)"
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

    name: str = Field(min_length=1)
    description: str = ""
    probability: float | None = Field(default=None, ge=0, le=1)
    variant_of: str | None = None
    horizon_days: int | None = Field(default=None, ge=1)
    closures: tuple[Closure, ...] = ()
    demand_factor: dict[str, NonNegativeFloat] = Field(default_factory=dict)
    supply_factor: dict[str, NonNegativeFloat] = Field(default_factory=dict)
    cost_factor: dict[str, NonNegativeFloat] = Field(default_factory=dict)
    source_file: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _variant_has_no_probability(self) -> Scenario:
        if self.variant_of is not None and self.probability is not None:
            msg = f'a variant (of "{self.variant_of}") carries no probability of its own; remove probability or variant_of'
            raise ValueError(msg)
        return self



def baseline_scenario() -> Scenario:
    """The no-closure scenario every run includes."""
    return Scenario(name=BASELINE, description="No closures: the network as given.")


def _location(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


def parse_scenarios(data: object, where: str) -> list[Scenario]:
    """Turn loaded YAML (a mapping or a list of mappings) into scenarios; raise ScenarioError with every problem."""
    items = data if isinstance(data, list) else [data]
    problems: list[Problem] = []
    scenarios: list[Scenario] = []
    for i, item in enumerate(items):
        label = f"{where} scenario {i + 1}" if isinstance(data, list) else where
        if not isinstance(item, dict):
            problems.append(Problem(label, f"expected a mapping of keys (name, closures, …), found {type(item).__name__}"))
            continue
        if item.get("name"):
            label = f'{where} scenario "{item["name"]}"'
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
    allowed ones (``allowed_keys(loc)``); range errors say which bound."""
    problems = []
    for err in exc.errors():
        key = _location(err["loc"]) or None
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key; allowed keys are " + ", ".join(allowed_keys(err["loc"]))
        elif err["type"] in ("greater_than_equal", "less_than_equal"):
            bound = err["ctx"].get("ge", err["ctx"].get("le"))
            relation = "below" if err["type"] == "greater_than_equal" else "above"
            word = "negative" if relation == "below" and bound == 0 else f"{relation} {bound}"
            message = f"{err['input']} is {word}; it must be {'≥' if relation == 'below' else '≤'} {bound:g}"
        problems.append(Problem(label, message, column=key))
    return problems


def read_yaml(path: str | Path, empty_hint: str = "write a scenario with at least a name") -> object:
    """Load one YAML file with ``yaml.safe_load``; unreadable, malformed or empty files raise ScenarioError."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError([Problem(str(path), f"cannot read ({exc.strerror})")]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError([Problem(path.name, f"malformed YAML{line}: {what}; check indentation and colons")]) from exc
    if data is None:
        raise ScenarioError([Problem(path.name, f"file is empty; {empty_hint}")])
    return data


def _allowed_keys(loc: tuple) -> list[str]:
    model = Closure if "closures" in loc else Scenario
    return [k for k in model.model_fields if k != "source_file"]


def load_scenario_file(path: str | Path) -> list[Scenario]:
    """Read one YAML file of one scenario or a list of scenarios (safe loading)."""
    return parse_scenarios(read_yaml(path), Path(path).name)


def load_scenarios(paths: list[str | Path]) -> list[Scenario]:
    """Read several scenario files (folders are read for ``*.yaml``/``*.yml`` in name order); collect all problems."""
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
        if sc.name == BASELINE and (sc.closures or sc.demand_factor or sc.supply_factor or sc.cost_factor):
            problems.append(Problem(where, f'the name "{BASELINE}" is kept for the no-closure run; rename this scenario', column="name"))
        if sc.name in seen:
            problems.append(Problem(where, f'duplicate scenario name (also in {seen[sc.name]}); names must be unique', column="name"))
        seen.setdefault(sc.name, sc.source_file or "scenario")
        for i, c in enumerate(sc.closures):
            if c.target not in nodes and c.target not in routes:
                problems.append(Problem(where, f'unknown closure target "{c.target}"; use a node or route id{suggest(c.target, nodes + routes)}', column=f"closures.{i}.target"))
            for j, k in enumerate(c.exempt):
                if k not in commodities:
                    problems.append(Problem(where, f'unknown commodity "{k}"{suggest(k, commodities)}', column=f"closures.{i}.exempt.{j}"))
        for key in ("demand_factor", "supply_factor"):
            allowed = ["*", *nodes, *pcodes, *commodities]
            for k in getattr(sc, key):
                if k not in allowed:
                    problems.append(Problem(where, f'unknown key "{k}"; use a node id, P-code, commodity id or "*"{suggest(k, allowed)}', column=f"{key}.{k}"))
        allowed = ["*", *routes, *modes]
        for k in sc.cost_factor:
            if k not in allowed:
                problems.append(Problem(where, f'unknown key "{k}"; use a route id, a mode or "*"{suggest(k, allowed)}', column=f"cost_factor.{k}"))
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
    ``logistics.bounds``). Factors are ratios, without units.
    """
    nodes = network.node_table
    by_pcode = nodes["pcode"].map(factors)
    by_node = nodes["id"].map(factors).fillna(by_pcode).fillna(factors.get("*", 1.0))
    commodities = pd.Series(network.commodity_ids, index=network.commodity_ids)
    return by_node.astype(float), commodities.map(factors).fillna(1.0).astype(float)


def resolve_route_factors(network: Network, factors: dict[str, float]) -> pd.Series:
    """Resolve a cost factor dict: the factor per route id.

    A route's factor is its id's entry, else its mode's, else ``"*"``'s, else 1 (as in
    ``logistics.bounds``); a ratio, without units.
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
