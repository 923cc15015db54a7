"""Bad and odd inputs for the fuzz test (tests/test_fuzz.py) and script (benchmarks/fuzz.py).

``make_case(rng, kind, root)`` writes one mutated input under ``root`` from a small valid
network (CSV folder or .xlsx workbook), scenario YAML or risk YAML, and says what a correct
borderflow must do with it: ``invalid`` True = it must be refused (exit 1), False = it must be
accepted and run end to end, None = either (it may be valid or not, but must never crash).
``check_outcome`` judges one command's exit code and output against that.

Mutation classes (issue 14): numbers out of range or not finite, locale separators, blanks,
words in number columns, control characters, huge text, mathtext, repeated and upper-case
headers and headers differing in case, encodings (Latin-1, UTF-16 with or without BOM, binary,
UTF-8 with BOM), missing and empty files and files differing in case, damaged workbook XML, a
declared sheet range smaller than the data, sheets differing in case; YAML repeated keys, depth,
aliases, non-finite and huge factors, durations and days, probability 0, zero need, unknown
keys and targets, lone surrogates in values and keys.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from networks.schema import TABLES, Column
from networks.text import CONTROL_CHARACTERS
from tests.networks.test_loading import rewrite_member
from tests.networks.test_validation import good_tables, write_folder, write_workbook

SCENARIO = """\
name: torkham-shut
description: Torkham sealed for two days
probability: 0.5
closures:
  - target: TORKHAM
    start_day: 0
    end_day: 2
    capacity_factor: 0.0
demand_factor: {"*": 1.0}
supply_factor: {SRC: 1.0}
cost_factor: {"*": 1.0}
"""
RISK = """\
name: torkham-risk
description: Torkham closes now and then
processes:
  - name: torkham
    targets: [TORKHAM]
    weekly_probability: 0.5
    duration_days: {median: 2, p90: 4}
    capacity_factor: 0.0
