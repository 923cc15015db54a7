"""Read a report back as a reader meets it: each chart's ranges, and a PDF's page count."""

from __future__ import annotations

import re
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string

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


PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its /Type /Page objects (not /Pages)."""
    return len(PAGE.findall(pdf))
