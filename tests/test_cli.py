"""The command line: exit codes, stdout/stderr contract, JSON keys, reports, no tracebacks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import BUNDLED_NETWORK, main

JSON_SCENARIO_KEYS = {
    "name",
    "status",
    "need_t",
    "delivered_t",
    "shortfall_t",
    "shortfall_pct",
    "shortfall_kcal",
    "people_days_unmet",
    "transport_cost_usd",
    "first_shortfall_day",
    "by_node",
    "by_commodity",
    "crossings",
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def broken_network(tmp_path: Path) -> Path:
    """The bundled network with five problems planted in routes.csv and nodes.csv."""
    folder = tmp_path / "broken"
    shutil.copytree(BUNDLED_NETWORK, folder)
    routes = (folder / "routes.csv").read_text().splitlines()
    # data row 1 is spreadsheet row 2: unknown node; data row 2 (row 3): negative capacity
    header = routes[0].split(",")
    first = routes[1].split(",")
    first[header.index("to")] = "TORKHAM_PK"
    routes[1] = ",".join(first)
    second = routes[2].split(",")
    second[header.index("capacity_t_per_day")] = "-5"
    routes[2] = ",".join(second)
    third = routes[3].split(",")
    third[header.index("distance_km")] = "far"
    routes[3] = ",".join(third)
    (folder / "routes.csv").write_text("\n".join(routes) + "\n")
    nodes = (folder / "nodes.csv").read_text().splitlines()
    nodes.append(nodes[1])  # duplicate id
    (folder / "nodes.csv").write_text("\n".join(nodes) + "\n")
    return folder


def test_run_default_writes_report_and_prints_table(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["run", "--days", "5", "--no-criticality"])
    assert result.exit_code == 0, result.output
    assert "baseline" in result.stdout
    assert "torkham-chaman-30d" in result.stdout
    assert "report: outputs/afghanistan.xlsx" in result.stdout
    assert Path("outputs/afghanistan.xlsx").stat().st_size > 5000
    assert not list(Path("outputs").glob(".*"))  # no temporary file left behind


def test_run_json_is_json_alone(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["run", "--days", "5", "--json", "--no-criticality"])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert not Path("outputs").exists()  # --json writes no report unless --out
    assert doc["horizon_days"] == 5 and doc["solver"] == "highs"
    names = [s["name"] for s in doc["scenarios"]]
    assert names[0] == "baseline" and "pakistan-closure-90d" in names
    for s in doc["scenarios"]:
        assert JSON_SCENARIO_KEYS <= set(s)
        assert s["status"] == "optimal"
        assert {"node", "pcode", "need_t", "shortfall_t", "first_shortfall_day"} <= set(
            s["by_node"][0]
        )
        assert {"commodity", "need_t", "shortfall_t"} <= set(s["by_commodity"][0])
        assert {"node", "throughput_t", "utilisation", "shadow_price"} <= set(s["crossings"][0])
        # delivered + shortfall = need, in total and per node
        assert s["delivered_t"] + s["shortfall_t"] == pytest.approx(s["need_t"], rel=1e-9)
        assert sum(n["shortfall_t"] for n in s["by_node"]) == pytest.approx(
            s["shortfall_t"], abs=1e-6
        )


def test_run_network_without_scenarios_runs_baseline_alone(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "base.xlsx"
    result = runner.invoke(
        main,
        [
            "run",
            "--network",
            str(BUNDLED_NETWORK),
            "--days",
            "10",
            "--json",
            "--out",
            str(out),
            "--no-criticality",
        ],
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [s["name"] for s in doc["scenarios"]] == ["baseline"]
    assert out.exists()


def test_validate_lists_every_problem_without_traceback(
    runner: CliRunner, broken_network: Path
) -> None:
    result = runner.invoke(main, ["validate", str(broken_network)])
    assert result.exit_code == 1
    err = result.stderr
    assert "Traceback" not in err
    assert (
        'routes.csv, row 2, column C "to": unknown node "TORKHAM_PK" (did you mean "TORKHAM"?)'
        in err
    )
    assert 'routes.csv, row 3, column G "capacity_t_per_day": -5 is negative' in err
    assert 'routes.csv, row 4, column E "distance_km": "far" is not a number' in err
    assert "nodes.csv, row" in err and "duplicate id" in err
    assert "4 problems in the input" in err


def test_run_on_broken_network_exits_1(runner: CliRunner, broken_network: Path) -> None:
    result = runner.invoke(main, ["run", "--network", str(broken_network)])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr and "unknown node" in result.stderr


def test_verbose_adds_traceback(runner: CliRunner, broken_network: Path) -> None:
    result = runner.invoke(main, ["run", "--network", str(broken_network), "-v"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr


def test_validate_good_network_and_scenario(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(BUNDLED_NETWORK)])
    assert result.exit_code == 0 and result.stdout.startswith("OK:")
    scenario = BUNDLED_NETWORK.parent / "scenarios" / "torkham-chaman-30d.yaml"
    result = runner.invoke(main, ["validate", str(scenario)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: a\nclosures:\n  - target: TORKHAM\n    end_day: 5\n   capacity_factor: 0\n",
            "malformed YAML at line",
        ),
        ("name: a\nclosure:\n  - target: TORKHAM\n", 'column "closure": unknown key'),
        (
            "name: a\nclosures:\n  - target: TORKAM\n",
            'unknown closure target "TORKAM"; use a node or route id (did you mean "TORKHAM"?)',
        ),
        (
            "name: a\nclosures:\n  - target: TORKHAM\n    start_day: 10\n    end_day: 10\n",
            "end_day 10 is not after start_day 10",
        ),
        ("name: a\nsupply_factor: {KARACHI: -1}\n", "negative"),
    ],
)
def test_bad_scenario_exit_1_names_file_and_key(
    runner: CliRunner, tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    result = runner.invoke(main, ["run", str(path), "--days", "5"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    assert "bad.yaml" in result.stderr and expected in result.stderr


def test_usage_error_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["run", "--solver", "gurobi"]).exit_code == 2
    assert runner.invoke(main, ["run", "--days", "0"]).exit_code == 2
    assert runner.invoke(main, ["frobnicate"]).exit_code == 2


def test_help_has_examples(runner: CliRunner) -> None:
    for command in ("run", "validate"):
        result = runner.invoke(main, [command, "--help"])
        assert (
            result.exit_code == 0
            and "Examples:" in result.stdout
            and f"borderflow {command}" in result.stdout
        )


def test_json_stdout_clean_in_a_real_process(tmp_path: Path) -> None:
    """HiGHS prints a banner from C++ straight to file descriptor 1; --json output must still be JSON alone."""
    import subprocess
    import sys

    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from cli import main; main()",
            "run",
            "--network",
            str(BUNDLED_NETWORK),
            "--days",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["horizon_days"] == 3
    # the criticality ranking (on by default, in worker processes) rides along without noise
    assert len(doc["criticality"]["ranking"]) == 14


def test_missing_column_exit_1_names_file_and_column(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "net"
    shutil.copytree(BUNDLED_NETWORK, folder)
    lines = (folder / "routes.csv").read_text().splitlines()
    header = lines[0].split(",")
    drop = header.index("capacity_t_per_day")
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    csv.writer(out).writerows([r[:drop] + r[drop + 1 :] for r in rows])
    (folder / "routes.csv").write_text(out.getvalue())
    result = runner.invoke(main, ["run", "--network", str(folder)])
    assert result.exit_code == 1
    assert 'routes.csv, column "capacity_t_per_day": missing required column' in result.stderr
    assert "Traceback" not in result.stderr


def test_solve_that_is_not_optimal_is_an_error_not_a_result(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "run",
            "--network",
            str(BUNDLED_NETWORK),
            "--days",
            "30",
            "--time-limit",
            "1e-6",
            "--json",
        ],
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert (
        'scenario "baseline": highs stopped at stage 1 with status "time limit reached"'
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_unwritable_report_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(
        main,
        ["run", "--network", str(BUNDLED_NETWORK), "--days", "3", "--out", str(blocker / "r.xlsx")],
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and "Traceback" not in result.stderr
