"""`fetch_for_chains` through the store contract, on both stores."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphsvc.chains import fetch_for_chains, suggest
from graphsvc.errors import BadRequest, NotFound
from graphsvc.graph import ego_nodes
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.chains.worlds import bus_town, bus_town_records


def _shape(G: nx.MultiDiGraph) -> tuple[list[str], list[tuple[str, str, str]]]:
    return sorted(G.nodes), sorted(G.edges(keys=True))


def test_fetched_bus_town_gives_the_same_chains(store: GraphStore) -> None:
    store.upsert(*bus_town_records())
    H = fetch_for_chains(store, "sam")
    got = suggest(H, "sam", "evenings")
    want = suggest(bus_town(), "sam", "evenings")
    assert [c.nodes for c in got] == [c.nodes for c in want]
    # the same scores but for how rare an interest counts (over the people on the map): Liz,
    # in the book club at the library Nia (not Sam's closest contact) goes to, is four steps
    # away through a place, beyond what the fetch looks at
    assert [c.score.total for c in got] == pytest.approx([c.score.total for c in want], abs=0.01)
    assert [c.links for c in got] == [c.links for c in want]
    assert got[0].nodes == ("sam", "dave", "crown", "quiz")


def test_fetch_on_a_synthetic_town_is_the_same_on_every_store(
    store: GraphStore, tmp_path: Path
) -> None:
    world = generate(300, seed=3)
    store.upsert(world.nodes, world.ties)
    reference = EmbeddedStore(tmp_path / "reference.sqlite")
    try:
        reference.upsert(world.nodes, world.ties)
        person = "p000010"
        H = fetch_for_chains(store, person)
        assert _shape(H) == _shape(fetch_for_chains(reference, person))
    finally:
        reference.close()
    full = world.graph()
    # the people three KNOWS steps away, and the places and groups of the person's friends
    assert ego_nodes(full, person, hops=3, types=["KNOWS"], labels=["Person"]) <= set(H)
    for friend in ego_nodes(full, person, hops=1, types=["KNOWS"]):
        assert ego_nodes(full, friend, hops=1, types=["VISITS", "MEMBER_OF"]) <= set(H)
    chains = suggest(H, person, k=5)
    for chain in chains:
        for link in chain.links:
            assert full.has_edge(link.source, link.target, link.type) or full.has_edge(
                link.target, link.source, link.type
            )


def test_fetch_refuses_bad_input(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(*bus_town_records())
    with pytest.raises(BadRequest):
        fetch_for_chains(embedded_store, "sam", max_hops=5)
    with pytest.raises(NotFound):
        fetch_for_chains(embedded_store, "nobody")


def test_first_links_are_as_strong_as_on_the_whole_map(embedded_store: EmbeddedStore) -> None:
    from graphsvc.chains.config import ChainConfig
    from graphsvc.chains.index import strengths_of

    world = generate(300, seed=3)
    embedded_store.upsert(world.nodes, world.ties)
    full = strengths_of(world.graph(), ChainConfig())
    for person in ("p000010", "p000020", "p000030"):
        fetched = strengths_of(fetch_for_chains(embedded_store, person), ChainConfig())
        mine = [pair for pair in fetched if person in pair]
        assert mine
        # contacts' interests and neighbourhood are fetched: only rarity weights may differ
        assert [fetched[p] for p in mine] == pytest.approx([full[p] for p in mine], abs=0.05)
