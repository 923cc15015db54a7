"""The input workbook: one sheet per input table, for people who prefer Excel to CSV files.

Each table sheet has the schema's column names as headers (units are in the names; a comment
on each header explains it), an HXL hashtag row, and data validation: drop-down lists for
``kind``, ``mode``, true/false columns and references to node and commodity ids, and numeric
ranges for numbers. An Instructions sheet comes first. ``load_network`` reads the workbook
back (the Instructions sheet and the HXL row are skipped); errors name the sheet and the row
as Excel shows it. Pre-filled from a network, the workbook gives the same network back.

A Scenarios sheet (``schema.SCENARIO_SHEET``) comes last: closure scenarios written in Excel,
one row per closure, always empty (a stray example row would be run). Its target column offers
the closure targets: pre-filled from a network, its crossings first, then its other nodes and
its routes (a hidden "lists" sheet holds them); in an empty workbook, the nodes sheet's ids.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from .atomic import save_atomically
from .network import Network
from .schema import EXEMPT_SEPARATORS, SCENARIO_SHEET, TABLES, Column, Table

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HXL_FONT = Font(italic=True, color="7F7F7F")
FIRST_DATA_ROW = 3  # row 1 headers, row 2 HXL
# Rows below the data that still carry validation, for the user's additions.
SPARE_ROWS = 500
ID_LISTS = {"nodes": "node_ids", "commodities": "commodity_ids"}
TARGET_LIST = "target_ids"
LISTS_SHEET = "lists"


def _comment(column: Column) -> str:
    parts = [column.description or column.name]
    if column.unit:
        parts.append(f"unit: {column.unit}")
    parts.append(
        "required"
        if column.required
        else "optional" + (f"; blank = {column.default}" if column.default is not None else "")
    )
    if column.choices:
        parts.append("one of: " + ", ".join(column.choices))
    if column.ref:
        parts.append(f"an id from the {column.ref} sheet")
    if column.minimum is not None:
        parts.append(
            f"at least {column.minimum:g}"
            + (f", at most {column.maximum:g}" if column.maximum is not None else "")
        )
    return "\n".join(parts)


def _validation(column: Column) -> DataValidation | None:
    """The data validation of one column, or None for free text."""
    if column.choices:
        rule = DataValidation(
            type="list",
            formula1='"' + ",".join(column.choices) + '"',
            allow_blank=not column.required,
        )
    elif column.ref in ID_LISTS:
        rule = DataValidation(
            type="list", formula1=ID_LISTS[column.ref], allow_blank=not column.required
        )
    elif column.dtype == "bool":
        rule = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
    elif column.dtype in ("float", "int"):
        kind = "whole" if column.dtype == "int" else "decimal"
        if column.maximum is not None and column.minimum is None:
            rule = DataValidation(
                type=kind,
                operator="lessThanOrEqual",
                formula1=f"{column.maximum:g}",
                allow_blank=not column.required,
            )
        elif column.maximum is not None:
            rule = DataValidation(
                type=kind,
                operator="between",
                formula1=f"{column.minimum:g}",
                formula2=f"{column.maximum:g}",
                allow_blank=not column.required,
            )
        elif column.minimum is not None:
            rule = DataValidation(
                type=kind,
                operator="greaterThanOrEqual",
                formula1=f"{column.minimum:g}",
                allow_blank=not column.required,
            )
        else:
            rule = DataValidation(
                type=kind,
                operator="between",
                formula1="-1E+300",
                formula2="1E+300",
                allow_blank=not column.required,
            )
    else:
        return None
    rule.error = _comment(column).replace("\n", "; ")
    rule.errorTitle = f"{column.name}: value not allowed"
    rule.prompt = _comment(column).replace("\n", "; ")
    rule.promptTitle = column.name
    rule.showErrorMessage = True
    rule.showInputMessage = True
    return rule


def _value(value: object, column: Column) -> object:
    """A cell value: numbers as numbers, booleans as TRUE/FALSE, blanks as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if column.dtype == "bool":
        return bool(value)
    if column.dtype in ("float", "int"):
        number = float(value)
        return int(number) if number.is_integer() else number
    return str(value)


