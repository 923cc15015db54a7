"""Every rule a network must satisfy, run together so that a user sees all problems at once.

Rules: required columns and types (see ``load``), signs and ranges of numbers, allowed words,
unique ids, references to existing nodes and commodities (with a suggestion for near misses),
P-code and country formats, day ranges, stock within storage, tables that must not be empty.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from .errors import Problem
from .schema import TABLES, Table, bound_text
from .text import shorten


def suggest(value: str, known: list[str]) -> str:
    """Return ' (did you mean "X"?)' for the closest known id, or '' when nothing is close."""
    if len(value) > 200:  # nothing is close to a huge value, and matching it would be slow
        return ""
    upper = {k.upper(): k for k in known}
    if value.upper() in upper:
        return f' (did you mean "{shorten(upper[value.upper()])}"?)'
    match = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if not match:
        match = [k for k in known if k and (k in value or value in k)][:1]
    return f' (did you mean "{shorten(match[0])}"?)' if match else ""


def _all_text_in(values: pd.Series, allowed) -> bool:
    """Whether every cell of a text column is blank (None) or text ``allowed`` passes: a quick
    look, on the cells as an array, that lets a check skip its pandas selection of bad cells
    (most columns have none). False whenever in doubt: the check then looks cell by cell.
    """
    if values.dtype != object:
        return False
    return all(v is None or (type(v) is str and allowed(v)) for v in values.to_numpy())


def _all_numbers_within(values: pd.Series, minimum, maximum) -> bool:
    """Whether no number of a float column lies outside [minimum, maximum] (NaN never does);
    False whenever in doubt (another dtype).
    """
    if values.dtype != np.float64:
        return False
    numbers = values.to_numpy()
    with np.errstate(invalid="ignore"):
        return not (
            (minimum is not None and (numbers < minimum).any())
            or (maximum is not None and (numbers > maximum).any())
        )


def check_columns(table: Table, frame: pd.DataFrame, where: str) -> list[Problem]:
    """Check ranges, allowed words and text patterns of each column of one typed table."""
    problems: list[Problem] = []
    for column in table.columns:
        values = frame[column.name]
        if column.dtype in ("float", "int") and not _all_numbers_within(
            values, column.minimum, column.maximum
        ):
            if column.minimum is not None:
                for row, v in values[values < column.minimum].items():
                    what = "negative" if column.minimum == 0 else f"below {column.minimum:g}"
                    problems.append(
                        Problem(
                            where,
                            f"{v:g} is {what}; it must be ≥ {column.minimum:g}",
                            row,
                            column.name,
                        )
                    )
            if column.maximum is not None:
                for row, v in values[values > column.maximum].items():
                    limit = f"{bound_text(column.maximum)} {column.unit}".rstrip()
                    problems.append(
                        Problem(
                            where, f"{v:g} is above {limit}; it must be ≤ {limit}", row, column.name
                        )
                    )
        if column.choices is not None and not _all_text_in(
            values, frozenset(column.choices).__contains__
        ):
            bad = values.notna() & ~values.isin(column.choices)
            for row, v in values[bad].items():
                problems.append(
                    Problem(
                        where,
                        (
                            f'"{shorten(v)}" is not one of '
                            f"{', '.join(column.choices)}{suggest(str(v), list(column.choices))}"
                        ),
                        row,
                        column.name,
                    )
                )
        regex = re.compile(column.pattern) if column.pattern is not None else None
        if regex is not None and not _all_text_in(values, regex.match):
            for row, v in values.dropna().items():
                if not regex.match(str(v)):
                    problems.append(
                        Problem(
                            where,
                            (
                                f'"{shorten(v)}" does not look like '
                                f"{column.description or column.name}"
                            ),
                            row,
                            column.name,
                        )
                    )
    return problems


def check_unique_ids(table: Table, frame: pd.DataFrame, where: str) -> list[Problem]:
    """Ids in the id column must be unique; each repeat names the row of the first use."""
    if table.id_column is None:
        return []
    ids = frame[table.id_column]
    first_row = {}
    problems = []
    for row, value in ids.dropna().items():
        if value in first_row:
            problems.append(
                Problem(
                    where,
                    (
                        f'duplicate id "{shorten(value)}" (first used in row '
                        f"{first_row[value]}); give each row its own id"
                    ),
                    row,
                    table.id_column,
                )
            )
        else:
            first_row[value] = row
    return problems


def check_references(
    table: Table, frame: pd.DataFrame, where: str, known: dict[str, list[str]]
) -> list[Problem]:
    """Values of reference columns must be ids of the referenced table."""
    problems = []
    for column in table.columns:
        if column.ref is None or column.ref not in known:
            continue
        ids = known[column.ref]
        id_set = set(ids)
        singular = column.ref.rstrip("s").replace("commoditie", "commodity")
        values = frame[column.name]
        if _all_text_in(values, id_set.__contains__):
            continue
        for row, v in values[values.notna() & ~values.isin(id_set)].items():
            problems.append(
                Problem(
                    where,
                    f'unknown {singular} "{shorten(v)}"{suggest(str(v), ids)}',
                    row,
                    column.name,
                )
            )
    return problems


def check_days(frame: pd.DataFrame, where: str) -> list[Problem]:
    """end_day must be after start_day (end days are exclusive)."""
    bad = frame["end_day"].notna() & (frame["end_day"] <= frame["start_day"])
    return [
        Problem(
            where,
            (
                f"end_day {e:g} is not after start_day {s:g}; end days are exclusive, so a "
                "one-day entry on day d has end_day d+1"
            ),
            row,
            "end_day",
        )
        for row, s, e in zip(
            frame.index[bad], frame["start_day"][bad], frame["end_day"][bad], strict=True
        )
    ]


def check_routes(frame: pd.DataFrame, where: str) -> list[Problem]:
    """A route must join two different nodes."""
    loops = frame["from"].notna() & (frame["from"] == frame["to"])
    return [
        Problem(
            where,
            f'route starts and ends at "{shorten(v)}"; a route joins two different nodes',
            row,
            "to",
        )
        for row, v in frame["to"][loops].items()
    ]


def check_stock_within_storage(
    nodes: pd.DataFrame, stocks: pd.DataFrame, where: str
) -> list[Problem]:
    """Day-0 stock at a node may not exceed its storage_t (blank storage = no limit)."""
    if stocks.empty:
        return []
    storage = nodes.dropna(subset=["id"]).drop_duplicates("id").set_index("id")["storage_t"]
    totals = stocks.groupby("node", sort=True)["tonnes"].sum()
    problems = []
    for node, total in totals.items():
        cap = storage.get(node)
        if cap is not None and pd.notna(cap) and total > cap + 1e-9:
            row = stocks.index[stocks["node"] == node][0]
            problems.append(
                Problem(
                    where,
                    (
                        f'stock at "{shorten(node)}" totals {total:g} t but its storage_t is '
                        f"{cap:g} t; lower the stock or raise storage_t in nodes"
                    ),
                    row,
                    "tonnes",
                )
            )
    return problems


def check_ids_distinct(nodes: pd.DataFrame, routes: pd.DataFrame, where: str) -> list[Problem]:
    """A route id may not also be a node id: a closure target must name one thing."""
    clash = routes["id"].notna() & routes["id"].isin(set(nodes["id"].dropna()))
    return [
        Problem(
            where,
            (
                f'route id "{shorten(v)}" is also a node id; closure targets would be ambiguous, '
                "so rename the route"
            ),
            row,
            "id",
        )
        for row, v in routes["id"][clash].items()
    ]


def check_unknown_columns(
    table: str | Table, columns: list[str], where: str
) -> tuple[list[Problem], list[str]]:
    """Columns the schema does not know: a near miss of a missing column is a problem (a misspelt
    ``storage_t`` would silently mean "no limit"); any other is ignored with a warning.

    ``table`` is a table of the schema or its name.
    """
    table = TABLES[table] if isinstance(table, str) else table
    missing = [c for c in table.column_names if c not in columns]
    problems, warnings = [], []
    for col in columns:
        if col in table.column_names or not col:
            continue
        match = difflib.get_close_matches(col, missing, n=1, cutoff=0.6)
        if match:
            problems.append(
                Problem(
                    where,
                    (
                        f'unknown column "{shorten(col)}" (did you mean "{match[0]}"?); rename '
                        "it, or remove it"
                    ),
                    column=col,
                )
            )
        else:
            warnings.append(
                f'{where}: column "{shorten(col)}" is not used by borderflow and is ignored'
            )
    return problems, warnings


def check_prices(frame: pd.DataFrame, where: str) -> list[Problem]:
    """Priced demand (``commodities``): a price needs an elasticity and the reverse; prices are
    > 0, elasticities < 0, low ≥ central ≥ high (low is the least responsive); aid is not priced.
    """
    if "price_usd_per_t" not in frame:
        return []
    price, central = frame["price_usd_per_t"], frame["price_elasticity"]
    low, high = frame["price_elasticity_low"], frame["price_elasticity_high"]
    aid = (
        frame["aid"].fillna(False).astype(bool) if "aid" in frame else pd.Series(False, frame.index)
    )
    blank = "or leave price and elasticities blank for inelastic demand"
    not_elasticity = (
        "{v:g} is not an own-price elasticity of food demand; it must be < 0 (demand falls when "
        "the price rises), " + blank
    )
    rules = [
        (price <= 0, "price_usd_per_t", "{v:g} is not a price; it must be > 0 USD/t"),
        (price.notna() & central.isna(), "price_elasticity",
         "a price needs an elasticity: give price_elasticity (< 0), " + blank),
        (price.isna() & central.notna(), "price_usd_per_t",
         "an elasticity needs a price: give price_usd_per_t (> 0), " + blank),
        (aid & price.notna(), "price_usd_per_t",
         "aid is allocated by priority to its beneficiaries, not priced; leave price_usd_per_t "
         "blank or set aid to false"),
        (central >= 0, "price_elasticity", not_elasticity),
        (low >= 0, "price_elasticity_low", not_elasticity),
        (high >= 0, "price_elasticity_high", not_elasticity),
        ((low.notna() | high.notna()) & central.isna(), "price_elasticity",
         "a low or high elasticity needs the central one: give price_elasticity"),
        (low < central, "price_elasticity_low",
         "{v:g} is out of order: the low elasticity is the least responsive, ≥ price_elasticity"),
        (high > central, "price_elasticity_high",
         "{v:g} is out of order: the high elasticity is the most responsive, ≤ price_elasticity"),
    ]  # fmt: skip
    return [
        Problem(where, text.format(v=frame.at[row, column]), row, column)
        for bad, column, text in rules
        for row in frame.index[bad.to_numpy()]
    ]


def validate_tables(
    frames: dict[str, pd.DataFrame],
    wheres: dict[str, str],
    tables_without_ids: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Run every rule on typed tables; return all problems found.

    References to a table listed in ``tables_without_ids`` (its id column is missing, already a
    problem) are not checked, so one missing column does not flood the list.
    """
    problems: list[Problem] = []
    for name, frame in frames.items():
        table = TABLES[name]
        where = wheres[name]
        if frame.empty and not table.may_be_empty:
            problems.append(Problem(where, f"table has no rows; add at least one {name} row"))
        problems += check_columns(table, frame, where)
        problems += check_unique_ids(table, frame, where)
    known = {
        "nodes": [v for v in frames["nodes"]["id"].dropna().unique()] if "nodes" in frames else [],
        "commodities": [v for v in frames["commodities"]["id"].dropna().unique()]
        if "commodities" in frames
        else [],
    }
    known = {k: v for k, v in known.items() if k in frames and k not in tables_without_ids}
    for name, frame in frames.items():
        problems += check_references(TABLES[name], frame, wheres[name], known)
    for name in ("supply", "demand"):
        if name in frames:
            problems += check_days(frames[name], wheres[name])
    if "commodities" in frames:
        problems += check_prices(frames["commodities"], wheres["commodities"])
    if "routes" in frames:
        problems += check_routes(frames["routes"], wheres["routes"])
        if "nodes" in frames:
            problems += check_ids_distinct(frames["nodes"], frames["routes"], wheres["routes"])
    if "nodes" in frames and "stocks" in frames:
        problems += check_stock_within_storage(frames["nodes"], frames["stocks"], wheres["stocks"])
    supply_rows = len(frames.get("supply", ())) + len(frames.get("stocks", ()))
    if "nodes" in frames and supply_rows == 0:
        problems.append(
            Problem(
                wheres.get("supply", "supply"),
                "no supply rows and no stocks: nothing can be delivered; add supply or stocks rows",
            )
        )
    return problems
