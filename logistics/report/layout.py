"""How wide a report's columns and how tall its header rows must be for every word and number to
print whole, and how the wide sheets print.

LibreOffice, with neither Calibri nor its metric twin Carlito installed, sets the report in
DejaVu Sans, and a column-width unit is then one DejaVu digit at 11 pt (``xlsx.PT_PER_WIDTH_UNIT``
points). Widths here are estimated from DejaVu Sans' character widths, the widest of the fonts
the report meets (Calibri's letters are narrower for the same digit width), so what fits here
fits in Excel too. A header wraps at spaces and after hyphens; a column is made as wide as its
header's longest word, so a word is never broken, and as its widest number as shown (totals
included), so a number never prints as "###".
"""

from __future__ import annotations

import math
from datetime import date, datetime

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from logistics.report.xlsx import (
    HEADER_FONT,
    PRINTABLE_HEIGHT_PT,
    PRINTABLE_WIDTH_PT,
    PT_PER_WIDTH_UNIT,
    Placed,
    print_setup,
)

# Advance widths in ems of DejaVu Sans, bold and regular, by group of characters (each group's
# widest but a few), measured from the font.
_NARROW = set("ijlIJ'.,:;|!·")
_SEMI = set("ft()r-/[]{}")
_WIDE = set("mwMW%&+=@")
_EM = {
    True: {"narrow": 0.37, "semi": 0.47, "space": 0.35, "wide": 1.0, "upper": 0.78, "other": 0.7},
    False: {"narrow": 0.31, "semi": 0.4, "space": 0.32, "wide": 0.93, "upper": 0.7, "other": 0.63},
}
# One width unit: a DejaVu Sans digit (0.636 em) at 11 pt.
_UNIT_PT = 0.636 * 11
# A cell's text stands this many units in from its edges (both sides together), with a margin.
_PAD_UNITS = 1.0
# LibreOffice's line height, in ems of the font size (DejaVu Sans: 1.164), with a margin.
_LINE_EM = 1.2


def _group(ch: str) -> str:
    if ch == " ":
        return "space"
    if ch in _NARROW:
        return "narrow"
    if ch in _SEMI:
        return "semi"
    if ch in _WIDE:
        return "wide"
    return "upper" if ch.isupper() else "other"


def text_units(text: str, size: float = 11, bold: bool = False) -> float:
    """Width of ``text`` in column-width units (without the cell's padding)."""
    em = _EM[bold]
    return sum(em[_group(ch)] for ch in text) * size / _UNIT_PT


def words(text: str) -> list[str]:
    """The pieces a header wraps between: split at spaces and after hyphens."""
    out = []
    for word in str(text).split():
        parts = word.split("-")
        out += [p + "-" for p in parts[:-1]] + [parts[-1]] if len(parts) > 1 else [word]
    return [w for w in out if w]


def wrapped_lines(text: str, width: float, size: float = 11, bold: bool = True) -> int:
    """Lines ``text`` takes in a column ``width`` units wide, wrapped greedily between words
    (a word wider than the column counts as the lines it is cut into).
    """
    room = max(width - _PAD_UNITS, 0.5)
    space = text_units(" ", size, bold)
    lines, used, hyphen = 0, None, False
    for word in words(text):
        w = text_units(word, size, bold)
        gap = 0.0 if hyphen else space
        if used is not None and used + gap + w <= room:
            used += gap + w
        else:
            lines += max(1, math.ceil(w / room))
            used = w if w <= room else w % room
        hyphen = word.endswith("-")
    return max(lines, 1)


