"""The input workbook: contents, validation lists, and the round trip template → validate → run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import BUNDLED_NETWORK, BUNDLED_SCENARIOS, main
from logistics import load_network_and_scenarios, load_scenario_file
from networks import ScenarioError
from networks.schema import NODE_KINDS, ROUTE_MODES, SCENARIO_SHEET, TABLES
from networks.template import FIRST_DATA_ROW, write_template
from tests.conftest import aid_and_trade_network, build, demand, node, route, supply


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
            out[rng.coord.rstrip("0123456789").split(":")[0].rstrip("0123456789")] = (
                dv.type,
                dv.formula1,
                dv.operator,
            )
    return out


def test_empty_template_has_every_table_headers_hxl_and_lists(tmp_path: Path) -> None:
    path = write_template(tmp_path / "blank.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", *TABLES, "scenarios"]
    for name, table in TABLES.items():
        ws = wb[name]
        assert [c.value for c in ws[1]] == list(table.column_names)
        assert [c.value for c in ws[2]] == [c.hxl or None for c in table.columns]
        assert ws.freeze_panes == "B3"
        assert all(c.comment is not None for c in ws[1])
    nodes, routes = validations(wb["nodes"]), validations(wb["routes"])
    assert nodes["C"] == ("list", '"' + ",".join(NODE_KINDS) + '"', None)  # kind
    assert nodes["H"] == ("decimal", "0", "between")  # 0 ≤ storage_t ≤ the schema's maximum
    assert nodes["F"] == ("decimal", "-90", "between")  # lat
    assert routes["B"][:2] == ("list", "node_ids") and routes["C"][:2] == ("list", "node_ids")
    assert routes["D"] == ("list", '"' + ",".join(ROUTE_MODES) + '"', None)
    assert routes["I"][:2] == ("list", '"TRUE,FALSE"')  # bidirectional
    assert validations(wb["supply"])["B"][:2] == ("list", "commodity_ids")
    assert (
        wb.defined_names["node_ids"].attr_text
        == f"'nodes'!$A${FIRST_DATA_ROW}:$A${FIRST_DATA_ROW + 499}"
    )


def test_round_trip_gives_the_same_numbers(runner: CliRunner, bundled_workbook: Path) -> None:
    assert runner.invoke(main, ["validate", str(bundled_workbook)]).exit_code == 0
    scenario = str(BUNDLED_SCENARIOS / "pakistan-closure-90d.yaml")
    docs = []
    for network in (BUNDLED_NETWORK, bundled_workbook):
        result = runner.invoke(
            main,
            [
                "run",
                scenario,
                "--network",
                str(network),
                "--days",
                "20",  # the closure's first shortfall comes on day 17 under "proportional"
                "--json",
                "--no-criticality",
                # in this process: two spawned workers would each build the model and solve the
                # baseline again for one closure (workers never change a number:
                # tests/logistics/engine/test_parallel_run.py)
                "--workers",
                "1",
            ],
        )
        assert result.exit_code == 0, result.output
        doc = json.loads(result.stdout)
        for s in doc["scenarios"]:
            s.pop("solve_seconds")
        docs.append(doc)
    assert docs[0] == docs[1]
    assert docs[0]["scenarios"][1]["shortfall_t"] > 0  # the comparison is not of empty results


def test_errors_in_the_workbook_name_sheet_and_excel_row(
    runner: CliRunner, bundled_workbook: Path, tmp_path: Path
) -> None:
    wb = load_workbook(bundled_workbook)
    wb["nodes"]["H5"] = -3  # storage_t of the third node (Excel row 5)
    wb["routes"]["B7"] = "NOWHERE"  # from of the fifth route
    broken = tmp_path / "broken.xlsx"
    wb.save(broken)
    result = runner.invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1
    assert 'broken.xlsx sheet "nodes", row 5, column H "storage_t": -3 is negative' in result.stderr
    assert (
        'broken.xlsx sheet "routes", row 7, column B "from": unknown node "NOWHERE"'
        in result.stderr
    )


def test_text_is_never_written_as_a_formula(tmp_path: Path) -> None:
    network = build(
        nodes=[node("S", "source", name='=HYPERLINK("http://x")'), node("D", "demand")],
        routes=[route("R", "S", "D")],
        supply=[supply("S", 5)],
        demand=[demand("D", 5)],
    )
    wb = load_workbook(write_template(tmp_path / "t.xlsx", network))
    cell = wb["nodes"][f"B{FIRST_DATA_ROW}"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


def test_template_refuses_other_suffixes(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["template", str(tmp_path / "x.csv")]).exit_code == 2


# ---------------------------------------------------------------- the Scenarios sheet

# A scenario, B description, C probability, D variant_of, E horizon_days, F target, G start_day,
# H end_day, I capacity_factor, J exempt
SHEET = SCENARIO_SHEET.column_names


@pytest.fixture(scope="module")
def small_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Write the template of SRC → X (crossing, 60 t/day) → D, aid and trade 40 t/day each."""
    return write_template(tmp_path_factory.mktemp("small") / "small.xlsx", aid_and_trade_network())


