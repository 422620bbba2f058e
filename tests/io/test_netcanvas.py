"""Importing a Network Canvas interview: the right map, from CSV or GraphML alike, all or nothing.

The fixtures in ``fixtures/netcanvas/`` are one interview (Ann's) written by hand in the layout
Network Canvas exports (see docs/network-canvas.md): ``csv/`` the CSV export, ``graphml/`` the
same interview as GraphML, ``broken/`` the CSV export with an edge to a node that is not there
and a frequency of "often". Expected maps are derived here by reading the fixture files with
`csv`, never from the code under test.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from graphsvc.errors import BadRequest
from graphsvc.io.netcanvas import DEFAULT_MAPPING_TOML, import_netcanvas, load_mapping
from graphsvc.io.netcanvas.command import netcanvas_command
from graphsvc.model import Person
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore
from tests.io.conftest import cli_app, same_graph

FIXTURES = Path(__file__).parent / "fixtures" / "netcanvas"
CSV_EXPORT = FIXTURES / "csv"
BROKEN = FIXTURES / "broken"
GRAPHML = next((FIXTURES / "graphml").glob("*.graphml"))
DOCS = Path(__file__).parents[2] / "docs" / "network-canvas.md"
EGO = "ann"
UUID_T = "networkCanvasTargetUUID"
FREQUENCY = {"daily": 30.0, "weekly": 4.3, "fortnightly": 2.15, "monthly": 1.0}


def _file(folder: Path, suffix: str) -> Path:
    [path] = folder.glob(f"*{suffix}")
    return path


def _rows(folder: Path, suffix: str) -> list[dict[str, str]]:
    with _file(folder, suffix).open(newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def _ticked(row: dict[str, str], variable: str) -> list[str]:
    """The options of a categorical variable ticked in a row (``kind_friend`` = true...)."""
    prefix = variable + "_"
    return [k.removeprefix(prefix) for k, v in row.items() if k.startswith(prefix) and v == "true"]


def expected_map(folder: Path, ego: str) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    """The ego map the default mapping should make: node ids with labels, and ties."""
    [ego_row] = _rows(folder, "_ego.csv")
    session = ego_row["networkCanvasSessionID"]

    def nc(uuid: str) -> str:
        return f"nc:{session}:{uuid}"

    people = {r["networkCanvasUUID"] for r in _rows(folder, "_attributeList_Person.csv")}
    places = {r["networkCanvasUUID"] for r in _rows(folder, "_attributeList_Place.csv")}
    nodes = {ego: "Person"} | {nc(u): "Person" for u in people} | {nc(u): "Space" for u in places}
    ties = {("KNOWS", ego, nc(u)) for u in people} | {("VISITS", ego, nc(u)) for u in places}
    for interest in _ticked(ego_row, "interests"):
        nodes[interest] = "Interest"
        ties.add(("INTERESTED_IN", ego, interest))
    for r in _rows(folder, "_edgeList_knows.csv"):
        ties.add(("KNOWS", nc(r["networkCanvasSourceUUID"]), nc(r["networkCanvasTargetUUID"])))
    for r in _rows(folder, "_edgeList_goes_to.csv"):
        ends = {r["networkCanvasSourceUUID"], r["networkCanvasTargetUUID"]}
        [person], [place] = ends & people, ends & places
        ties.add(("VISITS", nc(person), nc(place)))
    return nodes, ties


def map_of(G: nx.MultiDiGraph) -> tuple[dict[str, str], set[tuple[str, str, str]]]:
    return (
        {n: d["label"] for n, d in G.nodes(data=True)},
        {(k, u, v) for u, v, k in G.edges(keys=True)},
    )


def _with_ann(store: GraphStore) -> GraphStore:
    store.upsert([Person(id=EGO, name="Ann", consent="given", notes="a broker's note")])
    return store


# --- the map -------------------------------------------------------------------------------


def test_an_interview_lands_as_the_ego_map_and_again_changes_nothing(store: GraphStore) -> None:
    """End to end, on both stores: the fixture becomes Ann's map; importing it again is a no-op."""
    _with_ann(store)

    report = import_netcanvas(store, CSV_EXPORT, EGO)

    assert report.ok and report.written, report.problems
    assert map_of(store.ego(EGO)) == expected_map(CSV_EXPORT, EGO)
    before, counts = store.to_networkx(), store.counts()
    again = import_netcanvas(store, CSV_EXPORT, EGO)
    assert again.ok and again.written
    same_graph(store.to_networkx(), before)
    assert store.counts() == counts


