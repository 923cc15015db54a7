"""The one exception family of borderflow and the problem records that input errors carry."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .text import shorten


@dataclass(frozen=True)
class Problem:
    """One problem found in an input: where it is, what is wrong and, when we can tell, the fix.

    ``where`` is the file (or ``file sheet "x"``) or scenario the problem is in; ``row`` is the
    row number as a spreadsheet shows it (header = row 1); ``column`` is a column name or a
    scenario key; ``letter`` is the column's letter as a spreadsheet shows it (A, B, …, AA),
    when the column is in the file (``with_letters`` fills it in).
    """

    where: str
    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    def __str__(self) -> str:
        parts = [self.where]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            letter = f"{self.letter} " if self.letter else ""
            parts.append(f'column {letter}"{shorten(self.column)}"')
        return ", ".join(parts) + f": {self.message}"


def column_letter(position: int) -> str:
    """Return the spreadsheet letter of the column at 1-based ``position`` (1 → A, 27 → AA)."""
    letters = ""
    while position > 0:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def with_letters(problems: list[Problem], headers: dict[str, list[str]]) -> list[Problem]:
    """Return ``problems`` with the column letter filled in where the column is in the header.

    ``headers`` maps a problem's ``where`` to that table's header, as in the file.
    """
    out = []
    for problem in problems:
        header = headers.get(problem.where, [])
        if problem.letter is None and problem.column in header:
            problem = replace(problem, letter=column_letter(header.index(problem.column) + 1))
        out.append(problem)
    return out


class BorderflowError(Exception):
    """Base of every error borderflow raises on purpose (the CLI turns these into exit code 1)."""


class InputError(BorderflowError, ValueError):
    """Bad input: carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))

    def __reduce__(self):
        # raised in a worker process, it must reach the caller as it was (pickle rebuilds it
        # from these arguments, not from the message)
        return (type(self), (self.problems,))


class ScenarioError(InputError):
    """Bad scenario file: unknown key, unknown target, impossible day range, negative factor."""
