"""Which spaces and groups bridge otherwise separate parts of a community.

Computed in Python on both stores, from the *anonymous person-asset memberships* the store
returns (`AssetCounts.projection`): people appear only as numbers assigned inside the query,
never as ids, so no identity leaves the store even for this step.

The person-asset graph is projected onto the assets: two assets are joined with weight *w* when
*w* people use both (a person uses the spaces they visit, the groups they belong to, and the
spaces where those groups meet). On that graph of places, two methods, each stated in the map:

``louvain`` (default)
    Communities of places by NetworkX's Louvain method (seeded, so the same data gives the same
    answer): places that share many people fall together. Each person belongs to the community
    holding most of the places they use (ties: the first community). A space or group *joins* a
    community when at least ``min_people`` of its people belong to it; ``communities_joined``
    counts those. One: it serves one community; two or more: it is where people from otherwise
    separate parts of the community meet. Requiring ``min_people`` (the disclosure
    threshold by default) means each community joined stands for at least that many people.
``betweenness``
    Betweenness centrality of each place in the same graph, with distance ``1 / w`` (places that
    share more people are closer), normalised, exact.

Projecting onto places (about 100 nodes a neighbourhood) instead of clustering 2,000 people
makes this step take milliseconds, not the half a second Louvain needs on the person graph,
and it clusters what a commissioner funds: places.

Examples
--------
>>> # the pub's and the library's regulars never meet, except at the café
>>> proj = [(k, "pub") for k in range(8)] + [(k, "darts") for k in range(8)]
>>> proj += [(k, "library") for k in range(8, 16)] + [(k, "book club") for k in range(8, 16)]
>>> proj += [(k, "cafe") for k in (0, 1, 2, 8, 9, 10)]
>>> b = bridge(proj, ["pub", "darts", "library", "book club", "cafe"], min_people=3, seed=1)
>>> b.joined["cafe"], b.joined["pub"], b.communities
(2, 1, 2)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx

__all__ = ["Bridging", "bridge"]


@dataclass(frozen=True)
class Bridging:
    """What `bridge` found: per asset, communities joined or betweenness, and how."""

    method: str
    description: str
    joined: dict[str, int] = field(default_factory=dict)
    betweenness: dict[str, float] = field(default_factory=dict)
    communities: int | None = None


def bridge(
    projection: Iterable[tuple[int, str]],
    assets: Sequence[str],
    *,
    links: Mapping[str, Sequence[str]] | None = None,
    method: str = "louvain",
    min_people: int = 5,
    seed: int = 0,
    resolution: float = 1.0,
) -> Bridging:
    """Bridging measures of ``assets`` from the anonymous person-asset memberships.

    Parameters
    ----------
    projection
        ``(person number, asset id)`` pairs: the spaces a person visits, the groups they
        belong to.
    assets
        Every listed asset (those nobody uses join no community).
    links
        Group -> spaces it meets at; a member of the group uses those spaces too.
    method
        ``"louvain"`` or ``"betweenness"``.
    min_people
        People of an asset that must use a community's places for the asset to join it.
    seed, resolution
        Louvain's.

    Returns
    -------
    Bridging
    """
    listed = sorted(set(assets))
    uses = _uses(projection, set(listed), links or {})
    P = _place_graph(uses, listed)
    if method == "betweenness":
        return _betweenness(P)
    if method != "louvain":
        raise ValueError(f"unknown bridging method {method!r}; use louvain or betweenness")
    return _louvain(P, uses, min_people=min_people, seed=seed, resolution=resolution)


def _uses(
    projection: Iterable[tuple[int, str]], listed: set[str], links: Mapping[str, Sequence[str]]
) -> dict[int, frozenset[str]]:
    """Person number -> the listed assets they use (directly, or where their group meets)."""
    found: dict[int, set[str]] = defaultdict(set)
    for k, a in projection:
        if a in listed:
            found[k].add(a)
            found[k].update(s for s in links.get(a, ()) if s in listed)
    return {k: frozenset(v) for k, v in sorted(found.items())}


def _place_graph(uses: Mapping[int, frozenset[str]], listed: list[str]) -> nx.Graph:
    weight: dict[tuple[str, str], int] = defaultdict(int)
    for assets in uses.values():
        for a, b in combinations(sorted(assets), 2):
            weight[a, b] += 1
    P = nx.Graph()
    P.add_nodes_from(listed)
    P.add_weighted_edges_from((a, b, w) for (a, b), w in sorted(weight.items()))
    return P


def _louvain(
    P: nx.Graph,
    uses: Mapping[int, frozenset[str]],
    *,
    min_people: int,
    seed: int,
    resolution: float,
) -> Bridging:
    found = nx.community.louvain_communities(P, weight="weight", seed=seed, resolution=resolution)
    community = {a: i for i, c in enumerate(sorted(found, key=min)) for a in c}
    reached: dict[str, dict[int, int]] = {a: defaultdict(int) for a in P}
    for assets in uses.values():
        votes: dict[int, int] = defaultdict(int)
        for a in assets:
            votes[community[a]] += 1
        home = min(votes, key=lambda c: (-votes[c], c))
        for a in assets:
            reached[a][home] += 1
    joined = {a: sum(1 for n in reached[a].values() if n >= min_people) for a in P}
    return Bridging(
        method="louvain",
        description=(
            "Communities of places by Louvain (NetworkX, seed "
            f"{seed}, resolution {resolution:g}) on the places-by-shared-people graph; each "
            "person belongs to the community holding most of the places they use; a space or "
            f"group joins a community when at least {min_people} of its people belong to it."
        ),
        joined=joined,
        communities=sum(1 for c in found if any(joined[a] for a in c)),
    )


def _betweenness(P: nx.Graph) -> Bridging:
    for _, _, d in P.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    scores = nx.betweenness_centrality(P, weight="distance", normalized=True)
    return Bridging(
        method="betweenness",
        description=(
            "Betweenness centrality (NetworkX, normalised, exact) on the places-by-shared-people "
            "graph, distance 1 / people shared."
        ),
        betweenness={a: round(float(scores[a]), 4) for a in sorted(P)},
    )