def test_answers_land_on_the_alters_and_on_their_ties(embedded_store: EmbeddedStore) -> None:
    import_netcanvas(_with_ann(embedded_store), CSV_EXPORT, EGO)
    G = embedded_store.ego(EGO)
    [ego_row] = _rows(CSV_EXPORT, "_ego.csv")
    session = ego_row["networkCanvasSessionID"]

    for r in _rows(CSV_EXPORT, "_attributeList_Person.csv"):
        alter = f"nc:{session}:{r['networkCanvasUUID']}"
        assert G.nodes[alter]["name"] == r["name"]
        tie = G.edges[EGO, alter, "KNOWS"]
        assert [tie["kind"]] == _ticked(r, "kind")
        assert tie.get("frequency") == FREQUENCY.get(r["frequency"])
        assert tie.get("since") == (r["since"] or None)
    for r in _rows(CSV_EXPORT, "_attributeList_Place.csv"):
        place = f"nc:{session}:{r['networkCanvasUUID']}"
        assert (G.nodes[place]["name"], G.nodes[place]["kind"]) == (r["name"], r["kind"])
        assert G.edges[EGO, place, "VISITS"]["frequency"] == FREQUENCY[r["frequency"]]
    for r in _rows(CSV_EXPORT, "_edgeList_knows.csv"):
        source, target = (f"nc:{session}:{r[end]}" for end in ("networkCanvasSourceUUID", UUID_T))
        contexts = [r["contexts"]] if r["contexts"] else None
        assert G.edges[source, target, "KNOWS"].get("contexts") == contexts


def test_the_ego_keeps_what_graphsvc_knew_and_gains_the_interviews_answers(
    embedded_store: EmbeddedStore,
) -> None:
    report = import_netcanvas(_with_ann(embedded_store), CSV_EXPORT, EGO)

    [ego_row] = _rows(CSV_EXPORT, "_ego.csv")
    ann = embedded_store.get(EGO)
    assert ann.name == ego_row["name"]  # the interview's answer replaces
    assert ann.birth_year == int(ego_row["birth_year"])
    assert ann.free_slots and len(ann.free_slots) == 5  # Mon-Fri, one slot a day
    assert (ann.consent, ann.notes) == ("given", "a broker's note")  # not asked: kept
    ego_file = _file(CSV_EXPORT, "_ego.csv").name
    assert report.unmapped[ego_file] == ["hometown"]  # graphsvc has no place for it
    assert "close" in report.unmapped[_file(CSV_EXPORT, "_attributeList_Person.csv").name]
    assert report.interview["session"] == ego_row["networkCanvasSessionID"]


def test_csv_and_graphml_of_one_interview_give_the_same_map(tmp_path: Path) -> None:
    graphs = []
    for i, path in enumerate((CSV_EXPORT, GRAPHML)):
        store = _with_ann(EmbeddedStore(tmp_path / f"{i}.sqlite"))
        try:
            report = import_netcanvas(store, path, EGO)
            assert report.ok, report.problems
            graphs.append(store.to_networkx())
        finally:
            store.close()

    same_graph(graphs[0], graphs[1])
    assert map_of(graphs[1]) == expected_map(CSV_EXPORT, EGO)


def test_a_zip_of_the_export_imports_like_the_folder(tmp_path: Path) -> None:
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in CSV_EXPORT.iterdir():
            z.write(f, f"networkCanvasExport/{f.name}")
        z.write(GRAPHML, GRAPHML.name)  # Network Canvas exports both by default
    store = _with_ann(EmbeddedStore(tmp_path / "z.sqlite"))
    try:
        report = import_netcanvas(store, archive, EGO)
        assert report.ok and report.ignored_files == [GRAPHML.name]
        assert map_of(store.ego(EGO)) == expected_map(CSV_EXPORT, EGO)
    finally:
        store.close()


def test_a_dry_run_checks_everything_and_writes_nothing(embedded_store: EmbeddedStore) -> None:
    _with_ann(embedded_store)
    before = embedded_store.to_networkx()

    report = import_netcanvas(embedded_store, CSV_EXPORT, EGO, dry_run=True)

    assert report.ok and report.dry_run and not report.written
    nodes, ties = expected_map(CSV_EXPORT, EGO)
    assert (report.total_nodes, report.total_ties) == (len(nodes), len(ties))
    same_graph(embedded_store.to_networkx(), before)


