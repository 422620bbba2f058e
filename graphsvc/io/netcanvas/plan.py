"""The plan: an interview as rows of graphsvc kinds, each cell with the Network Canvas file,
row and column it came from, and the problems found on the way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphsvc.io.netcanvas.format import CollectsProblems
from graphsvc.io.report import ImportProblem

Origin = tuple[str, int, str]  # Network Canvas file, row, column


@dataclass
class PlannedRow:
    """One row of an in-memory table: cells by graphsvc column, each with its origin."""

    file: str
    row: int
    cells: dict[str, str] = field(default_factory=dict)
    origin: dict[str, Origin] = field(default_factory=dict)

    def put(self, column: str, text: str, origin: Origin) -> None:
        self.cells[column] = text
        self.origin[column] = origin


@dataclass
class Plan(CollectsProblems):
    """What an interview becomes: rows by kind and key, and what could not be placed.

    ``unmapped`` lists, by file, answers graphsvc has no place for; ``skipped`` the node types
    the mapping leaves out; ``uuid_of`` the Network Canvas UUID behind each alter's id.
    """

    rows: dict[str, dict[tuple[str, ...], PlannedRow]] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    unmapped: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    uuid_of: dict[str, str] = field(default_factory=dict)

    def row(self, kind: str, key: tuple[str, ...], file: str, number: int) -> PlannedRow:
        """The row for ``key`` in ``kind``; an existing one is added to (two edges, one tie)."""
        table = self.rows.setdefault(kind, {})
        if key not in table:
            table[key] = PlannedRow(file, number)
        return table[key]
