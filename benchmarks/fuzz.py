"""Fuzz borderflow's commands with generated bad inputs and count what goes wrong (not a test).

Usage: python benchmarks/fuzz.py [--n 1000] [--seed 0]

Generates inputs with ``tests/fuzzcases.py`` (mutated CSV networks and workbooks, scenario YAML,
risk YAML: every failure class of issue 14) until each command (validate; run --json --days 3
--no-criticality --out report.xlsx; montecarlo --samples 3) has run on at least ``--n`` of them,
and prints per command: runs, exit codes, internal errors, tracebacks, silent acceptances of
clearly invalid input, valid input refused, refusals without a location, invalid JSON, and
truncated reads. The commands run in this process through click's CliRunner.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from click.testing import CliRunner  # noqa: E402

from cli import main  # noqa: E402
from tests.fuzzcases import check_outcome, commands, make_case  # noqa: E402

KINDS = ("network", "workbook", "scenario", "risk", "zero-need")
COMMANDS = ("validate", "run", "montecarlo")
WRONGS = (
    "internal error",
    "traceback",
    "exit code",
    "silent acceptance",
    "refused valid input",
    "unlocated",
    "invalid JSON",
    "truncated",
)


def run_case(rng: random.Random, kind: str, counts: dict, examples: dict) -> None:
    """Generate one case of ``kind``, run its commands, and add the outcomes to ``counts``."""
    with tempfile.TemporaryDirectory(prefix="borderflow-fuzz-") as tmp:
        root = Path(tmp)
        case = make_case(rng, kind, root)
        for command, args in commands(case, root).items():
            result = CliRunner().invoke(main, args)
            wrong = check_outcome(case, command, result.exit_code, result.stdout, result.stderr)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                wrong.append("traceback")
            counts[command]["runs"] += 1
            counts[command][f"exit {result.exit_code}"] += 1
            counts[command]["invalid inputs"] += case.invalid is True
            for what in wrong:
                counts[command][what] += 1
                examples.setdefault(
                    (command, what), f"{kind} {case.label!r}: {result.stderr.strip()[-300:]}"
                )


def main_(argv: list[str] | None = None) -> int:
    """Run the fuzz and print the counts; exit 1 when anything went wrong."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="inputs per command (at least)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    counts = {c: collections.Counter() for c in COMMANDS}
    examples: dict = {}
    started = time.perf_counter()
    i = 0
    while min(counts[c]["runs"] for c in COMMANDS) < args.n:
        run_case(rng, KINDS[i % len(KINDS)], counts, examples)
        i += 1
    seconds = time.perf_counter() - started
    print(f"fuzz: {i} generated inputs, seed {args.seed}, {seconds:.0f} s")
    head = f"{'command':<11}{'runs':>6}{'invalid':>8}{'exit 0':>7}{'exit 1':>7}  " + "  ".join(
        WRONGS
    )
    print(head)
    for c in COMMANDS:
        k = counts[c]
        cells = "  ".join(f"{k[w]:>{len(w)}}" for w in WRONGS)
        exits = f"{k['exit 0']:>7}{k['exit 1']:>7}"
        print(f"{c:<11}{k['runs']:>6}{k['invalid inputs']:>8}{exits}  {cells}")
    for (command, what), example in sorted(examples.items()):
        print(f"first {what} in {command}: {example}")
    return 1 if examples else 0


if __name__ == "__main__":
    sys.exit(main_())
