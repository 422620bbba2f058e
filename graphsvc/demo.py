"""The demo: a synthetic neighbourhood in a store and one person's map, for a first look.

Kept apart from the CLI so that a test (and a notebook) can run exactly what ``graphsvc demo``
runs, on any store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from graphsvc.errors import Conflict
from graphsvc.maps import write_map
from graphsvc.model import Label, RelType
from graphsvc.store.base import Counts, GraphStore
from graphsvc.synth import generate

PAID = {RelType.SUPPORTS}


@dataclass(frozen=True)
class DemoResult:
    counts: Counts
    person_id: str
    person_name: str
    unpaid: int
    paid: int
    places: int
    groups: int
    map_path: Path


def run_demo(
    store: GraphStore,
    *,
    people: int = 300,
    seed: int = 7,
    out_dir: Path = Path("demo-out"),
    person: str | None = None,
    replace: bool = False,
) -> DemoResult:
    """Fill ``store`` with a synthetic neighbourhood and write one person's connection map.

    An embedded demo store is simply refilled. A store that holds anything else is left alone
    unless ``replace`` is given, so the demo can never wipe real data by accident.
    """
    town = generate(people, seed=seed)
    if sum(store.counts().nodes.values()) and not (replace or _is_demo_file(store)):
        raise Conflict(
            "the store is not empty; the demo would replace its contents. Use an empty database,"
            " or pass --replace if you really mean it"
        )
    store.clear()
    store.upsert(town.nodes, town.ties)
    centre = person or _most_varied_person(store.to_networkx())
    ego = _readable(store.ego(centre, hops=1), centre)
    out_dir.mkdir(parents=True, exist_ok=True)
    name = ego.nodes[centre].get("name") or centre
    path = write_map(ego, centre, out_dir / f"map-{centre}.html", title=f"{name}'s connections")
    first = _first_ring(ego, centre)
    return DemoResult(
        counts=store.counts(),
        person_id=centre,
        person_name=name,
        unpaid=sum(1 for v, t in first if t == RelType.KNOWS),
        paid=sum(1 for v, t in first if t in PAID),
        places=sum(1 for v, t in first if t == RelType.VISITS),
        groups=sum(1 for v, t in first if t == RelType.MEMBER_OF),
        map_path=path,
    )


def _is_demo_file(store: GraphStore) -> bool:
    path = getattr(store, "path", "")
    return str(path).endswith("graphsvc-demo.sqlite")


def _first_ring(G: nx.MultiDiGraph, centre: str) -> set[tuple[str, str]]:
    out = {(v, k) for _, v, k in G.out_edges(centre, keys=True)}
    return out | {(u, k) for u, _, k in G.in_edges(centre, keys=True)}


def _most_varied_person(G: nx.MultiDiGraph) -> str:
    """The person whose own ties are of the most kinds: the richest map to look at first."""

    def variety(p: str) -> tuple[int, int, str]:
        kinds = {k for _, k in _first_ring(G, p)}
        return (len(kinds), G.degree(p), p)

    people = [n for n, d in G.nodes(data=True) if d["label"] == Label.PERSON]
    return max(people, key=variety)


#: Ties drawn between two of the person's connections (not the person): the ones that show how
#: their world hangs together (friends who know each other, a group that meets at a place).
_BETWEEN = {RelType.KNOWS, RelType.MEMBER_OF, RelType.VISITS, RelType.MEETS_AT}


def _readable(G: nx.MultiDiGraph, centre: str) -> nx.MultiDiGraph:
    """The person's own ties, plus the social ties among their connections.

    Everyone's link to the neighbourhood, every friend's interests and needs: drawn together
    they make a hairball, and none of it is about the person whose map it is.
    """
    H = G.copy()
    H.remove_edges_from(
        [(u, v, k) for u, v, k in G.edges(keys=True) if centre not in (u, v) and k not in _BETWEEN]
    )
    return H
