"""Problems found in a plan file: each names its table, row, column and reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    table: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.table + (f", row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        )
        return f"{where}: {self.message}"


class PlanFileInvalid(Exception):
    """The file cannot be applied; ``problems`` says every reason, and nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def invalid(table: str, message: str, row: int | None = None, column: str | None = None) -> PlanFileInvalid:
    return PlanFileInvalid([Problem(table, row, column, message)])


class Checker:
    """Collects every problem of a plan file instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, table: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(table, row, column, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise PlanFileInvalid(self.problems)
