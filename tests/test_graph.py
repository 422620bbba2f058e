"""`build_graph` lays ties out for speed (grouped by source, equal values shared); nothing a user
can see may change with it."""

from __future__ import annotations

import math

import networkx as nx

from graphsvc.graph import add_node, add_tie, build_graph
from graphsvc.model import Knows, Node, Person, Tie
from graphsvc.synth import generate


def one_by_one(nodes: list[Node], ties: list[Tie]) -> nx.MultiDiGraph:
    """The graph as the records say it, tie after tie, with nothing shared."""
    G = nx.MultiDiGraph()
    for node in nodes:
        add_node(G, node)
    for tie in ties:
        add_tie(G, tie)
    return G


def test_the_graph_is_the_one_the_records_describe() -> None:
    world = generate(300, seed=3)
    G, H = build_graph(world.nodes, world.ties), one_by_one(world.nodes, world.ties)
    assert list(G.nodes(data=True)) == list(H.nodes(data=True))
    assert sorted(G.edges(keys=True, data=True)) == sorted(H.edges(keys=True, data=True))
    # each node's outgoing ties in the order given: walks and tables keep their order
    assert all(list(G.adj[n].items()) == list(H.adj[n].items()) for n in H)


def test_a_repeated_tie_keeps_its_last_attributes_and_values_keep_their_type() -> None:
    people = [Person(id="a"), Person(id="b"), Person(id="c")]
    ties: list[Tie] = [
        Knows(source="a", target="b", frequency=4.0, since="2020"),
        Knows(source="b", target="a", frequency=0.0),
        Knows(source="c", target="a", frequency=4.0, since="2020"),
        Knows(source="a", target="b", frequency=1.0, since="2021"),  # replaces the first
        Knows(source="a", target="c", frequency=-0.0),
    ]
    G = build_graph(people, ties)
    assert G.edges["a", "b", "KNOWS"]["frequency"] == 1.0
    assert G.edges["a", "b", "KNOWS"]["since"] == "2021"
    assert G.edges["c", "a", "KNOWS"]["since"] == "2020"
    zero = G.edges["a", "c", "KNOWS"]["frequency"]
    assert zero == 0.0 and math.copysign(1.0, zero) == -1.0  # not merged with +0.0
    assert type(G.edges["b", "a", "KNOWS"]["frequency"]) is float


def test_lists_are_never_shared_between_ties() -> None:
    """Changing one tie's list in a notebook must not change another tie's."""
    people = [Person(id="a"), Person(id="b")]
    G = build_graph(people, [Knows(source="a", target="b", contexts=["quiz"]),
                             Knows(source="b", target="a", contexts=["quiz"])])  # fmt: skip
    G.edges["a", "b", "KNOWS"]["contexts"].append("rugby")
    assert G.edges["b", "a", "KNOWS"]["contexts"] == ["quiz"]
