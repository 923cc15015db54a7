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
from inputs import bundled_path
from logistics.engine.workers import FAULT_CASE_ENV
from networks import load_network

LOST = "worker died twice (signal 9); try fewer --workers or more memory"


def bundled_crossings() -> list[str]:
    nodes = load_network(bundled_path("afghanistan")).node_table
    return list(nodes.index[nodes["kind"] == "crossing"])


def test_criticality_writes_the_cases_it_solved_marked_incomplete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULT_CASE_ENV, "close ISLAM_QALA")
    out = tmp_path / "crit.xlsx"
    args = ["criticality", "--days", "5", "--workers", "2", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'error: case "close ISLAM_QALA": {LOST}',
        f"note: the cases solved are in {out}, marked incomplete (1 missing)",
    ]
    assert result.stdout == ""
    ws = load_workbook(out)["Criticality"]
    assert ws["A1"].value.startswith(
        "INCOMPLETE: 1 case could not be solved because the worker processes solving it died "
        "(close ISLAM_QALA); the figures are of the cases solved. Criticality: "
    )
    assert ws["D4"].value == "Id"
    crossings = bundled_crossings()
    ids = [ws.cell(row, 4).value for row in range(6, 6 + len(crossings) - 1)]
    assert sorted(ids) == sorted(c for c in crossings if c != "ISLAM_QALA")
    assert ws.cell(6 + len(crossings) - 1, 4).value is None  # nothing after them
    about = {r[0].value: r[1].value for r in load_workbook(out)["About"].iter_rows() if r[0].value}
    assert about["Complete"].startswith("INCOMPLETE: 1 case could not be solved")


def test_montecarlo_json_of_the_samples_solved_says_it_is_incomplete(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(FAULT_CASE_ENV, "sample-2")
    args = ["montecarlo", "--days", "5", "--samples", "4", "--workers", "2", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'error: case "sample-2": {LOST}',
        "note: the cases solved are in the JSON on stdout, marked incomplete (1 missing)",
    ]
    doc = json.loads(result.stdout)
    assert doc["complete"] is False and doc["missing_cases"] == ["sample-2"]
    assert doc["samples"] == 4


def test_a_complete_sweep_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["montecarlo", "--days", "3", "--samples", "2", "--workers", "1", "--json"]
    doc = json.loads(CliRunner().invoke(main, args).stdout)
    assert doc["complete"] is True and doc["missing_cases"] == []
