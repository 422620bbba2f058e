"""The store contract, run unchanged against the embedded store and a real Neo4j.

Expected answers come from the input records and the contract's definitions (written out in
each test), never from a store's own output.
"""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest

from graphsvc.errors import BadRequest, Conflict, InvalidRecord, NotFound
from graphsvc.graph import build_graph
from graphsvc.model import (
    About,
    Group,
    HasNeed,
    In,
    Interest,
    InterestedIn,
    Knows,
    Label,
    MeetsAt,
    MemberOf,
    MetBy,
    Need,
    Neighbourhood,
    PaidWorker,
    Person,
    RelType,
    Space,
    Supports,
    Visits,
)
from graphsvc.store.base import GraphStore


def small_world() -> tuple[list, list]:
    """Ann's map. A chain ann - dev - eve - fay - gus gives 1 to 4 hops for ego tests."""
    nodes = [
        Person(
            id="ann",
            name="Ann",
            consent="given",
            birth_year=1958,
            household="h1",
            free_slots=["Mon-Fri 10:00-16:00"],
        ),
        Person(id="bob", name="Bob", household="h1"),
        Person(id="cat", name="Cat"),
        Person(id="dev", name="Dev"),
        Person(id="eve", name="Eve"),
        Person(id="fay", name="Fay"),
        Person(id="gus", name="Gus"),
        PaidWorker(id="w1", name="Wendy", role="care_worker", organisation="CareCo"),
        Space(
            id="crown", name="The Crown", kind="pub", lat=53.8, lon=-1.55, slots=["Thu 19:00-23:00"]
        ),
        Group(id="quiz", name="Quiz team", kind="quiz", purpose="fun", slots=["Thu 20:00-22:00"]),
        Neighbourhood(id="n1", name="Holbeck", code="E0001"),
        Neighbourhood(id="n2", name="Beeston"),
        Interest(name="Rugby"),
        Need(
            id="need1", what="company at the weekend", tags=["company"], slots=["Sat 10:00-16:00"]
        ),
    ]
    ties = [
        Knows(
            source="ann",
            target="bob",
            kind="family",
            since="1980",
            frequency=30,
            mode="in_person",
            contexts=["family"],
            gives=["care"],
            receives=["practical"],
        ),
        Knows(source="bob", target="ann", kind="family", frequency=30, mode="in_person"),
        Knows(source="ann", target="cat", kind="neighbour", contexts=["neighbour"], gives=[]),
        Knows(source="ann", target="dev", kind="friend", contexts=["quiz team", "rugby"]),
        Knows(source="dev", target="eve", kind="friend"),
        Knows(source="eve", target="fay", kind="friend"),
        Knows(source="fay", target="gus", kind="friend"),
        Supports(
            source="w1",
            target="ann",
            role="care_worker",
            hours_per_week=10.5,
            hourly_cost=22.0,
            employer="provider",
            turnover_per_year=4,
            tasks=["Meals"],
        ),
        Visits(source="ann", target="crown", frequency=4.3, slots=["Thu 19:00-22:00"]),
        MemberOf(source="ann", target="quiz", since="2019-05"),
        MeetsAt(source="quiz", target="crown", slots=["Thu 20:00-22:00"]),
        In(source="ann", target="n1"),
        In(source="bob", target="n1"),
        In(source="cat", target="n1"),
        In(source="crown", target="n1"),
        In(source="quiz", target="n1"),
        In(source="dev", target="n2"),
        InterestedIn(source="ann", target="rugby"),
        InterestedIn(source="dev", target="rugby"),
        About(source="quiz", target="rugby"),
        HasNeed(source="ann", target="need1"),
        MetBy(source="need1", target="w1", hours_per_week=3),
    ]
    return nodes, ties


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    store.upsert(*small_world())
    return store


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    """Equal nodes with equal attributes, equal keyed edges with equal attributes."""
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=str) == sorted(
        b.edges(keys=True, data=True), key=str
    )


# --- upsert -------------------------------------------------------------------------------


def test_whole_graph_round_trips_exactly(world: GraphStore) -> None:
    same_graph(world.to_networkx(), build_graph(*small_world()))


def test_counts_by_label_and_type(world: GraphStore) -> None:
    counts = world.counts()
    assert counts.nodes["Person"] == 7
    assert counts.nodes["Neighbourhood"] == 2
    assert counts.nodes["Interest"] == 1
    assert counts.ties["KNOWS"] == 7
    assert counts.ties["IN"] == 6
    assert counts.ties["SUPPORTS"] == 1
    assert set(counts.nodes) == {label.value for label in Label}
    assert set(counts.ties) == {t.value for t in RelType}


