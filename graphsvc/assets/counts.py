"""The raw counts behind an asset map, defined once over a NetworkX graph.

`count_assets` is the definition the Neo4j store's ``cypher/assets_*.cypher`` queries implement
and the embedded store runs on its in-memory graph, so both stores answer
`GraphStore.asset_counts` identically (``tests/assets/test_store_counts.py`` checks it on a
real Neo4j). It also runs on any graph of the standard shape: a neighbourhood fetched into
Python, or one built by hand in a notebook.

This module depends only on the domain layer (`graphsvc.model`, `graphsvc.store.base`'s plain
result types), so the stores may import it without importing the rest of `graphsvc.assets`.

Definitions (every people count is over the *population*):

- population: people with an ``IN`` tie to a selected neighbourhood, consent not ``withdrawn``,
  birth year in ``birth_years`` when that is given (an unknown birth year is then left out);
- listed assets: spaces and groups ``IN`` a selected neighbourhood whose kind is not excluded;
- a person's assets: listed spaces they ``VISITS``, listed groups they are ``MEMBER_OF``, and
  listed spaces where a group they belong to ``MEETS_AT`` (unless that group's kind is
  excluded); reach of an asset: population people who have it among their assets;
- unpaid ties: distinct people joined to the person by ``KNOWS`` in either direction.

Examples
--------
>>> from graphsvc.model import In, Neighbourhood, Person, Space, Visits
>>> from graphsvc.graph import build_graph
>>> G = build_graph(
...     [Neighbourhood(id="n"), Person(id="a"), Person(id="b", consent="withdrawn"),
...      Space(id="s", kind="café")],
...     [In(source="a", target="n"), In(source="b", target="n"), In(source="s", target="n"),
...      Visits(source="a", target="s"), Visits(source="b", target="s")])
>>> c = count_assets(G, ["n"])
>>> c.population, c.assets[0].reach, c.unpaid_ties
(1, 1, (1, 0, 0))
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import Any

import networkx as nx

from graphsvc.errors import NotFound
from graphsvc.model import Label, RelType
from graphsvc.store.base import AssetCounts, AssetRow, PaidRow

__all__ = ["count_assets", "hours_sum", "population_by_year"]

_ASSET_LABELS = (Label.SPACE.value, Label.GROUP.value)
_INTEREST_TYPES = (RelType.INTERESTED_IN, RelType.WANTS_TO_LEARN, RelType.SKILLED_IN)


def hours_sum(values: Sequence[float]) -> float:
    """Hours summed and rounded to 2 decimals, so two stores adding in different orders agree."""
    return round(float(sum(values)), 2)


def count_assets(
    G: nx.MultiDiGraph,
    neighbourhoods: Sequence[str],
    *,
    birth_years: Collection[int] | None = None,
    exclude_kinds: Collection[str] = (),
    support_dominated: Collection[str] | None = None,
    good_unpaid: Mapping[str, int] | None = None,
    projection: bool = False,
) -> AssetCounts:
    """The raw counts of `GraphStore.asset_counts`, computed on ``G`` (see the module docstring).

    Parameters
    ----------
    G
        A graph of the standard shape (`graphsvc.graph`); not modified.
    neighbourhoods
        Ids of the neighbourhoods counted together.
    birth_years, exclude_kinds, support_dominated, good_unpaid, projection
        As in `GraphStore.asset_counts`.

    Returns
    -------
    AssetCounts
        Raw counts; apply `graphsvc.assets.disclosure` before anyone sees them.

    Raises
    ------
    NotFound
        If a neighbourhood id is not a neighbourhood of ``G``.
    """
    hoods = _neighbourhoods(G, neighbourhoods)
    residents = _residents(G, hoods)
    years = None if birth_years is None else set(birth_years)
    population = sorted(
        p for p in residents if years is None or G.nodes[p].get("birth_year") in years
    )
    excluded = set(exclude_kinds)
    listed = _listed(G, hoods, excluded)
    mine = {p: _assets_of(G, p, listed, excluded) for p in population}
    reach: dict[str, list[str]] = defaultdict(list)
    for p, assets in mine.items():
        for a in assets:
            reach[a].append(p)
    dominated = None if support_dominated is None else set(support_dominated)
    rows = tuple(
        _asset_row(G, a, hood, excluded, reach[a], dominated) for a, hood in sorted(listed.items())
    )
    return AssetCounts(
        neighbourhoods=tuple(hoods),
        population=len(population),
        reached=sum(1 for p in population if mine[p]),
        unpaid_ties=_buckets(_unpaid(G, p) for p in population),
        good_unpaid_ties=None
        if good_unpaid is None
        else _buckets(good_unpaid.get(p, 0) for p in population),
        support_dominated=None if dominated is None else len(dominated.intersection(population)),
        interests=_interests(G, population),
        need_tags=_need_tags(G, population),
        paid=_paid(G, population),
        assets=rows,
        projection=_projection(G, population, listed) if projection else None,
    )


def population_by_year(
    G: nx.MultiDiGraph, neighbourhoods: Sequence[str] | None = None
) -> dict[str, dict[int | None, int]]:
    """`GraphStore.asset_population` on ``G``: residents of each neighbourhood by birth year.

    Examples
    --------
    >>> from graphsvc.model import In, Neighbourhood, Person
    >>> from graphsvc.graph import build_graph
    >>> G = build_graph([Neighbourhood(id="n"), Person(id="a", birth_year=1950), Person(id="b")],
    ...                 [In(source="a", target="n"), In(source="b", target="n")])
    >>> population_by_year(G)
    {'n': {1950: 1, None: 1}}
    """
    if neighbourhoods is None:
        neighbourhoods = sorted(
            n for n, d in G.nodes(data=True) if d.get("label") == Label.NEIGHBOURHOOD
        )
    return {
        h: by_year(Counter(G.nodes[p].get("birth_year") for p in _residents(G, [h])))
        for h in _neighbourhoods(G, neighbourhoods)
    }


def by_year(counts: Mapping[int | None, int]) -> dict[int | None, int]:
    """Counts by birth year in year order, unknown last, zeros dropped."""
    return {
        y: n for y, n in sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)) if n
    }


def _neighbourhoods(G: nx.MultiDiGraph, ids: Sequence[str]) -> list[str]:
    out: list[str] = []
    for h in ids:
        if h not in G or G.nodes[h].get("label") != Label.NEIGHBOURHOOD:
            raise NotFound(f"no Neighbourhood with id {h!r}")
        if h not in out:
            out.append(h)
    return out


def _members(G: nx.MultiDiGraph, hood: str) -> list[str]:
    return [u for u, _, key in G.in_edges(hood, keys=True) if key == RelType.IN]


def _residents(G: nx.MultiDiGraph, hoods: list[str]) -> set[str]:
    return {
        u
        for h in hoods
        for u in _members(G, h)
        if G.nodes[u].get("label") == Label.PERSON and G.nodes[u].get("consent") != "withdrawn"
    }


def _listed(G: nx.MultiDiGraph, hoods: list[str], excluded: set[str]) -> dict[str, str]:
    """Listed asset -> its neighbourhood (the smallest id, if it is IN several selected)."""
    out: dict[str, str] = {}
    for h in sorted(hoods):
        for u in _members(G, h):
            attrs = G.nodes[u]
            if attrs.get("label") in _ASSET_LABELS and attrs.get("kind", "") not in excluded:
                out.setdefault(u, h)
    return out


def _out(G: nx.MultiDiGraph, u: str, key: str) -> list[str]:
    return [v for _, v, k in G.out_edges(u, keys=True) if k == key]


def _in(G: nx.MultiDiGraph, u: str, key: str) -> list[str]:
    return [v for v, _, k in G.in_edges(u, keys=True) if k == key]


def _assets_of(
    G: nx.MultiDiGraph, p: str, listed: Mapping[str, str], excluded: set[str]
) -> set[str]:
    found = {a for a in _out(G, p, RelType.VISITS) if a in listed}
    for g in _out(G, p, RelType.MEMBER_OF):
        if g in listed:
            found.add(g)
        if G.nodes[g].get("kind", "") not in excluded:
            found.update(s for s in _out(G, g, RelType.MEETS_AT) if s in listed)
    return found


def _asset_row(
    G: nx.MultiDiGraph,
    a: str,
    hood: str,
    excluded: set[str],
    people: list[str],
    dominated: set[str] | None,
) -> AssetRow:
    attrs: dict[str, Any] = G.nodes[a]
    meets = _out(G, a, RelType.MEETS_AT) + _in(G, a, RelType.MEETS_AT)
    links = sorted({b for b in meets if G.nodes[b].get("kind", "") not in excluded})
    meeting: set[str] = set()
    for _, _, key, tie in G.out_edges(a, keys=True, data=True):
        if key == RelType.MEETS_AT:
            meeting.update(tie.get("slots") or ())
    slots = attrs.get("slots")
    return AssetRow(
        id=a,
        label=attrs["label"],
        neighbourhood=hood,
        kind=attrs.get("kind"),
        name=attrs.get("name"),
        slots=None if slots is None else tuple(slots),
        meeting_slots=tuple(sorted(meeting)),
        lat=attrs.get("lat"),
        lon=attrs.get("lon"),
        about=tuple(sorted(_out(G, a, RelType.ABOUT))),
        links=tuple(links),
        reach=len(people),
        reach_support_dominated=None if dominated is None else len(dominated.intersection(people)),
    )


def _unpaid(G: nx.MultiDiGraph, p: str) -> int:
    others = set(_out(G, p, RelType.KNOWS)) | set(_in(G, p, RelType.KNOWS))
    return len({q for q in others if G.nodes[q].get("label") == Label.PERSON})


def _buckets(values: Any) -> tuple[int, int, int]:
    c = Counter(min(int(v), 2) for v in values)
    return (c[0], c[1], c[2])


def _interests(G: nx.MultiDiGraph, population: list[str]) -> dict[str, tuple[int, int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for p in population:
        for _, i, key in G.out_edges(p, keys=True):
            if key in _INTEREST_TYPES:
                counts[i][_INTEREST_TYPES.index(key)] += 1
    return {i: (c[0], c[1], c[2]) for i, c in sorted(counts.items())}


def _need_tags(G: nx.MultiDiGraph, population: list[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for p in population:
        tags = {t for n in _out(G, p, RelType.HAS_NEED) for t in G.nodes[n].get("tags") or ()}
        counts.update(tags)
    return dict(sorted(counts.items()))


def _paid(G: nx.MultiDiGraph, population: list[str]) -> dict[str, PaidRow]:
    people: dict[str, set[str]] = defaultdict(set)
    unknown: dict[str, set[str]] = defaultdict(set)
    hours: dict[str, list[float]] = defaultdict(list)
    for p in population:
        for w, _, key, tie in G.in_edges(p, keys=True, data=True):
            if key != RelType.SUPPORTS:
                continue
            role = tie.get("role") or G.nodes[w].get("role") or "unknown"
            people[role].add(p)
            if tie.get("hours_per_week") is None:
                unknown[role].add(p)
            else:
                hours[role].append(float(tie["hours_per_week"]))
    return {
        r: PaidRow(r, len(people[r]), hours_sum(hours[r]), len(unknown[r])) for r in sorted(people)
    }


def _projection(
    G: nx.MultiDiGraph, population: list[str], listed: Mapping[str, str]
) -> tuple[tuple[int, str], ...]:
    rows = []
    for k, p in enumerate(population):  # population is in id order
        direct = set(_out(G, p, RelType.VISITS)) | set(_out(G, p, RelType.MEMBER_OF))
        rows.extend((k, a) for a in sorted(direct) if a in listed)
    return tuple(rows)