def fill_scenarios(workbook: Path, rows: list[dict], path: Path) -> Path:
    """Type ``rows`` into the Scenarios sheet below the HXL row, as a user would; save as ``path``."""
    wb = load_workbook(workbook)
    ws = wb["scenarios"]
    for i, row in enumerate(rows, start=FIRST_DATA_ROW):
        for key, value in row.items():
            ws.cell(row=i, column=SHEET.index(key) + 1, value=value)
    wb.save(path)
    return path


CORRIDOR_ROWS = [
    {
        "scenario": "corridor",
        "description": "X half open for 4 days, aid let through",
        "probability": 0.6,
        "target": "X",
        "start_day": 2,
        "end_day": 6,
        "capacity_factor": 0.5,
        "exempt": "aid",
    },
    {
        "scenario": "corridor",
        "target": "SRC_X",
        "start_day": 4,
    },  # closed from day 4 to the horizon's end
    {
        "scenario": "corridor-no-aid",
        "variant_of": "corridor",
        "target": "X",
        "start_day": 2,
        "end_day": 6,
        "capacity_factor": 0.5,
    },
]
CORRIDOR_YAML = """
- name: corridor
  description: X half open for 4 days, aid let through
  probability: 0.6
  closures:
    - {target: X, start_day: 2, end_day: 6, capacity_factor: 0.5, exempt: [aid]}
    - {target: SRC_X, start_day: 4}
- name: corridor-no-aid
  variant_of: corridor
  closures:
    - {target: X, start_day: 2, end_day: 6, capacity_factor: 0.5}
"""