# --- all or nothing ------------------------------------------------------------------------


def test_a_broken_export_writes_nothing_and_says_where(embedded_store: EmbeddedStore) -> None:
    _with_ann(embedded_store)
    before = embedded_store.to_networkx()
    people = _rows(BROKEN, "_attributeList_Person.csv")
    known = {r["networkCanvasUUID"] for r in people}
    known |= {r["networkCanvasUUID"] for r in _rows(BROKEN, "_attributeList_Place.csv")}
    [often] = [n for n, r in enumerate(people, start=2) if r["frequency"] == "often"]
    [(dangling, missing)] = [
        (n, r[UUID_T])
        for n, r in enumerate(_rows(BROKEN, "_edgeList_knows.csv"), start=2)
        if r[UUID_T] not in known
    ]

    report = import_netcanvas(embedded_store, BROKEN, EGO)

    assert not report.ok and not report.written
    found = {(p.source, p.row, p.column, p.value) for p in report.problems}
    assert found == {
        (_file(BROKEN, "_attributeList_Person.csv").name, often, "frequency", "often"),
        (_file(BROKEN, "_edgeList_knows.csv").name, dangling, UUID_T, missing),
    }
    messages = " ".join(p.message for p in report.problems)
    assert "write a number" in messages and "not in the interview" in messages
    same_graph(embedded_store.to_networkx(), before)


