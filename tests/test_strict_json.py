"""--json output is strict JSON: never NaN or Infinity, whatever the numbers (issue 14)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cli import main
from logistics.report.jsontext import dumps, finite
from tests.networks.test_validation import good_tables, write_folder

RISK = """\
name: risk
processes:
  - name: torkham
    targets: [TORKHAM]
    weekly_probability: 0.5
    duration_days: {median: 2, p90: 4}
"""
SCENARIO = """\
name: shut
probability: 1
closures: [{target: TORKHAM, start_day: 0, end_day: 2}]
"""


def strict(text: str) -> object:
    """Parse like a strict parser (JavaScript's JSON.parse): NaN and Infinity are errors."""

    def refuse(constant: str) -> None:
        msg = f"not JSON: {constant}"
        raise ValueError(msg)

    return json.loads(text, parse_constant=refuse)


def test_non_finite_numbers_become_null():
    doc = {"a": math.nan, "b": [math.inf, -math.inf, np.float64("nan"), 1.5], "c": (np.int64(3),)}
    assert finite(doc) == {"a": None, "b": [None, None, None, 1.5], "c": [3]}
    assert strict(dumps(doc)) == {"a": None, "b": [None, None, None, 1.5], "c": [3]}


def test_the_strict_parser_refuses_what_json_dumps_writes_by_default():
    with pytest.raises(ValueError, match="not JSON: Infinity"):
        strict(json.dumps({"need_t": math.inf}))


@pytest.mark.parametrize(
    "command",
    [
        ["run", "{scenario}", "--json", "--days", "3"],
        ["criticality", "--json", "--days", "3", "--workers", "1"],
        ["montecarlo", "{risk}", "--json", "--days", "7", "--samples", "3", "--workers", "1"],
        ["validate", "{network}", "--json"],
    ],
)
def test_every_json_document_is_strict_json(tmp_path: Path, command: list[str]):
    network = write_folder(tmp_path / "net", good_tables())
    (tmp_path / "s.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "r.yaml").write_text(RISK, encoding="utf-8")
    paths = {"network": network, "scenario": tmp_path / "s.yaml", "risk": tmp_path / "r.yaml"}
    args = [a.format(**paths) for a in command]
    if command[0] != "validate":
        args += ["--network", str(network)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    doc = strict(result.stdout)
    assert isinstance(doc, dict) and doc
