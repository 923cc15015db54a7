"""Workbook building blocks for the reports: safe cells, tables that know where they are, charts
whose references come from the table they draw, and print setup.

A chart's series are never given row numbers by hand: ``add_series`` reads them from the
``Placed`` table, so values start at the first data row (below the header and the HXL row) and
categories cover exactly the same rows.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FILL = PatternFill("solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HXL_FONT = Font(italic=True, color="7F7F7F")
TITLE_FONT = Font(bold=True, size=14)
TOTAL_FONT = Font(bold=True)
SECTION_FONT = Font(bold=True, size=12, color="1F4E78")
TONNES = "#,##0"
PCT = "0.0"
# A tied rank shows as "=2" but stays the number 2, so the column still sorts.
TIED_RANK = '"="0'
# Excel's limit on a cell's text, and its last row.
MAX_CELL_CHARS = 32767
MAX_ROW = 1_048_576

# A4 landscape, in points, less the margins set by ``print_setup`` (0.4 in left/right, 0.75 in
# top/bottom with the header and footer inside them).
PRINTABLE_WIDTH_PT = 842 - 2 * 0.4 * 72
PRINTABLE_HEIGHT_PT = 595 - 2 * 0.75 * 72
PT_PER_WIDTH_UNIT = 7.05


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (as it was after it). A report is
    hundreds of thousands of cells that live as long as the workbook, and the collector's
    passes, set off by the allocations, would go over them again and again: the bundled
    network's 5-day report builds and saves in about a fifth less time without them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def safe_text(value: str) -> str:
    """Text Excel can store: control characters (which openpyxl refuses) become U+FFFD and the
    length is capped at Excel's cell limit.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return text if len(text) <= MAX_CELL_CHARS else text[: MAX_CELL_CHARS - 1] + "…"


def _cell_value(value):
    """A value as a cell stores it: NaN as empty, numpy scalars as Python's, text made safe."""
    if isinstance(value, float) and pd.isna(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return safe_text(value) if isinstance(value, str) else value


# Values ``_cell_value`` keeps as they are and whose cell's data type and style ``_store`` sets by
# their type alone: ``_put_column`` makes every new cell of one of these types like the first.
_PLAIN_TYPES = frozenset({int, float, bool, type(None), date, datetime})


def _store(ws: Worksheet, row: int, col: int, value, number_format: str | None):
    """Write a value already made a cell's (``_cell_value``); text is forced to text so that
    '=…' from an input is never a formula.
    """
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    elif number_format:
        cell.number_format = number_format
    return cell


def _put_column(
    ws: Worksheet, first: int, col: int, values: pd.Series, number_format: str | None
) -> None:
    """Write one column from row ``first`` down, each cell as ``put`` writes it (missing values
    empty). A long table repeats itself, so each distinct text is made safe once, and a new cell
    holding a number, a date, a boolean or nothing is made like the first new cell of its type
    (the same data type and style), without openpyxl's checks of every value; text is still
    stored as text, never a formula. A cell that is already there is written by ``put``.
    """
    cells = ws._cells
    texts: dict[str, str] = {}
    made: dict[type, tuple[str, StyleArray | None]] = {}
    # past Excel's last row every cell goes through ``put``, which refuses it as openpyxl does
    fits = first + len(values) - 1 <= MAX_ROW
    row = first - 1
    for row, value in enumerate(
        values.astype(object).where(values.notna(), None).tolist(), start=first
    ):
        kind = type(value)
        if (row, col) in cells or not fits:
            _store(ws, row, col, _cell_value(value), number_format)
        elif kind is str:
            text = texts.get(value)
            if text is None:
                text = texts[value] = safe_text(value)
            cell = Cell(ws, row=row, column=col)
            cell._value, cell.data_type = text, "s"
            cells[row, col] = cell
        elif kind in made:
            data_type, style = made[kind]
            cell = Cell(ws, row=row, column=col, style_array=style)
            cell._value, cell.data_type = value, data_type
            cells[row, col] = cell
        else:
            cell = _store(ws, row, col, _cell_value(value), number_format)
            if kind in _PLAIN_TYPES:
                made[kind] = (cell.data_type, None if cell._style is None else copy(cell._style))
    ws._current_row = max(ws._current_row, row)


def put(ws: Worksheet, row: int, col: int, value, number_format: str | None = None):
    """Write one cell; strings are forced to text so that '=…' from an input is never a formula."""
    return _store(ws, row, col, _cell_value(value), number_format)


@dataclass(frozen=True)
class Placed:
    """Where ``write_table`` put a table: header row, HXL row (None without), data rows
    ``first``..``last`` (``last < first`` when empty) and the column names in order.
    """

    ws: Worksheet
    header_row: int
    hxl_row: int | None
    first: int
    last: int
    columns: tuple[str, ...]

    def col(self, name: str) -> int:
        """1-based column number of ``name``."""
        return self.columns.index(name) + 1

    def letter(self, name: str) -> str:
        """Column letter of ``name``."""
        return get_column_letter(self.col(name))

    def data(self, name: str) -> Reference:
        """The data cells of column ``name`` (no header, no HXL row, no totals row)."""
        return Reference(
            self.ws, min_col=self.col(name), min_row=self.first, max_row=max(self.last, self.first)
        )

    def header_ref(self, name: str) -> str:
        """Absolute reference of the header cell of column ``name``, e.g. 'Timeline'!$B$1."""
        return f"{quote_sheetname(self.ws.title)}!${self.letter(name)}${self.header_row}"

    @property
    def width(self) -> int:
        """Number of columns."""
        return len(self.columns)


def add_series(
    chart,
    placed: Placed,
    values: list[str],
    categories: str | None = None,
    x_values: str | None = None,
) -> None:
    """Add one series per column in ``values`` to ``chart``, each titled by its header cell, with
    ``categories`` (bar/line charts) or ``x_values`` (scatter charts) from the same data rows.
    """
    for name in values:
        xvalues = placed.data(x_values) if x_values else None
        series = Series(placed.data(name), xvalues=xvalues)
        series.tx = SeriesLabel(strRef=StrRef(placed.header_ref(name)))
        series.smooth = False
        chart.series.append(series)
    if categories:
        chart.set_categories(placed.data(categories))


def write_table(
    ws: Worksheet,
    frame: pd.DataFrame,
    top: int = 1,
    hxl: list[str] | None = None,
    formats: dict[str, str] | None = None,
    totals: dict[str, float] | None = None,
    freeze_columns: int = 1,
    max_width: float = 45,
) -> Placed:
    """Write ``frame`` (columns = headers with units) at row ``top``, an optional HXL row under the
    header, number formats per column and an optional bold "Total" row (values, not formulas,
    outside the auto-filter so that sorting leaves it last).

    The auto-filter starts at the HXL row when there is one, so sorting never moves the tags into
    the data; panes are frozen below the header rows and right of ``freeze_columns`` columns.
    """
    formats = formats or {}
    for j, name in enumerate(frame.columns, start=1):
        cell = put(ws, top, j, str(name))
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    first = top + 1
    hxl_row = None
    if hxl is not None:
        hxl_row = first
        for j, tag in enumerate(hxl, start=1):
            put(ws, hxl_row, j, tag).font = HXL_FONT
        first += 1
    columns = list(frame.columns)
    for j, name in enumerate(columns, start=1):
        _put_column(ws, first, j, frame.iloc[:, j - 1], formats.get(name))
    last = first + len(frame) - 1
    width = get_column_letter(max(1, len(columns)))
    ws.freeze_panes = ws.cell(row=first, column=freeze_columns + 1)
    ws.auto_filter.ref = f"A{hxl_row or top}:{width}{max(last, first)}"
    if totals is not None:
        row = max(last, first - 1) + 1
        put(ws, row, 1, "Total").font = TOTAL_FONT
        for j, name in enumerate(columns, start=1):
            if name in totals and j > 1:
                put(ws, row, j, float(totals[name]), formats.get(name)).font = TOTAL_FONT
    for j, name in enumerate(columns, start=1):
        widest = max([len(str(name)) * 0.9] + [len(str(v)) for v in frame.iloc[:200, j - 1]])
        ws.column_dimensions[get_column_letter(j)].width = min(max(10, widest + 2), max_width)
    ws.row_dimensions[top].height = 30
    return Placed(ws, top, hxl_row, first, last, tuple(str(c) for c in columns))


def colour_scale(ws: Worksheet, cells: str, top: float, colours: tuple[str, str, str]) -> None:
    """Shade ``cells`` (e.g. "E3:E36") from ``colours[0]`` at 0 through ``colours[1]`` at half of
    ``top`` to ``colours[2]`` at ``top`` and above (the map's colours and scale).
    """
    low, mid, high = (c.lstrip("#").upper() for c in colours)
    rule = ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color=low,
        mid_type="num",
        mid_value=top / 2,
        mid_color=mid,
        end_type="num",
        end_value=top,
        end_color=high,
    )
    ws.conditional_formatting.add(cells, rule)


