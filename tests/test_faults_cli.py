"""A sweep whose worker dies on one case every time it is tried (issue 26): exit 1, a message
naming the case, and the cases it solved written where an output was asked for, marked
incomplete. The fault hook of ``logistics.engine.workers`` kills the worker; the workers are
spawned processes, which inherit the hook's environment.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from cli import main
from logistics.engine.workers import FAULT_CASE_ENV
from tests.conftest import two_crossings_tables
from tests.networks.test_validation import write_folder

LOST = "worker died twice (signal 9); try fewer --workers or more memory"


RISK = """\
name: either-crossing
processes:
  - name: p
    targets: [X30, X50]
    weekly_probability: 0.4
    together: false
    duration_days: {median: 2, p90: 6}
    capacity_factor: 0.3
"""


def test_criticality_writes_the_cases_it_solved_marked_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = write_folder(tmp_path / "net", two_crossings_tables())
    monkeypatch.setenv(FAULT_CASE_ENV, "close SRC_X30")
    out = tmp_path / "crit.xlsx"
    args = ["criticality", "--network", str(network), "--routes", "--days", "6"]
    result = CliRunner().invoke(main, [*args, "--workers", "2", "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'error: case "close SRC_X30": {LOST}',
        f"note: the cases solved are in {out}, marked incomplete (1 missing)",
    ]
    assert result.stdout == ""
    ws = load_workbook(out)["Criticality"]
    assert ws["A1"].value.startswith(
        "INCOMPLETE: 1 case could not be solved because the worker processes solving it died "
        "(close SRC_X30); the figures are of the cases solved. Criticality: "
    )
    ids = [c.value for c in ws[4]].index("Id") + 1
    # every closure but the one given up: the two crossings and three of the four routes
    assert [ws.cell(row, ids).value for row in range(6, 12)] == [
        "X50",
        "SRC_X50",
        "X50_D",
        "X30",
        "X30_D",
        None,
    ]
    about = {r[0].value: r[1].value for r in load_workbook(out)["About"].iter_rows() if r[0].value}
    assert about["Complete"].startswith("INCOMPLETE: 1 case could not be solved")


def test_montecarlo_json_of_the_samples_solved_says_it_is_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = write_folder(tmp_path / "net", two_crossings_tables())
    risk = tmp_path / "risk.yaml"
    risk.write_text(RISK, encoding="utf-8")
    args = ["montecarlo", str(risk), "--network", str(network), "--days", "14", "--samples", "6"]
    monkeypatch.setenv(FAULT_CASE_ENV, "sample-2")
    result = CliRunner().invoke(main, [*args, "--workers", "2", "--json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'error: case "sample-2": {LOST}',
        "note: the cases solved are in the JSON on stdout, marked incomplete (1 missing)",
    ]
    doc = json.loads(result.stdout)
    assert doc["complete"] is False and doc["missing_cases"] == ["sample-2"]
    assert doc["samples"] == 6  # asked; the figures are of the five solved


def test_a_complete_sweep_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["montecarlo", "--days", "3", "--samples", "2", "--workers", "1", "--json"]
    doc = json.loads(CliRunner().invoke(main, args).stdout)
    assert doc["complete"] is True and doc["missing_cases"] == []