"""
LAUGHS = "".join(
    f"{a}: &{a} [{','.join([f'*{p}' if p else '1'] * 9)}]\n"
    for a, p in zip("abcdefghi", ["", *"abcdefgh"], strict=True)
)
NUMBERS = [
    "1e19",
    "1e308",
    "-1",
    "inf",
    "-inf",
    "nan",
    "1,5",
    "1,2,3",
    "12 900",
    "abc",
    "",
    "0",
    "2",
    "0.5",
    "3650",
    "3651",
    "1e9",
    "1000000001",
    "7.5",
    "1e-300",
    "0x10",
    "١٢",
]
TEXTS = [
    "ok",
    "",
    "a\x00b",
    "a\x01b",
    "tab\x0bbed",
    "del\x7f",
    "x" * 100_000,
    r"$\frac{$",
    "Kâbul Zoë",
    '=HYPERLINK("x")',
    "  spaced  ",
    "a\nb",
    "#hxl",
]
YAML_VALUES = [".inf", "-.inf", ".nan", "1e19", "-1", "0", "2.5", "1", "abc", "[]", "{}", "null"]


@dataclass(frozen=True)
class Case:
    """One generated input: where it is, what was done, and what a correct run does with it.

    ``kind`` is network, scenario or risk; ``network`` the network folder or workbook to run
    with; ``scenario``/``risk`` the YAML files (None: a valid one); ``located`` what a refusal
    must name besides the file: "cell" (row and column), "key" (a key or a YAML line), "file".
    """

    kind: str
    label: str
    invalid: bool | None
    located: str
    network: Path
    scenario: Path | None = None
    risk: Path | None = None
    expect_routes: int | None = None


# ---------------------------------------------------------------- networks


def _expected(column: Column, text: str) -> bool | None:
    """Whether ``text`` in ``column`` is clearly invalid by the schema (True) or may be valid."""
    if CONTROL_CHARACTERS.search(text):
        return True
    if text.strip() == "":
        return True if column.required else None
    if column.dtype in ("float", "int"):
        try:
            value = float(text)
        except ValueError:
            return True
        if "," in text or value != value or value in (float("inf"), float("-inf")):
            return True
        low = column.minimum if column.minimum is not None else -float("inf")
        high = column.maximum if column.maximum is not None else float("inf")
        fractional = column.dtype == "int" and not value.is_integer()
        return True if not low <= value <= high or fractional else None
    if column.dtype == "bool":
        return None if text.strip().lower() in {"true", "false", "yes", "no", "1", "0"} else True
    if column.choices and text.strip() not in column.choices:
        return True
    if column.pattern and not re.match(column.pattern, text.strip()):
        return True
    return None


def _cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def _write_cells(path: Path, cells: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out).writerows(cells)
    path.write_text(out.getvalue(), encoding="utf-8")


def _cell_case(rng: random.Random, folder: Path) -> tuple[str, bool | None, str]:
    table = rng.choice(list(TABLES.values()))
    path = folder / f"{table.name}.csv"
    cells = _cells(path)
    column = rng.choice(table.columns)
    if column.name not in cells[0]:
        cells[0].append(column.name)
        for row in cells[1:]:
            row.append("")
    at = cells[0].index(column.name)
    row = rng.randrange(1, len(cells))
    pool = NUMBERS if column.dtype in ("float", "int") else TEXTS
    text = rng.choice(pool + TEXTS[:4] if rng.random() < 0.2 else pool)
    cells[row][at] = text
    _write_cells(path, cells)
    expected = _expected(column, text)
    if column.ref and text.strip() and text.strip() not in {"SRC", "TORKHAM", "KABUL", "food"}:
        expected = True
    if column.name == "id" and text.strip() and table.name in ("nodes", "commodities"):
        expected = expected or None  # renaming an id breaks references: usually invalid
    return f"{table.name}.{column.name}={text[:20]!r}", expected, "cell"


def _header_case(rng: random.Random, folder: Path) -> tuple[str, bool | None, str]:
    table = rng.choice(list(TABLES.values()))
    path = folder / f"{table.name}.csv"
    cells = _cells(path)
    at = rng.randrange(len(cells[0]))
    branch = rng.choice(["header twice", "header upper-case", "header in two cases"])
    if branch == "header in two cases":  # a second column, its name in upper case
        for row in cells:
            row.append(row[at])
        cells[0][-1] = cells[0][at].upper()
        _write_cells(path, cells)
        return f"{table.name} headers {cells[0][at]} and {cells[0][-1]}", True, "cell"
    if branch == "header twice":
        for row in cells:
            row.append(row[at])
        _write_cells(path, cells)
        return f"{table.name} header {cells[0][at]} twice", True, "cell"
    cells[0][at] = cells[0][at].upper()
    _write_cells(path, cells)
    return f"{table.name} header {cells[0][at]}", False, "file"


ENCODINGS = {
    "latin-1": lambda text: text.encode("latin-1", "replace"),
    "utf-16": lambda text: text.encode("utf-16"),
    "utf-16-le": lambda text: text.encode("utf-16-le"),
    "binary": lambda text: b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 3,
    "utf-8-sig": lambda text: text.encode("utf-8-sig"),
}


def _encoding_case(rng: random.Random, path: Path, text: str) -> tuple[str, bool | None, str]:
    """Write ``text`` to ``path`` in another encoding (non-ASCII letters added, so it differs)."""
    name = rng.choice(list(ENCODINGS))
    if name != "utf-8-sig":
        lines = text.splitlines()
        at = 1 if path.suffix == ".csv" else len(lines) - 1
        lines[at] += "é" if path.suffix == ".csv" else "  # Zoë Kâbul"
        text = "\n".join(lines) + "\n"
    path.write_bytes(ENCODINGS[name](text))
    return f"{path.name} as {name}", name != "utf-8-sig", "file"


def _file_case(rng: random.Random, folder: Path) -> tuple[str, bool | None, str]:
    table = rng.choice([t for t in TABLES.values() if t.required_file])
    path = folder / f"{table.name}.csv"
    branch = rng.choice(["file missing", "file empty", "file in two cases"])
    if branch == "file missing":
        path.unlink()
        return f"{path.name} missing", True, "file"
    if branch == "file in two cases":  # the same table again, less its last row
        other = path.with_name(path.name.upper())
        other.write_text("".join(path.read_text().splitlines(keepends=True)[:-1]))
        return f"{path.name} and {other.name}", True, "file"
    path.write_text(rng.choice(["", "\n\n", "\ufeff"]), encoding="utf-8")
    return f"{path.name} empty", True, "file"


def _network_folder(rng: random.Random, root: Path) -> tuple[Path, str, bool | None, str]:
    folder = write_folder(root / "net", good_tables())
    branch = rng.choice(["cell", "cell", "cell", "cell", "header", "encoding", "file"])
    if branch == "cell":
        label, invalid, located = _cell_case(rng, folder)
    elif branch == "header":
        label, invalid, located = _header_case(rng, folder)
    elif branch == "encoding":
        path = folder / f"{rng.choice(list(TABLES))}.csv"
        label, invalid, located = _encoding_case(rng, path, path.read_text(encoding="utf-8"))
    else:
        label, invalid, located = _file_case(rng, folder)
    return folder, label, invalid, located


_rewrite = rewrite_member


XML_DAMAGE = {
    "bad number": '<c r="G2" t="n"><v>1x0</v></c>',
    "bad boolean": '<c r="G2" t="b"><v>maybe</v></c>',
    "bad date": '<c r="G2" t="d"><v>not-a-date</v></c>',
    "shared string out of range": '<c r="G2" t="s"><v>99999</v></c>',
    "bad cell reference": '<c r="G!!" t="n"><v>5</v></c>',
}


def _workbook(rng: random.Random, root: Path) -> tuple[Path, str, bool | None, str, int | None]:
    """Write a workbook, damaged or odd: return (path, label, invalid, located, routes)."""
    t = good_tables()
    branch = rng.choice(
        ["declared range", "declared range", "sheets in two cases", "truncated", "xml", "xml"]
    )
    if branch == "declared range":  # more routes than the declared range: all must be read
        extra = [
            {**t["routes"].iloc[1].to_dict(), "id": f"R{i}"}
            for i in range(3, 3 + rng.randrange(1, 6))
        ]
        t["routes"] = pd.DataFrame([*t["routes"].to_dict("records"), *extra])
        path = write_workbook(root / "net.xlsx", t)
        _rewrite(
            path,
            "xl/worksheets/sheet2.xml",
            lambda x: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:J4"/>', x),
        )
        return path, "declared range A1:J4", False, "file", len(t["routes"])
    if branch == "sheets in two cases":
        t["other"] = t["nodes"]
        path = write_workbook(root / "net.xlsx", t)
        _rewrite(path, "xl/workbook.xml", lambda x: x.replace('name="other"', 'name="NODES"'))
        return path, "sheets nodes and NODES", True, "file", None
    path = write_workbook(root / "net.xlsx", t)
    if branch == "truncated":
        path.write_bytes(path.read_bytes()[: rng.randrange(20, path.stat().st_size - 20)])
        return path, "truncated", True, "file", None
    label = rng.choice(list(XML_DAMAGE))
    _rewrite(
        path,
        "xl/worksheets/sheet2.xml",
        lambda x: re.sub(r'<c r="G2"[^>]*>.*?</c>', XML_DAMAGE[label], x, count=1),
    )
    return path, label, True, "file", None


# ---------------------------------------------------------------- YAML


def _yaml_value_case(
    rng: random.Random, base: str, slots: dict[str, bool | None]
) -> tuple[str, str, bool | None]:
    """Put a value from YAML_VALUES at one slot of ``base`` ("key: VALUE" lines)."""
    slot = rng.choice(list(slots))
    value = rng.choice(YAML_VALUES)
    text = base.replace(
        slot, slot.split("{")[0] + value if "{" in slot else slot.rsplit(" ", 1)[0] + " " + value, 1
    )
    return text, f"{slot.strip()} -> {value}", _yaml_expected(slot, value, slots[slot])


def _yaml_expected(slot: str, value: str, accepts: bool | None) -> bool | None:
    """Return True (clearly invalid) when the value cannot be what the key takes."""
    if "{" in slot and value == "{}":
        return None  # an empty factor mapping is valid: every factor is 1
    if value in (".inf", "-.inf", ".nan", "1e19", "-1", "abc", "[]", "{}"):
        return True
    if value == "null":
        return None
    if "probability" in slot and value == "2.5":
        return True
    if ("median" in slot or "p90" in slot) and value == "0":
        return True
    return accepts


SCENARIO_SLOTS = {
    "probability: 0.5": None,
    "    start_day: 0": None,
    "    end_day: 2": None,
    "    capacity_factor: 0.0": None,
    'demand_factor: {"*": 1.0}': None,
}
RISK_SLOTS = {
    "    weekly_probability: 0.5": None,
    "    capacity_factor: 0.0": None,
}


def _structure_case(rng: random.Random, base: str, kind: str) -> tuple[str, str, bool | None, str]:
    """Repeated keys, depth, aliases, control characters, huge names, mathtext."""
    key = "closures" if kind == "scenario" else "processes"
    cases = {
        f"{key} twice": (base + f"{key}: []\n", True, "key"),
        "name twice": (base + "name: again\n", True, "key"),
        "nested 60 deep": (base + "extra: " + "[" * 60 + "]" * 60 + "\n", True, "key"),
        "nested 600 deep": (
            base.replace("description:", "description: " + "{a: " * 600 + "1" + "}" * 600 + " #"),
            True,
            "key",
        ),
        "billion laughs": (LAUGHS + base, True, "key"),
        "self alias": (base + "loop: &l [*l]\n", True, "key"),
        "control character": (
            base.replace("description: ", 'description: "\\x0b"  # ', 1),
            True,
            "key",
        ),
        "NUL in name": (
            re.sub(r"^name: .*$", lambda m: 'name: "a\\0b"', base, count=1, flags=re.M),
            True,
            "key",
        ),
        "raw NUL": (base.replace("name: ", "name: a\x00", 1), True, "key"),
        "huge name": (
            re.sub(r"^name: .*$", lambda m: "name: " + "N" * 100_000, base, count=1, flags=re.M),
            True,
            "key",
        ),
        "mathtext name": (
            re.sub(r"^name: .*$", lambda m: "name: '$\\frac{$'", base, count=1, flags=re.M),
            False,
            "key",
        ),
        "unknown key": (base + "colsures: []\n", True, "key"),
        "lone surrogate": (
            re.sub(r"^name: .*$", lambda m: 'name: "a\\ud800b"', base, count=1, flags=re.M),
            True,
            "key",
        ),
        "lone surrogate key": (base + '"k\\udc00": 1\n', True, "key"),
        "a list of numbers": ("[1, 2, 3]\n", True, "file"),
    }
    if kind == "scenario":
        cases["probability 0"] = (base.replace("probability: 0.5", "probability: 0"), False, "key")
        cases["unknown target"] = (
            base.replace("target: TORKHAM", "target: TORKHAM_PK"),
            True,
            "key",
        )
        cases["end_day huge"] = (
            base.replace("end_day: 2", "end_day: 10000000000000000000"),
            True,
            "key",
        )
    else:
        cases["duration inf"] = (base.replace("median: 2", "median: .inf"), True, "key")
        cases["duration 1e19"] = (base.replace("p90: 4", "p90: 1e19"), True, "key")
    label = rng.choice(list(cases))
    text, invalid, located = cases[label]
    return text, label, invalid, located


def _yaml_case(rng: random.Random, path: Path, kind: str) -> tuple[str, bool | None, str]:
    base = SCENARIO if kind == "scenario" else RISK
    branch = rng.choice(["value", "value", "structure", "structure", "structure", "encoding"])
    if branch == "value":
        slots = SCENARIO_SLOTS if kind == "scenario" else RISK_SLOTS
        text, label, invalid = _yaml_value_case(rng, base, slots)
        located = "key"
    elif branch == "structure":
        text, label, invalid, located = _structure_case(rng, base, kind)
    else:
        return _encoding_case(rng, path, base)
    path.write_text(text, encoding="utf-8")
    return label, invalid, located


# ---------------------------------------------------------------- cases and outcomes


class Forcing(random.Random):
    """A Random whose ``choice`` takes a wanted item whenever the sequence holds one.

    ``make_case(Forcing({"encoding", "utf-16"}), "scenario", root)`` writes a scenario in
    UTF-16: every branch and class can be forced, so a test can cover each once.
    """

    def __init__(self, wanted: set[str], seed: int = 0):
        super().__init__(seed)
        self.wanted = wanted

    def choice(self, seq):
        """Return the first wanted item of ``seq``, else a random one."""
        for item in seq:
            if isinstance(item, str) and item in self.wanted:
                return item
        return super().choice(seq)


# Branches and classes to force once each (kind, wanted choices): everything but the cells,
# whose values the random cases cover.
FORCED = [
    *[
        ("network", {"header", h})
        for h in ("header twice", "header upper-case", "header in two cases")
    ],
    *[("network", {"encoding", e}) for e in ENCODINGS],
    *[("network", {"file", f}) for f in ("file missing", "file empty", "file in two cases")],
    *[("workbook", {b}) for b in ("declared range", "sheets in two cases", "truncated")],
    *[("workbook", {"xml", x}) for x in XML_DAMAGE],
    *[(k, {"encoding", e}) for k in ("scenario", "risk") for e in ENCODINGS],
    *[(k, {"value", v}) for k in ("scenario", "risk") for v in (".inf", ".nan", "1e19", "-1")],
    ("zero-need", set()),
]


def structure_labels(kind: str) -> list[str]:
    """Return the structural mutations of a YAML kind, to force each once."""
    labels = [
        "closures twice",
        "name twice",
        "nested 60 deep",
        "nested 600 deep",
        "billion laughs",
        "self alias",
        "control character",
        "NUL in name",
        "raw NUL",
        "huge name",
        "mathtext name",
        "unknown key",
        "lone surrogate",
        "lone surrogate key",
        "a list of numbers",
    ]
    if kind == "scenario":
        return labels + ["probability 0", "unknown target", "end_day huge"]
    return [label.replace("closures", "processes") for label in labels] + [
        "duration inf",
        "duration 1e19",
    ]


def make_case(rng: random.Random, kind: str, root: Path) -> Case:
    """Write one generated input of ``kind`` (network, workbook, scenario, risk) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    if kind == "network":
        folder, label, invalid, located = _network_folder(rng, root)
        return Case(kind, label, invalid, located, folder)
    if kind == "workbook":
        path, label, invalid, located, routes = _workbook(rng, root)
        return Case("network", label, invalid, located, path, expect_routes=routes)
    network = write_folder(root / "net", good_tables())
    if kind == "zero-need":
        frame = good_tables()
        frame["demand"]["t_per_day"] = [0.0]
        network = write_folder(root / "net0", frame)
        (root / "s.yaml").write_text(SCENARIO, encoding="utf-8")
        return Case(
            "scenario",
            "zero need, probability 0.5",
            False,
            "key",
            network,
            scenario=root / "s.yaml",
        )
    path = root / ("s.yaml" if kind == "scenario" else "r.yaml")
    label, invalid, located = _yaml_case(rng, path, kind)
    if kind == "scenario":
        return Case(kind, label, invalid, located, network, scenario=path)
    return Case(kind, label, invalid, located, network, risk=path)


