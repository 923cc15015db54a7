"""Read a network's tables from a folder of CSV files or one .xlsx workbook and coerce them
to the schema's types, collecting every problem instead of stopping at the first.

Each table comes back as a DataFrame indexed by the row number a spreadsheet user sees
(header = row 1; an optional HXL hashtag row is skipped but still counted).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem
from .schema import TABLES, Column, Table

TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}


@dataclass(frozen=True)
class RawTable:
    """One table as text: ``frame`` holds stripped strings ('' = blank), indexed by spreadsheet row."""

    name: str
    where: str
    frame: pd.DataFrame


def file_sha256(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _is_hxl_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    return bool(filled) and all(v.startswith("#") for v in filled)


def _frame_from_rows(header: list[str], rows: list[list[str]], first_row: int) -> pd.DataFrame:
    """Build a text frame from rows below the header; drop an HXL row and fully blank rows."""
    numbers = list(range(first_row, first_row + len(rows)))
    if rows and _is_hxl_row(rows[0]):
        rows, numbers = rows[1:], numbers[1:]
    keep = [i for i, r in enumerate(rows) if any(v for v in r)]
    width = len(header)
    data = [(rows[i] + [""] * width)[:width] for i in keep]
    frame = pd.DataFrame(data, columns=header, index=pd.Index([numbers[i] for i in keep], name="row"), dtype=object)
    return frame


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read ``<table>.csv`` files from ``folder``; return raw tables, problems and file hashes."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    hashes: dict[str, str] = {}
    for table in TABLES.values():
        path = folder / f"{table.name}.csv"
        if not path.exists():
            if table.required_file:
                problems.append(Problem(str(path), f"missing table file; create {table.name}.csv with columns {', '.join(_required(table))}"))
            continue
        hashes[path.name] = file_sha256(path)
        try:
            text = pd.read_csv(path, dtype=str, keep_default_na=False, header=None, skip_blank_lines=False, encoding="utf-8-sig")
        except pd.errors.EmptyDataError:
            problems.append(Problem(path.name, "file is empty; it needs a header row"))
            continue
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, f"cannot read as CSV ({str(exc).strip()}); save it as UTF-8 comma-separated text"))
            continue
        cells = [[str(v).strip() for v in row] for row in text.itertuples(index=False)]
        header, body = cells[0], cells[1:]
        tables[table.name] = RawTable(table.name, path.name, _frame_from_rows(header, body, first_row=2))
    return tables, problems, hashes


def read_workbook(path: Path) -> tuple[dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read the sheets of an .xlsx workbook named after the tables; return raw tables, problems, hashes."""
    import openpyxl  # imported here: only workbook users pay for it

    problems: list[Problem] = []
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise InputError([Problem(path.name, f"cannot open as an .xlsx workbook ({exc}); save it from Excel as .xlsx")]) from exc
    tables: dict[str, RawTable] = {}
    try:
        sheets = {name.strip().lower(): name for name in book.sheetnames}
        for table in TABLES.values():
            sheet_name = sheets.get(table.name)
            where = f'{path.name} sheet "{table.name}"'
            if sheet_name is None:
                if table.required_file:
                    problems.append(Problem(path.name, f'missing sheet "{table.name}"; add it with columns {", ".join(_required(table))}'))
                continue
            rows = [[cell_text(v) for v in row] for row in book[sheet_name].iter_rows(values_only=True)]
            if not rows:
                problems.append(Problem(where, "sheet is empty; it needs a header row"))
                continue
            header = rows[0]
            while header and not header[-1]:
                header = header[:-1]
            tables[table.name] = RawTable(table.name, where, _frame_from_rows(header, rows[1:], first_row=2))
    finally:
        book.close()
    return tables, problems, {path.name: file_sha256(path)}


def _required(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.required]


def _coerce_column(raw: pd.Series, column: Column, where: str, problems: list[Problem]) -> pd.Series:
    """Convert one text column to its schema type; record a problem for each bad cell."""
    blank = raw == ""
    if column.dtype == "str":
        out = raw.where(~blank, None)
        if column.default is not None:
            out = out.fillna(column.default)
        return out.astype(object)
    if column.dtype == "bool":
        lower = raw.str.lower()
        bad = ~blank & ~lower.isin(TRUE_WORDS | FALSE_WORDS)
        for row, value in raw[bad].items():
            problems.append(Problem(where, f'"{value}" is not true or false', row, column.name))
        out = lower.isin(TRUE_WORDS)
        default = bool(column.default) if column.default is not None else False
        return out.where(~blank, default).astype(bool)
    numbers = pd.to_numeric(raw.str.replace(",", "", regex=False).where(~blank, None), errors="coerce")
    bad = ~blank & (numbers.isna() | ~np.isfinite(numbers.astype(float)))
    for row, value in raw[bad].items():
        problems.append(Problem(where, f'"{value}" is not a number; write a plain number in {column.unit or "the column"}', row, column.name))
    if column.dtype == "int":
        fractional = ~blank & ~bad & (numbers % 1 != 0)
        for row, value in raw[fractional].items():
            problems.append(Problem(where, f'"{value}" is not a whole number of days', row, column.name))
    if column.default is not None:
        numbers = numbers.fillna(float(column.default))
    return numbers.astype(float)


def coerce_table(raw: RawTable, problems: list[Problem]) -> pd.DataFrame:
    """Return ``raw`` with the schema's columns typed; blanks in required columns become problems."""
    table = TABLES[raw.name]
    frame = raw.frame
    present = set(frame.columns)
    missing = [c.name for c in table.columns if c.required and c.name not in present]
    for name in missing:
        problems.append(Problem(raw.where, f"missing required column; add a column headed exactly \"{name}\"", column=name))
    out = pd.DataFrame(index=frame.index)
    for column in table.columns:
        text = frame[column.name].astype(str) if column.name in present else pd.Series("", index=frame.index, dtype=object)
        if column.required and column.name in present:
            for row in text.index[text == ""]:
                problems.append(Problem(raw.where, "required value is blank", row, column.name))
        out[column.name] = _coerce_column(text, column, raw.where, problems)
    return out
