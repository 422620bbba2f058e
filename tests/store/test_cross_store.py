"""The two stores give the same answers for the same synthetic town."""

from __future__ import annotations

import random
from datetime import date

import pytest

from graphsvc.graph import build_graph
from graphsvc.model import Label, RelType, tie_from_properties
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


def test_both_stores_agree_on_reviews_and_maps_over_time(
    embedded_store: GraphStore, neo4j_store: GraphStore, town
) -> None:
    """Three rounds of reviews of 30 people (ties confirmed, changed, dropped), then the maps
    of several dates: both stores must give the same revisions and the same graphs."""
    for store in (embedded_store, neo4j_store):
        store.upsert(town.nodes, town.ties)
    rng = random.Random(5)
    people = [n.id for n in town.nodes if n.label == Label.PERSON][:30]
    reviews = [date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)]
    tally = {"changed": 0, "ended": 0, "unchanged": 0}
    for on in reviews:
        for person in people:
            ego = embedded_store.ego(person, hops=1)
            ties = []
            for u, v, k, d in ego.edges(keys=True, data=True):
                if person not in (u, v) or rng.random() < 0.2:
                    continue  # not the person's, or dropped at this review
                props = {a: x for a, x in d.items() if a not in ("type", "valid_from")}
                if "frequency" in props and rng.random() < 0.3:
                    props["frequency"] = round(rng.uniform(0.1, 30), 1)
                ties.append(tie_from_properties(k, u, v, props))
            done = [s.revise(person, ties, on=on) for s in (embedded_store, neo4j_store)]
            assert done[0] == done[1]
            for what in tally:
                tally[what] += len(getattr(done[0], what))
    assert min(tally.values()) > 20, tally  # every case happened, many times
    for day in (date(2023, 6, 1), *reviews, date(2025, 6, 1)):
        same_graph(embedded_store.to_networkx(as_of=day), neo4j_store.to_networkx(as_of=day))
        for person in people[:8]:
            same_graph(
                embedded_store.ego(person, hops=2, as_of=day),
                neo4j_store.ego(person, hops=2, as_of=day),
            )
            kw = {"hops": 3, "labels": [Label.PERSON], "types": [RelType.KNOWS], "as_of": day}
            same_graph(embedded_store.ego(person, **kw), neo4j_store.ego(person, **kw))
        for hood in [n.id for n in town.nodes if n.label == Label.NEIGHBOURHOOD][:3]:
            same_graph(
                embedded_store.neighbourhood(hood, as_of=day),
                neo4j_store.neighbourhood(hood, as_of=day),
            )
    same_graph(embedded_store.to_networkx(), neo4j_store.to_networkx())
    assert embedded_store.counts() == neo4j_store.counts()
