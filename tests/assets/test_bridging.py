"""Bridging: places whose people come from otherwise separate communities."""

from __future__ import annotations

import pytest

from graphsvc.assets.bridging import bridge
from graphsvc.assets.counts import count_assets
from graphsvc.synth import generate


def two_clusters() -> list[tuple[int, str]]:
    """Two crowds who never meet (pub and darts; library and book club) except at the café."""
    proj = [(k, a) for k in range(10) for a in ("pub", "darts")]
    proj += [(k, a) for k in range(10, 20) for a in ("library", "book club")]
    proj += [(k, "cafe") for k in (0, 1, 2, 3, 4, 10, 11, 12, 13, 14)]
    return proj


ASSETS = ["pub", "darts", "library", "book club", "cafe", "unused"]


def test_a_place_shared_by_two_separate_crowds_joins_two_communities() -> None:
    b = bridge(two_clusters(), ASSETS, min_people=5, seed=3)
    assert b.joined == {"book club": 1, "cafe": 2, "darts": 1, "library": 1, "pub": 1, "unused": 0}
    assert b.communities == 2
    assert "Louvain" in b.description and "seed 3" in b.description


def test_min_people_decides_whether_a_community_counts() -> None:
    # five from each crowd: with six required, the café joins neither
    assert bridge(two_clusters(), ASSETS, min_people=6, seed=3).joined["cafe"] == 0


def test_group_meeting_places_count_as_used_by_members() -> None:
    proj = [(k, "quiz") for k in range(6)]
    b = bridge(proj, ["quiz", "pub"], links={"quiz": ["pub"]}, min_people=5)
    assert b.joined == {"pub": 1, "quiz": 1}


def test_betweenness_is_highest_at_the_bridge() -> None:
    b = bridge(two_clusters(), ASSETS, method="betweenness")
    assert max(b.betweenness, key=b.betweenness.get) == "cafe"
    assert b.method == "betweenness" and not b.joined


def test_same_seed_same_answer_and_unknown_method_refused() -> None:
    town = generate(300, seed=4)
    c = count_assets(town.graph(), ["n01"], projection=True)
    ids = [a.id for a in c.assets]
    first = bridge(c.projection, ids, seed=9)
    assert bridge(c.projection, ids, seed=9) == first
    assert any(n >= 2 for n in first.joined.values())
    with pytest.raises(ValueError, match="unknown bridging method"):
        bridge(c.projection, ids, method="pagerank")
