"""Column widths and print pages: words are never broken, numbers never shown as "###", and the
page estimate counts what a printout repeats.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from openpyxl import Workbook

from logistics.report.layout import (
    fit_columns,
    header_units,
    pages_at,
    shown,
    text_units,
    words,
    wrapped_lines,
)
from logistics.report.xlsx import PRINTABLE_WIDTH_PT, TIED_RANK, TONNES, write_table


def test_headers_wrap_at_spaces_and_after_hyphens() -> None:
    assert words("humanitarian-corridor-immediate: shortfall (t)") == [
        "humanitarian-",
        "corridor-",
        "immediate:",
        "shortfall",
        "(t)",
    ]
    # a column as wide as the longest word holds every word on a line of its own at worst
    width = header_units("humanitarian-corridor-immediate: shortfall (t)", 9)
    assert wrapped_lines("humanitarian-corridor-immediate: shortfall (t)", width, 9) <= 5
    assert wrapped_lines("humanitarian-", width, 9) == 1
    # a word wider than its column is cut into lines
    assert wrapped_lines("humanitarian-", width / 2, 9) >= 2


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (1234567.8, TONNES, "1,234,568"),
        (12.345, "0.0", "12.3"),
        (0.1234, "0.0%", "12.3%"),
        (2, TIED_RANK, "=2"),
        (17, None, "17"),
        (date(2026, 12, 7), "d mmm yyyy", "7 Dec 2026"),
        (None, TONNES, ""),
    ],
)
def test_values_as_the_formats_show_them(value, number_format, text) -> None:
    assert shown(value, number_format) == text


def test_columns_fit_their_longest_word_and_widest_number() -> None:
    ws = Workbook().active
    header = "humanitarian-corridor-immediate: people-days without food"
    frame = pd.DataFrame({"Name": ["a", "b"], header: [1.0, 2.0]})
    table = write_table(ws, frame, formats={header: TONNES}, totals={header: 196_200_687.0})
    fit_columns(table, header_size=9)
    width = ws.column_dimensions["B"].width
    assert width >= header_units(header, 9)
    assert width >= text_units("196,200,687", bold=True)  # the total, in bold, fits
    # the header row holds every wrapped line of the header
    lines = wrapped_lines(header, width, 9)
    assert ws.row_dimensions[1].height >= lines * 9


def test_pages_count_repeated_titles() -> None:
    room = PRINTABLE_WIDTH_PT
    # ten columns of (just under) a fifth of the page: two pages across, or three when the first
    # column repeats on every page after the first
    widths = [room / 5 - 1] * 10
    assert pages_at(widths, [16.0], 0.0, 20.0, 100) == 2
    assert pages_at(widths, [16.0], room / 5, 20.0, 100) == 3
    # at half the scale twice as much fits
    assert pages_at(widths, [16.0], 0.0, 20.0, 50) == 1
