"""The input workbook: contents, validation lists, and the round trip template → validate → run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import BUNDLED_NETWORK, BUNDLED_SCENARIOS, main
from networks.schema import NODE_KINDS, ROUTE_MODES, TABLES
from networks.template import FIRST_DATA_ROW, write_template
from tests.conftest import build, demand, node, route, supply


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(scope="module")
def bundled_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "afghanistan.xlsx"
    result = CliRunner().invoke(main, ["template", str(path), "--from", str(BUNDLED_NETWORK)])
    assert result.exit_code == 0, result.output
    return path


def validations(ws) -> dict[str, str]:
    """Column letter → validation formula1 (or type) of a sheet."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            out[rng.coord.rstrip("0123456789").split(":")[0].rstrip("0123456789")] = (dv.type, dv.formula1, dv.operator)
    return out


def test_empty_template_has_every_table_headers_hxl_and_lists(tmp_path: Path) -> None:
    path = write_template(tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", *TABLES]
    for name, table in TABLES.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == list(table.column_names)
        assert [c.value for c in ws[2]] == [c.hxl or None for c in table.columns]
        assert ws.freeze_panes == "B3"
        assert all(c.comment is not None for c in ws[1])
    nodes, routes = validations(wb["nodes"]), validations(wb["routes"])
    assert nodes["C"] == ("list", '"' + ",".join(NODE_KINDS) + '"', None)  # kind
    assert nodes["H"] == ("decimal", "0", "greaterThanOrEqual")  # storage_t ≥ 0
    assert nodes["F"] == ("decimal", "-90", "between")  # lat
    assert routes["B"][:2] == ("list", "node_ids") and routes["C"][:2] == ("list", "node_ids")
    assert routes["D"] == ("list", '"' + ",".join(ROUTE_MODES) + '"', None)
    assert routes["I"][:2] == ("list", '"TRUE,FALSE"')  # bidirectional
    assert validations(wb["supply"])["B"][:2] == ("list", "commodity_ids")
    assert wb.defined_names["node_ids"].attr_text == f"'nodes'!$A${FIRST_DATA_ROW}:$A${FIRST_DATA_ROW + 499}"


def test_round_trip_gives_the_same_numbers(runner: CliRunner, bundled_workbook: Path) -> None:
    assert runner.invoke(main, ["validate", str(bundled_workbook)]).exit_code == 0
    scenario = str(BUNDLED_SCENARIOS / "pakistan-closure-90d.yaml")
    docs = []
    for network in (BUNDLED_NETWORK, bundled_workbook):
        result = runner.invoke(main, ["run", scenario, "--network", str(network), "--days", "12", "--json", "--no-criticality"])
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        for s in doc["scenarios"]:
            s.pop("solve_seconds")
        docs.append(doc)
    assert docs[0] == docs[1]
    assert docs[0]["scenarios"][1]["shortfall_t"] > 0  # the comparison is not of empty results


def test_errors_in_the_workbook_name_sheet_and_excel_row(runner: CliRunner, bundled_workbook: Path, tmp_path: Path) -> None:
    wb = load_workbook(bundled_workbook)
    wb["nodes"]["H5"] = -3  # storage_t of the third node (Excel row 5)
    wb["routes"]["B7"] = "NOWHERE"  # from of the fifth route
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    result = runner.invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert 'broken.xlsx sheet "nodes", row 5, column H "storage_t": -3 is negative' in result.stderr
    assert 'broken.xlsx sheet "routes", row 7, column B "from": unknown node "NOWHERE"' in result.stderr


def test_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    network = build(
        nodes=[node("S", "source", name="=HYPERLINK(\"http://x\")"), node("D", "demand")],
        routes=[route("R", "S", "D")],
        supply=[supply("S", 5)],
        demand=[demand("D", 5)],
    )
    wb = load_workbook(write_template(tmp_path / "t.xlsx", network))
    cell = wb["nodes"][f"B{FIRST_DATA_ROW}"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_template_refuses_other_suffixes(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["template", str(tmp_path / "x.csv")]).exit_code == 2
