"""Export a graph: the CSV templates (so an export imports again), node-link JSON, GraphML, GEXF.

Every writer takes a graph in graphsvc's shape (`graphsvc.graph`: what ``store.to_networkx()``,
``store.ego()`` and `graphsvc.synth` return) and never changes it. Files are written in a stable
order (nodes by id, ties by type, source and target), so two exports of the same graph are the
same bytes and differences between exports show up in a diff.

- **CSV**: one file per kind in a folder, in exactly the template format (`graphsvc.io.schema`),
  UTF-8 with the byte-order mark Excel looks for, text that a spreadsheet would run as a formula
  guarded with ``'``. Properties outside the schema are left out: the templates have no column
  for them. Use GraphML, GEXF or JSON to keep them.
- **JSON**: NetworkX node-link data (``nodes``, ``edges`` with ``key``); lists stay lists.
- **GraphML / GEXF**: see `graphsvc.io.graphfiles`.

Examples
--------
>>> import tempfile, pathlib
>>> from graphsvc.synth import generate
>>> G = generate(60, seed=1).graph()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> paths = write_csv(G, folder)
>>> [p.name for p in paths][:3], len(paths)
(['people.csv', 'paid_workers.csv', 'spaces.csv'], 17)
>>> same = read_json(write_json(G, folder / "town.json"))
>>> sorted(same.edges(keys=True)) == sorted(G.edges(keys=True))
True
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.io.cells import write_cell
from graphsvc.io.graphfiles import read_gexf, read_graphml, write_gexf, write_graphml
from graphsvc.io.schema import KINDS, RELATIONS, Kind

Format = Literal["graphml", "gexf", "csv", "json"]
FORMATS: tuple[str, ...] = ("graphml", "gexf", "csv", "json")
_RELATION_OF = {t.value: name for name, t in RELATIONS.items()}


def write_csv(G: nx.MultiDiGraph, folder: str | Path, *, overwrite: bool = False) -> list[Path]:
    """Write one CSV per kind into ``folder`` (created if needed); return the paths.

    Every kind gets a file, with only a header if the graph has none of it, so the folder is
    also a complete set of templates. Refuses to replace existing files unless ``overwrite``.
    """
    folder = Path(folder)
    paths = [folder / kind.filename for kind in KINDS.values()]
    refuse_existing(paths, overwrite=overwrite)
    folder.mkdir(parents=True, exist_ok=True)
    ties_by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        ties_by_type.setdefault(str(data.get("type", key)), []).append((u, v, data))
    for kind, path in zip(KINDS.values(), paths, strict=True):
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(kind.column_names)
            writer.writerows(_rows(G, kind, ties_by_type))
    return paths


def _rows(
    G: nx.MultiDiGraph, kind: Kind, ties_by_type: dict[str, list[tuple[str, str, dict[str, Any]]]]
) -> list[list[str]]:
    if kind.label is not None:
        label = kind.label.value
        records = sorted(
            ({"id": n, **d} for n, d in G.nodes(data=True) if d.get("label") == label),
            key=lambda r: str(r["id"]),
        )
    else:
        records = sorted(
            (
                {"source": u, "target": v, "relation": _RELATION_OF.get(t), **d}
                for t in kind.types
                for u, v, d in ties_by_type.get(t.value, [])
            ),
            key=lambda r: (str(r["type"]), str(r["source"]), str(r["target"])),
        )
    return [[write_cell(c, r.get(c.name)) for c in kind.columns] for r in records]


def write_json(G: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write node-link JSON (UTF-8); `read_json` reads it back. Returns the path."""
    path = Path(path)
    data = nx.node_link_data(G, edges="edges")
    with path.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    return path


def read_json(path: str | Path) -> nx.MultiDiGraph:
    """Read node-link JSON written by `write_json` into graphsvc's graph shape."""
    with Path(path).open(encoding="utf-8") as f:
        try:
            data = json.load(f)
        except json.JSONDecodeError as exc:
            raise BadRequest(f"{path} is not JSON: {exc}") from exc
    G = nx.node_link_graph(data, directed=True, multigraph=True, edges="edges")
    assert isinstance(G, nx.MultiDiGraph)
    return G


def refuse_existing(paths: list[Path], *, overwrite: bool) -> None:
    """Raise `BadRequest` if any of ``paths`` exists and ``overwrite`` is False.

    Spreadsheets people have filled in by hand live in the same folders as exports and
    templates; replacing one silently would lose their work.
    """
    if overwrite:
        return
    existing = [p for p in paths if p.exists()]
    if existing:
        names = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise BadRequest(
            f"{names} already exist{'s' * (len(existing) == 1)}; use --force to replace"
        )


_WRITERS: dict[str, Callable[[nx.MultiDiGraph, Path], object]] = {
    "graphml": write_graphml,
    "gexf": write_gexf,
    "json": write_json,
}
READERS: dict[str, Callable[[Path], nx.MultiDiGraph]] = {
    "graphml": read_graphml,
    "gexf": read_gexf,
    "json": read_json,
}


def export_graph(
    G: nx.MultiDiGraph, format: str, path: str | Path, *, overwrite: bool = False
) -> list[Path]:
    """Write ``G`` in ``format`` (graphml, gexf, json: a file; csv: a folder); return paths."""
    fmt = format.lower().lstrip(".")
    path = Path(path)
    if fmt == "csv":
        return write_csv(G, path, overwrite=overwrite)
    if fmt not in _WRITERS:
        raise BadRequest(f"unknown export format {format!r}; use one of {', '.join(FORMATS)}")
    refuse_existing([path], overwrite=overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    _WRITERS[fmt](G, path)
    return [path]