def shown(value, number_format: str | None) -> str:
    """A cell's value as the report's number formats show it."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime | date):
        return f"{value:%-d %b %Y}"
    fmt = number_format or "General"
    if isinstance(value, bool):
        return str(value).upper()
    if fmt.endswith("%"):
        decimals = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
        return f"{100 * value:,.{decimals}f}%"
    if "0" in fmt and fmt != "General":
        core = fmt.replace('"="', "=")
        decimals = len(core.split(".")[1]) if "." in core else 0
        prefix = "=" if core.startswith("=") else ""
        comma = "," if "," in core else ""
        return prefix + format(value, f"{comma}.{decimals}f")
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.10g}"


def header_units(text: str, size: float = 11) -> float:
    """The narrowest column (units, padding included) in which ``text`` wraps without breaking a
    word.
    """
    return max((text_units(w, size, bold=True) for w in words(text)), default=0.0) + _PAD_UNITS


def value_units(ws: Worksheet, column: int, rows: range) -> float:
    """The widest value of ``column`` over ``rows`` as shown (units, padding included)."""
    widest = 0.0
    for r in rows:
        cell = ws.cell(r, column)
        if cell.value is not None:
            bold = bool(cell.font is not None and cell.font.b)
            widest = max(widest, text_units(shown(cell.value, cell.number_format), 11, bold))
    return widest + _PAD_UNITS


def line_height_pt(size: float = 11) -> float:
    """One line of text in points."""
    return size * _LINE_EM


def fit_columns(
    table: Placed,
    columns: range | None = None,
    header_size: float = 11,
    min_width: float = 8,
    max_width: float = 45,
) -> None:
    """Make each of ``columns`` (default: all of the table's) as wide as its header's longest
    word (at ``header_size`` pt, bold) and its widest value as shown, the rows below the table
    (totals) included, at least ``min_width`` units; a text value wider than ``max_width``
    wraps within it, its row made tall enough. The header row is made tall enough for every
    header's wrapped lines.
    """
    ws = table.ws
    columns = columns or range(1, table.width + 1)
    rows = range(table.first, _below(ws, table) + 1)
    font = Font(name=HEADER_FONT.name, bold=True, color=HEADER_FONT.color, size=header_size)
    for j in columns:
        header = ws.cell(table.header_row, j)
        header.font = font
        values = value_units(ws, j, rows)
        width = max(min_width, header_units(str(header.value or ""), header_size))
        width = max(width, min(values, max_width))
        ws.column_dimensions[get_column_letter(j)].width = round(width, 1)
        if values > max_width:
            _wrap_long_text(ws, j, rows, width, table.width)
    ws.row_dimensions[table.header_row].height = header_height(table)


def header_height(table: Placed) -> float:
    """Points the header row needs for every header's wrapped lines."""
    ws = table.ws
    tallest = 0.0
    for j in range(1, table.width + 1):
        cell = ws.cell(table.header_row, j)
        size = (cell.font.sz if cell.font is not None else None) or 11
        width = ws.column_dimensions[get_column_letter(j)].width or 8.43
        lines = wrapped_lines(str(cell.value or ""), width, size)
        tallest = max(tallest, lines * line_height_pt(size))
    return round(tallest + 4, 1)


def wrap_cells(
    ws: Worksheet, rows: range, columns: list[int], size: float = 11, horizontal: str | None = None
) -> None:
    """Wrap the cells of ``columns`` in ``rows`` (top-aligned; ``horizontal`` "left" for text
    and numbers alike), each row made as tall as its cell of most lines at its column's width,
    so that no text runs into the next row.
    """
    from openpyxl.styles import Alignment

    for r in rows:
        lines = 1
        for j in columns:
            cell = ws.cell(r, j)
            cell.alignment = Alignment(wrap_text=True, vertical="top", horizontal=horizontal)
            width = ws.column_dimensions[get_column_letter(j)].width or 8.43
            text = shown(cell.value, cell.number_format)
            lines = max(
                lines, sum(wrapped_lines(p, width, size, bold=False) for p in text.split("\n"))
            )
        ws.row_dimensions[r].height = round(lines * line_height_pt(size) + 2, 1)


def _below(ws: Worksheet, table: Placed) -> int:
    """The last row of the table and of the rows right below it that name themselves in column
    A (Total, Earliest).
    """
    last = max(table.last, table.first - 1)
    while ws.cell(last + 1, 1).value is not None and last < table.last + 5:
        last += 1
    return last


def _wrap_long_text(ws: Worksheet, column: int, rows: range, width: float, columns: int) -> None:
    """Wrap the text cells of ``column`` that are wider than ``width`` units, each such row as
    tall as its lines and its ``columns`` cells top-aligned (figures level with the first line).
    """
    from openpyxl.styles import Alignment

    for r in rows:
        cell = ws.cell(r, column)
        if isinstance(cell.value, str) and text_units(cell.value) + _PAD_UNITS > width:
            for j in range(1, columns + 1):
                other = ws.cell(r, j)
                other.alignment = Alignment(
                    wrap_text=j == column, vertical="top", horizontal=other.alignment.horizontal
                )
            lines = wrapped_lines(cell.value, width, 11, bold=False)
            height = lines * line_height_pt(11) + 2
            ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, height)


