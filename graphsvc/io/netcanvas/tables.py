"""The in-memory tables the importer reads: a plan's rows, one table per kind."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graphsvc.io.netcanvas.plan import Plan, PlannedRow
from graphsvc.io.read import Row, Source
from graphsvc.io.schema import KINDS, NODE_KINDS, TIE_KINDS


@dataclass(frozen=True)
class KindTable(Source):
    """One kind's rows as a `Source` the importer reads like a CSV file (header = row 1)."""

    table_name: str = ""
    cells: tuple[tuple[str | None, ...], ...] = ()

    @property
    def name(self) -> str:
        return self.table_name

    def rows(self) -> Iterator[Row]:
        yield from enumerate(self.cells, start=1)

    def estimate_rows(self) -> int | None:
        return len(self.cells)


def plan_tables(plan: Plan) -> tuple[list[KindTable], dict[tuple[str, int], PlannedRow]]:
    """The plan's rows as tables, and where each table row came from."""
    order = [k.name for k in NODE_KINDS.values()] + [k.name for k in TIE_KINDS.values()]
    tables: list[KindTable] = []
    where: dict[tuple[str, int], PlannedRow] = {}
    for kind_name in dict.fromkeys(order):
        rows = list(plan.rows.get(kind_name, {}).values())
        if not rows:
            continue
        used = {c for r in rows for c in r.cells}
        header = [c for c in KINDS[kind_name].column_names if c in used]
        name = f"(netcanvas:{kind_name})"
        body = [tuple(r.cells.get(c) for c in header) for r in rows]
        for number, row in enumerate(rows, start=2):
            where[(name, number)] = row
        tables.append(
            KindTable(Path(name), kind_name, table_name=name, cells=(tuple(header), *body))
        )
    return tables, where