def test_reupsert_is_idempotent(world: GraphStore) -> None:
    before = world.to_networkx()
    summary = world.upsert(*small_world())
    assert (summary.nodes, summary.ties) == (14, 22)
    same_graph(world.to_networkx(), before)
    assert world.counts().ties["KNOWS"] == 7


def test_reupsert_replaces_properties_and_drops_unset_ones(world: GraphStore) -> None:
    world.upsert([Person(id="ann", name="Ann Smith")], [Knows(source="ann", target="cat")])
    assert world.get("ann") == Person(id="ann", name="Ann Smith")
    assert world.to_networkx().edges["ann", "cat", "KNOWS"] == {"type": "KNOWS"}


def test_duplicate_keys_in_one_batch_last_wins(store: GraphStore) -> None:
    store.upsert(
        [Person(id="a", name="first"), Person(id="a", name="second"), Person(id="b")],
        [Knows(source="a", target="b", frequency=1), Knows(source="a", target="b", frequency=2)],
    )
    assert store.get("a").name == "second"
    assert store.to_networkx().edges["a", "b", "KNOWS"]["frequency"] == 2.0


@pytest.mark.parametrize(
    ("nodes", "ties", "error", "words"),
    [
        ([Person(id="zed")], [Knows(source="zed", target="nobody")], InvalidRecord, "nobody"),
        ([], [Supports(source="ann", target="bob")], InvalidRecord, "must be a PaidWorker"),
        ([Space(id="ann")], [], Conflict, "'ann' (stored as Person, given as Space)"),
        ([Person(id="x"), Space(id="x")], [], Conflict, "both Person and Space"),
    ],
    ids=["missing-end", "wrong-end-label", "id-used-by-other-label", "two-labels-one-batch"],
)
def test_a_bad_record_leaves_the_store_exactly_as_before(
    world: GraphStore, nodes: list, ties: list, error: type[Exception], words: str
) -> None:
    before = world.to_networkx()
    good = [Person(id="new1", name="New"), Person(id="new2")]
    with pytest.raises(error, match=words.replace("(", r"\(").replace(")", r"\)")):
        world.upsert(good + nodes, [Knows(source="new1", target="new2"), *ties])
    same_graph(world.to_networkx(), before)
    with pytest.raises(NotFound):
        world.get("new1")


def test_invalid_record_lists_every_problem(world: GraphStore) -> None:
    ties = [Knows(source="ann", target="ghost1"), Visits(source="ghost2", target="crown")]
    with pytest.raises(InvalidRecord) as info:
        world.upsert([], ties)
    fields = sorted((p.record, p.field) for p in info.value.problems)
    assert fields == [
        ("KNOWS tie 'ann' -> 'ghost1'", "target"),
        ("VISITS tie 'ghost2' -> 'crown'", "source"),
    ]


def test_a_10k_tie_batch_lands(store: GraphStore) -> None:
    people = [Person(id=f"p{i:05d}") for i in range(1000)]
    ties = [
        Knows(source=f"p{i:05d}", target=f"p{(i + j) % 1000:05d}", frequency=j)
        for i in range(1000)
        for j in range(1, 11)
    ]
    summary = store.upsert(people, ties)
    assert (summary.nodes, summary.ties) == (1000, 10_000)
    counts = store.counts()
    assert (counts.nodes["Person"], counts.ties["KNOWS"]) == (1000, 10_000)
    assert store.to_networkx().edges["p00999", "p00004", "KNOWS"]["frequency"] == 5.0


def test_unicode_and_awkward_text_round_trips(store: GraphStore) -> None:
    names = [
        "Zoë Brontë",
        "Łukasz Żółć",
        "Siobhán Ó Súilleabháin",
        "مريم",
        "山田 太郎",
        "Ann 👩🏽‍🦳",
        'O\'Neil "Bud" ; MATCH (n) DETACH DELETE n //',
        "$id {x}",
    ]
    people = [Person(id=f"u{i}-ü", name=name) for i, name in enumerate(names)]
    store.upsert(people, [Knows(source="u0-ü", target="u1-ü", contexts=["café", "über"])])
    assert [store.get(p.id).name for p in people] == names
    assert store.to_networkx().edges["u0-ü", "u1-ü", "KNOWS"]["contexts"] == ["café", "über"]


def test_empty_list_is_kept_apart_from_unknown(world: GraphStore) -> None:
    G = world.to_networkx()
    assert G.edges["ann", "cat", "KNOWS"]["gives"] == []  # said: gives nothing
    assert "gives" not in G.edges["dev", "eve", "KNOWS"]  # not said: unknown


# --- reads --------------------------------------------------------------------------------


def test_get_returns_the_typed_record(world: GraphStore) -> None:
    assert world.get("crown") == small_world()[0][8]
    assert world.get("rugby") == Interest(id="rugby", name="Rugby")
    with pytest.raises(NotFound, match="'nobody'"):
        world.get("nobody")