def commands(case: Case, root: Path) -> dict[str, list[str]]:
    """Return the commands to run on ``case``: validate, run (with a report), montecarlo."""
    risk = case.risk or root / "good-risk.yaml"
    if case.risk is None:
        risk.write_text(RISK, encoding="utf-8")
    net = ["--network", str(case.network)]
    out = {}
    if case.kind in ("network", "scenario"):
        target = [str(case.scenario), *net] if case.scenario else [str(case.network)]
        out["validate"] = ["validate", *target]
        scenario = [str(case.scenario)] if case.scenario else []
        run = ["run", *scenario, *net, "--json", "--days", "3", "--no-criticality"]
        out["run"] = [*run, "--out", str(root / "report.xlsx")]
    if case.kind in ("network", "risk"):
        out["montecarlo"] = [
            "montecarlo",
            str(risk),
            *net,
            "--samples",
            "3",
            "--days",
            "7",
            "--workers",
            "1",
            "--json",
        ]
    return out


def strict_json(text: str) -> object:
    """Parse JSON refusing NaN and Infinity, as JavaScript's JSON.parse does."""

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    return json.loads(text, parse_constant=refuse)


def _names_a_place(line: str, case: Case) -> bool:
    names = [
        case.network.name,
        "nodes.csv",
        "routes.csv",
        "commodities.csv",
        "supply.csv",
        "demand.csv",
        "stocks.csv",
    ]
    names += [p.name for p in (case.scenario, case.risk) if p is not None] + ["good-risk.yaml"]
    return any(name in line for name in names)


