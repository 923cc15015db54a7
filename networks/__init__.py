"""The route graph: schema, loading (CSV folder or .xlsx), validation and the Network object.

``load_network(path)`` is the boundary: everything after it may trust the tables.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import (
    BorderflowError,
    InputError,
    Problem,
    ScenarioError,
    column_letter,
    with_letters,
)
from .load import (
    RawTable,
    ScenarioSheet,
    canonical_table,
    cell_text,
    coerce_table,
    read_csv_folder,
    read_scenario_sheet,
    read_workbook,
)
from .network import ELASTICITY_CASES, Network
from .schema import TABLES
from .validate import check_unknown_columns, validate_tables

__all__ = [
    "BorderflowError",
    "ELASTICITY_CASES",
    "InputError",
    "Network",
    "Problem",
    "ScenarioError",
    "ScenarioSheet",
    "TABLES",
    "column_letter",
    "load_network",
    "network_from_tables",
    "read_scenario_sheet",
]


def load_network(path: str | Path) -> Network:
    """Load and validate a network from a folder of CSV files or an .xlsx workbook.

    Raises ``InputError`` listing every problem (file or sheet, spreadsheet row, column, fix).
    Demand nodes that no supply can reach are not an error; they are listed in ``warnings``.
    """
    path = Path(path)
    if path.is_dir():
        raw, problems, hashes = read_csv_folder(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm") and path.exists():
        raw, problems, hashes = read_workbook(path)
    else:
        what = (
            "no such folder or file"
            if not path.exists()
            else "not a folder of CSV files or an .xlsx workbook"
        )
        raise InputError([Problem(str(path), what)])
    return _build(raw, problems, path, hashes)


def network_from_tables(tables: dict[str, pd.DataFrame]) -> Network:
    """Validate a network given as pandas DataFrames keyed by table name (nodes, routes, …).

    Values may be numbers or text; they are checked exactly as if read from CSV files, and
    problems name the table and the row a spreadsheet would show (header = row 1).
    """
    raw: dict[str, RawTable] = {}
    problems: list[Problem] = []
    for name, frame in tables.items():
        if name not in TABLES:
            problems.append(Problem(name, f"unknown table; tables are {', '.join(TABLES)}"))
            continue
        # each cell as text (blank where missing), built row by row: a few small tables per
        # network, where pandas' where and map cost more than the cells
        cells = zip(frame.astype(object).to_numpy(), frame.notna().to_numpy(), strict=True)
        text = pd.DataFrame(
            [[cell_text(v) if ok else "" for v, ok in zip(*row, strict=True)] for row in cells],
            columns=frame.columns,
        )
        text.index = pd.Index(range(2, 2 + len(text)), name="row")
        raw[name] = canonical_table(RawTable(name, f"{name} table", text), TABLES[name], problems)
    for table in TABLES.values():
        if table.required_file and table.name not in raw:
            problems.append(Problem(table.name, f"missing table {table.name}"))
    return _build(raw, problems, None, {})


def _build(
    raw: dict[str, RawTable], problems: list[Problem], path: Path | None, hashes: dict[str, str]
) -> Network:
    frames = {name: coerce_table(table, problems) for name, table in raw.items()}
    wheres = {name: table.where for name, table in raw.items()}
    warnings: list[str] = []
    for name, table in raw.items():
        unknown, ignored = check_unknown_columns(name, list(table.frame.columns), table.where)
        problems += unknown
        warnings += ignored
    without_ids = frozenset(
        n
        for n, t in raw.items()
        if TABLES[n].id_column and TABLES[n].id_column not in t.frame.columns
    )
    problems += validate_tables(frames, wheres, without_ids)
    if problems:
        headers = {table.where: table.file_header() for table in raw.values()}
        raise InputError(with_letters(problems, headers))
    for name in TABLES:
        if name not in frames:
            empty = pd.DataFrame(
                {c: pd.Series([], dtype=object) for c in TABLES[name].column_names},
                index=pd.Index([], name="row"),
            )
            frames[name] = coerce_table(RawTable(name, name, empty), [])
    network = Network(**frames, path=path, file_hashes=hashes)
    unreachable = network.unreachable_demand_nodes()
    if unreachable:
        warnings.append(
            "demand nodes no supply can reach (all their need will be unmet): "
            f"{', '.join(unreachable)}"
        )
    if warnings:
        network = Network(**frames, path=path, file_hashes=hashes, warnings=tuple(warnings))
    return network