def test_paging_walks_every_node_of_a_label_once_in_id_order(world: GraphStore) -> None:
    seen, after, pages = [], None, 0
    while True:
        page = world.page(Label.PERSON, after=after, limit=3)
        seen += [p.id for p in page.items]
        pages += 1
        after = page.next_after
        if after is None:
            break
    assert seen == ["ann", "bob", "cat", "dev", "eve", "fay", "gus"]
    assert pages == 3
    assert all(isinstance(p, Person) for p in world.page(Label.PERSON, limit=10).items)
    assert world.page(Label.GROUP, limit=1).next_after is None
    assert world.page(Label.SPACE, after="zzz").items == []


@pytest.mark.parametrize("limit", [0, -1, 1001])
def test_paging_refuses_silly_limits(world: GraphStore, limit: int) -> None:
    with pytest.raises(BadRequest, match="limit"):
        world.page(Label.PERSON, limit=limit)


@pytest.mark.parametrize(
    ("hops", "people"),
    [
        (1, {"ann", "bob", "cat", "dev"}),
        (2, {"ann", "bob", "cat", "dev", "eve"}),
        (3, {"ann", "bob", "cat", "dev", "eve", "fay"}),
    ],
)
def test_ego_reaches_exactly_k_hops(world: GraphStore, hops: int, people: set[str]) -> None:
    G = world.ego("ann", hops=hops, types=[RelType.KNOWS])
    assert set(G) == people
    assert all(k == "KNOWS" for _, _, k in G.edges(keys=True))
    assert G.has_edge("bob", "ann", "KNOWS")  # both directions of a tie come back


def test_ego_without_filters_takes_every_kind_and_ignores_direction(world: GraphStore) -> None:
    G = world.ego("ann", hops=1)
    # w1 SUPPORTS ann (points in), ann VISITS crown (points out): both count as one step
    assert set(G) == {"ann", "bob", "cat", "dev", "w1", "crown", "quiz", "n1", "rugby", "need1"}
    assert G.nodes["crown"] == {"label": "Space", **small_world()[0][8].properties()}
    # ties among reached nodes are included even when not on a path from ann
    assert G.has_edge("quiz", "crown", "MEETS_AT") and G.has_edge("need1", "w1", "MET_BY")
    assert G.has_edge("dev", "rugby", "INTERESTED_IN")


def test_ego_label_filter_keeps_out_other_labels(world: GraphStore) -> None:
    G = world.ego("ann", hops=2, labels=[Label.PERSON, Label.SPACE, Label.GROUP])
    assert set(G) == {"ann", "bob", "cat", "dev", "eve", "crown", "quiz"}
    assert {d["label"] for _, d in G.nodes(data=True)} == {"Person", "Space", "Group"}


def test_ego_refuses_bad_arguments(world: GraphStore) -> None:
    for hops in (0, 4):
        with pytest.raises(BadRequest, match="hops"):
            world.ego("ann", hops=hops)
    with pytest.raises(NotFound):
        world.ego("nobody")
    with pytest.raises(NotFound, match="no Person"):
        world.ego("crown")


def test_neighbourhood_holds_members_and_what_hangs_off_them(world: GraphStore) -> None:
    G = world.neighbourhood("n1")
    assert set(G) == {"n1", "ann", "bob", "cat", "crown", "quiz", "w1", "rugby", "need1"}
    assert not G.has_node("dev")  # dev lives in n2
    assert G.has_edge("ann", "bob", "KNOWS") and G.has_edge("quiz", "crown", "MEETS_AT")
    assert set(world.neighbourhood("n2")) == {"n2", "dev", "rugby"}
    with pytest.raises(NotFound):
        world.neighbourhood("ann")


def test_returned_graphs_are_copies(world: GraphStore) -> None:
    G = world.ego("ann")
    G.nodes["ann"]["free_slots"].append("Sun 00:00-01:00")
    G.remove_node("bob")
    assert world.get("ann").free_slots == [
        f"{d} 10:00-16:00" for d in ("Mon", "Tue", "Wed", "Thu", "Fri")
    ]
    assert "bob" in world.to_networkx()


# --- delete -------------------------------------------------------------------------------


def test_delete_person_cascades_and_leaves_nothing_behind(world: GraphStore) -> None:
    receipt = world.delete_person("ann")
    assert receipt.nodes == {"Person": ["ann"], "Need": ["need1"]}
    expected_ties = {
        "KNOWS": 4,
        "SUPPORTS": 1,
        "VISITS": 1,
        "MEMBER_OF": 1,
        "IN": 1,
        "INTERESTED_IN": 1,
        "HAS_NEED": 1,
        "MET_BY": 1,
    }
    assert receipt.ties == expected_ties
    G = world.to_networkx()
    assert "ann" not in G and "need1" not in G
    assert not any("ann" in (u, v) for u, v in G.edges())
    for other in ("bob", "cat", "w1", "crown", "quiz", "rugby"):
        assert other in G  # third parties and places stay
    nodes, ties = small_world()
    expected = build_graph(nodes, ties)
    expected.remove_nodes_from(["ann", "need1"])
    same_graph(G, expected)


