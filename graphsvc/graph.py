"""The one graph shape graphsvc hands to analytics, and the pure queries over it.

A graph is a NetworkX ``MultiDiGraph``:

- node key: the node's id; attributes: ``label`` (a `Label` value) plus the node's properties;
- edge ``(source, target, key)`` with ``key`` equal to the tie's type; attributes: ``type`` plus
  the tie's properties.

Both stores' ``to_networkx()`` return this shape, and a researcher can build it by hand (or with
`build_graph`) from any data and call the analytics directly. Ego networks and neighbourhood
subgraphs are defined here once, as pure functions, so the embedded store answers with exactly
the definitions the Neo4j store's Cypher implements.

Examples
--------
>>> from graphsvc.model import Person, Knows
>>> G = build_graph([Person(id="a"), Person(id="b", name="Bo")], [Knows(source="a", target="b")])
>>> dict(G.nodes["b"]), list(G.edges(keys=True))
({'label': 'Person', 'name': 'Bo'}, [('a', 'b', 'KNOWS')])
>>> sorted(ego_nodes(G, "a", hops=1))
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx

from graphsvc.errors import NotFound
from graphsvc.model import Label, Node, RelType, Tie

#: Labels that belong to a neighbourhood only through the members they hang off.
ATTACHED_LABELS = frozenset({Label.INTEREST, Label.NEED, Label.PAID_WORKER})


def add_node(G: nx.MultiDiGraph, node: Node) -> None:
    """Put ``node`` into ``G`` in the standard shape, replacing its attributes if present."""
    put_node(G, node.id, node.label, node.properties())


def add_tie(G: nx.MultiDiGraph, tie: Tie) -> None:
    """Put ``tie`` into ``G`` keyed by its type, replacing its attributes if present."""
    put_tie(G, tie.type, tie.source, tie.target, tie.properties())


def put_node(G: nx.MultiDiGraph, node_id: str, label: str, props: dict[str, Any]) -> None:
    """`add_node` from already-stored properties (stores use it to avoid serialising twice)."""
    if node_id in G:
        G.nodes[node_id].clear()
    G.add_node(node_id, label=label, **props)


def put_tie(
    G: nx.MultiDiGraph, rel_type: str, source: str, target: str, props: dict[str, Any]
) -> None:
    """`add_tie` from already-stored properties."""
    if G.has_edge(source, target, rel_type):
        G.edges[source, target, rel_type].clear()
    G.add_edge(source, target, key=rel_type, type=rel_type, **props)


def build_graph(nodes: Iterable[Node], ties: Iterable[Tie]) -> nx.MultiDiGraph:
    """A graph of the standard shape from records (for notebooks, tests and the embedded store).

    Ties are added grouped by their source (in the order sources first appear; each source's
    ties in their given order, so a repeated tie still ends with its last attributes), and
    equal strings and floats among their properties are shared (they cannot be changed in
    place; lists are never shared). Both are about memory, not meaning: a walk over a graph
    (every analytic's first step) reads each node's ties one after another, and when they were
    allocated together and repeat a few thousand dates and numbers rather than a million
    copies of them, the walk runs from cache. Scoring the 1.08M ties of the 100,000-person
    synthetic town took about 25% less time (`benchmarks/proximity.py`). The stores'
    ``to_networkx()`` already come out grouped: they copy or read ties by source.
    """
    G = nx.MultiDiGraph()
    for node in nodes:
        add_node(G, node)
    by_source: dict[str, list[Tie]] = {}
    for tie in ties:
        by_source.setdefault(tie.source, []).append(tie)
    shared = Shared()
    for group in by_source.values():
        for tie in group:
            put_tie(G, tie.type, tie.source, tie.target, shared.props(tie.properties()))
    return G


class Shared:
    """One object for each distinct string and float among many records' properties.

    A graph of a million ties built from records (or read row by row from a database, where
    every row brings new objects) would otherwise hold a copy of the same keys, ids, dates and
    modes per tie. Shared, they take a fraction of the memory, and a walk over the graph reads a
    few thousand hot objects instead of millions of scattered ones. Strings and floats cannot be
    changed in place, so sharing them is invisible; lists can, so they are never shared.
    """

    __slots__ = ("_numbers", "_texts")

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        # by exact bits: in a dict 1.0 == 1 == True and -0.0 == 0.0
        self._numbers: dict[str, float] = {}

    def text(self, value: str) -> str:
        """The one shared copy of ``value``."""
        return self._texts.setdefault(value, value)

    def props(self, props: dict[str, Any]) -> dict[str, Any]:
        """``props`` with shared keys, strings and floats (a new dict; ``props`` is unchanged)."""
        text, number = self._texts.setdefault, self._numbers.setdefault
        return {
            text(key, key): text(value, value) if value.__class__ is str
            else number(value.hex(), value) if value.__class__ is float
            else value
            for key, value in props.items()
        }  # fmt: skip


def _require(G: nx.MultiDiGraph, node_id: str, label: Label) -> None:
    if node_id not in G or G.nodes[node_id].get("label") != label:
        raise NotFound(f"no {label.value} with id {node_id!r}")


def ego_nodes(
    G: nx.MultiDiGraph,
    person_id: str,
    *,
    hops: int = 1,
    labels: Collection[str] | None = None,
    types: Collection[str] | None = None,
) -> set[str]:
    """Ids reached from ``person_id`` in up to ``hops`` steps, ignoring direction.

    Steps go only along ties whose type is in ``types`` and only into nodes whose label is in
    ``labels`` (all when None). The person is always included.
    """
    _require(G, person_id, Label.PERSON)
    seen = {person_id}
    frontier = {person_id}
    for _ in range(hops):
        nxt: set[str] = set()
        for u in frontier:
            steps = [(v, k) for _, v, k in G.out_edges(u, keys=True)]
            steps += [(w, k) for w, _, k in G.in_edges(u, keys=True)]
            for w, key in steps:
                if w in seen or (types is not None and key not in types):
                    continue
                if labels is not None and G.nodes[w]["label"] not in labels:
                    continue
                nxt.add(w)
        seen |= nxt
        frontier = nxt
    return seen


def ego_graph(
    G: nx.MultiDiGraph,
    person_id: str,
    *,
    hops: int = 1,
    labels: Collection[str] | None = None,
    types: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """The ego network: nodes from `ego_nodes` and every tie of ``types`` among them (a copy)."""
    keep = ego_nodes(G, person_id, hops=hops, labels=labels, types=types)
    return _induced(G, keep, types)


def neighbourhood_nodes(G: nx.MultiDiGraph, neighbourhood_id: str) -> set[str]:
    """The neighbourhood, its members (``IN`` it) and the attached nodes hanging off members."""
    _require(G, neighbourhood_id, Label.NEIGHBOURHOOD)
    members = {u for u, _, key in G.in_edges(neighbourhood_id, keys=True) if key == RelType.IN}
    attached = {
        w
        for m in members
        for w in (*G.successors(m), *G.predecessors(m))
        if G.nodes[w]["label"] in ATTACHED_LABELS
    }
    return {neighbourhood_id} | members | attached


def neighbourhood_graph(G: nx.MultiDiGraph, neighbourhood_id: str) -> nx.MultiDiGraph:
    """The subgraph of `neighbourhood_nodes` with every tie among them (a copy)."""
    return _induced(G, neighbourhood_nodes(G, neighbourhood_id), None)


def _induced(G: nx.MultiDiGraph, keep: set[str], types: Collection[str] | None) -> nx.MultiDiGraph:
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, dict(G.nodes[n])) for n in keep)
    for u in keep:
        for _, v, key, data in G.out_edges(u, keys=True, data=True):
            if v in keep and (types is None or key in types):
                H.add_edge(u, v, key=key, **dict(data))
    return H
