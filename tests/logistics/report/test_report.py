"""The Excel report: sheets, headers with units, HXL rows, P-codes, charts, text never a formula, atomic write."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from logistics import Closure, Scenario, run_scenarios, write_report
from logistics.report import workbook as report_module
from networks import network_from_tables

EVIL = '=HYPERLINK("http://example.invalid","click")'


@pytest.fixture(scope="module")
def results():
    """S → X (crossing, 10 t/day) → D (need 8 t/day, pcode AF06), 4 days; the crossing's name is a formula."""
    nodes = pd.DataFrame(
        [
            {"id": "S", "name": "Origin", "kind": "source", "storage_t": 0},
            {
                "id": "X",
                "name": EVIL,
                "kind": "crossing",
                "storage_t": 0,
                "throughput_t_per_day": 10,
                "country": "AFG",
            },
            {"id": "D", "name": "Nangarhar", "kind": "demand", "storage_t": 0, "pcode": "AF06"},
        ]
    )
    routes = pd.DataFrame(
        [
            {
                "id": "R1",
                "from": "S",
                "to": "X",
                "mode": "road",
                "distance_km": 100,
                "transit_days": 0,
                "capacity_t_per_day": 100,
                "cost_usd_per_t": 5,
            },
            {
                "id": "R2",
                "from": "X",
                "to": "D",
                "mode": "road",
                "distance_km": 50,
                "transit_days": 0,
                "capacity_t_per_day": 100,
                "cost_usd_per_t": 2,
            },
        ]
    )
    tables = {
        "nodes": nodes,
        "routes": routes,
        "commodities": pd.DataFrame([{"id": "flour", "name": "Wheat flour", "kcal_per_kg": 3640}]),
        "supply": pd.DataFrame([{"node": "S", "commodity": "flour", "t_per_day": 50}]),
        "demand": pd.DataFrame([{"node": "D", "commodity": "flour", "t_per_day": 8}]),
    }
    closed = Scenario(
        name="x-closed", description=EVIL, closures=[Closure(target="X", start_day=1, end_day=3)]
    )
    half = Scenario(
        name="x-half", closures=[Closure(target="X", start_day=1, end_day=3, capacity_factor=0.5)]
    )
    return run_scenarios(network_from_tables(tables), [closed, half], horizon_days=4)


def test_sheets_headers_hxl_and_numbers(results, tmp_path: Path) -> None:
    path = write_report(results, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Summary",
        "Map",
        "Provinces",
        "Timeline",
        "Crossings",
        "Routes",
        "Commodities",
        "Data",
        "Inputs",
        "About",
    ]
    prov = wb["Provinces"]
    assert prov["A1"].value == "P-code" and prov["A2"].value == "#adm1+code"
    assert prov["A3"].value == "AF06" and prov["B3"].value == "Nangarhar"
    headers = [c.value for c in prov[1]]
    # closed days 1 and 2, no storage anywhere: 2 days × 8 t = 16 t short of 4 × 8 = 32 t need
    assert prov.cell(3, headers.index("x-closed: shortfall (t)") + 1).value == pytest.approx(
        16, abs=1e-6
    )
    assert prov.cell(3, headers.index("x-closed: shortfall (%)") + 1).value == pytest.approx(
        50, abs=1e-6
    )
    assert prov.cell(3, headers.index("x-closed: first day short") + 1).value == 1
    # panes frozen below the HXL row and right of P-code, name and id; the filter starts at the
    # HXL row, so sorting never moves the tags into the data
    assert prov.freeze_panes == "D3" and prov.auto_filter.ref.startswith("A2")
    timeline = wb["Timeline"]
    column = [c.value for c in timeline[1]].index("x-closed: shortfall (t/day)") + 1
    assert [timeline.cell(r, column).value for r in range(3, 7)] == pytest.approx(
        [0, 8, 8, 0], abs=1e-6
    )
    assert wb["Summary"]._charts and timeline._charts
    summary = wb["Summary"]
    header_row = next(r for r in range(1, 40) if summary.cell(r, 1).value == "Scenario")
    summary_headers = [c.value for c in summary[header_row]]
    assert "Shortfall (t)" in summary_headers and "People-days without food" in summary_headers


