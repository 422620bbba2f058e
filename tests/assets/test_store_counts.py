"""The stores count asset maps by one definition: embedded on its graph, Neo4j in Cypher.

Expected figures come from the hand-made records (`tests.assets.worlds.HOLBECK`), worked out
from the definitions; the cross-store tests then check both stores agree on a synthetic town,
raw counts and published maps alike.
"""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.assets import AssetConfig, map_assets, side_by_side
from graphsvc.assets.counts import count_assets, population_by_year
from graphsvc.assets.indicators import Indicators
from graphsvc.errors import BadRequest, NotFound
from graphsvc.graph import build_graph
from graphsvc.model import Label
from graphsvc.store.base import AssetCounts, GraphStore
from graphsvc.synth import generate
from tests.assets.worlds import HOLBECK, holbeck

EXCLUDE = ("circle of support",)


@pytest.fixture
def holbeck_store(store: GraphStore) -> GraphStore:
    store.upsert(*holbeck())
    return store


def check_holbeck(c: AssetCounts) -> None:
    assert c.population == HOLBECK["population"]
    assert {a.id: a.reach for a in c.assets} == HOLBECK["reach"]
    assert c.reached == HOLBECK["reached"]
    assert c.unpaid_ties == HOLBECK["unpaid_ties"]
    assert {r: (p.people, p.hours_per_week, p.people_hours_unknown) for r, p in c.paid.items()} == (
        HOLBECK["paid"]
    )
    assert c.interests == HOLBECK["interests"]
    assert c.need_tags == HOLBECK["need_tags"]


def test_count_assets_matches_the_hand_worked_figures() -> None:
    check_holbeck(count_assets(build_graph(*holbeck()), ["n1"], exclude_kinds=EXCLUDE))


def test_the_store_counts_match_the_hand_worked_figures(holbeck_store: GraphStore) -> None:
    c = holbeck_store.asset_counts(["n1"], exclude_kinds=EXCLUDE, projection=True)
    check_holbeck(c)
    cafe = next(a for a in c.assets if a.id == "cafe")
    assert (cafe.kind, cafe.name, cafe.slots, cafe.lat, cafe.about, cafe.links) == (
        "café",
        "Bean There",
        tuple(f"{d} 08:00-17:00" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat")),
        53.8,
        ("baking",),
        ("knit",),  # the circle of support meets there too, and is left out
    )
    quiz = next(a for a in c.assets if a.id == "quiz")
    assert quiz.links == ("pub",) and quiz.meeting_slots == ("Thu 20:00-22:00",)
    # the projection numbers the population in id order: p01 is 0 ... p24 is 23
    assert (0, "cafe") in c.projection and (0, "knit") in c.projection
    assert (20, "park") in c.projection and not any(k >= 24 for k, _ in c.projection)
    assert c.good_unpaid_ties is None and c.support_dominated is None


def test_the_store_counts_indicators_and_filters(holbeck_store: GraphStore) -> None:
    c = holbeck_store.asset_counts(
        ["n1"],
        birth_years=range(1951, 1961),  # p01-p10
        exclude_kinds=EXCLUDE,
        support_dominated=["p02", "p07", "p22", "x01"],
        good_unpaid={"p01": 2, "p02": 1, "p03": 3, "p22": 1},
    )
    assert c.population == 10
    assert c.support_dominated == 2  # p22 and x01 are not in the population
    assert c.good_unpaid_ties == (7, 1, 2)
    reach = {a.id: (a.reach, a.reach_support_dominated) for a in c.assets}
    assert reach["cafe"] == (6, 1) and reach["pub"] == (4, 1) and reach["knit"] == (2, 1)
    assert c.unpaid_ties == (0, 0, 10)


def test_asset_population_by_birth_year(holbeck_store: GraphStore) -> None:
    years = holbeck_store.asset_population(["n1"])
    assert years == {"n1": {1950 + i: 1 for i in range(1, 25)}}
    assert holbeck_store.asset_population() == {"n1": years["n1"], "n2": {None: 1}}


def test_unknown_neighbourhoods_are_not_found(holbeck_store: GraphStore) -> None:
    with pytest.raises(NotFound, match="no Neighbourhood with id 'n9'"):
        holbeck_store.asset_counts(["n1", "n9"])
    with pytest.raises(NotFound, match="'p01'"):
        holbeck_store.asset_population(["p01"])


# --- both stores, one synthetic town --------------------------------------------------------


@pytest.fixture(scope="module")
def town():
    return generate(400, seed=11, neighbourhoods=2)


@pytest.mark.neo4j
def test_both_stores_give_the_same_asset_map(
    embedded_store: GraphStore, neo4j_store: GraphStore, town
) -> None:
    for s in (embedded_store, neo4j_store):
        s.upsert(town.nodes, town.ties)
    people = [n.id for n in town.nodes if n.label == Label.PERSON]
    flags = Indicators(
        good_unpaid={p: i % 3 for i, p in enumerate(people)},
        support_dominated=frozenset(people[::9]),
        rule="test rule",
    )
    G = build_graph(town.nodes, town.ties)
    full = {
        "exclude_kinds": EXCLUDE,
        "projection": True,
        "support_dominated": sorted(flags.support_dominated),
        "good_unpaid": flags.good_unpaid,
    }
    for hoods, kw in (
        (["n01"], {}),
        (["n02"], {"birth_years": range(1950, 1980), "exclude_kinds": EXCLUDE}),
        (["n01", "n02"], full),
    ):
        expected = count_assets(G, hoods, **kw)  # type: ignore[arg-type]
        assert embedded_store.asset_counts(hoods, **kw) == expected  # type: ignore[arg-type]
        assert neo4j_store.asset_counts(hoods, **kw) == expected  # type: ignore[arg-type]
    assert neo4j_store.asset_population() == embedded_store.asset_population()
    assert neo4j_store.asset_population() == population_by_year(G)
    cfg = AssetConfig(as_of=date(2024, 6, 30), show_names=True)
    for hood, extra in (
        ("n01", {}),
        (None, {"ages": ["50-64"]}),
        ("n02", {"indicators": flags, "ages": ["35-49"]}),
    ):
        expected_map = map_assets(embedded_store, hood, config=cfg, **extra)  # type: ignore[arg-type]
        assert map_assets(neo4j_store, hood, config=cfg, **extra) == expected_map  # type: ignore[arg-type]
    for s in (embedded_store, neo4j_store):  # a refused query is refused by both, alike
        with pytest.raises(BadRequest, match="'65-79 \\+ 80\\+'"):
            map_assets(s, None, ages=["65-79"], config=cfg)
    both = side_by_side(embedded_store, ["n01", "n02"], config=cfg)
    assert side_by_side(neo4j_store, ["n01", "n02"], config=cfg) == both