def run_json(runner: CliRunner, *args: str) -> dict:
    result = runner.invoke(main, ["run", *args, "--days", "8", "--json", "--no-criticality"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    for s in doc["scenarios"]:
        s.pop("solve_seconds")
    return doc


def test_template_scenarios_sheet_is_empty_with_headers_hxl_and_validation(
    small_workbook: Path,
) -> None:
    wb = load_workbook(small_workbook)
    assert wb.sheetnames == ["Instructions", *TABLES, "scenarios", "lists"]
    ws = wb["scenarios"]
    assert [c.value for c in ws[1]] == list(SHEET)
    assert [c.value for c in ws[2]] == [c.hxl for c in SCENARIO_SHEET.columns]
    assert all(c.comment is not None for c in ws[1])
    assert ws.max_row == 2  # no example row: it would be run
    rules = validations(ws)
    assert rules["F"] == ("list", "target_ids", None)  # target
    assert rules["C"] == ("decimal", "0", "between") and rules["I"] == (
        "decimal",
        "0",
        "between",
    )  # probability, capacity_factor 0-1
    # days within the schema's range
    assert rules["G"] == ("whole", "0", "between") and rules["H"] == (
        "whole",
        "1",
        "between",
    )
    # the target list: crossings first, then the other nodes, then the routes
    assert wb["lists"].sheet_state == "hidden"
    assert [c.value for c in wb["lists"]["A"]][1:] == ["X", "SRC", "D", "SRC_X", "X_D"]
    assert wb.defined_names["target_ids"].attr_text == "'lists'!$A$2:$A$6"
    instructions = " ".join(str(c.value) for c in wb["Instructions"]["A"] if c.value)
    assert (
        "rows with the same scenario name form one scenario" in instructions
        and "separated by semicolons" in instructions
    )


def test_closure_in_the_sheet_equals_the_yaml_closure_and_runs_the_same(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    book = fill_scenarios(small_workbook, CORRIDOR_ROWS, tmp_path / "book.xlsx")
    yaml_file = tmp_path / "corridor.yaml"
    yaml_file.write_text(CORRIDOR_YAML)
    _, from_sheet = load_network_and_scenarios(book)
    from_yaml = load_scenario_file(yaml_file)
    assert [s.source_file for s in from_sheet] == ['book.xlsx sheet "scenarios"'] * 2
    assert [s.model_copy(update={"source_file": None}) for s in from_sheet] == [
        s.model_copy(update={"source_file": None}) for s in from_yaml
    ]
    sheet_run = run_json(runner, "--network", str(book))
    yaml_run = run_json(runner, str(yaml_file), "--network", str(small_workbook))
    assert sheet_run == yaml_run
    assert [s["name"] for s in sheet_run["scenarios"]] == [
        "baseline",
        "corridor",
        "corridor-no-aid",
    ]
    assert (
        sheet_run["scenarios"][1]["shortfall_t"] > sheet_run["scenarios"][0]["shortfall_t"]
    )  # not a comparison of empty results


def test_sheet_and_yaml_scenarios_run_together(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    book = fill_scenarios(small_workbook, CORRIDOR_ROWS[:2], tmp_path / "book.xlsx")
    other = tmp_path / "other.yaml"
    other.write_text("name: x-closed\nclosures:\n  - {target: X, start_day: 1, end_day: 3}\n")
    doc = run_json(runner, str(other), "--network", str(book))
    assert [s["name"] for s in doc["scenarios"]] == ["baseline", "corridor", "x-closed"]


def test_validate_workbook_counts_its_scenarios_and_warns_of_unused_columns(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    book = fill_scenarios(small_workbook, CORRIDOR_ROWS, tmp_path / "book.xlsx")
    wb = load_workbook(book)
    wb["scenarios"]["K1"] = "notes"
    wb.save(book)
    result = runner.invoke(main, ["validate", str(book)])
    assert result.exit_code == 0, result.output
    assert "Scenarios sheet: 2 scenarios: corridor, corridor-no-aid" in result.stdout
    assert (
        'warning: book.xlsx sheet "scenarios": column "notes" is not used by borderflow and is ignored'
        in result.stderr
    )


def validate_errors(
    runner: CliRunner, workbook: Path, rows: list[dict], tmp_path: Path, *extra: str
) -> str:
    book = fill_scenarios(workbook, rows, tmp_path / "book.xlsx")
    result = runner.invoke(main, ["validate", str(book), *extra])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    return result.stderr


WHERE = 'book.xlsx sheet "scenarios"'


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            {"target": "SRC_Y"},
            'row 3, column F "target": unknown closure target "SRC_Y"; use a node or route id (did you mean "SRC_X"?)',
        ),
        (
            {"target": "X", "start_day": 5, "end_day": 5},
            'row 3, column H "end_day": end_day 5 is not after start_day 5 (end days are exclusive)',
        ),
        (
            {"target": "X", "start_day": 5, "end_day": 2},
            'row 3, column H "end_day": end_day 2 is not after start_day 5',
        ),
        (
            {"target": "X", "capacity_factor": 1.5},
            'row 3, column I "capacity_factor": 1.5 is above 1; on this sheet a closure leaves 0 to 1 of normal capacity open',
        ),
        (
            {"target": "X", "capacity_factor": -0.5},
            'row 3, column I "capacity_factor": -0.5 is negative; it must be ≥ 0',
        ),
        (
            {"target": "X", "exempt": "aid; trde"},
            'row 3, column J "exempt": unknown commodity "trde" (did you mean "trade"?)',
        ),
        (
            {"target": "X", "start_day": -1},
            'row 3, column G "start_day": -1 is negative; it must be ≥ 0',
        ),
        (
            {"target": "X", "probability": 1.2},
            'row 3, column C "probability": 1.2 is above 1; it must be ≤ 1',
        ),
        (
            {"target": "X", "horizon_days": 0},
            'row 3, column E "horizon_days": 0 is below 1; it must be ≥ 1',
        ),
        (
            {"target": "X", "capacity_factor": "0,5"},
            'row 3, column I "capacity_factor": "0,5" has a comma, and borderflow does not guess what it means: write 0.5 with a decimal point',
        ),
        ({"target": "X", "end_day": "1,5"}, 'row 3, column H "end_day": "1,5" has a comma'),
        (
            {"target": "X", "end_day": 2.5},
            'row 3, column H "end_day": "2.5" is not a whole number of days',
        ),
        (
            {"start_day": 2},
            'row 3, column F "target": a closure needs a target: choose a node or route id from the list',
        ),
        (
            {"target": "X", "probability": 0.2, "variant_of": "other"},
            'row 3, column D "variant_of": a variant (of "other") carries no probability of its own',
        ),
    ],
)
def test_each_sheet_error_names_sheet_row_and_column(
    runner: CliRunner, small_workbook: Path, tmp_path: Path, row: dict, expected: str
) -> None:
    err = validate_errors(runner, small_workbook, [{"scenario": "s", **row}], tmp_path)
    assert f"{WHERE}, {expected}" in err
    assert "1 problem in the input" in err


def test_a_row_without_a_scenario_name_is_an_error(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    err = validate_errors(runner, small_workbook, [{"target": "X", "start_day": 1}], tmp_path)
    assert f'{WHERE}, row 3, column A "scenario": required value is blank' in err


def test_conflicting_scenario_level_values_name_both_rows(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    rows = [
        {"scenario": "s", "probability": 0.25, "description": "one", "target": "X"},
        {"scenario": "s", "probability": 0.25, "target": "SRC_X"},  # the same again: fine
        {"scenario": "s", "probability": 0.3, "description": "two", "target": "X_D"},
    ]
    err = validate_errors(runner, small_workbook, rows, tmp_path)
    assert (
        f'{WHERE}, row 5, column B "description": "two" differs from "one" in row 3; description belongs to the whole scenario "s"'
        in err
    )
    assert (
        f'{WHERE}, row 5, column C "probability": 0.3 differs from 0.25 in row 3; probability belongs to the whole scenario "s"'
        in err
    )
    assert "2 problems in the input" in err


def test_every_sheet_problem_at_once_in_row_order(small_workbook: Path, tmp_path: Path) -> None:
    rows = [
        {"scenario": "a", "target": "SRC_Y", "exempt": "aid trde"},
        {"scenario": "b", "target": "X", "start_day": 4, "end_day": 3, "capacity_factor": 2},
    ]
    with pytest.raises(ScenarioError) as info:
        load_network_and_scenarios(fill_scenarios(small_workbook, rows, tmp_path / "book.xlsx"))
    found = [(p.where, p.row, p.letter, p.column) for p in info.value.problems]
    assert found == [
        (WHERE, 3, "F", "target"),
        (WHERE, 3, "J", "exempt"),
        (WHERE, 4, "H", "end_day"),
        (WHERE, 4, "I", "capacity_factor"),
    ]


def test_a_name_in_both_the_sheet_and_a_yaml_file_is_an_error_naming_both(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    clash = tmp_path / "clash.yaml"
    clash.write_text("name: corridor\nclosures:\n  - {target: X}\n")
    book = fill_scenarios(small_workbook, CORRIDOR_ROWS, tmp_path / "book.xlsx")
    result = runner.invoke(
        main, ["run", str(clash), "--network", str(book), "--days", "3", "--no-criticality"]
    )
    assert result.exit_code == 1
    assert (
        f'{WHERE}, row 3, column A "scenario": duplicate scenario name (also in clash.yaml); names must be unique'
        in result.stderr
    )


def test_network_and_sheet_problems_are_reported_together(
    runner: CliRunner, small_workbook: Path, tmp_path: Path
) -> None:
    book = fill_scenarios(
        small_workbook,
        [{"scenario": "s", "target": "X", "capacity_factor": 3}],
        tmp_path / "book.xlsx",
    )
    wb = load_workbook(book)
    wb["routes"][f"G{FIRST_DATA_ROW}"] = "1,5"  # capacity_t_per_day as text with a decimal comma
    wb.save(book)
    err = runner.invoke(main, ["validate", str(book)]).stderr
    assert (
        'book.xlsx sheet "routes", row 3, column G "capacity_t_per_day": "1,5" has a comma' in err
    )
    assert f'{WHERE}, row 3, column I "capacity_factor": 3 is above 1' in err
