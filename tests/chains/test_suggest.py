"""`suggest` on hand-made graphs whose right answers are known."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from graphsvc.chains import ESTIMATE_LABEL, ChainConfig, NoChainFound, suggest
from graphsvc.errors import BadRequest, NotFound
from tests.chains.worlds import bus_town, hub_friend, introductions_town, only_paid


def _snapshot(G: nx.MultiDiGraph) -> tuple[object, object]:
    return (
        sorted((n, sorted(d.items())) for n, d in G.nodes(data=True)),
        sorted(
            (u, v, k, sorted(d.items(), key=str)) for u, v, k, d in G.edges(keys=True, data=True)
        ),
    )


def test_bus_driver_chain_is_found_and_ranked_first() -> None:
    G = bus_town()
    chains = suggest(G, "sam", "evenings")
    best = chains[0]
    assert best.nodes == ("sam", "dave", "crown", "quiz")
    assert best.end_label == "Group"
    assert [li.type for li in best.links] == ["KNOWS", "VISITS", "MEETS_AT"]
    assert best.story[:5] == (
        "You see Dave every day.",
        "You know each other from the bus.",
        "Dave goes to The Crown on Thursdays at 7pm.",
        "The Crown Quizzers meets there on Thursdays at 8pm.",
        "Two of them like rugby, like you.",
    )
    parts = best.score
    assert parts.total == pytest.approx(
        parts.strength * parts.fit * parts.feasibility * parts.novelty, abs=1e-5
    )
    assert parts.strength == pytest.approx(
        best.links[0].strength * best.links[1].strength * best.links[2].strength, abs=1e-5
    )


def test_chain_whose_slots_never_overlap_is_dropped_with_its_reason() -> None:
    chains = suggest(G := bus_town(), "sam", "evenings")
    assert "books" not in {c.end for c in chains}
    reasons = {d.end: d.reason for d in chains.dropped}
    assert reasons["books"] == (
        "The Book Club meets on Tuesdays at 10am. That is not a time you asked for."
    )
    assert G.has_node("books")


def test_person_free_slots_used_without_a_need() -> None:
    with pytest.raises(NoChainFound) as info:
        suggest(bus_town(), "sam", interests=["reading"])
    reasons = {d.end: d.reason for d in info.value.dropped}
    assert reasons["books"] == "The Book Club meets on Tuesdays at 10am. You are busy then."
    assert "dropped" in str(info.value)


def test_input_graph_is_not_mutated() -> None:
    G = bus_town()
    before = _snapshot(G)
    suggest(G, "sam", "evenings", exclude=["nia"])
    assert _snapshot(G) == before


def test_diversity_caps_chains_through_one_friend() -> None:
    G = hub_friend(groups_per_friend=8)
    chains = suggest(G, "max", k=6)
    firsts = [c.first_link for c in chains]
    assert firsts.count("flo") <= ChainConfig().max_per_first_link
    assert "wil" in firsts
    # without diversity the strong friend would take every place
    flat = suggest(G, "max", k=6, config=ChainConfig(diversity=0.0, max_per_first_link=100))
    assert [c.first_link for c in flat] == ["flo"] * 6


def test_only_paid_ties_gives_a_clear_no_chain_found() -> None:
    with pytest.raises(NoChainFound) as info:
        suggest(only_paid(), "rose")
    err = info.value
    assert isinstance(err, NotFound)
    assert "Rose has no unpaid ties, places or groups on the map" in str(err)
    assert "only paid support (two workers)" in str(err)
    assert any("Add a friend" in m for m in err.missing)


def test_professional_introduction_only_when_configured_and_flagged() -> None:
    G = only_paid()
    cfg = ChainConfig(allow_professional=True)
    chains = suggest(G, "rose", config=cfg)
    assert chains[0].nodes == ("rose", "cw", "other", "club") or chains[0].end == "other"
    assert all("professional introduction" in c.flags for c in chains)
    assert all(G.nodes[c.end]["label"] != "PaidWorker" for c in chains)


def test_complements_are_labelled_estimates_at_the_unit_cost() -> None:
    best = suggest(bus_town(), "sam", "evenings")[0]
    (comp,) = best.complements
    assert comp.label == ESTIMATE_LABEL
    assert comp.worker == "pa" and comp.paid_hours_per_week == 6
    assert comp.hourly_cost == 69.0
    assert comp.hours_per_week == 2.0  # the quiz overlaps the need for two hours a week
    assert comp.weekly_cost == 138.0


def test_no_need_no_interests_widens_the_circle() -> None:
    chains = suggest(bus_town(), "sam", k=5)
    assert chains and all(c.end not in {"dave", "nia", "cy"} for c in chains)
    assert all(0.5 <= c.score.fit <= 1 for c in chains)


def test_barrier_drops_a_chain_with_its_reason() -> None:
    cfg = ChainConfig(barriers={"crown": "The Crown has steps at the door."})
    chains = suggest(bus_town(), "sam", "evenings", config=cfg)
    assert all("crown" not in c.nodes for c in chains)
    assert "The Crown has steps at the door." in {d.reason for d in chains.dropped}


def test_place_in_another_neighbourhood_is_dropped() -> None:
    from graphsvc.graph import put_node, put_tie

    G = bus_town()
    put_node(G, "far", "Neighbourhood", {"name": "Farley"})
    G.remove_edge("hall", "hw", "IN")
    put_tie(G, "IN", "hall", "far", {})
    chains = suggest(G, "sam", "evenings")
    reasons = {d.end: d.reason for d in chains.dropped}
    assert (
        reasons["knit"] == "The Knitting Circle is in Farley. That is too far from where you live."
    )
    near = suggest(G, "sam", "evenings", config=ChainConfig(neighbours={"hw": frozenset({"far"})}))
    assert "knit" in {c.end for c in near}


def test_exclude_and_max_hops() -> None:
    G = bus_town()
    assert all("dave" not in c.nodes for c in suggest(G, "sam", "evenings", exclude=["dave"]))
    assert all(len(c.links) <= 2 for c in suggest(G, "sam", max_hops=2))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"person_id": "nobody"}, NotFound),
        ({"person_id": "crown"}, NotFound),
        ({"person_id": "sam", "need": "nope"}, NotFound),
        ({"person_id": "dave", "need": "evenings"}, BadRequest),
        ({"person_id": "sam", "k": 0}, BadRequest),
        ({"person_id": "sam", "max_hops": 9}, BadRequest),
        ({"person_id": "sam", "when": ["Someday 10:00-11:00"]}, BadRequest),
    ],
)
def test_bad_input_is_refused(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        suggest(bus_town(), **kwargs)  # type: ignore[arg-type]


def test_withdrawn_consent_is_never_an_end() -> None:
    from graphsvc.graph import put_node

    G = bus_town()
    put_node(G, "ann", "Person", {"name": "Ann", "consent": "withdrawn"})
    assert all(c.end != "ann" for c in suggest(G, "sam", k=20))


def test_reciprocity_raises_fit_and_is_told() -> None:
    from graphsvc.graph import put_node, put_tie

    G = bus_town()
    before = {c.end: c.score.fit for c in suggest(G, "sam", k=20)}
    put_node(G, "cooking", "Interest", {"name": "cooking"})
    put_tie(G, "SKILLED_IN", "sam", "cooking", {})
    put_tie(G, "WANTS_TO_LEARN", "kim", "cooking", {})
    after = {c.end: c for c in suggest(G, "sam", k=20)}
    assert after["knit"].score.fit > before["knit"]
    assert "Kim wants to learn cooking. You could show them." in after["knit"].story


def test_rarer_shared_interest_fits_better() -> None:
    from graphsvc.chains.fit import weights
    from graphsvc.chains.index import build_index

    G = bus_town()
    ix = build_index(G, {}, ChainConfig())
    w = weights(ix, ["rugby", "reading", "bell-ringing"])
    assert w["bell-ringing"] > w["reading"] > w["rugby"]


def test_ends_restricts_what_a_chain_may_end_at() -> None:
    chains = suggest(bus_town(), "sam", k=10, ends=["Person"])
    assert chains and {c.end_label for c in chains} == {"Person"}
    with pytest.raises(BadRequest):
        suggest(bus_town(), "sam", ends=["PaidWorker"])


def test_a_person_several_friends_know_comes_first_with_every_way_in() -> None:
    chains = suggest(introductions_town(), "max", ends=["Person"])
    kim = chains[0]
    assert kim.end == "kim"
    assert kim.ways_in == ("ann", "bo", "cy")
    assert kim.nodes == ("max", "ann", "kim")
    assert "Bo and Cy know Kim too." in kim.story
    # three ways in: stronger than the one way through Ann alone (Zed), a noisy-or of them
    zed = next(c for c in chains if c.end == "zed")
    assert zed.ways_in == ("ann",)
    one = kim.links[0].strength * kim.links[1].strength
    assert one < kim.score.strength == pytest.approx(1 - (1 - one) ** 3, abs=1e-5)
    assert kim.score.total == pytest.approx(
        kim.score.strength * kim.score.fit * kim.score.feasibility * kim.score.novelty, abs=1e-5
    )


def test_an_introduction_by_someone_who_knows_many_people_counts_less() -> None:
    G = introductions_town(busy_friends_contacts=8)
    ranked = [c.end for c in suggest(G, "max", ends=["Person"])]
    # Flo is Max's closest friend, but she knows nine other people; Ann knows two
    assert ranked.index("zed") < ranked.index("lou")
    flat = [c.end for c in suggest(G, "max", ends=["Person"], config={"introductions": math.inf})]
    assert flat.index("lou") < flat.index("zed")
    lou = next(c for c in suggest(G, "max", ends=["Person"]) if c.end == "lou")
    assert lou.score.strength == pytest.approx(
        lou.links[0].strength * lou.links[1].strength * 3 / 9, abs=1e-5
    )


def test_a_person_with_several_ways_in_is_not_a_variation_through_one_friend() -> None:
    cfg = ChainConfig(max_per_first_link=1)
    ends = {c.end for c in suggest(introductions_town(), "max", ends=["Person"], config=cfg)}
    assert {"kim", "zed", "lou"} <= ends  # Zed takes Ann's one place; Kim is not only Ann's


def test_novelty_discounts_groups_of_friends_but_not_people() -> None:
    from graphsvc.graph import put_node, put_tie

    G = introductions_town()
    put_node(G, "choir", "Group", {"name": "The Choir"})
    for member in ("bo", "cy", "kim"):
        put_tie(G, "MEMBER_OF", member, "choir", {})
    chains = {c.end: c for c in suggest(G, "max", k=20)}
    assert chains["kim"].score.novelty == 1.0  # known by three friends: still someone new
    assert chains["choir"].score.novelty == pytest.approx(1 - 0.5 * 2 / 3, abs=1e-5)
    assert ChainConfig().novelty == 0.5


def test_introductions_must_be_positive() -> None:
    with pytest.raises(BadRequest):
        ChainConfig(introductions=0)
