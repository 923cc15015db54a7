"""The package's layering: the report reads no bundled data, and its modules import no cycle."""

from __future__ import annotations

import ast
from pathlib import Path

REPORT = Path(__file__).parents[1] / "logistics" / "report"


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file (function-level imports too)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_the_report_does_not_import_the_bundled_inputs() -> None:
    for path in REPORT.glob("*.py"):
        assert not any(m.split(".")[0] == "inputs" for m in _imports(path)), path.name


def test_the_report_modules_import_no_cycle() -> None:
    edges = {
        p.stem: {m.rsplit(".", 1)[-1] for m in _imports(p) if m.startswith("logistics.report.")}
        for p in REPORT.glob("*.py")
    }

    def reaches(start: str, target: str, seen: frozenset[str]) -> bool:
        return any(
            b == target or (b not in seen and reaches(b, target, seen | {b}))
            for b in edges.get(start, ())
        )

    cyclic = [m for m in edges if reaches(m, m, frozenset({m}))]
    assert cyclic == []