def _table_sheet(wb: Workbook, table: Table, rows: pd.DataFrame | None) -> None:
    ws = wb.create_sheet(table.name)
    for j, column in enumerate(table.columns, start=1):
        cell = ws.cell(row=1, column=j, value=column.name)
        cell.data_type = "s"
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="top")
        cell.comment = Comment(_comment(column), "borderflow", width=320, height=160)
        hxl = ws.cell(row=2, column=j, value=column.hxl or None)
        hxl.font = HXL_FONT
        width = max(len(column.name) + 4, 12)
        if rows is not None and column.name in rows:
            for i, value in enumerate(rows[column.name].tolist(), start=FIRST_DATA_ROW):
                cell = ws.cell(row=i, column=j, value=_value(value, column))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text from inputs is never a formula
            width = max(
                width,
                min(60, max((len(str(v)) for v in rows[column.name].head(200)), default=0) + 2),
            )
        ws.column_dimensions[get_column_letter(j)].width = width if column.name != "source" else 60
    last = FIRST_DATA_ROW + (0 if rows is None else len(rows)) + SPARE_ROWS - 1
    for j, column in enumerate(table.columns, start=1):
        rule = _validation(column)
        if rule is not None:
            letter = get_column_letter(j)
            rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
            ws.add_data_validation(rule)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(table.columns))}{max(last, FIRST_DATA_ROW)}"
    if table.name in ID_LISTS:
        ref = f"{quote_sheetname(table.name)}!$A${FIRST_DATA_ROW}:$A${last}"
        wb.defined_names[ID_LISTS[table.name]] = DefinedName(ID_LISTS[table.name], attr_text=ref)


SCENARIO_LINES = (
    "Scenarios (optional): closure scenarios in Excel instead of YAML; run solves them next to "
    "the baseline. One row per closure; rows with the same scenario name form one scenario.",
    "A scenario's description, probability, variant_of and horizon_days belong to the whole "
    "scenario: write each on one of its rows (or the same on each); different values are an error.",
    "target: a crossing, node or route id from the drop-down (crossings first). start_day blank "
    "= 0; end_day is the first day open again, blank = to the end of the horizon. "
    "capacity_factor: 0 = closed (also when blank), 0.3 = 30 % open, at most 1.",
    "exempt: commodity ids let through at full capacity (a humanitarian corridor), separated by "
    f"{EXEMPT_SEPARATORS}, e.g.  wfp_basket; flour",
    "Scenario files given on the command line run as well; every scenario name must be unique. "
    "Demand, supply and cost factors, and capacity expansions (factor above 1), stay in YAML.",
)


def _instructions(wb: Workbook, prefilled_from: str | None) -> None:
    ws = wb.active
    ws.title = "Instructions"
    ws["A1"] = "borderflow input workbook"
    ws["A1"].font = Font(bold=True, size=14)
    lines = [
        (
            "One sheet per input table: nodes, routes, commodities, supply, demand, stocks. Sheet "
            "names and column names must stay as they are."
        ),
        (
            "Row 1 holds the column names (units are in the names: _t tonnes, _t_per_day tonnes "
            "per day, _km, _usd_per_t, _days). Red headers are required columns; hover over a "
            "header for what it means."
        ),
        "Row 2 holds HXL hashtags (humanitarian exchange language); leave it. Data start in row 3.",
        (
            "Drop-down lists offer the allowed kinds and modes, TRUE/FALSE, and the ids of the "
            "nodes and commodities sheets; numbers must be in range."
        ),
        (
            "Days count from 0; an end day is the first day no longer included; a blank end day "
            "means the end of the horizon."
        ),
        (
            "Give a source for every row: a URL or publication and date, or 'estimate: how it was "
            "made'."
        ),
        (
            "Check the workbook with:  borderflow validate THIS_FILE.xlsx   — every problem is "
            "listed with sheet, row (as Excel shows it) and column."
        ),
        "Run it with:  borderflow run --network THIS_FILE.xlsx [SCENARIO_FILES...]",
        *SCENARIO_LINES,
    ]
    if prefilled_from:
        lines.append(f"Pre-filled from: {prefilled_from}")
    for i, text in enumerate(lines, start=3):
        cell = ws.cell(row=i, column=1, value=text)
        cell.data_type = "s"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row = len(lines) + 4
    header = ["table", "column", "type", "unit", "required", "meaning"]
    for j, name in enumerate(header, start=1):
        cell = ws.cell(row=row, column=j, value=name)
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
    for table in (*TABLES.values(), SCENARIO_SHEET):
        for column in table.columns:
            row += 1
            values = [
                table.name,
                column.name,
                column.dtype,
                column.unit,
                "yes" if column.required else "",
                _comment(column).split("\n")[0],
            ]
            for j, value in enumerate(values, start=1):
                ws.cell(row=row, column=j, value=value).data_type = "s"
    ws.column_dimensions["A"].width = 100
    for letter, width in zip("BCDEF", (22, 8, 10, 9, 70), strict=True):
        ws.column_dimensions[letter].width = width


