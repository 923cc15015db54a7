"""Scenario and risk YAML: total reading and complete validation (issue 14).

Encodings, repeated keys, nesting depth, alias expansion, non-finite and huge numbers, control
characters and huge values: each is a problem naming the file (and scenario and key), never a
crash, a hang or silence. Probability 0 and zero need run through to a report.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from logistics import load_risk_model, load_scenarios, write_report
from networks import ScenarioError
from networks.yamlfile import MAX_DEPTH
from tests.conftest import closure, demand, node, route, run, scenario, supply, tables

SCENARIO = """\
name: x-shut
probability: 0.25
closures:
  - target: X
    start_day: 0
    end_day: 5
"""
RISK = """\
name: risk
processes:
  - name: x
    targets: [X]
    weekly_probability: 0.1
    duration_days: {median: 5, p90: 10}
"""
BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def scenario_problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenarios([path])
    return [str(p) for p in info.value.problems]


def risk_problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_risk_model(path)
    return [str(p) for p in info.value.problems]


LOADERS = {"scenario": (SCENARIO, scenario_problems), "risk": (RISK, risk_problems)}

# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize("kind", LOADERS)
@pytest.mark.parametrize(
    ("encoding", "looks_like"),
    [("latin-1", "Latin-1"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("binary", "binary")],
)
def test_yaml_not_in_utf8_names_the_file(tmp_path, kind, encoding, looks_like):
    text, problems_of = LOADERS[kind]
    text = text.replace("name: ", "name: Zoë-", 1)
    data = (
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
        if encoding == "binary"
        else text.encode(encoding)
    )
    (found,) = problems_of(write(tmp_path, "bad.yaml", data))
    assert found.startswith("bad.yaml: is not UTF-8 text")
    assert looks_like in found and "save it as UTF-8" in found


def test_yaml_with_a_utf8_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(SCENARIO, encoding="utf-8-sig")
    assert [s.name for s in load_scenarios([path])] == ["x-shut"]


# ---------------------------------------------------------------- repeated keys


@pytest.mark.parametrize(
    ("kind", "extra", "key", "lines"),
    [
        ("scenario", "closures: []\n", "closures", "3 and 7"),
        ("scenario", "name: other\n", "name", "1 and 7"),
        ("risk", "processes: []\n", "processes", "2 and 7"),
        ("risk", "name: other\n", "name", "1 and 7"),
    ],
)
def test_repeated_yaml_key_is_an_error_not_silence(tmp_path, kind, extra, key, lines):
    text, problems_of = LOADERS[kind]
    (found,) = problems_of(write(tmp_path, "twice.yaml", text + extra))
    assert found.startswith(f"twice.yaml: YAML at line {lines.split()[-1]}, column 1: ")
    assert f'key "{key}" is given twice (lines {lines}); keep one' in found


def test_repeated_key_inside_a_closure(tmp_path):
    text = SCENARIO + "    end_day: 6\n"
    (found,) = scenario_problems(write(tmp_path, "twice.yaml", text))
    assert 'key "end_day" is given twice (lines 6 and 7)' in found


def test_merge_keys_may_be_overridden(tmp_path):
    text = SCENARIO + "demand_factor: {<<: {X: 1.0}, X: 2.0}\n"
    (sc,) = load_scenarios([write(tmp_path, "merge.yaml", text)])
    assert sc.demand_factor == {"X": 2.0}


# ---------------------------------------------------------------- depth and aliases


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 5_000])
def test_deep_nesting_is_refused(tmp_path, depth):
    text = "name: deep\ndescription: " + "[" * depth + "]" * depth + "\n"
    (found,) = scenario_problems(write(tmp_path, "deep.yaml", text))
    assert found.startswith("deep.yaml: YAML at line 2, column ")
    assert f"nested more than {MAX_DEPTH} levels deep" in found


def test_billion_laughs_fails_fast_without_expanding(tmp_path):
    path = write(tmp_path, "laughs.yaml", BILLION_LAUGHS)
    assert path.stat().st_size < 400
    start = time.perf_counter()
    (found,) = scenario_problems(path)
    assert time.perf_counter() - start < 2
    assert "aliases (*name) expand this document to more than 100,000 values" in found
    assert len(found) < 300


def test_self_referring_alias_is_refused(tmp_path):
    (found,) = scenario_problems(write(tmp_path, "loop.yaml", "name: &a [x, *a]\n"))
    assert "an alias (*name) refers to itself" in found


def test_a_few_aliases_are_fine(tmp_path):
    text = SCENARIO + "supply_factor: &f {X: 0.5}\ndemand_factor: *f\n"
    (sc,) = load_scenarios([write(tmp_path, "alias.yaml", text)])
    assert sc.demand_factor == sc.supply_factor == {"X": 0.5}


# ---------------------------------------------------------------- numbers


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e19"])
@pytest.mark.parametrize("key", ["demand_factor", "supply_factor", "cost_factor"])
def test_non_finite_or_huge_factors_are_refused(tmp_path, key, value):
    text = SCENARIO + f'{key}: {{"*": {value}}}\n'
    (found,) = scenario_problems(write(tmp_path, "f.yaml", text))
    assert found.startswith(f'f.yaml scenario "x-shut", column "{key}.*": ')


@pytest.mark.parametrize("value", [".inf", ".nan", "1e19"])
def test_non_finite_capacity_factor_is_refused(tmp_path, value):
    text = SCENARIO + f"    capacity_factor: {value}\n"
    (found,) = scenario_problems(write(tmp_path, "f.yaml", text))
    assert 'column "closures.0.capacity_factor"' in found


@pytest.mark.parametrize("value", [".inf", "1e19", ".nan"])
@pytest.mark.parametrize("key", ["median", "p90"])
def test_risk_durations_must_be_finite_days(tmp_path, key, value):
    durations = {"median": "5", "p90": "10", key: value}
    text = RISK.replace(
        "{median: 5, p90: 10}", f"{{median: {durations['median']}, p90: {durations['p90']}}}"
    )
    (found,) = risk_problems(write(tmp_path, "r.yaml", text))
    assert found.startswith(f'r.yaml, column "processes.0.duration_days.{key}": ')
    assert "-9.2e18" not in found and "-9223372036854775808" not in found


def test_huge_day_numbers_are_refused(tmp_path):
    text = SCENARIO.replace("end_day: 5", "end_day: 10000000000000000000")
    (found,) = scenario_problems(write(tmp_path, "d.yaml", text))
    assert 'column "closures.0.end_day"' in found


# ---------------------------------------------------------------- text


@pytest.mark.parametrize("char", ["\\0", "\\x01", "\\v", "\\x1f"])
@pytest.mark.parametrize("key", ["name", "description"])
def test_control_characters_in_scenario_text_are_refused(tmp_path, key, char):
    text = (
        SCENARIO + f'{key}: "a{char}b"\n'
        if key == "description"
        else SCENARIO.replace("name: x-shut", f'name: "a{char}b"')
    )
    (found,) = scenario_problems(write(tmp_path, "c.yaml", text))
    assert f'column "{key}": ' in found and "holds a control character" in found


def test_control_characters_in_risk_text_are_refused(tmp_path):
    text = RISK.replace("name: x\n", 'name: "x\\0"\n').replace("name: risk", 'name: "r\\x0b"')
    found = risk_problems(write(tmp_path, "r.yaml", text))
    assert sorted(p.split(": ")[0] for p in found) == [
        'r.yaml, column "name"',
        'r.yaml, column "processes.0.name"',
    ]


SURROGATE_FIX = (
    "half of a UTF-16 pair and not a character; write the character itself, or one "
    '"\\U0001F600"-style escape for a character beyond U+FFFF'
)


def test_a_lone_surrogate_in_scenario_text_names_the_file_and_key(tmp_path):
    text = SCENARIO.replace("name: x-shut", 'name: "x\\ud800"') + 'description: "ok\\udc00"\n'
    assert scenario_problems(write(tmp_path, "s.yaml", text)) == [
        f's.yaml, column "description": "ok\\udc00" holds a lone surrogate (\\udc00, character '
        f"3), {SURROGATE_FIX}",
        f's.yaml, column "name": "x\\ud800" holds a lone surrogate (\\ud800, character 2), '
        f"{SURROGATE_FIX}",
    ]


def test_a_lone_surrogate_in_a_risk_key_names_where_it_is(tmp_path):
    text = RISK.replace("targets: [X]", 'targets: [X]\n    "t\\udfff": 1')
    assert risk_problems(write(tmp_path, "r.yaml", text)) == [
        'r.yaml, column "processes.0.t\\udfff": the key "t\\udfff" holds a lone surrogate '
        f"(\\udfff, character 2), {SURROGATE_FIX}"
    ]


def test_a_surrogate_pair_written_as_one_escape_is_text(tmp_path):
    text = SCENARIO + 'description: "\\U0001F600 and \\u00e9"\n'
    (loaded,) = load_scenarios([write(tmp_path, "s.yaml", text)])
    assert loaded.description == "\U0001f600 and \u00e9"


def test_huge_scenario_name_is_refused_with_a_bounded_message(tmp_path):
    text = SCENARIO.replace("name: x-shut", "name: " + "N" * 100_000)
    found = scenario_problems(write(tmp_path, "n.yaml", text))
    assert any("100,000 characters; write at most 120 characters" in p for p in found)
    assert all(len(p) < 400 for p in found), [len(p) for p in found]


# ---------------------------------------------------------------- accepted, then run and reported


def small(need: float = 60):
    from networks import network_from_tables

    return network_from_tables(
        tables(
            nodes=[node("S", "source", storage_t=None), node("X", "crossing"), node("D", "demand")],
            routes=[route("SX", "S", "X", capacity=100), route("XD", "X", "D", capacity=100)],
            supply=[supply("S", 80)],
            demand=[demand("D", need)],
        )
    )


@pytest.mark.parametrize(
    ("need", "probabilities"), [(60, (0.0,)), (60, (0.0, 0.0)), (0, (0.5,)), (0, (0.0, 1.0))]
)
def test_probability_zero_and_zero_need_run_to_a_report(tmp_path, need, probabilities):
    cases = [
        scenario(f"s{i}", closure("X", 0, 2)).model_copy(update={"probability": p})
        for i, p in enumerate(probabilities)
    ]
    results = run(small(need), *cases, days=3)
    weighted = results.probability_weighted()
    if sum(probabilities) == 0:
        assert weighted is None
    else:
        assert weighted["expected_shortfall_pct"] == 0.0
    write_report(results, tmp_path / "r.xlsx")
    assert (tmp_path / "r.xlsx").stat().st_size > 5000
