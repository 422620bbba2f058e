"""Exports: GraphML and GEXF keep nodes, ties and typed attributes; CSV re-imports; JSON too."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.io.export import READERS, export_graph, write_csv
from graphsvc.io.frames import to_pandas
from graphsvc.io.importer import import_files
from graphsvc.model import Knows, Person
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.io.conftest import same_graph, small_world


@pytest.fixture(scope="module")
def town() -> nx.MultiDiGraph:
    return generate(300, seed=5).graph()


def _awkward() -> nx.MultiDiGraph:
    """Text that breaks naive writers: XML specials, ; inside list items, unicode, newlines."""
    return build_graph(
        [
            Person(id="a&<b>", name='Zoë "Z" O\'Neil', notes="line one\r\nline two\ttabbed"),
            Person(id="=cmd|x", name="-minus", household="@home", free_slots=[]),
            Person(id="none", name="none"),
        ],
        [
            Knows(
                source="a&<b>",
                target="=cmd|x",
                contexts=["fish; chips", "back\\slash", "none"],
                gives=[],
                frequency=30,
                since="2019",
            ),
            Knows(source="=cmd|x", target="none", contexts=["none"]),
        ],
    )


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json"])
@pytest.mark.parametrize("which", ["small-world", "synthetic-town", "awkward-text"])
def test_graph_files_round_trip_nodes_ties_and_typed_attributes(
    tmp_path: Path, town: nx.MultiDiGraph, fmt: str, which: str
) -> None:
    G = {
        "small-world": lambda: build_graph(*small_world()),
        "synthetic-town": lambda: town,
        "awkward-text": _awkward,
    }[which]()
    path = export_graph(G, fmt, tmp_path / f"g.{fmt}")[0]
    same_graph(READERS[fmt](path), G)


def test_graphml_is_typed_for_other_tools(tmp_path: Path) -> None:
    """NetworkX's own reader (as Gephi or igraph would) sees ints, floats, bools and text."""
    G = build_graph(*small_world())
    G.nodes["ann"]["shortlisted"] = True  # a researcher's own attributes keep their types
    G.nodes["bob"]["score"] = 3
    G.nodes["cat"]["score"] = 2.5
    path = export_graph(G, "graphml", tmp_path / "g.graphml")[0]
    H = nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
    ann = H.nodes["ann"]
    assert ann["birth_year"] == 1958 and isinstance(ann["birth_year"], int)
    assert ann["shortlisted"] is True
    assert H.nodes["bob"]["score"] == 3.0 and isinstance(H.nodes["bob"]["score"], float)
    assert ann["free_slots"].startswith("Mon 10:00-16:00;Tue 10:00-16:00")  # a list, ;-joined
    assert H.graph["graphsvc_list_fields"].split(";") == sorted(
        ["contexts", "free_slots", "gives", "receives", "slots", "tags", "tasks"]
    )
    crown = H.nodes["crown"]
    assert isinstance(crown["lat"], float) and crown["lat"] == 53.8
    [(_, _, data)] = [e for e in H.edges(data=True) if e[2]["type"] == "SUPPORTS"]
    assert data["hours_per_week"] == 10.5 and data["turnover_per_year"] == 4.0


def test_gexf_is_shaped_for_gephi(tmp_path: Path) -> None:
    G = build_graph(*small_world())
    path = export_graph(G, "gexf", tmp_path / "g.gexf")[0]
    H = nx.read_gexf(path)  # GEXF 1.2draft, as Gephi writes and reads it
    assert H.nodes["ann"]["label"] == "Ann"  # what Gephi draws
    assert H.nodes["ann"]["category"] == "Person"  # what to colour by
    assert H.nodes["rugby"]["label"] == "Rugby"
    assert isinstance(H.nodes["ann"]["birth_year"], int)
    labels = {d["label"] for *_, d in H.edges(data=True)}
    assert "KNOWS" in labels and "INTERESTED_IN" in labels
    assert len({d["id"] for *_, d in H.edges(data=True)}) == G.number_of_edges()  # unique ids


def test_csv_export_reimports_as_the_same_graph_and_is_stable(
    tmp_path: Path, town: nx.MultiDiGraph
) -> None:
    first = write_csv(town, tmp_path / "a")
    write_csv(town, tmp_path / "b")
    assert all((tmp_path / "b" / p.name).read_bytes() == p.read_bytes() for p in first)
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path / "a"])
        assert report.ok, report.problems[:3]
        same_graph(store.to_networkx(), town)


def test_csv_export_guards_formulas_and_reimports_them(tmp_path: Path) -> None:
    G = _awkward()
    write_csv(G, tmp_path)
    text = (tmp_path / "people.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd|x,'-minus,,,,'@home,none," in text  # no cell a spreadsheet would run
    with EmbeddedStore(":memory:") as store:
        assert import_files(store, [tmp_path]).ok
        same_graph(store.to_networkx(), G)


def test_an_export_of_the_store_imports_into_the_other_store(
    store: GraphStore, tmp_path: Path
) -> None:
    store.upsert(*small_world())
    export_graph(store.to_networkx(), "csv", tmp_path)
    with EmbeddedStore(":memory:") as other:
        assert import_files(other, [tmp_path]).ok
        same_graph(other.to_networkx(), build_graph(*small_world()))


def test_exports_refuse_to_replace_files_unless_told(tmp_path: Path) -> None:
    G = build_graph(*small_world())
    export_graph(G, "gexf", tmp_path / "g.gexf")
    with pytest.raises(BadRequest, match="already exists; use --force"):
        export_graph(G, "gexf", tmp_path / "g.gexf")
    export_graph(G, "gexf", tmp_path / "g.gexf", overwrite=True)
    (tmp_path / "csv").mkdir()
    (tmp_path / "csv" / "people.csv").write_text("mine")
    with pytest.raises(BadRequest, match=r"people\.csv already exists"):
        export_graph(G, "csv", tmp_path / "csv")
    assert (tmp_path / "csv" / "people.csv").read_text() == "mine"
    with pytest.raises(BadRequest, match="unknown export format 'pdf'"):
        export_graph(G, "pdf", tmp_path / "g.pdf")


def test_to_pandas_gives_one_row_per_node_and_tie_with_typed_columns() -> None:
    G = build_graph(*small_world())
    nodes, ties = to_pandas(G)
    assert len(nodes) == G.number_of_nodes() and len(ties) == G.number_of_edges()
    assert list(nodes.columns[:3]) == ["id", "label", "name"]
    assert list(ties.columns[:3]) == ["source", "target", "type"]
    assert str(nodes["birth_year"].dtype) == "Int64"
    ann = nodes.set_index("id").loc["ann"]
    assert ann["birth_year"] == 1958 and ann["free_slots"][0] == "Mon 10:00-16:00"
    assert nodes.set_index("id")["birth_year"].isna().sum() == G.number_of_nodes() - 1
    knows = ties[ties["type"] == "KNOWS"].set_index(["source", "target"])
    assert knows.loc[("ann", "bob"), "frequency"] == 30.0
    assert knows.loc[("ann", "cat"), "gives"] == []  # said: nothing
    empty_nodes, empty_ties = to_pandas(nx.MultiDiGraph())
    assert list(empty_nodes.columns) == ["id", "label"] and empty_ties.empty