# Wide sheets print at most at this scale (%), and at less (down to MIN_SCALE_PCT) only where
# that saves a page.
WIDE_SCALE_PCT = 65
MIN_SCALE_PCT = 55
# LibreOffice draws a row of 11 pt text about this high (points), unless the row sets its height.
ROW_PT = 16


def _column_pt(ws: Worksheet, column: int) -> float:
    return PT_PER_WIDTH_UNIT * (ws.column_dimensions[get_column_letter(column)].width or 8.43)


def _bands(sizes: list[float], repeat: float, room: float) -> int:
    """Pages needed to lay ``sizes`` (columns or rows, in points) side by side in bands of at
    most ``room``, each band after the first also carrying ``repeat`` (the print titles).
    """
    bands, used, placed = 1, 0.0, 0
    for size in sizes:
        if placed and used + size > room:
            bands, used, placed = bands + 1, repeat, 0
        used += size
        placed += 1
    return bands


def pages_at(
    widths: list[float], heights: list[float], title_width: float, header: float, scale: int
) -> int:
    """Pages a print area takes at ``scale`` %: columns ``widths`` and rows ``heights`` (points at
    100 %), the first columns (``title_width`` points) repeated on every page after the first
    across, a header row of ``header`` points on every page.
    """
    room_w = PRINTABLE_WIDTH_PT * 100 / scale
    room_h = PRINTABLE_HEIGHT_PT * 100 / scale - header
    across = _bands(widths, title_width, room_w)
    down = _bands(heights, 0.0, room_h)
    return across * down


def print_wide(
    table: Placed,
    footer: str,
    title_columns: int = 1,
    printed_columns: int | None = None,
    chart: tuple[int, int] = (0, 0),
) -> int:
    """Print a wide table whole: every row, its header row and first ``title_columns`` columns on
    every page, its HXL row left out (it is for machines, and its tags do not fit in print), at
    the largest scale up to ``WIDE_SCALE_PCT`` that prints in as few pages as
    ``MIN_SCALE_PCT`` would. ``printed_columns`` leaves the columns right of that many to the
    screen; ``chart`` (columns, rows) adds that many columns right of the table, over that
    many rows from its first data row (a chart), on a page of their own, and then no column is
    repeated (the table must fit one page wide). Returns the pages expected.
    """
    ws = table.ws
    width = printed_columns or table.width
    chart_columns, chart_rows = chart
    last = _below(ws, table)
    area_last = max(last, table.first + chart_rows - 1)
    widths = [_column_pt(ws, j) for j in range(1, width + 1)]
    heights = [ws.row_dimensions[r].height or ROW_PT for r in range(table.first, last + 1)]
    header = ws.row_dimensions[table.header_row].height or ROW_PT
    titles = 0 if chart_columns else title_columns
    title_width = sum(widths[:titles])
    fewest = pages_at(widths, heights, title_width, header, MIN_SCALE_PCT)
    scale = next(
        s
        for s in range(WIDE_SCALE_PCT, MIN_SCALE_PCT - 1, -1)
        if pages_at(widths, heights, title_width, header, s) <= fewest
    )
    print_setup(
        ws,
        footer,
        title_rows=f"{table.header_row}:{table.header_row}",
        title_columns=f"A:{get_column_letter(titles)}" if titles else None,
        print_area=f"A{table.first}:{get_column_letter(width + chart_columns)}{area_last}",
        scale=scale,
    )
    if chart_columns:
        ws.col_breaks.append(Break(id=width + 1))  # the chart prints on a page of its own
    ws.page_setup.pageOrder = "overThenDown"
    return pages_at(widths, heights, title_width, header, scale) + (1 if chart_columns else 0)
