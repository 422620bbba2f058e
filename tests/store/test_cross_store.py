"""The two stores give the same answers for the same synthetic town."""

from __future__ import annotations

import pytest

from graphsvc.graph import build_graph
from graphsvc.model import Label, RelType
from graphsvc.store.base import GraphStore
from graphsvc.synth import generate
from tests.store.test_contract import same_graph

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def town():
    return generate(400, seed=11)


def test_both_stores_return_the_same_graph(
    embedded_store: GraphStore, neo4j_store: GraphStore, town
) -> None:
    for store in (embedded_store, neo4j_store):
        store.upsert(town.nodes, town.ties)
    expected = build_graph(town.nodes, town.ties)
    same_graph(embedded_store.to_networkx(), expected)
    same_graph(neo4j_store.to_networkx(), expected)
    assert embedded_store.counts() == neo4j_store.counts()


def test_both_stores_agree_on_ego_networks_and_neighbourhoods(
    embedded_store: GraphStore, neo4j_store: GraphStore, town
) -> None:
    for store in (embedded_store, neo4j_store):
        store.upsert(town.nodes, town.ties)
    people = [n.id for n in town.nodes if n.label == Label.PERSON][:12]
    for person in people:
        for hops in (1, 2):
            same_graph(embedded_store.ego(person, hops=hops), neo4j_store.ego(person, hops=hops))
        kw = {"hops": 3, "labels": [Label.PERSON], "types": [RelType.KNOWS]}
        same_graph(embedded_store.ego(person, **kw), neo4j_store.ego(person, **kw))
    for hood in [n.id for n in town.nodes if n.label == Label.NEIGHBOURHOOD]:
        same_graph(embedded_store.neighbourhood(hood), neo4j_store.neighbourhood(hood))