def test_totals_rows(results, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "r.xlsx"))
    prov = wb["Provinces"]
    headers = [c.value for c in prov[1]]
    # one province (row 3), so the total (row 4) repeats it: 16 t of 32 t need = 50 %
    assert prov["A4"].value == "Total" and prov["A4"].font.b
    assert prov.cell(4, headers.index("Need (t)") + 1).value == pytest.approx(32)
    assert prov.cell(4, headers.index("x-closed: shortfall (t)") + 1).value == pytest.approx(
        16, abs=1e-6
    )
    assert prov.cell(4, headers.index("x-closed: shortfall (%)") + 1).value == pytest.approx(
        50, abs=1e-6
    )
    # the first day short is a minimum, not a total: an "Earliest" row gives it, the total none
    first = headers.index("x-closed: first day short") + 1
    assert prov.cell(4, first).value is None
    assert prov["A5"].value == "Earliest" and prov.cell(5, first).value == 1
    # the auto-filter stops above the total, so sorting keeps it last
    assert prov.auto_filter.ref.endswith("3")
    timeline = wb["Timeline"]
    # daily shortfall of x-closed 0, 8, 8, 0 (rows 3-6): total 16 t in row 7
    column = [c.value for c in timeline[1]].index("x-closed: shortfall (t/day)") + 1
    assert timeline["A7"].value == "Total" and timeline.cell(7, column).value == pytest.approx(
        16, abs=1e-6
    )
    commodities = wb["Commodities"]
    assert [c.value for c in commodities[2]][:4] == [
        "#item+code",
        "#item+name",
        "#item+type",
        "#indicator+need+tonnes",
    ]
    assert commodities["A4"].value == "Total"


def test_inputs_and_map_sheets(results, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_report(results, tmp_path / "r.xlsx"))
    inputs = wb["Inputs"]
    texts = [
        c.value for row in inputs.iter_rows(max_col=1) for c in row if isinstance(c.value, str)
    ]
    for table in ("nodes", "routes", "commodities", "supply", "demand", "stocks", "scenarios"):
        assert any(t.startswith(table) for t in texts), table
    values = {c.value for row in inputs.iter_rows() for c in row}
    assert {"source", "#meta+source", "x-closed", "X ×0 days 1-2"} <= values
    # no node of this network has coordinates: the Map sheet says so instead of drawing
    assert wb["Map"]["A3"].value.startswith("No node has coordinates")


