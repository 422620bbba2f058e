"""The report of one interview: the importer's report in the export's files, rows and
columns, plus what the interview held that graphsvc did not take.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pydantic import Field
from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text

from graphsvc.io.netcanvas.format import Interview
from graphsvc.io.netcanvas.plan import Plan, PlannedRow
from graphsvc.io.report import ImportProblem, ImportReport


class NetCanvasReport(ImportReport):
    """An `ImportReport` of one interview, with what the interview held that graphsvc did not take.

    ``interview`` names it (format, case, session, protocol, ego); ``unmapped`` lists, by
    file, the variables graphsvc has no place for under the mapping used (they were not
    imported); ``skipped`` says which node types the mapping leaves out; ``ignored_files``
    the files of the export not read (the GraphML beside CSV files, adjacency matrices).
    """

    interview: dict[str, str] = Field(default_factory=dict)
    unmapped: dict[str, list[str]] = Field(default_factory=dict)
    skipped: list[str] = Field(default_factory=list)
    ignored_files: list[str] = Field(default_factory=list)

    def render(self, *, max_problems: int = 20) -> RenderableType:
        """The importer's tables, then what was not imported, in plain words."""
        parts: list[RenderableType] = [super().render(max_problems=max_problems)]
        if self.unmapped:
            parts.append(Text("Answers graphsvc has no place for (not imported):", style="bold"))
            for where, names in self.unmapped.items():
                parts.append(Text(f"  {where}: {', '.join(names)}"))
            parts.append(
                Text("  To import them, map them in a mapping file (--mapping; see the docs).")
            )
        for line in self.skipped:
            parts.append(Text(line))
        return RichGroup(*parts)


def translate_report(
    report: ImportReport,
    plan: Plan,
    interview: Interview,
    where: Mapping[tuple[str, int], PlannedRow],
    *,
    dry_run: bool,
    ego_id: str,
) -> NetCanvasReport:
    """The importer's report in Network Canvas terms: files, rows and columns of the export."""
    problems = [*interview.problems, *plan.problems]
    for p in report.problems:
        row = where.get((p.source, p.row or 0))
        if row is None:
            problems.append(p)  # the store's own words, or a whole-table problem
            continue
        file, number, column = row.origin.get(p.column, (row.file, row.row, ""))
        value = plan.uuid_of.get(p.value, p.value) if p.value is not None else None
        problems.append(
            ImportProblem(source=file, row=number, column=column, value=value, message=p.message)
        )
    order = {name: i for i, name in enumerate(interview.files)}
    problems.sort(key=lambda p: (order.get(p.source, math.inf), p.row or 0))
    info = {
        "format": interview.format,
        "case": interview.case_id,
        "session": interview.session_id,
        "protocol": interview.protocol_name,
        "ego": ego_id,
    }
    return NetCanvasReport(
        dry_run=dry_run,
        written=report.written,
        rows_read=dict(interview.rows_read),
        nodes=report.nodes,
        ties=report.ties,
        problems=problems,
        problems_not_listed=report.problems_not_listed,
        interview={k: v for k, v in info.items() if v},
        unmapped=plan.unmapped,
        skipped=plan.skipped,
        ignored_files=interview.ignored_files,
    )
