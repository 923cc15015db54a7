"""Read a report back as a reader meets it: each chart's ranges, and what its printed pages show."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_from_string

RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


@dataclass(frozen=True)
class Range:
    """A chart reference: sheet, column (1-based) and first/last row."""

    sheet: str
    column: int
    first: int
    last: int

    @classmethod
    def parse(cls, ref: str) -> Range:
        """Parse a one-column chart reference such as ``'My sheet'!$B$3:$B$9``."""
        m = RANGE.match(ref)
        assert m, ref
        sheet = (m.group(1) or m.group(2)).replace("''", "'")
        col, row = m.group(3), int(m.group(4))
        col2, row2 = m.group(5) or col, int(m.group(6) or row)
        assert col == col2, f"{ref} spans columns"
        return cls(sheet, column_index_from_string(col), row, row2)


@dataclass(frozen=True)
class ChartSeries:
    """One series of one chart: where its title, values and categories (or x values) come from."""

    sheet: str
    chart_title: str
    title: Range | None
    values: Range
    categories: Range | None
    smooth: bool | None
    label_skip: int | None


def _title(chart) -> str:
    try:
        return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))
    except AttributeError:
        return ""


def _ref(source) -> str | None:
    if source is None:
        return None
    for attr in ("numRef", "strRef"):
        ref = getattr(source, attr, None)
        if ref is not None:
            return ref.f
    return None


def chart_series(wb: Workbook) -> list[ChartSeries]:
    """Every series of every chart in the workbook (as loaded by openpyxl, which reads the chart XML)."""
    out = []
    for ws in wb.worksheets:
        for chart in ws._charts:
            skip = getattr(chart.x_axis, "tickLblSkip", None)
            for s in chart.series:
                values = _ref(s.val) or _ref(s.yVal)
                categories = _ref(s.cat) or _ref(s.xVal)
                title = s.tx.strRef.f if s.tx is not None and s.tx.strRef is not None else None
                out.append(
                    ChartSeries(
                        sheet=ws.title,
                        chart_title=_title(chart),
                        title=Range.parse(title) if title else None,
                        values=Range.parse(values),
                        categories=Range.parse(categories) if categories else None,
                        smooth=s.smooth,
                        label_skip=skip,
                    )
                )
    return out


def cells(wb: Workbook, r: Range) -> list:
    """The values of the cells of ``r``."""
    ws = wb[r.sheet]
    return [ws.cell(row, r.column).value for row in range(r.first, r.last + 1)]


def assert_chart_is_right(wb: Workbook, series: ChartSeries) -> None:
    """The series' values start at the first data row (right below the HXL row, or the header),
    are all numbers, its categories cover the same rows, and its title is its column's header.
    """
    ws = wb[series.values.sheet]
    v = series.values
    above = ws.cell(v.first - 1, v.column).value
    assert isinstance(above, str), (
        f"{series.chart_title}: the cell above the values ({above!r}) is not a header or HXL tag"
    )
    values = cells(wb, v)
    assert all(isinstance(x, int | float) for x in values), (
        f"{series.chart_title}: non-numbers in the values: {values[:5]}"
    )
    if series.categories is not None:
        c = series.categories
        assert (c.first, c.last) == (v.first, v.last), (
            f"{series.chart_title}: categories rows {c.first}-{c.last}, values {v.first}-{v.last}"
        )
        assert all(x is not None for x in cells(wb, c)), f"{series.chart_title}: a blank category"
    assert series.title is not None, f"{series.chart_title}: untitled series"
    header = ws.cell(series.title.first, series.title.column).value
    assert (
        series.title.column == v.column and isinstance(header, str) and not header.startswith("#")
    ), f"{series.chart_title}: title cell {header!r}"
    assert series.smooth in (None, False), f"{series.chart_title}: smoothed"


# ---------------------------------------------------------------------------- the printout

FOOTER = re.compile(r"Page (\d+) of \d+ · (.+)")
# the report's header cells are dark blue (``logistics.report.xlsx.HEADER_FILL``)
HEADER_COLOUR = "1F4E78"


def pdf_sheet_texts(pdf: Path) -> dict[str, list[str]]:
    """The text of each printed page, grouped by the sheet its footer names, in page order.

    Text is taken in content-stream order, so a wrapped cell's lines follow one another (as
    LibreOffice draws them, cell by cell), and text outside its clip path (cut off at a cell's
    edge) is left out: what the page shows, not what the file holds.
    """
    import pymupdf

    out: dict[str, list[str]] = {}
    with pymupdf.open(pdf) as doc:
        for page in doc:
            # TEXT_CLIP (MuPDF 1.23 on) leaves out text outside its clip path
            flags = getattr(pymupdf, "TEXT_CLIP", 0) | pymupdf.TEXT_MEDIABOX_CLIP
            text = page.get_text("text", flags=flags, sort=False)
            footer = FOOTER.search(text)
            assert footer, f"page {page.number + 1} has no footer naming its sheet"
            out.setdefault(footer.group(2).strip(), []).append(text)
    return out


def flat(text: str) -> str:
    """Text with every run of whitespace one space, and none after a hyphen (a line may break
    after a hyphen, never inside a word).
    """
    return re.sub(r"-\s+", "-", " ".join(str(text).split()))


def printed_cells(ws) -> tuple[list[int], list[int]]:
    """Rows and columns a sheet prints: its print area and print titles (all when none set)."""
    area = ws.print_area
    rows: set[int] = set()
    cols: set[int] = set()
    if area:
        for part in str(area).split(","):
            ref = part.split("!")[-1].replace("$", "")
            lo, hi = (ref.split(":") + [ref])[:2]
            (c1, r1), (c2, r2) = (coordinate_from_string(lo), coordinate_from_string(hi))
            rows |= set(range(r1, r2 + 1))
            cols |= set(range(column_index_from_string(c1), column_index_from_string(c2) + 1))
    else:
        rows, cols = set(range(1, ws.max_row + 1)), set(range(1, ws.max_column + 1))
    titles = ws.print_title_rows
    if titles:
        first, last = (int(x.replace("$", "")) for x in titles.split(":"))
        rows |= set(range(first, last + 1))
    return sorted(rows), sorted(cols)


def printed_headers(ws) -> list[str]:
    """The text of every header cell (the report's dark-blue header style) that the sheet prints."""
    rows, cols = printed_cells(ws)
    out = []
    for r in rows:
        for c in cols:
            cell = ws.cell(r, c)
            colour = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fgColor else None
            if (
                cell.value is not None
                and isinstance(colour, str)
                and colour.endswith(HEADER_COLOUR)
            ):
                out.append(str(cell.value))
    return out


def printout_defects(wb: Workbook, pdf: Path, paths: list[str], max_pages: int) -> list[str]:
    """What a reader of the printed report would trip on: "###" for a number too wide for its
    column, a header whose whole text is on none of its sheet's pages (broken inside a word or
    clipped), a route missing from the Routes pages, a local path, more than ``max_pages``
    pages. Returns one line per defect (none: the printout is whole).
    """
    pages = pdf_sheet_texts(pdf)
    defects = []
    total = sum(len(p) for p in pages.values())
    if total > max_pages:
        counts = ", ".join(f"{name} {len(p)}" for name, p in pages.items())
        defects.append(f"{total} pages, more than {max_pages} ({counts})")
    for name, texts in pages.items():
        for i, text in enumerate(texts, start=1):
            if "###" in text:
                defects.append(f"{name} page {i}: '###' (a number too wide for its column)")
            for path in paths:
                if path in text:
                    defects.append(f"{name} page {i}: the local path {path}")
    for ws in wb.worksheets:
        texts = [flat(t) for t in pages.get(ws.title, [])]
        if not texts:
            defects.append(f"{ws.title}: no printed page")
            continue
        for header in printed_headers(ws):
            if not any(flat(header) in t for t in texts):
                defects.append(f"{ws.title}: header {header!r} is not whole on its pages")
    if "Routes" in wb.sheetnames:
        ws = wb["Routes"]
        routes = [
            ws.cell(r, 1).value
            for r in range(3, ws.max_row + 1)
            if ws.cell(r, 1).value not in (None, "Total")
        ]
        words = set(" ".join(pages.get("Routes", [])).split())
        defects += [f"Routes: route {r} is not printed" for r in routes if r not in words]
    return defects
