"""What an import did, or would do, and every problem that stopped it, in a form people can act on.

An `ImportReport` is plain data (a pydantic model, so the API can return it as it is): rows read
per file, nodes and ties written (or, on a dry run or a refusal, that *would* be written) by
label and type, and the problems. It renders as rich tables for the terminal, as JSON, and its
problems as a CSV a person can sort and work through in a spreadsheet.

Examples
--------
>>> report = ImportReport(dry_run=True, rows_read={"people.csv": 2}, nodes={"Person": 2})
>>> report.ok, report.total_nodes
(True, 2)
>>> p = ImportProblem(source="knows.csv", row=7, column="since", value="31/12/2020",
...                   message="write a date as YYYY-MM-DD")
>>> str(p)
"knows.csv row 7, column since ('31/12/2020'): write a date as YYYY-MM-DD"
"""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, computed_field
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text


class ImportProblem(BaseModel):
    """One thing to fix: where (file or sheet, row, column), the value found, and what to do.

    ``row`` is None for a problem with a whole file (a missing column); ``column`` is empty for
    a problem with a whole row.
    """

    model_config = ConfigDict(frozen=True)

    source: str
    row: int | None = None
    column: str = ""
    value: str | None = None
    message: str

    def __str__(self) -> str:
        where = self.source + (f" row {self.row}" if self.row is not None else "")
        if self.column:
            where += f", column {self.column}"
        if self.value is not None:
            where += f" ({self.value!r})"
        return f"{where}: {self.message}"


class ImportReport(BaseModel):
    """The outcome of one import (see the module docstring)."""

    dry_run: bool = False
    written: bool = False
    rows_read: dict[str, int] = Field(default_factory=dict)
    nodes: dict[str, int] = Field(default_factory=dict)
    ties: dict[str, int] = Field(default_factory=dict)
    problems: list[ImportProblem] = Field(default_factory=list)
    problems_not_listed: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when nothing stopped the import (on a dry run: when it would go through)."""
        return not self.problems and not self.problems_not_listed

    @property
    def problem_count(self) -> int:
        return len(self.problems) + self.problems_not_listed

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_ties(self) -> int:
        return sum(self.ties.values())

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def write_problems_csv(self, path: str | Path) -> Path:
        """Every listed problem as a CSV (UTF-8 with the mark Excel looks for), sorted by place."""
        path = Path(path)
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(["file", "row", "column", "value", "what to fix"])
            for p in self.problems:
                writer.writerow(
                    [p.source, "" if p.row is None else p.row, p.column, p.value or "", p.message]
                )
        return path

    def headline(self) -> str:
        """One sentence saying what happened."""
        what = f"{self.total_nodes:,} nodes and {self.total_ties:,} ties"
        rows = sum(self.rows_read.values())
        if not self.ok:
            n = self.problem_count
            return (
                f"Nothing was written: {n:,} problem{'s' * (n != 1)} to fix ({rows:,} rows read)."
            )
        if self.dry_run:
            return f"Dry run: {rows:,} rows are fine; importing them would write {what}."
        return f"Imported {rows:,} rows: wrote {what}."

    def render(self, *, max_problems: int = 20) -> RenderableType:
        """Tables for a terminal: counts, then at most ``max_problems`` problems."""
        parts: list[RenderableType] = []
        files = Table(title="Rows read", title_justify="left")
        files.add_column("file or sheet")
        files.add_column("rows", justify="right")
        for name, n in self.rows_read.items():
            files.add_row(name, f"{n:,}")
        parts.append(files)
        if self.ok:
            parts.append(_counts_table(self.nodes, self.ties, written=not self.dry_run))
        else:
            parts.append(self._problems_list(max_problems))
        style = "green" if self.ok else "red"
        parts.append(Text(self.headline(), style=f"bold {style}"))
        return Group(*parts)

    def _problems_list(self, max_problems: int) -> RenderableType:
        """Problems as a list, not a table: it stays readable in a narrow terminal and reads
        in order with a screen reader."""
        lines: list[RenderableType] = [Text("Problems (nothing was written):", style="bold")]
        for p in self.problems[:max_problems]:
            where = p.source + (f" row {p.row}" if p.row is not None else "")
            where += f", column {p.column}" if p.column else ""
            where += f": {p.value!r}" if p.value is not None else ""
            lines.append(Text(where, style="bold"))
            lines.append(Padding(Text(p.message), (0, 0, 0, 4)))
        rest = self.problem_count - min(len(self.problems), max_problems)
        if rest:
            lines.append(
                Text(
                    f"... and {rest:,} more problem{'s' * (rest != 1)}; "
                    "--report FILE writes them all to a CSV."
                )
            )
        return Group(*lines)


def _counts_table(nodes: dict[str, int], ties: dict[str, int], *, written: bool) -> Table:
    verb = "written" if written else "would be written"
    table = Table(title=f"Records {verb}", title_justify="left")
    table.add_column("nodes")
    table.add_column("count", justify="right")
    table.add_column("ties")
    table.add_column("count", justify="right")
    n, t = list(nodes.items()), list(ties.items())
    for i in range(max(len(n), len(t))):
        a = (n[i][0], f"{n[i][1]:,}") if i < len(n) else ("", "")
        b = (t[i][0], f"{t[i][1]:,}") if i < len(t) else ("", "")
        table.add_row(*a, *b)
    return table