def test_a_broken_graphml_file_points_at_its_lines(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    lines = GRAPHML.read_text(encoding="utf-8").splitlines()
    # spoil the first edge's target and the first person's frequency, as in broken/
    edge_at = next(i for i, line in enumerate(lines) if line.strip().startswith("<edge "))
    target = next(i for i in range(edge_at, len(lines)) if UUID_T in lines[i])
    lines[target] = re.sub(r">[^<]+<", ">not-a-node<", lines[target])
    keys = {
        m[1]: m[2] for m in re.finditer(r'<key id="([^"]+)" attr.name="([^"]+)"', "\n".join(lines))
    }
    frequency = next(
        i
        for i, line in enumerate(lines)
        if (m := re.search(r'key="([^"]+)"', line))
        and keys.get(m[1]) == "frequency"
        and "<data" in line
        and i < edge_at
    )
    lines[frequency] = re.sub(r">[^<]+<", ">often<", lines[frequency])
    node_at = max(i for i in range(frequency) if lines[i].strip().startswith("<node "))
    spoilt = tmp_path / GRAPHML.name
    spoilt.write_text("\n".join(lines), encoding="utf-8")

    report = import_netcanvas(_with_ann(embedded_store), spoilt, EGO)

    assert not report.written
    found = {(p.source, p.row, p.column, p.value) for p in report.problems}
    assert found == {
        (spoilt.name, node_at + 1, "frequency", "often"),  # lines count from 1
        (spoilt.name, edge_at + 1, UUID_T, "not-a-node"),
    }


def test_a_node_type_graphsvc_does_not_know_is_a_problem(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    folder = tmp_path / "export"
    shutil.copytree(CSV_EXPORT, folder)
    place = _file(folder, "_attributeList_Place.csv")
    pets = place.rename(place.with_name(place.name.replace("_Place", "_Pet")))

    report = import_netcanvas(_with_ann(embedded_store), folder, EGO)

    assert not report.written
    [problem] = report.problems
    assert (problem.source, problem.value) == (pets.name, "Pet")
    assert "[nodes.Pet]" in problem.message
    assert embedded_store.counts().nodes["Person"] == 1


def test_the_ego_must_be_a_person_in_the_store_unless_created(
    embedded_store: EmbeddedStore,
) -> None:
    with pytest.raises(BadRequest, match="no person with id 'anne'"):
        import_netcanvas(embedded_store, CSV_EXPORT, "anne")
    assert embedded_store.counts().nodes["Person"] == 0

    report = import_netcanvas(embedded_store, CSV_EXPORT, "anne", create_ego=True)

    assert report.written and embedded_store.get("anne").name == "Ann Smith"


def test_an_export_of_several_interviews_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(CSV_EXPORT, folder)
    for f in list(folder.iterdir()):
        shutil.copy(f, folder / f.name.replace("ann-2024-03", "bob-2024-04"))
    with EmbeddedStore(":memory:") as store, pytest.raises(BadRequest, match="2 interviews"):
        import_netcanvas(_with_ann(store), folder, EGO)


# --- the mapping ---------------------------------------------------------------------------


def test_a_mapping_file_changes_what_the_interview_becomes(
    tmp_path: Path, embedded_store: EmbeddedStore
) -> None:
    toml = tmp_path / "mapping.toml"
    toml.write_text(
        """
[nodes.Person]
label = "Person"
ignore = ["layout_*"]
[nodes.Person.values.kind]
neighbour = "acquaintance"

[nodes.Place]
skip = true

[edges.knows]
both_ways = true
""",
        encoding="utf-8",
    )

    report = import_netcanvas(_with_ann(embedded_store), CSV_EXPORT, EGO, mapping=toml)

    assert report.ok, report.problems
    G = embedded_store.ego(EGO)
    nodes, ties = map_of(G)
    assert "Space" not in nodes.values()  # places left out, and the edges to them
    knows = _rows(CSV_EXPORT, "_edgeList_knows.csv")
    assert sum(t[0] == "KNOWS" and EGO not in t for t in ties) == 2 * len(knows)
    kinds = {d["kind"] for _, _, k, d in G.out_edges(EGO, keys=True, data=True) if k == "KNOWS"}
    assert "acquaintance" in kinds and "neighbour" not in kinds
    assert report.skipped == [f"2 Place nodes in {_file(CSV_EXPORT, 'Place.csv').name} "
                              "(skipped by the mapping)"]  # fmt: skip
    person_file = _file(CSV_EXPORT, "_attributeList_Person.csv").name
    assert report.unmapped[person_file] == ["close"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[nodes.Person]\nlabel = "Persn"', "nodes.Person.label"),
        ('[edges.knows]\ntype = "LIKES"', "unknown tie type 'LIKES'"),
        ('[nodes.Person]\nlabel = "Person"\nfields = { nom = "nmae" }', "has no field 'nmae'"),
        ('[edges.knows]\ntype = "KNOWS"\nfixed = { kind = "freind" }', "fixed"),
        ('[nodes.Place]\nlabel = "Space"\nego_tie = "KNOWS"', "cannot join the ego"),
        ("id_template = 'nc:{session}'", "must contain {uuid}"),
        ("colour = 'blue'", "colour"),
        ("[nodes", "not a TOML file"),
    ],
    ids=["label", "tie-type", "field", "fixed-value", "ego-tie", "template", "unknown-key", "toml"],
)
def test_a_wrong_mapping_file_is_refused_naming_the_key(
    tmp_path: Path, text: str, words: str
) -> None:
    toml = tmp_path / "mapping.toml"
    toml.write_text(text, encoding="utf-8")
    with pytest.raises(BadRequest, match=re.escape(words)):
        load_mapping(toml)


def test_the_documented_mappings_are_the_ones_used(tmp_path: Path) -> None:
    """The page shows the default mapping exactly, and its example mapping file loads."""
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    assert tomllib.loads(blocks[0]) == tomllib.loads(DEFAULT_MAPPING_TOML)
    for n, block in enumerate(blocks[1:]):
        (tmp_path / f"{n}.toml").write_text(block, encoding="utf-8")
        load_mapping(tmp_path / f"{n}.toml")


# --- the command ---------------------------------------------------------------------------


def test_the_command_as_a_broker_would_use_it(tmp_path: Path) -> None:
    db = tmp_path / "graph.sqlite"
    with EmbeddedStore(db) as store:
        _with_ann(store)
    app, runner = cli_app(db, import_netcanvas=netcanvas_command), CliRunner()

    def run(*args: object) -> object:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    result = run("import-netcanvas", BROKEN, "--ego", EGO)
    assert result.exit_code == 2
    assert "column frequency: 'often'" in result.stdout and "Nothing was written" in result.stdout

    result = run("import-netcanvas", CSV_EXPORT, "--ego", EGO, "--dry-run")
    assert result.exit_code == 0 and "Dry run" in result.stdout
    assert "hometown" in result.stdout  # what was not imported is said

    result = run("import-netcanvas", GRAPHML, "--ego", EGO, "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["written"] and report["interview"]["ego"] == EGO
    _, ties = expected_map(CSV_EXPORT, EGO)
    assert sum(report["ties"].values()) == len(ties)
