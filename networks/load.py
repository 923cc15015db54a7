"""Read a network's tables from a folder of CSV files or one .xlsx workbook and coerce them
to the schema's types, collecting every problem instead of stopping at the first.

Each table comes back as a DataFrame indexed by the row number a spreadsheet user sees
(header = row 1; an optional HXL hashtag row is skipped but still counted).
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputError, Problem, column_letter, with_letters
from .schema import SCENARIO_SHEET, TABLES, Column, Table
from .text import CONTROL_CHARACTERS, ECHO_LIMIT, control_character_problem, shorten, utf8_text
from .validate import check_unknown_columns

TRUE_WORDS = {"true", "yes", "y", "1", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "f"}
# Marks that group digits or separate decimals in some locale. In a number written as text each
# one is an error, never guessed at: "12,900" may mean 12.9 or 12900.
SEPARATOR_NAMES = {
    ",": "a comma",
    "'": "an apostrophe",
    "\u2019": "an apostrophe",
    " ": "a space",
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u2009": "a thin space",
    "\u066b": "an Arabic decimal separator (\u066b)",
    "\u066c": "an Arabic thousands separator (\u066c)",
}
_MARKS = "".join(SEPARATOR_NAMES)
_NUMBER_WITH_MARKS = re.compile(rf"[+-]?[\d.{_MARKS}]*\d[\d.{_MARKS}]*")


@dataclass(frozen=True)
class RawTable:
    """One table as text: ``frame`` holds stripped strings ('' = blank), indexed by spreadsheet
    row.
    """

    name: str
    where: str
    frame: pd.DataFrame
    header: tuple[str, ...] = ()

    def file_header(self) -> list[str]:
        """Return the header as in the file (repeated columns included), for column letters."""
        return list(self.header) or list(self.frame.columns)


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
    frame = pd.DataFrame(
        data, columns=header, index=pd.Index([numbers[i] for i in keep], name="row"), dtype=object
    )
    return frame


def cell_text(value: object) -> str:
    """A cell's value as text: "" for None, a whole float without ".0", anything else stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def canonical_table(raw: RawTable, table: Table, problems: list[Problem]) -> RawTable:
    """Return ``raw`` with its header matched to ``table`` and repeated columns dropped.

    Header matching ignores case and surrounding spaces (``STORAGE_T`` is read as
    ``storage_t``). A column that appears twice, or two whose names differ only in case or
    spaces (``Note`` and ``note``, known to the schema or not), is a problem on row 1 naming
    both and their letters; the first is kept, so its cells are still checked. ``header`` keeps
    the file's header.
    """
    names = {c.lower(): c for c in table.column_names}
    given = [str(h) for h in raw.frame.columns]
    header = [names.get(h.strip().lower(), h) for h in given]
    first: dict[str, int] = {}
    keep = []
    for position, name in enumerate(header):
        key = name.strip().lower()
        if key and key in first:
            earlier = first[key]
            letters = f"columns {column_letter(earlier + 1)} and {column_letter(position + 1)}"
            if given[earlier] == given[position]:
                message = f'column "{shorten(name)}" appears twice ({letters}); keep one of them'
            else:
                message = (
                    f'columns "{shorten(given[earlier])}" and "{shorten(given[position])}" '
                    f"differ only in case ({letters}); keep one of them"
                )
            letter = column_letter(position + 1)
            problems.append(Problem(raw.where, message, 1, given[position], letter))
            continue
        first.setdefault(key, position)
        keep.append(position)
    frame = raw.frame.iloc[:, keep].copy()
    frame.columns = [header[i] for i in keep]
    return RawTable(raw.name, raw.where, frame, tuple(header))


def _csv_cells(path: Path) -> tuple[list[list[str]] | None, str | None]:
    """Return the cells of a CSV file as stripped text, or (None, what is wrong)."""
    text, problem = utf8_text(path.read_bytes())
    if problem is not None:
        return None, problem
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=str, keep_default_na=False, header=None, skip_blank_lines=False
        )
    except pd.errors.EmptyDataError:
        return None, "file is empty; it needs a header row"
    except pd.errors.ParserError as exc:
        what = shorten(str(exc).strip())
        return None, f"cannot read as CSV ({what}); save it as UTF-8 comma-separated text"
    return [[str(v).strip() for v in row] for row in frame.itertuples(index=False)], None


def _csv_files(folder: Path) -> dict[str, list[str]]:
    """Map each CSV file's name in ``folder``, lower-cased, to the names that give it (a table's
    file is found in any case, ``NODES.csv`` as ``nodes.csv``; two are a problem).
    """
    files: dict[str, list[str]] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        if path.suffix.lower() == ".csv" and path.is_file():
            files.setdefault(path.name.lower(), []).append(path.name)
    return files