def test_delete_refuses_what_is_not_a_person(world: GraphStore) -> None:
    before = world.to_networkx()
    with pytest.raises(NotFound):
        world.delete_person("crown")
    with pytest.raises(NotFound):
        world.delete_person("nobody")
    same_graph(world.to_networkx(), before)


def test_clear_empties_the_store(world: GraphStore) -> None:
    world.clear()
    assert world.to_networkx().number_of_nodes() == 0
    assert sum(world.counts().nodes.values()) == 0


# --- interest rarity ----------------------------------------------------------------------


def test_interest_counts_hold_the_whole_store(world: GraphStore) -> None:
    # small_world: ann and dev hold rugby; nobody else has an interest. Add two more holders.
    world.upsert(
        [Interest(name="Chess"), Person(id="hal", name="Hal")],
        [
            InterestedIn(source="eve", target="rugby"),
            InterestedIn(source="eve", target="chess"),
            InterestedIn(source="hal", target="chess"),
        ],
    )
    counts = world.interest_counts(["rugby", "chess", "crown", "no-such-node"])
    assert counts.people == 4  # ann, dev, eve, hal: eve counted once for her two interests
    assert counts.holders == {"rugby": 3, "chess": 2, "crown": 0}  # a node nobody holds: 0
    assert world.interest_counts([]).holders == {}


def test_interest_counts_as_of_a_date_count_the_ties_valid_then(store: GraphStore) -> None:
    store.upsert(
        [Person(id="a"), Person(id="b"), Interest(name="Bowls")],
        [
            InterestedIn(source="a", target="bowls", valid_from="2020", valid_to="2024"),
            InterestedIn(source="b", target="bowls", valid_from="2023"),
        ],
    )
    assert store.interest_counts(["bowls"]).holders == {"bowls": 1}  # only b today
    then = store.interest_counts(["bowls"], as_of=date(2023, 6, 1))
    assert (then.people, then.holders) == (2, {"bowls": 2})
    before = store.interest_counts(["bowls"], as_of=date(2021, 1, 1))
    assert (before.people, before.holders) == (1, {"bowls": 1})


# --- ties around many nodes at once ---------------------------------------------------------


def test_ties_around_gives_the_ties_touching_the_nodes_and_their_other_ends(
    world: GraphStore,
) -> None:
    H = world.ties_around(["dev", "eve", "no-such-node"], [RelType.KNOWS, RelType.INTERESTED_IN])
    # from small_world: ann->dev, dev->eve, eve->fay (KNOWS) and dev->rugby; not ann->rugby,
    # which touches neither dev nor eve, nor dev's IN tie (a type not asked for)
    assert sorted(H.edges(keys=True)) == [
        ("ann", "dev", "KNOWS"),
        ("dev", "eve", "KNOWS"),
        ("dev", "rugby", "INTERESTED_IN"),
        ("eve", "fay", "KNOWS"),
    ]
    assert set(H) == {"ann", "dev", "eve", "fay", "rugby"}
    assert H.nodes["ann"]["name"] == "Ann" and H.nodes["rugby"]["label"] == "Interest"
    assert H.edges["ann", "dev", "KNOWS"]["contexts"] == ["quiz team", "rugby"]
    assert world.ties_around([], [RelType.KNOWS]).number_of_nodes() == 0
    with pytest.raises(BadRequest, match="tie type"):
        world.ties_around(["dev"], ["knows"])


def test_ties_around_as_of_a_date_gives_the_versions_valid_then(store: GraphStore) -> None:
    store.upsert(
        [Person(id="a"), Person(id="b"), Interest(name="Bowls")],
        [
            InterestedIn(source="a", target="bowls", valid_from="2020", valid_to="2024"),
            Knows(source="a", target="b", frequency=2, valid_from="2019"),
        ],
    )
    now = store.ties_around(["a"], [RelType.INTERESTED_IN, RelType.KNOWS])
    assert sorted(now.edges(keys=True)) == [("a", "b", "KNOWS")]
    then = store.ties_around(["a"], [RelType.INTERESTED_IN, RelType.KNOWS], as_of=date(2022, 1, 1))
    assert sorted(then.edges(keys=True)) == [("a", "b", "KNOWS"), ("a", "bowls", "INTERESTED_IN")]
    assert then.edges["a", "bowls", "INTERESTED_IN"]["valid_to"] == "2024"