def closure_targets(network: Network) -> list[str]:
    """Return the ids a closure may target, in the order a logistics officer looks for them.

    Crossings first, then the other nodes, then the routes (each in input order).
    """
    nodes = network.nodes
    crossings = list(nodes["id"][nodes["kind"] == "crossing"])
    others = list(nodes["id"][nodes["kind"] != "crossing"])
    return [*crossings, *others, *network.routes["id"]]


def _target_list(wb: Workbook, network: Network | None) -> str:
    """Return the list formula of the target column.

    Pre-filled, the network's closure targets are written to a hidden sheet under a defined
    name; in an empty workbook the list is the nodes sheet's ids (node_ids).
    """
    if network is None:
        return ID_LISTS["nodes"]
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    ws["A1"] = "closure targets"
    targets = closure_targets(network)
    for i, target in enumerate(targets, start=2):
        ws.cell(row=i, column=1, value=str(target)).data_type = "s"
    ref = f"{quote_sheetname(LISTS_SHEET)}!$A$2:$A${max(2, len(targets) + 1)}"
    wb.defined_names[TARGET_LIST] = DefinedName(TARGET_LIST, attr_text=ref)
    return TARGET_LIST


def _scenario_sheet(wb: Workbook, network: Network | None) -> None:
    """Add the Scenarios sheet: headers, comments, HXL row and validation, no rows.

    A target not in the list draws a warning, not a refusal: ids added after the workbook was
    made are allowed (``borderflow validate`` checks every target).
    """
    _table_sheet(wb, SCENARIO_SHEET, None)
    ws = wb[SCENARIO_SHEET.name]
    j = SCENARIO_SHEET.column_names.index("target") + 1
    letter = get_column_letter(j)
    column = SCENARIO_SHEET.column("target")
    targets = _target_list(wb, network)
    rule = DataValidation(type="list", formula1=targets, allow_blank=True, errorStyle="warning")
    rule.error = "Not a crossing, node or route id of this workbook when it was made; "
    rule.error += "borderflow validate checks it."
    rule.errorTitle = "target: not in the list"
    rule.prompt = _comment(column).replace("\n", "; ")
    rule.promptTitle = column.name
    rule.showErrorMessage = rule.showInputMessage = True
    rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + SPARE_ROWS - 1}")
    ws.add_data_validation(rule)
    for name, width in (("description", 50), ("exempt", 28)):
        j = SCENARIO_SHEET.column_names.index(name) + 1
        ws.column_dimensions[get_column_letter(j)].width = width


def build_template(network: Network | None = None) -> Workbook:
    """Build the input workbook, empty or pre-filled with ``network``'s tables (no I/O).

    Its Scenarios sheet is empty either way.
    """
    wb = Workbook()
    _instructions(
        wb,
        str(network.path)
        if network is not None and network.path
        else ("memory" if network is not None else None),
    )
    for table in TABLES.values():
        rows = None if network is None else getattr(network, table.name)[list(table.column_names)]
        _table_sheet(wb, table, rows)
    _scenario_sheet(wb, network)
    return wb


def write_template(path: str | Path, network: Network | None = None) -> Path:
    """Write the input workbook to ``path`` atomically (temporary file, then rename)."""
    return save_atomically(build_template(network), path)
