"""The analysis commands end to end: criticality and montecarlo on the bundled network, their
JSON contract and workbooks, and run --foresight none.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pytest import approx

from cli import BUNDLED_NETWORK, main
from logistics import Closure, Scenario, run_scenarios
from networks import load_network


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def without_timing(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "timing"}


@pytest.fixture(scope="module")
def bundled_ranking(runner: CliRunner) -> dict:
    result = runner.invoke(main, ["criticality", "--days", "14", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_criticality_json_contract(bundled_ranking: dict) -> None:
    doc = bundled_ranking
    assert {"horizon_days", "duration_days", "baseline_shortfall_t", "ranking"} <= set(doc)
    assert doc["horizon_days"] == 14 and doc["duration_days"] == 14
    row = doc["ranking"][0]
    assert {
        "target",
        "name",
        "kind",
        "added_shortfall_t",
        "added_shortfall_pct",
        "added_people_days",
        "provinces_affected",
    } <= set(row)
    crossings = load_network(BUNDLED_NETWORK).node_table.query("kind == 'crossing'").index
    assert sorted(r["target"] for r in doc["ranking"]) == sorted(crossings)
    added = [r["added_shortfall_t"] for r in doc["ranking"]]
    assert added == sorted(added, reverse=True)


def test_bundled_ranking_agrees_with_single_closure_scenarios(bundled_ranking: dict) -> None:
    network = load_network(BUNDLED_NETWORK)
    # the top two and the last of the ranking, each run as its own scenario
    ranking = bundled_ranking["ranking"][:2] + bundled_ranking["ranking"][-1:]
    targets = [r["target"] for r in ranking]
    results = run_scenarios(
        network, [Scenario(name=t, closures=[Closure(target=t)]) for t in targets], horizon_days=14
    )
    separate = [results[t].change["shortfall_t"] for t in targets]
    for row, value in zip(ranking, separate, strict=True):
        assert row["added_shortfall_t"] == approx(value, abs=1e-3)
    # the separately run scenarios, in the criticality order, never increase
    assert all(a >= b - 1e-3 for a, b in zip(separate, separate[1:], strict=False))
    # closures that add the same shortfall (over 14 days often none: stocks and the other crossings
    # cover them) rank by the tonnes they carry in the baseline, largest first
    for a, b in zip(ranking, ranking[1:], strict=False):
        if abs(a["added_shortfall_t"] - b["added_shortfall_t"]) <= 1e-6:
            assert a["baseline_flow_t"] >= b["baseline_flow_t"] - 1e-6


def test_montecarlo_json_contract_and_reproducibility(runner: CliRunner) -> None:
    args = [
        "montecarlo",
        "--days",
        "14",
        "--samples",
        "6",
        "--seed",
        "2",
        "--workers",
        "1",
        "--json",
    ]
    first = runner.invoke(main, args)
    assert first.exit_code == 0, first.output
    doc = json.loads(first.stdout)
    assert {"samples", "seed", "horizon_days", "shortfall_t", "by_node", "exceedance"} <= set(doc)
    assert (doc["samples"], doc["seed"], doc["horizon_days"]) == (6, 2, 14)
    assert {"mean", "p50", "p90", "p95"} <= set(doc["shortfall_t"])
    assert {"node", "pcode", "name", "mean_shortfall_t", "p90_shortfall_t", "p_short_10pct"} <= set(
        doc["by_node"][0]
    )
    assert len(doc["by_node"]) == 34
    assert {"shortfall_t", "probability"} == set(doc["exceedance"][0])
    again = json.loads(runner.invoke(main, args).stdout)
    assert without_timing(again) == without_timing(doc)


def test_analysis_workbooks(runner: CliRunner, tmp_path: Path) -> None:
    crit, mc = tmp_path / "crit.xlsx", tmp_path / "mc.xlsx"
    assert (
        runner.invoke(
            main, ["criticality", "--days", "7", "--workers", "1", "--out", str(crit)]
        ).exit_code
        == 0
    )
    assert (
        runner.invoke(
            main,
            ["montecarlo", "--days", "7", "--samples", "3", "--workers", "1", "--out", str(mc)],
        ).exit_code
        == 0
    )
    wb = load_workbook(crit)
    assert wb.sheetnames == ["Criticality", "About"]
    ws = wb["Criticality"]
    headers = [c.value for c in ws[4]]
    added = headers.index("Added shortfall (t)") + 1
    assert (
        ws["A4"].value == "Rank" and ws.cell(5, added).value == "#indicator+shortfall+tonnes+added"
    )
    # over 7 days the day-0 stocks cover any single closure: a closure that adds nothing has no
    # rank; one that adds something is ranked from 1
    first = ws.cell(6, added).value
    assert ws["A6"].value == (1 if round(first) > 0 else None) and ws._charts
    wb = load_workbook(mc)
    assert wb.sheetnames == ["Monte Carlo", "About"]
    ws = wb["Monte Carlo"]
    assert ws["A5"].value == "#adm1+code" and ws["A6"].value == "AF01"
    assert ws._charts


def test_run_with_no_foresight(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        ["run", "--network", str(BUNDLED_NETWORK), "--days", "5", "--foresight", "none", "--json"],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["foresight"] == "none"


def test_bad_risk_file_exit_1_without_traceback(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "risk.yaml"
    path.write_text(
        "name: r\nprocesses:\n  - {name: a, targets: [TORKAM], weekly_probability: 0.1, duration_days: {median: 5, p90: 9}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["montecarlo", str(path), "--samples", "2", "--workers", "1"])
    assert result.exit_code == 1
    assert 'unknown target "TORKAM"' in result.stderr and "TORKHAM" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_scheduler_is_a_clear_error(runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["montecarlo", "--samples", "2", "--days", "7", "--scheduler", "no-port-here"]
    )
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at 'no-port-here'" in result.stderr
    assert "Traceback" not in result.stderr
