"""The report's cell rules (logistics/report/xlsx.py): a table's column writer stores every cell as
``put`` stores it, cell by cell (value, data type, number format, style), text as text (never a
formula or an error code), missing values empty, numpy scalars as Python's; and so does the
saved file.
"""

from __future__ import annotations

import gc
from datetime import date, datetime

import numpy as np
import openpyxl
import pandas as pd
import pytest
from openpyxl import Workbook

from logistics.report.xlsx import MAX_CELL_CHARS, MAX_ROW, collector_paused, put, write_table

TEXTS = [
    "=1+1",  # a formula if it were not forced to text
    "#N/A",  # an error code likewise
    "Kabul",
    "Kabul",  # repeated: made safe once, stored each time
    "bell\x07here",  # a control character openpyxl refuses: U+FFFD
    "x" * (MAX_CELL_CHARS + 10),  # cut at Excel's limit
    "",
    None,
]
FRAME = pd.DataFrame(
    {
        "text": TEXTS,
        "float (t)": [1.5, np.nan, -0.0, 2.0, 1e300, float("inf"), 3.25, 7.0],
        "int (t)": np.arange(8, dtype=np.int64),
        "bool": [True, False, True, False, True, False, True, False],
        "date": [date(2026, 11, 30), None, date(2027, 1, 1), *[date(2026, 12, 1)] * 5],
        "datetime": [datetime(2026, 11, 30, 6), *[None] * 7],
        # an object column of everything at once: numpy scalars, pd.NA, text, numbers
        "mixed": [np.float64(2.5), np.int64(3), pd.NA, "=A1", 4, 4.5, np.bool_(True), "t"],
        "empty": [None] * 8,
    }
)
FORMATS = {
    "text": "0.0",  # never applied to text
    "float (t)": "#,##0",
    "int (t)": "#,##0",
    "bool": "0",
    "date": "d mmm yyyy",
    "datetime": "d mmm yyyy",
    "mixed": "0.00",
    "empty": "#,##0",
}


def _cell(c) -> tuple:
    return (c.value, c.data_type, c.number_format, c.has_style and c.style_id)


def _by_put(ws, frame: pd.DataFrame, first: int) -> None:
    """The table's data cells as ``put`` writes them one by one (what the column writer must match)."""
    for j, name in enumerate(frame.columns, start=1):
        for i, value in enumerate(frame[name], start=first):
            put(ws, i, j, None if pd.isna(value) else value, FORMATS.get(name))


def test_the_column_writer_stores_each_cell_as_put_does(tmp_path) -> None:
    wb = Workbook()
    table = write_table(wb.active, FRAME, top=2, formats=FORMATS)
    ours = table.ws
    theirs = wb.create_sheet("put")
    _by_put(theirs, FRAME, table.first)
    rows = range(table.first, table.last + 1)
    for j in range(1, FRAME.shape[1] + 1):
        for i in rows:
            assert _cell(ours.cell(i, j)) == _cell(theirs.cell(i, j)), (i, FRAME.columns[j - 1])
    # the rules themselves
    text = {i: ours.cell(i, 1) for i in rows}
    assert all(c.data_type == "s" for c in text.values() if c.value is not None)
    assert text[table.first].value == "=1+1" and text[table.first + 1].value == "#N/A"
    assert text[table.first + 4].value == "bell\ufffdhere"
    assert len(text[table.first + 5].value) == MAX_CELL_CHARS
    assert text[table.first + 7].value is None
    # a number format is never put on text (a missing value takes the column's, as a number would)
    assert all(c.number_format == "General" for c in text.values() if c.value is not None)
    floats = [ours.cell(i, 2) for i in rows]
    assert floats[1].value is None and floats[1].number_format == "#,##0"  # NaN: empty, formatted
    assert all(type(c.value) is float for c in floats if c.value is not None)
    mixed = [ours.cell(i, 7).value for i in rows]
    assert [type(v) for v in mixed] == [float, int, type(None), str, int, float, bool, str]
    # and the saved file reads back the same, cell for cell
    path = tmp_path / "t.xlsx"
    wb.save(path)
    back = openpyxl.load_workbook(path)
    for j in range(1, FRAME.shape[1] + 1):
        for i in rows:
            a, b = back.active.cell(i, j), back["put"].cell(i, j)
            assert (a.value, a.data_type, a.number_format) == (
                b.value,
                b.data_type,
                b.number_format,
            )
    assert back.active.cell(table.first, 1).data_type == "s"  # '=1+1' is text, not a formula


def test_a_cell_already_there_is_written_as_put_writes_it() -> None:
    wb = Workbook()
    ws, other = wb.active, wb.create_sheet("put")
    for sheet in (ws, other):
        put(sheet, 3, 2, "kept")  # a cell in the way, holding text
        put(sheet, 4, 1, 9.0, "0.0")
    write_table(ws, FRAME[["text", "float (t)"]], top=2, formats=FORMATS)
    _by_put(other, FRAME[["text", "float (t)"]], 3)
    for i in range(3, 3 + len(FRAME)):
        for j in (1, 2):
            assert _cell(ws.cell(i, j)) == _cell(other.cell(i, j)), (i, j)


def test_a_row_appended_below_a_table_goes_below_its_last_row() -> None:
    ws = Workbook().active
    table = write_table(ws, pd.DataFrame({"a (t)": [1.0, 2.0, 3.0], "b": ["x", "y", "y"]}))
    ws.append(["next"])
    assert table.last == 4 and ws.cell(table.last + 1, 1).value == "next"


def test_a_table_past_excels_last_row_is_refused() -> None:
    ws = Workbook().active
    with pytest.raises(ValueError, match="Row numbers must be between 1 and 1048576"):
        write_table(ws, pd.DataFrame({"a (t)": [1.0, 2.0, 3.0]}), top=MAX_ROW - 2)


def test_the_collector_is_paused_while_a_report_is_written_and_left_as_it_was() -> None:
    assert gc.isenabled()
    with pytest.raises(OSError), collector_paused():
        assert not gc.isenabled()
        raise OSError  # a failed save
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # a caller's own pause is kept
    finally:
        gc.enable()
