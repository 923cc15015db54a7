"""Scenario files: strict YAML parsing, checks against a network, and the problems they report
(file, scenario and key named).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import logistics
from networks import InputError, ScenarioError
from networks.scenarios import check_scenarios, parse_scenarios
from tests.conftest import closure, run, scenario, two_crossings_network


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(exc_info) -> list[str]:
    return [str(p) for p in exc_info.value.problems]


GOOD = """\
name: x50-shut
description: X50 sealed for five days
probability: 0.25
horizon_days: 10
closures:
  - target: X50
    start_day: 0
    end_day: 5
    capacity_factor: 0.0
demand_factor: {"*": 1.0, AF01: 1.0}
supply_factor: {SRC: 1.0}
cost_factor: {"*": 1.0}
"""


def test_a_good_file_loads_and_runs(tmp_path):
    (sc,) = logistics.load_scenario_file(write(tmp_path, "shut.yaml", GOOD))
    assert sc.name == "x50-shut" and sc.probability == 0.25 and sc.horizon_days == 10
    assert sc.closures[0].target == "X50" and sc.closures[0].end_day == 5
    assert sc.source_file == "shut.yaml"
    res = logistics.run_scenarios(
        two_crossings_network(), [sc]
    )  # horizon taken from the file: 10 days
    assert res.horizon_days == 10
    assert res["x50-shut"].totals["shortfall_t"] == pytest.approx(
        200, abs=1e-4
    )  # as in the hand case: 5 × 40


def test_scenario_errors_are_input_errors():
    assert issubclass(ScenarioError, InputError)


def test_unknown_top_level_key_is_named(tmp_path):
    path = write(tmp_path, "typo.yaml", GOOD.replace("closures:", "closure:"))
    with pytest.raises(ScenarioError, match="unknown key") as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.where == 'typo.yaml scenario "x50-shut"'
    assert p.column == "closure"
    assert "allowed keys are" in p.message and "closures" in p.message
    assert str(p).startswith('typo.yaml scenario "x50-shut", column "closure": unknown key')


def test_unknown_closure_key_is_named(tmp_path):
    path = write(tmp_path, "typo.yaml", GOOD.replace("capacity_factor", "capacity_facter"))
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.column == "closures.0.capacity_facter"
    assert "capacity_factor" in p.message  # the allowed keys of a closure are listed


def test_unknown_closure_target_is_named_with_suggestion():
    sc = scenario("shut", closure("X5O", 0, 5))  # letter O, not zero
    with pytest.raises(
        ScenarioError, match=r'unknown closure target "X5O".*did you mean "X50"'
    ) as info:
        logistics.run_scenarios(two_crossings_network(), [sc], horizon_days=10)
    (p,) = info.value.problems
    assert p.column == "closures.0.target"
    assert 'scenario "shut"' in p.where


def test_check_scenarios_collects_every_problem():
    net = two_crossings_network()
    bad = logistics.Scenario(
        name="bad",
        closures=[closure("NOPE", 0, 2), closure("X30", 0, 2, exempt=["ayd"])],
        demand_factor={"AF99": 1.2},
        cost_factor={"rail_road": 2.0},
    )
    with pytest.raises(ScenarioError) as info:
        check_scenarios(net, [bad])
    columns = sorted(p.column for p in info.value.problems)
    assert columns == [
        "closures.0.target",
        "closures.1.exempt.0",
        "cost_factor.rail_road",
        "demand_factor.AF99",
    ]


def test_duplicate_scenario_names_are_refused():
    net = two_crossings_network()
    with pytest.raises(ScenarioError, match="duplicate scenario name"):
        check_scenarios(net, [scenario("a", closure("X30")), scenario("a", closure("X50"))])


def test_baseline_name_is_reserved_for_the_no_closure_run():
    net = two_crossings_network()
    with pytest.raises(ScenarioError, match='"baseline" is kept'):
        check_scenarios(net, [scenario("baseline", closure("X30"))])


def test_malformed_yaml_names_the_line(tmp_path):
    path = write(
        tmp_path,
        "broken.yaml",
        """\
        name: broken
        closures:
          - target: X50
            start_day: 0
           end_day: 5
        """,
    )
    with pytest.raises(ScenarioError, match="malformed YAML at line 5") as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.where == "broken.yaml"


def test_empty_file(tmp_path):
    with pytest.raises(ScenarioError, match="file is empty"):
        logistics.load_scenario_file(write(tmp_path, "empty.yaml", "\n"))


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError, match="cannot read"):
        logistics.load_scenario_file(tmp_path / "absent.yaml")


@pytest.mark.parametrize(("start", "end"), [(5, 5), (5, 3)])
def test_closure_end_day_not_after_start_day(tmp_path, start, end):
    path = write(
        tmp_path,
        "days.yaml",
        GOOD.replace("start_day: 0", f"start_day: {start}").replace(
            "end_day: 5", f"end_day: {end}"
        ),
    )
    with pytest.raises(
        ScenarioError, match=f"end_day {end} is not after start_day {start}"
    ) as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.where == 'days.yaml scenario "x50-shut"'
    assert p.column.startswith("closures.0")


def test_negative_capacity_factor(tmp_path):
    path = write(
        tmp_path, "neg.yaml", GOOD.replace("capacity_factor: 0.0", "capacity_factor: -0.5")
    )
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.column == "closures.0.capacity_factor"
    assert "-0.5 is negative; it must be ≥ 0" in p.message


@pytest.mark.parametrize("key", ["demand_factor", "supply_factor", "cost_factor"])
def test_negative_factor_names_the_factor(tmp_path, key):
    text = GOOD.replace(f"{key}: ", f"{key}: {{X50: -1.0}}\nold_{key}: ")
    text = "\n".join(line for line in text.splitlines() if not line.startswith(f"old_{key}"))
    path = write(tmp_path, "neg.yaml", text)
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.where == 'neg.yaml scenario "x50-shut"'
    assert p.column == f"{key}.X50"
    assert "-1.0 is negative; it must be ≥ 0" in p.message


def test_negative_factor_problem_carries_the_key(tmp_path):
    path = write(
        tmp_path,
        "neg.yaml",
        GOOD.replace('demand_factor: {"*": 1.0, AF01: 1.0}', 'demand_factor: {"*": 1.0, AF01: -2}'),
    )
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenario_file(path)
    (p,) = info.value.problems
    assert p.column == "demand_factor.AF01"


def test_probability_out_of_range(tmp_path):
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenario_file(
            write(tmp_path, "p.yaml", GOOD.replace("probability: 0.25", "probability: 1.5"))
        )
    assert info.value.problems[0].column == "probability"


def test_a_file_holding_a_list_of_scenarios(tmp_path):
    path = write(
        tmp_path,
        "matrix.yaml",
        """\
        - name: x30-shut
          closures: [{target: X30, start_day: 0, end_day: 5}]
        - name: x50-shut
          closures: [{target: X50, start_day: 0, end_day: 5}]
        - name: both-shut
          closures:
            - {target: X30, start_day: 0, end_day: 5}
            - {target: X50, start_day: 0, end_day: 5}
        """,
    )
    scenarios = logistics.load_scenario_file(path)
    assert [s.name for s in scenarios] == ["x30-shut", "x50-shut", "both-shut"]
    res = run(two_crossings_network(), *scenarios, days=10)
    assert [s.name for s in res.scenarios] == ["baseline", "x30-shut", "x50-shut", "both-shut"]
    assert res["x30-shut"].totals["shortfall_t"] == pytest.approx(
        100, abs=1e-4
    )  # days 0–4: 70 − 50 = 20 t × 5
    assert res["x50-shut"].totals["shortfall_t"] == pytest.approx(200, abs=1e-4)  # 40 t × 5
    assert res["both-shut"].totals["shortfall_t"] == pytest.approx(350, abs=1e-4)  # 70 t × 5


def test_list_problems_name_each_scenario(tmp_path):
    path = write(
        tmp_path,
        "matrix.yaml",
        """\
        - name: ok
        - name: typo
          closurs: []
        - just a string
        """,
    )
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenario_file(path)
    wheres = [p.where for p in info.value.problems]
    assert wheres == ['matrix.yaml scenario "typo"', "matrix.yaml scenario 3"]
    assert info.value.problems[0].column == "closurs"


def test_load_scenarios_reads_a_folder_and_collects_problems_from_every_file(tmp_path):
    write(tmp_path, "a.yaml", "name: a\n")
    write(tmp_path, "b.yml", "name: b\nclosures: [{target: X30, end_day: 3}]\n")
    assert [s.name for s in logistics.load_scenarios([tmp_path])] == ["a", "b"]
    write(tmp_path, "c.yaml", "name: c\nhorizon: 10\n")
    write(tmp_path, "d.yaml", "name: d\nclosures: [{target: X30, start_day: 4, end_day: 2}]\n")
    with pytest.raises(ScenarioError) as info:
        logistics.load_scenarios([tmp_path])
    assert sorted(p.where.split()[0] for p in info.value.problems) == ["c.yaml", "d.yaml"]


def test_scenarios_with_different_horizons_need_days(tmp_path):
    net = two_crossings_network()
    a = logistics.Scenario(name="a", horizon_days=10)
    b = logistics.Scenario(name="b", horizon_days=20)
    with pytest.raises(ScenarioError, match="differs"):
        logistics.run_scenarios(net, [a, b])
    assert logistics.run_scenarios(net, [a, b], horizon_days=5).horizon_days == 5


def test_parse_scenarios_directly():
    (sc,) = parse_scenarios(
        {"name": "x", "closures": [{"target": "X30", "exempt": ["food"]}]}, "inline"
    )
    assert sc.closures[0].exempt == ("food",) and sc.closures[0].end_day is None