def hxl_attribute(text: str) -> str:
    """An HXL attribute made from free text: lower case letters, digits and underscores."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug or "x"


def column_width_pt(ws: Worksheet, letters: list[str]) -> float:
    """Printed width in points of the given columns at 100 %: 7.05 pt per unit of column width,
    measured on LibreOffice's PDF of a report (Excel prints narrower, about 5.25 pt, so a page
    sized for LibreOffice also fits in Excel).
    """
    return sum(
        PT_PER_WIDTH_UNIT * (ws.column_dimensions[letter].width or 8.43) for letter in letters
    )


def print_setup(
    ws: Worksheet,
    footer_left: str,
    title_rows: str | None = None,
    title_columns: str | None = None,
    print_area: str | None = None,
    fit_columns: int | None = None,
    scale: int | None = None,
) -> None:
    """A4 landscape, margins, print titles, a print area and a footer (``footer_left`` on the left;
    page x of y and the sheet's name on the right). ``fit_columns`` scales the print so that the
    first that many columns fill the page width (a fixed scale, which Excel and LibreOffice both
    honour); ``scale`` sets it directly.
    """
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    margins = ws.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    if title_rows:
        ws.print_title_rows = title_rows
    if title_columns:
        ws.print_title_cols = title_columns
    if print_area:
        ws.print_area = print_area
    if fit_columns:
        letters = [get_column_letter(j) for j in range(1, fit_columns + 1)]
        scale = int(min(100, 100 * PRINTABLE_WIDTH_PT / column_width_pt(ws, letters)))
    if scale:
        ws.page_setup.scale = max(10, min(100, scale))
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.oddFooter.left.text = footer_text(footer_left)
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Page &P of &N · &A"
    ws.oddFooter.right.size = 8


def footer_text(text: str) -> str:
    """Footer text with '&' escaped (it starts a code in Excel's header and footer language)."""
    return safe_text(text).replace("&", "&&")[:200]
