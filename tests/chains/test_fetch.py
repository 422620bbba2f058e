"""`fetch_for_chains` through the store contract, on both stores."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graphsvc.chains import fetch_for_chains, suggest
from graphsvc.chains.fetch import ATTRS, PLACE_WALK, PLACES, _friends, _nearest
from graphsvc.errors import BadRequest, NotFound
from graphsvc.graph import ego_nodes
from graphsvc.model import Group, Knows, Label, MeetsAt, MemberOf, Person, RelType, Space, Visits
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


def reference_fetch(
    store: GraphStore,
    person: str,
    max_hops: int = 4,
    *,
    max_people: int = 100,
    max_friends: int = 1,
) -> nx.MultiDiGraph:
    """The fetch as the steps of `graphsvc.chains.fetch` state it: one ego call per step and
    per person, put together with `networkx.compose_all`. What the batched reads must equal."""
    parts = [
        store.ego(person, hops=1),
        store.ego(person, hops=2, types=[RelType.HAS_NEED, RelType.MET_BY]),
        store.ego(person, hops=3, types=[RelType.IN, RelType.MEETS_AT, RelType.ABOUT],
                  labels=[Label.SPACE, Label.GROUP, Label.NEIGHBOURHOOD, Label.INTEREST]),
    ]  # fmt: skip
    web = store.ego(person, hops=min(3, max_hops), types=[RelType.KNOWS], labels=[Label.PERSON])
    parts.append(web)
    if max_hops >= 2:
        for i, q in enumerate([person, *_friends(web, person)]):
            hops = min(3 if i <= max_friends else 2, max_hops)
            parts.append(store.ego(q, hops=hops, types=PLACE_WALK, labels=PLACES))
    G = nx.compose_all(parts)
    people = [n for n in _nearest(G, person) if G.nodes[n]["label"] == "Person" and n != person]
    return nx.compose_all([G, *(store.ego(q, hops=1, types=ATTRS) for q in people[:max_people])])


def same_graph(got: nx.MultiDiGraph, want: nx.MultiDiGraph) -> bool:
    """The same nodes with the same label and properties, the same ties with the same data."""
    return dict(got.nodes(data=True)) == dict(want.nodes(data=True)) and {
        (u, v, k): d for u, v, k, d in got.edges(keys=True, data=True)
    } == {(u, v, k): d for u, v, k, d in want.edges(keys=True, data=True)}


@pytest.mark.parametrize(
    ("max_hops", "max_friends"), [(4, 1), (3, 1), (2, 1), (1, 1), (4, 0), (4, 3)]
)
def test_the_fetch_is_the_graph_of_one_ego_call_per_step_and_person(
    store: GraphStore, max_hops: int, max_friends: int
) -> None:
    """The place walks of the person and their contacts are read ring by ring for all of them
    at once (`ties_around`), not one ego call each: the graph must be exactly the same."""
    world = generate(300, seed=3)
    store.upsert(world.nodes, world.ties)
    for person in ("p000010", "p000020", "p000030", "p000040", "p000050"):
        got = fetch_for_chains(store, person, max_hops, max_friends=max_friends)
        want = reference_fetch(store, person, max_hops, max_friends=max_friends)
        assert same_graph(got, want), person
        assert got.number_of_edges() > 0


def test_a_walk_keeps_the_ties_among_its_last_ring_and_no_tie_between_two_walks(
    store: GraphStore,
) -> None:
    """Pam knows Fay and Hal, who get two-step place walks. Fay's walk ends at group A, Xan and
    space S2; A meets at S2 and Xan is in A, ties between two nodes of her last ring, which no
    walk goes on from: an ego call holds them, so the fetch must too. A also meets at Hal's
    S4, but A is three steps from Hal and S4 three from Fay: no ego graph holds that tie, nor
    Yvo, three steps from Fay. (No interests fetched, ``max_people=0``: they would fetch
    Xan's memberships whatever the walks do.)"""
    people = [Person(id=i, name=i.title()) for i in ("pam", "fay", "hal", "xan", "yvo")]
    places = [Space(id=i) for i in ("s1", "s2", "s4")] + [Group(id=i) for i in ("a", "b", "gb")]
    store.upsert(
        [*people, *places],
        [Knows(source="pam", target="fay"), Knows(source="pam", target="hal"),
         Visits(source="fay", target="s1"), MemberOf(source="fay", target="b"),
         MeetsAt(source="a", target="s1"), MeetsAt(source="a", target="s2"),
         MeetsAt(source="b", target="s2"), Visits(source="xan", target="s1"),
         MemberOf(source="xan", target="a"), MemberOf(source="hal", target="gb"),
         MeetsAt(source="gb", target="s4"), MeetsAt(source="a", target="s4"),
         Visits(source="yvo", target="s2")],
    )  # fmt: skip
    got = fetch_for_chains(store, "pam", max_people=0, max_friends=0)
    assert sorted(got.edges(keys=True)) == [
        ("a", "s1", "MEETS_AT"), ("a", "s2", "MEETS_AT"), ("b", "s2", "MEETS_AT"),
        ("fay", "b", "MEMBER_OF"), ("fay", "s1", "VISITS"), ("gb", "s4", "MEETS_AT"),
        ("hal", "gb", "MEMBER_OF"), ("pam", "fay", "KNOWS"), ("pam", "hal", "KNOWS"),
        ("xan", "a", "MEMBER_OF"), ("xan", "s1", "VISITS"),
    ]  # fmt: skip
    assert same_graph(got, reference_fetch(store, "pam", max_people=0, max_friends=0))
