"""Published asset maps of hand-made neighbourhoods, and attacks that must fail, on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.assets import AssetConfig, map_assets, side_by_side
from graphsvc.assets.disclosure import SECONDARY
from graphsvc.assets.indicators import Indicators
from graphsvc.errors import BadRequest, NotFound
from graphsvc.store.base import GraphStore
from tests.assets.worlds import aged, holbeck

CFG = AssetConfig(as_of=date(2024, 6, 30))


@pytest.fixture
def holbeck_store(store: GraphStore) -> GraphStore:
    store.upsert(*holbeck())
    return store


def test_holbeck_map(holbeck_store: GraphStore) -> None:
    m = map_assets(holbeck_store, "n1", config=CFG)
    assert m.population == {"residents": 25, "people": 25}  # 24, rounded to 5
    # 3 / 6 / 15 people with no / one / more unpaid ties: the 3 is hidden, and so is the 6,
    # or 24 - 15 would give it away
    assert m.isolation["unpaid_ties"] == {"none": "<5", "one": SECONDARY, "two_or_more": 15}
    assert m.isolation["reached_by_assets"] == {"yes": 15, "no": 10}  # 16 and 8
    assert m.isolation["good_unpaid_ties"] is None and m.isolation["support_dominated"] is None
    reach = {a.id: a.reach for a in m.assets}
    assert reach == {"cafe": 10, "knit": 5, "park": "<5", "pub": 5, "quiz": "<5"}
    assert "circle" not in reach  # a circle of support is about one person: never shown
    paid = {e.role: (e.people, e.hours_per_week) for e in m.paid_support}
    # hours from fewer than 5 people are hidden; the GPs' hidden hours are 0, which protects
    # nothing, so the personal assistants' hours go too, and only the total shows
    assert paid == {
        "care_worker": ("<5", SECONDARY),
        "gp": ("<5", SECONDARY),
        "personal_assistant": (5, SECONDARY),
        "all roles": (None, 60),
    }
    gaps = m.gaps
    assert [g["interest"] for g in gaps["interests"]] == ["chess", "painting"]
    assert [(n.tag, n.people) for n in gaps["needs"]] == [("football", "<5")]
    assert "Mon 08:00-22:00" in gaps["nothing_on"] and "Sun 08:00-12:00" in gaps["nothing_open"]
    t = m.timetable
    assert t["spaces_open"][0][8] == 1 and t["spaces_open"][0][12] == 2  # Monday 08, 12
    assert t["groups_meeting"][1][13:16] == [1, 1, 1] and t["groups_meeting"][3][20:22] == [1, 1]
    assert t["spaces_without_times"] == 1
    assert m.bridging["method"] == "louvain"
    assert all(a.name is None for a in m.assets)  # free text is off unless asked for


def test_holbeck_map_with_proximity_indicators(holbeck_store: GraphStore) -> None:
    flags = Indicators({"p01": 2, "p02": 1}, frozenset({"p22", "p23", "p24", "p18"}), "rule")
    m = map_assets(holbeck_store, "n1", config=CFG, indicators=flags)
    # 22 / 1 / 1: "one" and "two or more" are both hidden, but their sum (24 - 22) would pin
    # each to 1, so the audit hides the 22 as well
    assert m.isolation["good_unpaid_ties"] == {"none": SECONDARY, "one": "<5", "two_or_more": "<5"}
    # 4 support-dominated people: too few to break down by place at all
    assert m.isolation["support_dominated"] == {
        "yes": "<5",
        "no": SECONDARY,
        "share_percent": SECONDARY,
    }
    assert {a.reach_support_dominated for a in m.assets} == {SECONDARY}
    assert "rule" in m.notes


def test_names_of_places_only_when_asked(holbeck_store: GraphStore) -> None:
    m = map_assets(holbeck_store, "n1", config=AssetConfig(show_names=True))
    assert {a.id: a.name for a in m.assets}["cafe"] == "Bean There"


def test_small_and_unknown_neighbourhoods(holbeck_store: GraphStore) -> None:
    with pytest.raises(BadRequest, match="'n2' has fewer than 20 people"):
        map_assets(holbeck_store, "n2")
    with pytest.raises(NotFound):
        map_assets(holbeck_store, "nowhere")
    everything = map_assets(holbeck_store, None, config=CFG)
    assert everything.neighbourhoods == ["n1"]
    assert any("n2" in note for note in everything.notes)


# --- attacks -------------------------------------------------------------------------------


@pytest.fixture
def aged_store(store: GraphStore) -> GraphStore:
    store.upsert(*aged())
    return store


def test_differencing_two_overlapping_age_groups_cannot_reveal_a_small_count(
    aged_store: GraphStore,
) -> None:
    """Three residents are 80 or over; one of them has nobody. Try to find that out.

    The direct way (ask for the 80+ band), and the differencing way (65+ minus 65-79), are both
    refused: 80+ has too few people to stand alone, so it exists only merged with 65-79.
    """
    with pytest.raises(BadRequest, match="one age group at a time"):
        map_assets(aged_store, "n1", ages=["80+"], config=CFG)
    with pytest.raises(BadRequest, match="one age group at a time"):
        map_assets(aged_store, "n1", ages=["65-79"], config=CFG)
    older = map_assets(aged_store, "n1", ages=["65-79", "80+"], config=CFG)
    assert older.population["people"] == 30  # 28
    assert older.isolation["unpaid_ties"]["none"] == 10  # 8: 7 aged 65-79 and 1 aged 80+


def test_differencing_everyone_and_an_age_group_cannot_reveal_a_small_count(
    aged_store: GraphStore,
) -> None:
    """Two of the 25 people aged 50-64 have nobody: the direct query hides it, and the
    overlapping pair (everyone, and everyone 65 or over) differ by a multiple of 5, not by 2."""
    younger = map_assets(aged_store, "n1", ages=["50-64"], config=CFG)
    assert younger.isolation["unpaid_ties"]["none"] == "<5"
    everyone = map_assets(aged_store, "n1", config=CFG)
    older = map_assets(aged_store, "n1", ages=["65-79", "80+"], config=CFG)
    a = everyone.isolation["unpaid_ties"]["none"]
    b = older.isolation["unpaid_ties"]["none"]
    assert isinstance(a, int) and isinstance(b, int)
    assert (a - b) % 5 == 0 and a - b != 2  # true 10 - 8 = 2; published 10 - 10 = 0
    # and nothing any query published is a count of 1 to 4
    for m in (younger, everyone, older):
        for cats in m.isolation.values():
            for v in (cats or {}).values():
                assert not (isinstance(v, int) and 0 < v < 5)


def test_side_by_side_adds_only_published_figures(holbeck_store: GraphStore) -> None:
    holbeck_store.upsert(*aged("n3"))
    with pytest.raises(BadRequest):
        side_by_side(holbeck_store, ["n1", "n2"], config=CFG)  # n2 is too small
    result = side_by_side(holbeck_store, ["n1", "n3"], config=CFG)
    assert [m.neighbourhoods for m in result.maps] == [["n1"], ["n3"]]
    row = result.table["unpaid_ties: none"]
    assert row == {"n1": "<5", "n3": 10, "together": SECONDARY}
    assert result.table["residents"] == {"n1": 25, "n3": 60, "together": 85}
