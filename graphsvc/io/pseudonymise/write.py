"""Writing an export to files: `write_pseudonymised`, the one function here that writes files.

GraphML (one file) or CSV (``nodes.csv`` and ``ties.csv``), always with ``report.json`` beside
the data.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from graphsvc.errors import BadRequest
from graphsvc.io.cells import format_number, guard, join_list
from graphsvc.io.export import refuse_existing
from graphsvc.io.graphfiles import write_graphml
from graphsvc.io.pseudonymise.report import Pseudonymised

ResearchFormat = Literal["graphml", "csv"]
REPORT_NAME = "report.json"


def write_pseudonymised(
    result: Pseudonymised,
    folder: str | Path,
    fmt: ResearchFormat = "graphml",
    *,
    overwrite: bool = False,
) -> list[Path]:
    """Write an export into ``folder``: the graph and ``report.json``; return the paths.

    ``graphml``: ``research.graphml``, written by `graphsvc.io.graphfiles.write_graphml` (typed
    attributes, lists ``;``-joined), which NetworkX, igraph, Gephi and R read. ``csv``:
    ``nodes.csv`` (``id, label, ...``) and ``ties.csv`` (``source, target, type, ...``) for
    pandas or R; the import-template CSV writer is not used because the export has columns the
    templates do not (``age_band``, ``shares_household``) and must not look importable. Refuses
    to replace files unless ``overwrite``.
    """
    folder = Path(folder)
    if fmt not in ("graphml", "csv"):
        raise BadRequest(f"unknown research export format {fmt!r}; use graphml or csv")
    files = (
        [folder / "research.graphml"]
        if fmt == "graphml"
        else [folder / "nodes.csv", folder / "ties.csv"]
    )
    paths = [*files, folder / REPORT_NAME]
    refuse_existing(paths, overwrite=overwrite)
    folder.mkdir(parents=True, exist_ok=True)
    G = result.graph
    if fmt == "graphml":
        write_graphml(G, files[0])
    else:
        _write_table(files[0], ["id", "label"], ({"id": n, **d} for n, d in G.nodes(data=True)))
        _write_table(
            files[1],
            ["source", "target", "type"],
            ({"source": u, "target": v, **d} for u, v, d in G.edges(data=True)),
        )
    with paths[-1].open("w", encoding="utf-8") as f:
        json.dump(result.report.to_dict(), f, ensure_ascii=False, indent=1)
        f.write("\n")
    return paths


def _write_table(path: Path, first: list[str], rows: Iterable[dict[str, Any]]) -> None:
    rows = list(rows)
    rest = sorted({name for r in rows for name in r} - set(first))
    with path.open("w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow([*first, *rest])
        writer.writerows([[_cell(r.get(c)) for c in (*first, *rest)] for r in rows])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return join_list(guard(str(v)) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return guard(str(value))