def test_text_from_inputs_is_never_a_formula(results, tmp_path: Path) -> None:
    path = write_report(results, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    found = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == EVIL:
                    assert cell.data_type == "s"
                    found += 1
    assert found >= 2  # the crossing's name and the scenario description


def test_failed_write_leaves_nothing(
    results, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"previous report")

    def broken_save(self, filename):
        Path(filename).write_bytes(b"half")
        msg = "disk full"
        raise OSError(msg)

    monkeypatch.setattr(openpyxl.Workbook, "save", broken_save)
    with pytest.raises(OSError, match="disk full"):
        report_module.write_report(results, target)
    assert target.read_bytes() == b"previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_crossings_sheet_has_the_shadow_price(results, tmp_path: Path) -> None:
    # Under market (the default) the shadow price is in USD: flour has no price here, so a tonne
    # unmet costs INELASTIC_UNMET_USD_PER_T = 10,000 USD. Under proportional it is in tonnes.
    proportional = run_scenarios(
        results.network, [s.scenario for s in results.scenarios[1:]], horizon_days=4,
        allocation="proportional",
    )  # fmt: skip
    for run, unit, metric, worth in (
        # at half capacity on days 1-2 X passes 5 of the 8 t/day needed: +1 t/day of normal
        # capacity passes 0.5 t/day more on those 2 days = 1 t, worth 10,000 USD less its
        # delivery (5 + 2 USD/t) = 9,993 USD under market
        (results, "USD", "value_of_capacity_usd_per_t_per_day", 9993.0),
        (proportional, "t", "value_of_capacity_t_per_t_per_day", 1.0),
    ):
        wb = openpyxl.load_workbook(write_report(run, tmp_path / "r.xlsx"))
        ws = wb["Crossings"]
        headers = [c.value for c in ws[1]]
        # X (10 t/day) is closed on days 1-2 (factor 0: more capacity cannot pass) and has 2 t/day
        # of slack on days 0 and 3: +1 t/day is worth nothing, so the all-zero column is left out
        # here (the Data sheet has it)
        assert f"x-closed: value of +1 t/day ({unit})" not in headers
        data = wb["Data"]
        rows = [[c.value for c in row] for row in data.iter_rows(min_row=4)]
        names = [c.value for c in data[2]]  # row 1: the note on days not short
        value = {
            (r[names.index("scenario")], r[names.index("node")]): r[names.index("value")]
            for r in rows
            if r[names.index("metric")] == metric
        }
        assert value[("x-closed", "X")] == pytest.approx(0, abs=1e-6)
        half = headers.index(f"x-half: value of +1 t/day ({unit})") + 1
        assert ws.cell(3, half).value == pytest.approx(worth, abs=1e-6)


def test_the_network_is_named_without_a_local_path(tmp_path: Path) -> None:
    # a printed report names the network's folder, never where it sits on this machine
    from types import SimpleNamespace

    from inputs import bundled_path
    from logistics.report.workbook import network_place

    place = network_place(SimpleNamespace(path=tmp_path / "my-network"))
    assert place.startswith("my-network (") and str(tmp_path) not in place
    bundled = network_place(SimpleNamespace(path=bundled_path("afghanistan")))
    assert bundled == "inputs/afghanistan, bundled with borderflow"
    assert network_place(SimpleNamespace(path=None)) == "in memory"


def _rows(ws) -> tuple[list[str], list[list]]:
    """Headers and data rows (below the HXL row) of a wide sheet, the Total row included."""
    headers = [c.value for c in ws[1]]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value != "Earliest"]
    return headers, rows


def test_every_percentage_is_of_the_need_in_its_row(results, tmp_path: Path) -> None:
    # a demand factor raises this scenario's need: its shortfall (%) is of its own need, which its
    # rows then show; the others' is of the need column they share with the baseline
    more = Scenario(
        name="x-closed-more-need",
        closures=[Closure(target="X", start_day=1, end_day=3)],
        demand_factor={"D": 1.5},
    )
    run = run_scenarios(
        results.network, [*(s.scenario for s in results.scenarios[1:]), more], horizon_days=4
    )
    wb = openpyxl.load_workbook(write_report(run, tmp_path / "r.xlsx"))
    checked = 0
    for sheet in ("Provinces", "Commodities"):
        headers, rows = _rows(wb[sheet])
        assert "x-closed-more-need: need (t)" in headers and "x-closed: need (t)" not in headers
        for name in (h for h in headers if h and h.endswith(": shortfall (%)")):
            scenario = name.removesuffix(": shortfall (%)")
            own = f"{scenario}: need (t)"
            need = headers.index(own if own in headers else "Need (t)")
            short = headers.index(f"{scenario}: shortfall (t)")
            pct = headers.index(name)
            for row in rows:
                if row[need]:
                    assert row[pct] == pytest.approx(100 * row[short] / row[need]), (sheet, name)
                    checked += 1
    assert checked >= 12
    # a crossing's utilisation is of the capacity in its row
    headers, rows = _rows(wb["Crossings"])
    capacity = headers.index("Capacity over 4 days (t)")
    for name in (h for h in headers if h and h.endswith("utilisation (% of capacity)")):
        throughput = headers.index(name.replace("utilisation (% of capacity)", "throughput (t)"))
        for row in rows[:-1]:
            assert row[headers.index(name)] == pytest.approx(100 * row[throughput] / row[capacity])
