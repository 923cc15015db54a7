"""The one exception family of borderflow and the problem records that input errors carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is, what is wrong and, when we can tell, the fix.

    ``where`` is the file (or ``file sheet "x"``) or scenario the problem is in; ``row`` is the
    row number as a spreadsheet shows it (header = row 1); ``column`` is a column name or a
    scenario key.
    """

    where: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.where]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f'column "{self.column}"')
        return ", ".join(parts) + f": {self.message}"


class BorderflowError(Exception):
    """Base of every error borderflow raises on purpose (the CLI turns these into exit code 1)."""


class InputError(BorderflowError, ValueError):
    """Bad input: carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


class ScenarioError(InputError):
    """Bad scenario file: unknown key, unknown target, impossible day range, negative factor."""
