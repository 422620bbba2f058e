"""Reading the CSV export: one ego file, an attribute list per node type, an edge list per
edge type.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from graphsvc.io.netcanvas.format import (
    CASE_ID,
    CSV_RESERVED,
    EGO_UUID,
    LIST_FILE,
    PROTOCOL_NAME,
    SESSION_ID,
    SOURCE_UUID,
    UUID,
    UUID_ALIASES,
    Entity,
    ExportFile,
    Interview,
)


def _csv_table(
    f: ExportFile, interview: Interview
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and data rows (with spreadsheet row numbers) of one CSV file of the export."""
    try:
        text = f.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        interview.problem(f.name, None, "", None, "the file is not UTF-8 text; export it again")
        return [], []
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        interview.problem(f.name, None, "", None, f"the file cannot be read as CSV: {exc}")
        return [], []
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(c.strip() for c in r)]
    if not numbered:
        return [], []
    (_, header), *data = numbered
    header = [h.strip() for h in header]
    interview.rows_read[f.name] = len(data)
    return header, data


def _csv_entities(
    f: ExportFile, kind: str, type_name: str, interview: Interview
) -> Iterator[Entity]:
    header, rows = _csv_table(f, interview)
    if not header:
        return
    present = set(header)
    needed = {"ego": (EGO_UUID,), "node": UUID_ALIASES, "edge": (SOURCE_UUID, "from")}[kind]
    if not present.intersection(needed):
        interview.problem(
            f.name,
            1,
            needed[0],
            None,
            f"this file has no {needed[0]} column, which every Network Canvas export has; "
            "export the interview again from Network Canvas (CSV, unchanged)",
        )
        return
    for number, cells in rows:
        attributes: dict[str, str] = {}
        meta: dict[str, str] = {}
        for name, cell in zip(header, cells, strict=False):
            value = cell.strip()
            if not name or not value:
                continue
            (meta if name in CSV_RESERVED else attributes)[name] = value
        uuid = meta.get(EGO_UUID) if kind == "ego" else meta.get(UUID) or meta.get("_uid")
        yield Entity(f.name, number, type_name, uuid, attributes, meta)


def read_csv_export(files: list[ExportFile]) -> Interview:
    interview = Interview(format="csv")
    ego_files = [f for f in files if _kind_of(f) is None]  # the group holds ego and lists
    nodes = sorted((f for f in files if _kind_of(f) == "attributelist"), key=lambda f: f.name)
    edges = sorted((f for f in files if _kind_of(f) == "edgelist"), key=lambda f: f.name)
    matrices = [f for f in files if _kind_of(f) == "adjacencymatrix"]
    interview.files = [f.name for f in (*ego_files, *nodes, *edges)]
    interview.ignored_files = [f.name for f in matrices]  # the edge lists say the same
    if not ego_files:
        first = interview.files[0] if interview.files else "(the export)"
        interview.problem(
            first,
            None,
            "",
            None,
            "the ego file (CASE_SESSION_ego.csv) is missing; export the interview again with "
            "the CSV ego attribute list included",
        )
    for f in ego_files:
        for n, ego in enumerate(_csv_entities(f, "ego", "", interview)):
            if n == 0:
                interview.ego = ego
                interview.case_id = ego.meta.get(CASE_ID)
                interview.session_id = ego.meta.get(SESSION_ID)
                interview.protocol_name = ego.meta.get(PROTOCOL_NAME)
            else:
                interview.problem(
                    f.name,
                    ego.row,
                    EGO_UUID,
                    ego.uuid,
                    "a second interview in the same file (a merged export); export each "
                    "interview on its own, without merging sessions",
                )
    for f in nodes:
        interview.nodes.extend(_csv_entities(f, "node", _list_type(f), interview))
    for f in edges:
        interview.edges.extend(_csv_entities(f, "edge", _list_type(f), interview))
    return interview


def _kind_of(f: ExportFile) -> str | None:
    m = LIST_FILE.match(f.name)
    return m["what"].lower() if m else None


def _list_type(f: ExportFile) -> str:
    m = LIST_FILE.match(f.name)
    assert m is not None
    return m["type"]
