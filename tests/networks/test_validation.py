"""Every validation rule of design.md "Inputs", one bad cell at a time, plus CSV folders and
.xlsx workbooks. Each problem must name the table, the spreadsheet row (header = row 1,
first data row = 2) and the column.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from networks import InputError, Problem, load_network, network_from_tables
from tests.conftest import demand, node, route, stock, supply, tables

# ---------------------------------------------------------------- a valid base network


def good_tables() -> dict[str, pd.DataFrame]:
    """SRC → TORKHAM (crossing) → KABUL, one commodity; valid as it stands."""
    return tables(
        nodes=[
            node("SRC", "source", country="PAK", lat=34.0, lon=71.5),
            node(
                "TORKHAM", "crossing", throughput_t_per_day=100, country="AFG", lat=34.1, lon=71.1
            ),
            node(
                "KABUL",
                "demand",
                storage_t=50,
                pcode="AF01",
                country="AFG",
                lat=34.5,
                lon=69.2,
                population=5_000_000,
            ),
        ],
        routes=[
            route("R1", "SRC", "TORKHAM", capacity=200),
            route("R2", "TORKHAM", "KABUL", capacity=200),
        ],
        supply=[supply("SRC", 80)],
        demand=[demand("KABUL", 60, people=5_000_000)],
        stocks=[stock("KABUL", 20)],
    )


def problems_of(t: dict[str, pd.DataFrame]) -> list[Problem]:
    with pytest.raises(InputError) as info:
        network_from_tables(t)
    return info.value.problems


def only_problem(t: dict[str, pd.DataFrame]) -> Problem:
    found = problems_of(t)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_good_tables_are_valid():
    net = network_from_tables(good_tables())
    assert net.node_ids == ["SRC", "TORKHAM", "KABUL"]
    assert net.warnings == ()
    assert len(net.arcs) == 2


# ---------------------------------------------------------------- one rule at a time


def test_unknown_node_in_a_route_with_suggestion():
    t = good_tables()
    t["routes"].loc[1, "to"] = "KABUL_X"  # second data row = spreadsheet row 3
    with pytest.raises(InputError, match=r'unknown node "KABUL_X" \(did you mean "KABUL"\?\)'):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == ("routes table", 3, "to")
    assert (
        str(p)
        == 'routes table, row 3, column C "to": unknown node "KABUL_X" (did you mean "KABUL"?)'
    )


def test_unknown_node_differing_only_in_case_is_suggested():
    t = good_tables()
    t["supply"].loc[0, "node"] = "src"
    p = only_problem(t)
    assert (p.row, p.column) == (2, "node")
    assert 'unknown node "src" (did you mean "SRC"?)' in p.message


def test_unknown_node_with_nothing_close_has_no_suggestion():
    t = good_tables()
    t["routes"].loc[0, "from"] = "QQQQQQQQ"
    p = only_problem(t)
    assert p.message == 'unknown node "QQQQQQQQ"'


def test_unknown_commodity_in_demand():
    t = good_tables()
    t["demand"].loc[0, "commodity"] = "fod"
    with pytest.raises(InputError, match=r'unknown commodity "fod" \(did you mean "food"\?\)'):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == ("demand table", 2, "commodity")


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("routes", "capacity_t_per_day", -5),
        ("routes", "distance_km", -1),
        ("routes", "transit_days", -0.5),
        ("routes", "cost_usd_per_t", -2),
        ("supply", "t_per_day", -10),
        ("demand", "t_per_day", -1),
        ("stocks", "tonnes", -3),
        ("nodes", "storage_t", -1),
        ("nodes", "throughput_t_per_day", -100),
        ("nodes", "population", -7),
    ],
)
def test_negative_numbers_are_refused(table, column, value):
    t = good_tables()
    row = len(t[table]) - 1
    t[table][column] = t[table][column].astype(object)
    t[table].loc[row, column] = value
    with pytest.raises(InputError, match=rf"{value:g} is negative; it must be ≥ 0"):
        network_from_tables(t)
    p = [p for p in problems_of(t) if p.column == column][0]
    assert (p.where, p.row) == (f"{table} table", row + 2)


def test_priority_below_one_is_refused():
    t = good_tables()
    t["nodes"].loc[2, "priority"] = 0.5
    p = only_problem(t)
    assert (p.row, p.column) == (4, "priority")
    assert "0.5 is below 1" in p.message


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("routes", "mode"),
        ("nodes", "kind"),
        ("commodities", "kcal_per_kg"),
        ("supply", "t_per_day"),
        ("stocks", "tonnes"),
    ],
)
def test_missing_required_column(table, column):
    t = good_tables()
    t[table] = t[table].drop(columns=[column])
    with pytest.raises(
        InputError, match=rf'missing required column; add a column headed exactly "{column}"'
    ):
        network_from_tables(t)
    p = [p for p in problems_of(t) if p.column == column][0]
    assert p.where == f"{table} table"
    assert p.row is None


def test_blank_required_value():
    t = good_tables()
    t["routes"].loc[0, "mode"] = None
    p = only_problem(t)
    assert (p.row, p.column, p.message) == (2, "mode", "required value is blank")


@pytest.mark.parametrize(
    ("table", "column", "text"),
    [
        ("routes", "distance_km", "ten"),
        ("nodes", "lat", "34.5N"),
        ("supply", "t_per_day", "n/a"),
        ("routes", "capacity_t_per_day", "inf"),
    ],
)
def test_text_in_a_number_column(table, column, text):
    t = good_tables()
    t[table][column] = t[table][column].astype(object)
    t[table].loc[0, column] = text
    with pytest.raises(InputError, match=rf'"{text}" is not a number'):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == (f"{table} table", 2, column)


SEPARATOR_FIX = "with a decimal point; do not use thousands separators"


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("1,080", "write 1.080 or 1080, whichever is meant,"),  # once read as 1080 without a word
        ("1 080", "write 1080"),
        ("1\u00a0080", "write 1080"),
        ("1'080", "write 1080"),
        ("1.080.000", "write 1080000"),
        ("10\u066b8", "write 10.8"),
        ("1,2,3", "write the number"),
    ],
)
def test_numbers_with_thousands_separators_or_decimal_commas_are_refused(text, fix):
    t = good_tables()
    t["supply"]["t_per_day"] = [text]
    p = only_problem(t)
    assert (p.row, p.column, p.letter) == (2, "t_per_day", "C")
    assert p.message.startswith(f'"{text}" has ') and f"{fix} {SEPARATOR_FIX}" in p.message


def test_decimal_point_is_read():
    t = good_tables()
    t["routes"]["cost_usd_per_t"] = ["12.9", "0.5"]
    assert network_from_tables(t).routes["cost_usd_per_t"].tolist() == [12.9, 0.5]


def test_fractional_day_is_refused():
    t = good_tables()
    t["supply"]["start_day"] = [1.5]
    p = only_problem(t)
    assert (p.row, p.column) == (2, "start_day")
    assert "not a whole number of days" in p.message


def test_bad_boolean():
    t = good_tables()
    t["routes"]["bidirectional"] = ["maybe", "yes"]
    p = only_problem(t)
    assert (p.row, p.column) == (2, "bidirectional")
    assert '"maybe" is not true or false' in p.message


@pytest.mark.parametrize("table", ["nodes", "routes", "commodities"])
def test_duplicate_id(table):
    t = good_tables()
    dup = t[table].iloc[[0]]
    t[table] = pd.concat([t[table], dup], ignore_index=True)
    first = t[table].loc[0, "id"]
    with pytest.raises(InputError, match=rf'duplicate id "{first}" \(first used in row 2\)'):
        network_from_tables(t)
    p = [p for p in problems_of(t) if "duplicate" in p.message][0]
    assert (p.where, p.row, p.column) == (f"{table} table", len(t[table]) + 1, "id")


@pytest.mark.parametrize(
    ("table", "start", "end"), [("supply", 5, 5), ("supply", 5, 3), ("demand", 10, 2)]
)
def test_end_day_not_after_start_day(table, start, end):
    t = good_tables()
    t[table]["start_day"] = [start]
    t[table]["end_day"] = [end]
    with pytest.raises(InputError, match=rf"end_day {end} is not after start_day {start}"):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == (f"{table} table", 2, "end_day")


def test_end_day_zero_is_below_the_minimum():
    t = good_tables()
    t["demand"]["end_day"] = [0]
    found = problems_of(t)
    assert any(p.column == "end_day" and "below 1" in p.message for p in found)


@pytest.mark.parametrize(
    ("table", "column", "value", "suggestion"),
    [
        ("nodes", "kind", "crosing", "crossing"),
        ("routes", "mode", "Road", "road"),
        ("routes", "mode", "boat", None),
    ],
)
def test_bad_choice(table, column, value, suggestion):
    t = good_tables()
    t[table].loc[1, column] = value
    with pytest.raises(InputError, match=rf'"{value}" is not one of'):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == (f"{table} table", 3, column)
    if suggestion:
        assert p.message.endswith(f'(did you mean "{suggestion}"?)')
    else:
        assert "did you mean" not in p.message


@pytest.mark.parametrize("pcode", ["AF1", "af01", "AF-01", "Kabul", "AFG01"])
def test_bad_pcode(pcode):
    t = good_tables()
    t["nodes"].loc[2, "pcode"] = pcode
    with pytest.raises(InputError, match=rf'"{pcode}" does not look like'):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.row, p.column) == (4, "pcode")


@pytest.mark.parametrize("pcode", ["AF01", "AF0101", "PK12"])
def test_good_pcodes(pcode):
    t = good_tables()
    t["nodes"].loc[2, "pcode"] = pcode
    network_from_tables(t)


def test_bad_country_code():
    t = good_tables()
    t["nodes"].loc[0, "country"] = "PK"
    p = only_problem(t)
    assert (p.row, p.column) == (2, "country")


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("lat", 95, "95 is above 90"),
        ("lat", -90.5, "-90.5 is below -90"),
        ("lon", 181, "181 is above 180"),
        ("lon", -200, "-200 is below -180"),
    ],
)
def test_lat_lon_out_of_range(column, value, words):
    t = good_tables()
    t["nodes"].loc[1, column] = value
    with pytest.raises(InputError, match=words):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == ("nodes table", 3, column)


def test_lat_lon_at_their_limits_are_valid():
    t = good_tables()
    t["nodes"]["lat"] = [90, -90, 0]
    t["nodes"]["lon"] = [180, -180, 0]
    network_from_tables(t)


def test_stock_above_storage():
    t = good_tables()
    t["stocks"]["tonnes"] = [60]  # KABUL holds at most 50 t
    with pytest.raises(InputError, match=r'stock at "KABUL" totals 60 t but its storage_t is 50 t'):
        network_from_tables(t)
    p = only_problem(t)
    assert (p.where, p.row, p.column) == ("stocks table", 2, "tonnes")


def test_stock_above_storage_summed_over_commodities():
    t = good_tables()
    t["commodities"] = pd.DataFrame(
        [
            {"id": "food", "name": "Food", "kcal_per_kg": 3500},
            {"id": "oil", "name": "Oil", "kcal_per_kg": 8800},
        ]
    )
    t["stocks"] = pd.DataFrame([stock("KABUL", 30), stock("KABUL", 30, "oil")])  # 30 + 30 = 60 > 50
    p = only_problem(t)
    assert "totals 60 t" in p.message


def test_stock_at_a_node_that_cannot_store():
    t = good_tables()
    t["stocks"] = pd.DataFrame([stock("TORKHAM", 1)])  # TORKHAM storage_t = 0
    assert "storage_t is 0 t" in only_problem(t).message


def test_stock_with_unlimited_storage_is_fine():
    t = good_tables()
    t["nodes"].loc[2, "storage_t"] = None
    t["stocks"]["tonnes"] = [1e6]
    network_from_tables(t)


def test_route_from_a_node_to_itself():
    t = good_tables()
    t["routes"].loc[0, "to"] = "SRC"
    p = only_problem(t)
    assert (p.row, p.column) == (2, "to")
    assert "starts and ends" in p.message


def test_misspelt_optional_column_is_a_problem_not_silence():
    # "storage_tonnes" for storage_t would otherwise mean "no storage limit" everywhere
    t = good_tables()
    t["nodes"] = t["nodes"].rename(columns={"storage_t": "storage_tonnes"})
    p = only_problem(t)
    assert p.where == "nodes table" and p.column == "storage_tonnes"
    assert 'unknown column "storage_tonnes" (did you mean "storage_t"?)' in p.message


def test_unrelated_extra_column_is_ignored_with_a_warning():
    t = good_tables()
    t["nodes"]["analyst_notes"] = "checked"
    net = network_from_tables(t)
    assert net.warnings == (
        'nodes table: column "analyst_notes" is not used by borderflow and is ignored',
    )


def test_missing_id_column_is_one_problem_not_a_cascade():
    t = good_tables()
    t["nodes"] = t["nodes"].drop(columns=["id"])
    found = problems_of(t)
    # the missing column; and its blank-free absence must not make every route/supply/demand row "unknown node"
    assert [p.column for p in found] == ["id"], [str(p) for p in found]


def test_route_id_equal_to_a_node_id_is_refused():
    t = good_tables()
    t["routes"].loc[0, "id"] = "TORKHAM"  # first data row = spreadsheet row 2
    p = only_problem(t)
    assert (p.row, p.column) == (2, "id") and "also a node id" in p.message


def test_table_with_no_rows():
    t = good_tables()
    t["routes"] = t["routes"].iloc[0:0]
    p = only_problem(t)
    assert p.where == "routes table" and "no rows" in p.message


def test_no_supply_and_no_stock():
    t = good_tables()
    t["supply"] = t["supply"].iloc[0:0]
    t["stocks"] = t["stocks"].iloc[0:0]
    with pytest.raises(InputError, match="nothing can be delivered"):
        network_from_tables(t)


def test_missing_and_unknown_tables():
    t = good_tables()
    del t["commodities"]
    t["routez"] = t["routes"]
    found = problems_of(t)
    messages = [str(p) for p in found]
    assert any(p.where == "commodities" and "missing table" in p.message for p in found), messages
    assert any(p.where == "routez" and "unknown table" in p.message for p in found), messages


def test_optional_tables_may_be_left_out():
    t = good_tables()
    del t["stocks"]
    net = network_from_tables(t)
    assert net.stocks.empty


def test_unreachable_demand_node_is_a_warning_not_an_error():
    t = good_tables()
    t["nodes"] = pd.concat(
        [t["nodes"], pd.DataFrame([node("HERAT", "demand", pcode="AF30")])], ignore_index=True
    )
    t["demand"] = pd.concat([t["demand"], pd.DataFrame([demand("HERAT", 5)])], ignore_index=True)
    net = network_from_tables(t)
    assert len(net.warnings) == 1
    assert "HERAT" in net.warnings[0] and "KABUL" not in net.warnings[0]


def test_every_problem_is_reported_at_once():
    t = good_tables()
    t["nodes"].loc[1, "kind"] = "crosing"  # 1: bad kind (nodes row 3)
    t["nodes"].loc[2, "lat"] = 123  # 2: lat out of range (nodes row 4)
    t["nodes"].loc[2, "pcode"] = "AF1"  # 3: bad pcode (nodes row 4)
    t["routes"].loc[0, "capacity_t_per_day"] = -1  # 4: negative capacity (routes row 2)
    t["routes"].loc[1, "to"] = "KABULL"  # 5: unknown node (routes row 3)
    t["routes"]["distance_km"] = t["routes"]["distance_km"].astype(object)
    t["routes"].loc[1, "distance_km"] = "far"  # 6: text in a number column (routes row 3)
    t["supply"]["end_day"] = [
        0
    ]  # 7: end_day below 1 and 8: end_day not after start_day 0 (supply row 2)
    t["stocks"]["tonnes"] = [51]  # 9: stock above storage (stocks row 2)
    t["commodities"] = pd.concat(
        [t["commodities"], t["commodities"]], ignore_index=True
    )  # 10: duplicate id (commodities row 3)
    with pytest.raises(InputError) as info:
        network_from_tables(t)
    found = info.value.problems
    where = sorted((p.where, p.row, p.column) for p in found)
    assert where == sorted(
        [
            ("nodes table", 3, "kind"),
            ("nodes table", 4, "lat"),
            ("nodes table", 4, "pcode"),
            ("routes table", 2, "capacity_t_per_day"),
            ("routes table", 3, "to"),
            ("routes table", 3, "distance_km"),
            ("supply table", 2, "end_day"),
            ("supply table", 2, "end_day"),
            ("stocks table", 2, "tonnes"),
            ("commodities table", 3, "id"),
        ]
    ), [str(p) for p in found]
    assert str(info.value).startswith("10 problems in the input:")


# ---------------------------------------------------------------- CSV folders


def write_csv(
    folder: Path, name: str, frame: pd.DataFrame, hxl: dict[str, str] | None = None
) -> None:
    """Write ``frame`` as ``name``.csv, blank for missing values, with an optional HXL row 2."""
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(frame.columns)
        if hxl is not None:
            w.writerow([hxl.get(c, "") for c in frame.columns])
        for row in frame.itertuples(index=False):
            w.writerow(["" if pd.isna(v) else v for v in row])


def write_folder(folder: Path, t: dict[str, pd.DataFrame], hxl: bool = False) -> Path:
    from networks.schema import TABLES

    folder.mkdir(exist_ok=True)
    for name, frame in t.items():
        tags = {c.name: c.hxl for c in TABLES[name].columns} if hxl else None
        write_csv(folder, name, frame, tags)
    return folder


def test_load_a_valid_csv_folder(tmp_path):
    net = load_network(write_folder(tmp_path / "net", good_tables()))
    assert net.node_ids == ["SRC", "TORKHAM", "KABUL"]
    assert net.nodes.loc[4, "storage_t"] == 50  # indexed by spreadsheet row: KABUL is row 4
    assert set(net.file_hashes) == {
        "nodes.csv",
        "routes.csv",
        "commodities.csv",
        "supply.csv",
        "demand.csv",
        "stocks.csv",
    }


def test_csv_problem_names_file_row_and_column(tmp_path):
    t = good_tables()
    t["routes"].loc[1, "to"] = "KABUL_X"
    with pytest.raises(InputError) as info:
        load_network(write_folder(tmp_path / "net", t))
    (p,) = info.value.problems
    assert (
        str(p) == 'routes.csv, row 3, column C "to": unknown node "KABUL_X" (did you mean "KABUL"?)'
    )


def decimal_comma_tables() -> dict[str, pd.DataFrame]:
    """good_tables with "12,9" USD/t (route R1), "1,5" days and "1,2,3" t/day (route R2), all as text."""
    t = good_tables()
    for column in ("cost_usd_per_t", "transit_days", "capacity_t_per_day"):
        t["routes"][column] = t["routes"][column].astype(object)
    t["routes"].loc[0, "cost_usd_per_t"] = "12,9"
    t["routes"].loc[1, "transit_days"] = "1,5"
    t["routes"].loc[1, "capacity_t_per_day"] = "1,2,3"
    return t


DECIMAL_COMMA_PROBLEMS = [
    'row 2, column H "cost_usd_per_t": "12,9" has a comma, and borderflow does not guess what it means: write 12.9 with a decimal point; do not use thousands separators',
    'row 3, column F "transit_days": "1,5" has a comma, and borderflow does not guess what it means: write 1.5 with a decimal point; do not use thousands separators',
    'row 3, column G "capacity_t_per_day": "1,2,3" has a comma, and borderflow does not guess what it means: write the number with a decimal point; do not use thousands separators',
]


def test_csv_decimal_comma_is_an_error_naming_file_row_and_column(tmp_path):
    with pytest.raises(InputError) as info:
        load_network(write_folder(tmp_path / "net", decimal_comma_tables()))
    assert sorted(str(p) for p in info.value.problems) == sorted(
        f"routes.csv, {m}" for m in DECIMAL_COMMA_PROBLEMS
    )


def test_csv_decimal_point_is_read(tmp_path):
    t = good_tables()
    t["routes"]["cost_usd_per_t"] = ["12.9", "0.5"]
    t["routes"]["transit_days"] = ["1.5", "0"]
    net = load_network(write_folder(tmp_path / "net", t))
    assert net.routes["cost_usd_per_t"].tolist() == [12.9, 0.5]
    assert net.routes["transit_days"].tolist() == [1.5, 0.0]


def test_csv_with_hxl_row_counts_it_in_row_numbers(tmp_path):
    t = good_tables()
    t["routes"].loc[1, "to"] = "KABUL_X"  # second data row: row 4 once the HXL row is row 2
    t["nodes"].loc[0, "lat"] = 100  # first data row: row 3
    folder = write_folder(tmp_path / "net", t, hxl=True)
    assert (folder / "routes.csv").read_text().splitlines()[1].startswith("#route+code,#loc+from")
    with pytest.raises(InputError) as info:
        load_network(folder)
    found = sorted((p.where, p.row, p.column) for p in info.value.problems)
    assert found == [("nodes.csv", 3, "lat"), ("routes.csv", 4, "to")]


def test_csv_with_hxl_row_loads_the_same_network(tmp_path):
    plain = load_network(write_folder(tmp_path / "plain", good_tables()))
    tagged = load_network(write_folder(tmp_path / "tagged", good_tables(), hxl=True))
    assert tagged.node_ids == plain.node_ids
    assert list(tagged.nodes.index) == [3, 4, 5]  # data rows start at row 3
    pd.testing.assert_frame_equal(
        tagged.routes.reset_index(drop=True), plain.routes.reset_index(drop=True)
    )


def test_csv_blank_lines_are_skipped_but_counted(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    lines = (folder / "routes.csv").read_text().splitlines()
    lines.insert(2, "")  # blank line as row 3: R2 moves to row 4
    (folder / "routes.csv").write_text(
        "\n".join(lines).replace("TORKHAM,KABUL", "TORKHAM,KABULX") + "\n"
    )
    with pytest.raises(InputError) as info:
        load_network(folder)
    (p,) = info.value.problems
    assert (p.where, p.row, p.column) == ("routes.csv", 4, "to")


def test_csv_missing_required_file(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    (folder / "routes.csv").unlink()
    with pytest.raises(InputError, match="missing table file; create routes.csv"):
        load_network(folder)


def test_csv_optional_files_may_be_absent(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    (folder / "stocks.csv").unlink()
    assert load_network(folder).stocks.empty


def test_csv_empty_file(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    (folder / "demand.csv").write_text("")
    with pytest.raises(InputError) as info:
        load_network(folder)
    assert any(p.where == "demand.csv" and "empty" in p.message for p in info.value.problems)


def test_no_such_path(tmp_path):
    with pytest.raises(InputError, match="no such folder or file"):
        load_network(tmp_path / "nowhere")


# ---------------------------------------------------------------- .xlsx workbooks


def write_workbook(path: Path, t: dict[str, pd.DataFrame], hxl: bool = False) -> Path:
    import openpyxl

    from networks.schema import TABLES

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, frame in t.items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        if hxl:
            tags = {c.name: c.hxl for c in TABLES[name].columns}
            sheet.append([tags.get(c, "") for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([None if pd.isna(v) else v for v in row])
    book.save(path)
    return path


def test_load_a_valid_workbook(tmp_path):
    net = load_network(write_workbook(tmp_path / "net.xlsx", good_tables()))
    assert net.node_ids == ["SRC", "TORKHAM", "KABUL"]
    assert net.routes["capacity_t_per_day"].tolist() == [200.0, 200.0]
    assert list(net.file_hashes) == ["net.xlsx"]


def test_workbook_problems_name_the_sheet(tmp_path):
    t = good_tables()
    t["routes"].loc[1, "to"] = "KABUL_X"
    t["nodes"].loc[2, "kind"] = "province"
    with pytest.raises(InputError) as info:
        load_network(write_workbook(tmp_path / "net.xlsx", t))
    found = {(p.where, p.row, p.column) for p in info.value.problems}
    assert found == {('net.xlsx sheet "routes"', 3, "to"), ('net.xlsx sheet "nodes"', 4, "kind")}
    assert any(
        str(p).startswith('net.xlsx sheet "routes", row 3, column C "to": unknown node "KABUL_X"')
        for p in info.value.problems
    )


def test_workbook_decimal_comma_in_a_text_cell_is_an_error(tmp_path):
    path = write_workbook(tmp_path / "net.xlsx", decimal_comma_tables())
    import openpyxl

    assert (
        openpyxl.load_workbook(path)["routes"]["H2"].data_type == "s"
    )  # a text cell, as Excel keeps "12,9"
    with pytest.raises(InputError) as info:
        load_network(path)
    assert sorted(str(p) for p in info.value.problems) == sorted(
        f'net.xlsx sheet "routes", {m}' for m in DECIMAL_COMMA_PROBLEMS
    )


def test_workbook_decimal_point_text_and_number_cells_are_read(tmp_path):
    t = good_tables()
    t["routes"]["cost_usd_per_t"] = ["12.9", 0.5]
    net = load_network(write_workbook(tmp_path / "net.xlsx", t))
    assert net.routes["cost_usd_per_t"].tolist() == [12.9, 0.5]


def test_workbook_with_hxl_row(tmp_path):
    t = good_tables()
    t["supply"]["t_per_day"] = [-1]
    with pytest.raises(InputError) as info:
        load_network(write_workbook(tmp_path / "net.xlsx", t, hxl=True))
    (p,) = info.value.problems
    assert (p.where, p.row, p.column) == ('net.xlsx sheet "supply"', 3, "t_per_day")


def test_workbook_missing_sheet(tmp_path):
    t = good_tables()
    del t["commodities"]
    with pytest.raises(InputError, match='missing sheet "commodities"'):
        load_network(write_workbook(tmp_path / "net.xlsx", t))


def test_damaged_workbook(tmp_path):
    path = tmp_path / "net.xlsx"
    path.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match="cannot open as an .xlsx workbook"):
        load_network(path)


# ---------------------------------------------------------------- priced demand


def priced_tables(**columns) -> dict[str, pd.DataFrame]:
    """``good_tables`` with the commodity priced: 400 USD/t and elasticity -0.3, then
    ``columns`` overriding cells of the one commodity row (None = blank).
    """
    t = good_tables()
    values = {"price_usd_per_t": 400.0, "price_elasticity": -0.3, **columns}
    for column, value in values.items():
        t["commodities"][column] = pd.Series([value], dtype=object)
    return t


def test_priced_commodity_is_valid():
    network = network_from_tables(
        priced_tables(price_elasticity_low=-0.2, price_elasticity_high=-0.5)
    )
    assert network.priced_commodity_ids() == ["food"]
    assert network.with_elasticity("low").commodities["price_elasticity"].iloc[0] == -0.2
    assert network.with_elasticity("high").commodities["price_elasticity"].iloc[0] == -0.5


@pytest.mark.parametrize(
    ("columns", "column", "words"),
    [
        ({"price_elasticity": 0.4}, "price_elasticity", "0.4 is not an own-price elasticity"),
        ({"price_elasticity": 0.0}, "price_elasticity", "it must be < 0"),
        ({"price_usd_per_t": 0.0}, "price_usd_per_t", "0 is not a price; it must be > 0 USD/t"),
        ({"price_usd_per_t": -5.0}, "price_usd_per_t", "-5 is not a price"),
        ({"price_elasticity": None}, "price_elasticity", "a price needs an elasticity"),
        ({"price_usd_per_t": None}, "price_usd_per_t", "an elasticity needs a price"),
        ({"price_elasticity_low": -0.5}, "price_elasticity_low", "-0.5 is out of order"),
        ({"price_elasticity_high": -0.1}, "price_elasticity_high", "-0.1 is out of order"),
        ({"aid": True}, "price_usd_per_t", "aid is allocated by priority"),
    ],
)
def test_bad_prices_and_elasticities_are_refused(columns, column, words):
    # the commodity is row 2 of commodities.csv (header = row 1)
    p = only_problem(priced_tables(**columns))
    assert (p.where, p.row, p.column) == ("commodities table", 2, column)
    assert words in p.message


def test_bad_prices_in_a_csv_folder_name_the_file(tmp_path: Path):
    t = priced_tables(price_elasticity=0.7)
    for name, frame in t.items():
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    with pytest.raises(InputError) as info:
        load_network(tmp_path)
    (p,) = info.value.problems
    assert (p.where, p.row, p.column) == ("commodities.csv", 2, "price_elasticity")
