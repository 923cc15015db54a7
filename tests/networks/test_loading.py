"""Loading is total: any malformed file becomes located problems, never a crash or silence.

Each test reproduces one failure class of issue 14 (encodings, repeated headers, damaged
workbook XML, sheets differing in case, declared sheet ranges, header case, control
characters, numbers beyond the schema's ranges, unbounded echoes).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from networks import InputError, load_network, network_from_tables
from tests.networks.test_validation import good_tables, write_folder, write_workbook

ROUTES_SHEET = "xl/worksheets/sheet2.xml"  # write_workbook's sheet order: nodes, routes, …


def problems_loading(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_network(path)
    return [str(p) for p in info.value.problems]


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("encode", "looks_like"),
    [
        (lambda text: text.encode("latin-1"), "Latin-1"),
        (lambda text: text.encode("utf-16"), "UTF-16"),  # with its byte-order mark
        (lambda text: text.encode("utf-16-le"), "UTF-16"),  # without
        (lambda text: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ],
)
def test_csv_not_in_utf8_names_the_file_and_asks_for_utf8(tmp_path, encode, looks_like):
    folder = write_folder(tmp_path / "net", good_tables())
    text = (folder / "nodes.csv").read_text(encoding="utf-8").replace("KABUL name", "Kâbul Zoë")
    (folder / "nodes.csv").write_bytes(encode(text))
    (found,) = problems_loading(folder)
    assert found.startswith("nodes.csv: is not UTF-8 text")
    assert looks_like in found and "save it as UTF-8" in found


def test_csv_with_a_utf8_byte_order_mark_is_read(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    (folder / "nodes.csv").write_text((folder / "nodes.csv").read_text(), encoding="utf-8-sig")
    assert load_network(folder).node_ids == ["SRC", "TORKHAM", "KABUL"]


# ---------------------------------------------------------------- headers


def test_repeated_csv_header_is_a_located_problem(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    lines = (folder / "routes.csv").read_text().splitlines()
    lines = [lines[0] + ",source,id"] + [line + ",somewhere,R9" for line in lines[1:]]
    (folder / "routes.csv").write_text("\n".join(lines) + "\n")
    assert problems_loading(folder) == [
        'routes.csv, row 1, column J "id": column "id" appears twice (columns A and J); '
        "keep one of them"
    ]


def test_header_in_upper_case_is_read_as_the_schema_column(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    for name, column in (("nodes", "storage_t"), ("routes", "cost_usd_per_t")):
        path = folder / f"{name}.csv"
        lines = path.read_text().splitlines()
        path.write_text("\n".join([lines[0].replace(column, column.upper()), *lines[1:]]) + "\n")
    net = load_network(folder)
    assert net.warnings == ()
    assert net.nodes["storage_t"].tolist() == [0, 0, 50]  # not blank = unlimited


def test_header_in_two_cases_names_both_columns(tmp_path):
    t = good_tables()
    t["nodes"]["STORAGE_T"] = 7
    found = problems_loading(write_folder(tmp_path / "net", t))
    assert found == [
        'nodes.csv, row 1, column K "STORAGE_T": columns "storage_t" and "STORAGE_T" differ only '
        "in case (columns D and K); keep one of them"
    ]


def test_unknown_columns_differing_only_in_case_are_a_problem(tmp_path):
    t = good_tables()
    t["routes"]["Note"] = "paved"
    t["routes"]["note"] = "unpaved"
    found = problems_loading(write_folder(tmp_path / "net", t))
    assert found == [
        'routes.csv, row 1, column J "note": columns "Note" and "note" differ only in case '
        "(columns I and J); keep one of them"
    ]


def test_csv_files_differing_only_in_case_are_named_both(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    text = (folder / "nodes.csv").read_text()
    (folder / "NODES.csv").write_text("".join(text.splitlines(keepends=True)[:-1]))
    assert problems_loading(folder) == [
        f'{folder}: files "NODES.csv" and "nodes.csv" differ only in case; keep one of them'
    ]


def test_a_table_file_named_in_upper_case_is_read(tmp_path):
    folder = write_folder(tmp_path / "net", good_tables())
    (folder / "routes.csv").rename(folder / "ROUTES.CSV")
    net = load_network(folder)
    assert net.routes["id"].tolist() == ["R1", "R2"]
    assert "ROUTES.CSV" in net.file_hashes


# ---------------------------------------------------------------- workbooks


def rewrite_member(path: Path, member: str, change) -> None:
    """Rewrite one file inside an .xlsx (a zip) with ``change(text) -> text``."""
    with zipfile.ZipFile(path) as z:
        items = {name: z.read(name) for name in z.namelist()}
    items[member] = change(items[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)


def numeric_cell(ref: str):
    """Return a change putting ``value`` (of type ``kind``) in cell ``ref``."""

    def with_value(value: str, kind: str = "n"):
        def change(xml: str) -> str:
            pattern = rf'<c r="{ref}"[^>]*>.*?</c>'
            assert re.search(pattern, xml), xml[:500]
            return re.sub(pattern, f'<c r="{ref}" t="{kind}"><v>{value}</v></c>', xml, count=1)

        return change

    return with_value


@pytest.mark.parametrize(
    ("value", "kind"),
    [("1x0", "n"), ("maybe", "b"), ("not-a-date", "d"), ("99999", "s"), ("1e999999", "n")],
    ids=["bad number", "bad boolean", "bad date", "shared string out of range", "huge"],
)
def test_damaged_cell_xml_names_the_file_and_sheet(tmp_path, value, kind):
    path = write_workbook(tmp_path / "net.xlsx", good_tables())
    rewrite_member(path, ROUTES_SHEET, numeric_cell("G2")(value, kind))
    found = problems_loading(path)
    assert all(p.startswith('net.xlsx sheet "routes"') for p in found), found
    assert found


def test_bad_cell_reference_names_the_sheet(tmp_path):
    path = write_workbook(tmp_path / "net.xlsx", good_tables())
    rewrite_member(path, ROUTES_SHEET, lambda xml: xml.replace('r="G2"', 'r="G!!"', 1))
    found = problems_loading(path)
    assert found == [
        'net.xlsx sheet "routes": cannot read the sheet: the file is damaged '
        f"({found[0].split('damaged (')[1]}"
    ]
    assert "save it again" in found[0]


def test_truncated_workbook_names_the_file(tmp_path):
    path = write_workbook(tmp_path / "net.xlsx", good_tables())
    path.write_bytes(path.read_bytes()[:-200])
    (found,) = problems_loading(path)
    assert found.startswith("net.xlsx: cannot open as an .xlsx workbook")


def test_sheets_differing_only_in_case_are_named_both(tmp_path):
    t = good_tables()
    t["other"] = t["nodes"]  # Excel (and openpyxl) refuse such names: rename it in the zip
    path = write_workbook(tmp_path / "net.xlsx", t)
    rewrite_member(path, "xl/workbook.xml", lambda xml: xml.replace('name="other"', 'name="NODES"'))
    assert problems_loading(path) == [
        'net.xlsx: sheets "nodes" and "NODES" differ only in case; keep one of them'
    ]


def test_declared_sheet_range_smaller_than_the_data_does_not_truncate(tmp_path):
    t = good_tables()
    more = [{**t["routes"].iloc[1].to_dict(), "id": f"R{i}"} for i in range(3, 7)]
    t["routes"] = pd.concat([t["routes"], pd.DataFrame(more)], ignore_index=True)
    path = write_workbook(tmp_path / "net.xlsx", t)
    rewrite_member(
        path,
        ROUTES_SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:J4"/>', xml),
    )
    with zipfile.ZipFile(path) as z:
        assert '<dimension ref="A1:J4"/>' in z.read(ROUTES_SHEET).decode()
    assert load_network(path).routes["id"].tolist() == ["R1", "R2", "R3", "R4", "R5", "R6"]


# ---------------------------------------------------------------- text and numbers


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x0b", "\x1f", "\x7f"])
def test_control_character_in_text_is_a_located_problem(char):
    t = good_tables()
    t["nodes"].loc[2, "name"] = f"Kabul{char}city"
    (found,) = [str(p) for p in _problems(t)]
    code = f"U+{ord(char):04X}"
    assert found == (
        f'nodes table, row 4, column B "name": "Kabul\\x{ord(char):02x}city" holds a control '
        f"character ({code}, position 6); remove it: reports cannot show it"
    )


def test_control_character_in_a_csv_source_is_a_located_problem(tmp_path):
    t = good_tables()
    t["supply"]["source"] = ["WFP\x0b2025"]
    (found,) = problems_loading(write_folder(tmp_path / "net", t))
    assert found.startswith(
        'supply.csv, row 2, column D "source": "WFP\\x0b2025" holds a control character'
    )


def _problems(t):
    with pytest.raises(InputError) as info:
        network_from_tables(t)
    return info.value.problems


@pytest.mark.parametrize(
    ("table", "column", "limit"),
    [
        ("routes", "transit_days", "3,650 days"),
        ("routes", "distance_km", "40,000 km"),
        ("routes", "capacity_t_per_day", "1,000,000,000 t/day"),
        ("demand", "t_per_day", "1,000,000,000 t/day"),
        ("nodes", "priority", "1,000"),
        ("commodities", "priority", "1,000"),
        ("commodities", "kcal_per_kg", "10,000 kcal/kg"),
        ("stocks", "tonnes", "1,000,000,000,000 t"),
    ],
)
def test_numbers_beyond_the_schema_range_are_located_problems(table, column, limit):
    t = good_tables()
    t[table][column] = t[table][column].astype(float) if column in t[table] else 1.0
    t[table].loc[0, column] = 1e19
    problems = [p for p in _problems(t) if p.column == column and p.message.startswith("1e+19")]
    assert [(p.where, p.row, p.message) for p in problems] == [
        (f"{table} table", 2, f"1e+19 is above {limit}; it must be ≤ {limit}")
    ]


def test_huge_values_are_echoed_shortened():
    t = good_tables()
    t["routes"].loc[1, "to"] = "K" * 100_000
    t["routes"]["distance_km"] = t["routes"]["distance_km"].astype(object)
    t["routes"].loc[0, "distance_km"] = "9" * 5_000 + "x"
    messages = [str(p) for p in _problems(t)]
    assert len(messages) == 2 and all(len(m) < 300 for m in messages), messages
    assert any("(100,000 characters)" in m for m in messages)


def test_frames_with_non_text_column_names_are_read():
    t = good_tables()
    t["nodes"][0] = "x"  # a DataFrame column named 0: ignored with a warning, not a crash
    net = network_from_tables(t)
    assert net.warnings == ('nodes table: column "0" is not used by borderflow and is ignored',)