def check_outcome(case: Case, command: str, exit_code: int, stdout: str, stderr: str) -> list[str]:
    """Return what is wrong with one command's outcome on ``case`` ([] = correct).

    Kinds of wrong: "internal error", "traceback", "exit code", "silent acceptance",
    "refused valid input", "unlocated", "invalid JSON", "truncated".
    """
    wrong = []
    if "internal error" in stderr:
        wrong.append("internal error")
    if "Traceback" in stderr or "Traceback" in stdout:
        wrong.append("traceback")
    if exit_code not in (0, 1):
        wrong.append("exit code")
    if exit_code == 0 and case.invalid is True:
        wrong.append("silent acceptance")
    if exit_code == 1 and case.invalid is False and "internal error" not in stderr:
        wrong.append("refused valid input")
    if exit_code == 1:
        problems = [line.strip() for line in stderr.splitlines() if line.startswith("  ")]
        problems = problems or [line for line in stderr.splitlines() if line.startswith("error:")]
        if not problems or not all(_names_a_place(p, case) or "--" in p for p in problems):
            wrong.append("unlocated")
        elif case.located == "cell" and not any("row " in p and "column " in p for p in problems):
            wrong.append("unlocated")
    if exit_code == 0 and command in ("run", "montecarlo"):
        try:
            strict_json(stdout)
        except ValueError:
            wrong.append("invalid JSON")
    if exit_code == 0 and command == "validate" and case.expect_routes is not None:
        if f"{case.expect_routes} routes" not in stdout:
            wrong.append("truncated")
    return wrong