def read_csv_folder(folder: Path) -> tuple[dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read ``<table>.csv`` files from ``folder``; return raw tables, problems and file hashes."""
    tables: dict[str, RawTable] = {}
    problems: list[Problem] = []
    hashes: dict[str, str] = {}
    files = _csv_files(folder)
    for table in TABLES.values():
        found = files.get(f"{table.name}.csv", [])
        if len(found) > 1:
            both = " and ".join(f'"{shorten(n)}"' for n in found)
            problems.append(
                Problem(str(folder), f"files {both} differ only in case; keep one of them")
            )
            continue
        path = folder / (found[0] if found else f"{table.name}.csv")
        if not found:
            if table.required_file:
                problems.append(
                    Problem(
                        str(path),
                        (
                            f"missing table file; create {table.name}.csv with columns "
                            f"{', '.join(_required(table))}"
                        ),
                    )
                )
            continue
        hashes[path.name] = file_sha256(path)
        cells, problem = _csv_cells(path)
        if problem is not None:
            problems.append(Problem(path.name, problem))
            continue
        header, body = cells[0], cells[1:]
        raw = RawTable(table.name, path.name, _frame_from_rows(header, body, first_row=2))
        tables[table.name] = canonical_table(raw, table, problems)
    return tables, problems, hashes


def _open_workbook(path: Path):
    """Open an .xlsx workbook read-only (values, not formulas); a damaged file is an InputError."""
    import openpyxl  # imported here: only workbook users pay for it

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        raise InputError(
            [
                Problem(
                    path.name,
                    (
                        f"cannot open as an .xlsx workbook ({shorten(exc)}); save it from Excel "
                        "as .xlsx"
                    ),
                )
            ]
        ) from exc


def _sheet_rows(
    book, sheet_name: str, where: str, problems: list[Problem]
) -> list[list[str]] | None:
    """Return a sheet's cells as text, reading its real extent (not the declared one).

    A read-only sheet trusts the ``<dimension>`` its file declares, which may be smaller than
    the data; ``reset_dimensions`` makes it read every row. Damaged sheet XML (a bad number,
    date or boolean, a shared-string index out of range, a bad cell reference, a truncated
    file) is a problem naming the sheet, and the sheet reads as None.
    """
    sheet = book[sheet_name]
    try:
        sheet.reset_dimensions()
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except Exception as exc:  # openpyxl and its XML and zip readers raise many types here
        message = (
            f"cannot read the sheet: the file is damaged ({shorten(exc)}); "
            "open it in Excel and save it again"
        )
        problems.append(Problem(where, message))
        return None


def _header(rows: list[list[str]]) -> list[str]:
    header = rows[0]
    while header and not header[-1]:
        header = header[:-1]
    return header


def _sheet_names(book, path: Path, problems: list[Problem]) -> dict[str, str | None]:
    """Map each sheet name, stripped and lower-cased, to the sheet's name.

    Two sheets whose names differ only in case or spaces (``nodes`` and ``NODES``) are a
    problem naming both; neither is read (their key maps to None).
    """
    groups: dict[str, list[str]] = {}
    for name in book.sheetnames:
        groups.setdefault(name.strip().lower(), []).append(name)
    names = {}
    for key, group in groups.items():
        if len(group) == 1:
            names[key] = group[0]
            continue
        both = " and ".join(f'"{shorten(n)}"' for n in group)
        names[key] = None
        problems.append(Problem(path.name, f"sheets {both} differ only in case; keep one of them"))
    return names


def read_workbook(path: Path) -> tuple[dict[str, RawTable], list[Problem], dict[str, str]]:
    """Read the sheets of an .xlsx workbook named after the tables.

    Return the raw tables, the problems found and the file's hash.
    """
    problems: list[Problem] = []
    book = _open_workbook(path)
    tables: dict[str, RawTable] = {}
    try:
        sheets = _sheet_names(book, path, problems)
        for table in TABLES.values():
            sheet_name = sheets.get(table.name)
            where = f'{path.name} sheet "{table.name}"'
            if sheet_name is None:
                if table.required_file and table.name not in sheets:
                    problems.append(
                        Problem(
                            path.name,
                            (
                                f'missing sheet "{table.name}"; add it with columns '
                                f"{', '.join(_required(table))}"
                            ),
                        )
                    )
                continue
            rows = _sheet_rows(book, sheet_name, where, problems)
            if rows is None:
                continue
            if not rows:
                problems.append(Problem(where, "sheet is empty; it needs a header row"))
                continue
            frame = _frame_from_rows(_header(rows), rows[1:], first_row=2)
            raw = RawTable(table.name, where, frame)
            tables[table.name] = canonical_table(raw, table, problems)
    finally:
        book.close()
    return tables, problems, {path.name: file_sha256(path)}


@dataclass(frozen=True)
class ScenarioSheet:
    """The Scenarios sheet of an input workbook, read and typed (``schema.SCENARIO_SHEET``).

    ``rows`` holds the sheet's columns typed (blank = None or NaN, no defaults filled: the
    scenario models apply theirs), indexed by the row as Excel shows it. ``problems`` are those
    found while reading (types, locale traps, missing or misspelt columns), with column letters;
    ``networks.scenarios`` turns the rows into scenarios with the same checks as YAML.
    """

    where: str
    rows: pd.DataFrame
    header: tuple[str, ...]
    problems: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()

    def letter(self, column: str) -> str | None:
        """Return the letter of ``column`` as Excel shows it (None if the sheet lacks it)."""
        if column not in self.header:
            return None
        return column_letter(self.header.index(column) + 1)


def read_scenario_sheet(path: str | Path) -> ScenarioSheet | None:
    """Read the Scenarios sheet of the workbook at ``path`` (sheet name in any case).

    Returns None when the workbook has no such sheet or the sheet has no data rows (the sheet
    is optional). Problems are returned in the ScenarioSheet, not raised, so that a caller can
    report them with the scenarios' own; an unreadable workbook raises InputError.
    """
    path = Path(path)
    book = _open_workbook(path)
    problems: list[Problem] = []
    try:
        sheets = _sheet_names(book, path, [])  # the network's reading reports clashing names
        sheet_name = sheets.get(SCENARIO_SHEET.name.lower())
        where = f'{path.name} sheet "{sheet_name}"'
        rows = _sheet_rows(book, sheet_name, where, problems) if sheet_name is not None else []
        rows = rows or []
    finally:
        book.close()
    frame = _frame_from_rows(_header(rows), rows[1:], first_row=2) if rows else pd.DataFrame()
    if frame.empty:
        return _damaged_scenario_sheet(where, problems) if problems else None
    raw = canonical_table(RawTable(SCENARIO_SHEET.name, where, frame), SCENARIO_SHEET, problems)
    typed = coerce_table(raw, problems, SCENARIO_SHEET)
    header = raw.file_header()
    unknown, warnings = check_unknown_columns(SCENARIO_SHEET, list(raw.frame.columns), where)
    located = with_letters(problems + unknown, {where: header})
    return ScenarioSheet(where, typed, tuple(header), tuple(located), tuple(warnings))


def _damaged_scenario_sheet(where: str, problems: list[Problem]) -> ScenarioSheet:
    """Return a Scenarios sheet that could not be read: no rows, and the problems found."""
    empty = pd.DataFrame({c: pd.Series([], dtype=object) for c in SCENARIO_SHEET.column_names})
    typed = coerce_table(RawTable(SCENARIO_SHEET.name, where, empty), [], SCENARIO_SHEET)
    return ScenarioSheet(where, typed, (), tuple(problems))


def _required(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.required]


def _digit_groups(body: str) -> str | None:
    """Return ``body`` without its digit-group separators, or None if it is not so grouped.

    Grouped means in threes, with one kind of separator: "12,900", "1 234.5", "1.234.567".
    """
    marks = {c for c in body if c in SEPARATOR_NAMES and c != "\u066b"}
    if not marks and body.count(".") > 1:
        marks = {"."}
    if len(marks) != 1:
        return None
    mark = marks.pop()
    whole, point, fraction = body.rpartition(".") if mark != "." and "." in body else (body, "", "")
    groups = whole.split(mark)
    in_threes = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    digits = all(g.isascii() and g.isdigit() for g in groups) and (not point or fraction.isdigit())
    return "".join(groups) + point + fraction if in_threes and digits else None


def _readings(text: str) -> list[str]:
    """Return the plain numbers ``text`` may mean ("12,900" → 12.900 or 12900).

    A decimal comma read as a point, and digit groups of three joined; either may be absent.
    borderflow offers them in its message, never picks one.
    """
    sign, body = (text[0], text[1:]) if text[:1] in "+-" else ("", text)
    decimal = re.fullmatch(r"([0-9]+)[,\u066b]([0-9]+)", body)
    readings = [f"{decimal[1]}.{decimal[2]}"] if decimal else []
    grouped = _digit_groups(body)
    readings += [grouped] if grouped else []
    return [sign + r for r in readings]


def separator_problem(text: str) -> str | None:
    """Return what is wrong with a number written with a locale's separators, else None.

    borderflow reads only plain numbers with a decimal point: "12,9", "1 500", "1'000" and
    "1.234.567" are each refused, with the plain numbers they may mean.
    """
    if not _NUMBER_WITH_MARKS.fullmatch(text):
        return None
    marks = [c for c in text if c in SEPARATOR_NAMES]
    if not marks and text.count(".") <= 1:
        return None
    what = SEPARATOR_NAMES[marks[0]] if marks else "more than one point"
    readings = _readings(text)
    fix = " or ".join(readings) + (", whichever is meant," if len(readings) > 1 else "")
    return (
        f'"{text}" has {what}, and borderflow does not guess what it means: '
        f"write {fix or 'the number'} with a decimal point; do not use thousands separators"
    )


def _coerce_column(
    text: np.ndarray, rows: pd.Index, column: Column, where: str, problems: list[Problem]
) -> np.ndarray:
    """Convert one text column (an object array of stripped strings, '' = blank; ``rows`` are
    their spreadsheet rows) to its schema type; record a problem for each bad cell.

    Works on numpy arrays, not pandas Series: the bundled network has about 50 columns of a
    few hundred cells, where a Series' per-call overhead was most of the load time.
    """
    blank = text == ""
    if column.dtype == "str":
        for i, value in enumerate(text):
            if CONTROL_CHARACTERS.search(value):
                problems.append(
                    Problem(where, control_character_problem(value), rows[i], column.name)
                )
        out = np.where(blank, None, text).astype(object)
        if column.default is not None:
            out[blank] = column.default
        return out
    if column.dtype == "bool":
        lower = np.array([v.lower() for v in text], dtype=object)
        known = np.isin(lower, list(TRUE_WORDS | FALSE_WORDS))
        for i in np.flatnonzero(~blank & ~known):
            problems.append(
                Problem(where, f'"{shorten(text[i])}" is not true or false', rows[i], column.name)
            )
        default = bool(column.default) if column.default is not None else False
        return np.where(blank, default, np.isin(lower, list(TRUE_WORDS))).astype(bool)
    numbers = np.asarray(pd.to_numeric(np.where(blank, None, text), errors="coerce"), dtype=float)
    bad = ~blank & ~np.isfinite(numbers)
    for i in np.flatnonzero(bad):
        value = text[i]
        plain = (
            f'"{shorten(value)}" is not a number; write a plain number in '
            f"{column.unit or 'the column'}"
        )
        message = (separator_problem(value) if len(value) <= ECHO_LIMIT else None) or plain
        problems.append(Problem(where, message, rows[i], column.name))
    numbers[bad] = np.nan  # an infinite number is reported once, as not a number
    if column.dtype == "int":
        with np.errstate(invalid="ignore"):
            fractional = ~blank & ~bad & (numbers % 1 != 0)
        for i in np.flatnonzero(fractional):
            problems.append(
                Problem(
                    where,
                    f'"{shorten(text[i])}" is not a whole number of days',
                    rows[i],
                    column.name,
                )
            )
    if column.default is not None:
        numbers[np.isnan(numbers)] = float(column.default)
    return numbers


def coerce_table(
    raw: RawTable, problems: list[Problem], table: Table | None = None
) -> pd.DataFrame:
    """Return ``raw`` with the columns of ``table`` typed; blank required cells are problems.

    ``table`` defaults to the schema's table called ``raw.name``.
    """
    table = table or TABLES[raw.name]
    frame = raw.frame
    present = set(frame.columns)
    missing = [c.name for c in table.columns if c.required and c.name not in present]
    for name in missing:
        problems.append(
            Problem(
                raw.where,
                f'missing required column; add a column headed exactly "{name}"',
                column=name,
            )
        )
    columns = {}
    for column in table.columns:
        if column.name in present:
            text = np.array([str(v) for v in frame[column.name].to_numpy()], dtype=object)
        else:
            text = np.full(len(frame), "", dtype=object)
        if column.required and column.name in present:
            for row in frame.index[text == ""]:
                problems.append(Problem(raw.where, "required value is blank", row, column.name))
        values = _coerce_column(text, frame.index, column, raw.where, problems)
        # object stays object: pandas would otherwise infer its string dtype for text
        columns[column.name] = pd.Series(values, index=frame.index, dtype=values.dtype)
    return pd.DataFrame(columns, index=frame.index)
