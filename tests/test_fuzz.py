"""Fuzz: generated bad inputs never crash borderflow and never pass silently (issue 14).

Inputs are mutated networks (CSV folders and workbooks), scenario YAML and risk YAML.
Each example writes one generated input (``tests/fuzzcases.py``: every failure class of the
issue) and runs ``validate``, ``run --json --days 3 --no-criticality --out report.xlsx`` and
``montecarlo --samples 3`` on it as they apply. Every outcome must be exit 0 or 1, with no
internal error and no traceback; a refusal names the file or sheet and, for a cell, its row and
column (for YAML, the key or line); clearly invalid input is refused; valid input runs end to
end, report included, and prints strict JSON. The seed is fixed (``derandomize``) and the
budget small; ``benchmarks/fuzz.py`` runs thousands of the same cases.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from tests.fuzzcases import Forcing, check_outcome, commands, make_case

KINDS = ("network", "workbook", "scenario", "risk", "zero-need")


@settings(
    max_examples=35,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(kind=st.sampled_from(KINDS), rng=st.randoms(use_true_random=False))
def test_generated_inputs_never_crash_and_never_pass_silently(tmp_path_factory, kind, rng):
    root = tmp_path_factory.mktemp("fuzz")
    case = make_case(rng, kind, root)
    for command, args in commands(case, root).items():
        result = CliRunner().invoke(main, args)
        wrong = check_outcome(case, command, result.exit_code, result.stdout, result.stderr)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            wrong.append(f"escaped {type(result.exception).__name__}")
        assert not wrong, (case.label, command, wrong, result.stderr[-600:])
        if command == "run" and result.exit_code == 0:
            assert (root / "report.xlsx").stat().st_size > 5000


def _forced_cases() -> list[tuple[str, set[str]]]:
    from tests.fuzzcases import FORCED, structure_labels

    structure = [
        (k, {"structure", label}) for k in ("scenario", "risk") for label in structure_labels(k)
    ]
    return [*FORCED, *structure]


@pytest.mark.parametrize(
    ("kind", "wanted"),
    _forced_cases(),
    ids=lambda v: "-".join(sorted(v)) if isinstance(v, set) else v,
)
def test_every_failure_class_once(tmp_path, kind, wanted):
    case = make_case(Forcing(wanted), kind, tmp_path)
    for command, args in commands(case, tmp_path).items():
        result = CliRunner().invoke(main, args)
        wrong = check_outcome(case, command, result.exit_code, result.stdout, result.stderr)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            wrong.append(f"escaped {type(result.exception).__name__}")
        assert not wrong, (case.label, command, wrong, result.stderr[-600:])
