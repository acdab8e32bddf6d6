"""Errors that reach users.

Every problem a user can cause (a bad file, a missing table, a wrong option) is raised as a
:class:`WresError` whose message is one readable line. The CLI prints that line and exits non-zero;
no traceback reaches a user.
"""

from __future__ import annotations

from dataclasses import dataclass


class WresError(Exception):
    """A user-facing error: ``str(err)`` is one line that says what is wrong and where."""

    exit_code = 1


class UsageError(WresError):
    """A command used wrongly: an option's value is not one of its choices, or options that do not go together
    (exit code 2, as for the usage errors Typer finds itself; ADR 5)."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem in one place of an input file."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    problem: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        shown = ""
        if self.value is not None:
            value = str(self.value)
            text = value if len(value) <= 60 else value[:57] + "..."
            shown = f" (value {text!r})"
        return f"{where}: {self.problem}{shown}"


class DataError(WresError):
    """Input data failed validation. Carries every problem found (the message names the first)."""

    exit_code = 2

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        if not problems:
            raise ValueError("DataError needs at least one problem")
        self.problems = problems
        self.total = max(total or 0, len(problems))
        more = f" (and {self.total - 1} more problems)" if self.total > 1 else ""
        super().__init__(f"{problems[0]}{more}")
