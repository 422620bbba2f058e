"""`fetch_for_chains`: just enough of a store's graph for `suggest`, through the store contract.

The contract's ``ego(person, hops)`` goes at most three hops and walks every tie it is allowed,
so a plain ``ego(person, hops=4)`` is neither possible nor wise: interests, neighbourhoods and
busy places are hubs (every football fan is two hops from every other; a pub has hundreds of
regulars). The fetch follows the grammar of a chain instead (see ``docs/chains.md``): people the
person knows, and people *they* know, up to three ``KNOWS`` steps; the places and groups of those
people; the groups that meet at those places; and the people found there, who can end a chain
but are not walked through. It is composed of small ego calls, each bounded by the person's
surroundings, never by the size of the graph:

1. ``ego(p, hops=1)``: everything the person has (interests, skills, needs, support, home);
   ``ego(p, hops=2, types=[HAS_NEED, MET_BY])``: who meets each need today, for complements.
2. ``ego(p, hops=min(3, max_hops), types=[KNOWS], labels=[Person])``: the web of people.
3. For the person and each person one ``KNOWS`` step away: ``ego(q, hops=3, types=[VISITS,
   MEMBER_OF, MEETS_AT], labels=[Person, Space, Group])``: their places and groups, the groups
   meeting there (and where their groups meet), and the people found at each. The person and
   their ``max_friends`` (1) most frequent contacts get three hops (strong first links make
   good chains); the others get two (their own places and groups, and who is found there).
   A third hop also fetches the other places of everyone found at a place, which chains never
   use: it is the costliest call, so it is kept for the contact that matters most (with three
   contacts instead of one, 35 of the benchmark's 40 people get the same ten chains in the same
   order, for 14% more fetch time). The walks are read together, ring by ring, with
   ``ties_around`` (`_places`: at most five reads whatever the number of contacts, where one
   ego call each was 7 at the median and up to 12 for the benchmark's people; on Neo4j each is a
   transaction of five or six queries). The result is the same graph as the ego calls give
   (checked on 50 people of a 10k town on both stores, and by ``tests/chains/test_fetch.py``).
   Whole fetch, 40 people x 3, before -> after: Neo4j at 10k people p50 271 -> 177 ms, p95 442
   -> 240 ms; embedded store at 100k p50 51 -> 49 ms, p95 83 -> 72 ms (its calls cost
   nothing of their own, so fewer calls alone changed nothing there; its ``ties_around`` now
   reads the adjacency dicts rather than edge views).
4. For each person reached, the person's contacts first, then nearest first, at most
   ``max_people``: ``ego(q, hops=1, types=[VISITS, MEMBER_OF, IN, INTERESTED_IN, SKILLED_IN,
   WANTS_TO_LEARN])``: what they love, can teach and want to learn, where they live, and where
   they go. For contacts this is half of the first link's proximity (shared interests and
   neighbourhood), so it is scored as on the whole map. Read for all of them at once with
   ``ties_around`` (two reads, not one per person: on Neo4j each ego call is a transaction);
   the result is the same graph as the ego calls give (checked on 50 people of a 10k town).
5. ``ego(p, hops=3, types=[IN, MEETS_AT, ABOUT], labels=[Space, Group, Neighbourhood,
   Interest])``: the places and groups in the person's neighbourhood, where they meet and what
   they are about. It crosses no person and reaches interests only at its last hop, so it
   stays small (interests are hubs: one more hop would reach every place about football).
   Places elsewhere are placed by their coordinates, or counted as "not known".

The result is the union, in the standard shape, and both stores answer each call with the same
definition, so the fetched graph is the same on both.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graphsvc.errors import BadRequest
from graphsvc.model import ENDPOINTS, Label, RelType
from graphsvc.proximity.extract import no_gc
from graphsvc.store.base import GraphStore

PLACE_WALK = [RelType.VISITS, RelType.MEMBER_OF, RelType.MEETS_AT]
PLACES = [Label.PERSON, Label.SPACE, Label.GROUP]
ATTRS = [
    RelType.VISITS,
    RelType.MEMBER_OF,
    RelType.IN,
    RelType.INTERESTED_IN,
    RelType.SKILLED_IN,
    RelType.WANTS_TO_LEARN,
]


def fetch_for_chains(
    store: GraphStore,
    person_id: str,
    max_hops: int = 4,
    *,
    max_people: int = 100,
    max_friends: int = 1,
) -> nx.MultiDiGraph:
    """The subgraph `suggest` needs for chains of up to ``max_hops`` links from ``person_id``.

    Parameters
    ----------
    store : GraphStore
        Any store keeping the contract (embedded or Neo4j).
    person_id : str
    max_hops : int
        1 to 4 (the contract's three hops plus one step from each person one hop away).
    max_friends : int
        How many of the person's most frequent contacts get a three-hop look at their places
        (the groups meeting there and who is in them); the others get two hops.
    max_people : int
        Most people whose interests are fetched, nearest first: bounds the cost on dense maps.

    Raises
    ------
    NotFound
        No such person (from the store).
    BadRequest
        ``max_hops`` out of range.
    """
    if not 1 <= max_hops <= 4:
        raise BadRequest(f"max_hops must be between 1 and 4 for a fetch (got {max_hops})")
    # Each graph a store call returns leaves a copy that refers to itself once its views are
    # used (networkx caches them on the graph), so only the cyclic collector frees it. Left
    # on, the collector moves those copies to older generations while the fetch runs, and they
    # are freed only by full collections (measured: about a third of the fetch time from the
    # second person on). Paused, they are all still young when it resumes, and one young
    # collection frees them.
    with no_gc():
        return _fetch(store, person_id, max_hops, max_people, max_friends)


def _fetch(
    store: GraphStore, person_id: str, max_hops: int, max_people: int, max_friends: int
) -> nx.MultiDiGraph:
    parts = [
        store.ego(person_id, hops=1),
        store.ego(person_id, hops=2, types=[RelType.HAS_NEED, RelType.MET_BY]),
        store.ego(
            person_id,
            hops=3,
            types=[RelType.IN, RelType.MEETS_AT, RelType.ABOUT],
            labels=[Label.SPACE, Label.GROUP, Label.NEIGHBOURHOOD, Label.INTEREST],
        ),
    ]
    web = store.ego(person_id, hops=min(3, max_hops), types=[RelType.KNOWS], labels=[Label.PERSON])
    parts.append(web)
    near = _friends(web, person_id)
    if max_hops >= 2:
        hops: dict[str, int] = {}
        for i, q in enumerate([person_id, *near]):
            hops[q] = max(hops.get(q, 0), min(3 if i <= max_friends else 2, max_hops))
        parts.append(_places(store, hops))
    G = _merge(parts)
    # the person's contacts first (nearest): their interests and neighbourhood are half of
    # the proximity of the first link, the strongest part of every chain through them
    people = [
        n
        for n in _nearest(G, person_id)
        if G.nodes[n].get("label") == Label.PERSON and n != person_id
    ]
    return _merge([G, *_attributes(store, people[:max_people])])


#: A tie as the fetch keeps it: (source, target, type, properties).
_Tie = tuple[str, str, str, dict[str, Any]]


def _places(store: GraphStore, hops: dict[str, int]) -> nx.MultiDiGraph:
    """The union of ``ego(q, hops=h, types=PLACE_WALK, labels=PLACES)`` for each ``q: h`` in
    ``hops``, in one `GraphStore.ties_around` read per ring instead of one ego call per person.

    The walks of all the people go out together, ring by ring: the ``PLACE_WALK`` ties of every
    node some walk has reached and will go on from, read once however many walks reach it
    (friends share places), give the next ring of each walk (nodes of ``PLACES`` only, as ego
    enters them). An ego graph also holds the ties *among* the nodes of its last ring, which
    no walk goes on from; every such tie has its source in that ring, so one more read fetches
    the ties of which those nodes are the source (a place has hundreds of visitors, a person
    few places). That is ``max(hops)`` reads plus one per label of source, where the ego calls
    were one transaction each on Neo4j. The union then keeps, for each walk, the ties with both
    ends in its own nodes, as its ego graph would (two walks' nodes may be tied to each other
    without either ego graph holding that tie).
    """
    full: dict[str, list[_Tie]] = {}  # node -> every PLACE_WALK tie touching it
    out: dict[str, list[_Tie]] = {}  # last-ring node -> the PLACE_WALK ties it is source of
    data: dict[str, dict[str, Any]] = {}  # node -> label and properties
    reached = {q: {q} for q in hops}
    frontier = {q: {q} for q in hops}
    for step in range(max(hops.values(), default=0)):
        walking = [q for q, h in hops.items() if h > step]
        _read(store, {n for q in walking for n in frontier[q]} - full.keys(), PLACE_WALK,
              data, full)  # fmt: skip
        for q in walking:
            seen, nxt = reached[q], set()
            for n in frontier[q]:
                for u, v, _, _ in full[n]:
                    w = v if u == n else u
                    if w not in seen and data[w]["label"] in PLACES:
                        nxt.add(w)
            seen |= nxt
            frontier[q] = nxt
    last = {n for ring in frontier.values() for n in ring} - full.keys()
    for label, types in _SOURCE_OF.items():
        mine = {n for n in last if data[n]["label"] == label}
        _read(store, mine, types, data, out, source_only=True)
    G = nx.MultiDiGraph()
    for nodes in reached.values():
        G.add_nodes_from((n, data[n]) for n in nodes if n not in G and n in data)
        for n in nodes:
            for u, v, k, d in (*full.get(n, ()), *out.get(n, ())):
                if u in nodes and v in nodes and not G.has_edge(u, v, k):
                    G.add_edge(u, v, k, **d)
    return G


#: For each label, the ``PLACE_WALK`` types whose ties start at a node of that label (from
#: `graphsvc.model.ENDPOINTS`, which both stores enforce on every write): a tie between two
#: nodes of a walk's last ring is among the ties its source starts.
_SOURCE_OF: dict[Label, list[RelType]] = {
    label: [t for t in PLACE_WALK if label in ENDPOINTS[t][0]]
    for label in sorted({label for t in PLACE_WALK for label in ENDPOINTS[t][0]})
}


def _read(
    store: GraphStore,
    ids: set[str],
    types: list[RelType],
    data: dict[str, dict[str, Any]],
    ties: dict[str, list[_Tie]],
    *,
    source_only: bool = False,
) -> None:
    """Read the ``types`` ties of ``ids`` in one `GraphStore.ties_around` call, into ``ties``
    (by node of ``ids``: those touching it, or with ``source_only`` those starting at it), and
    the nodes at their ends into ``data``. Each of ``ids`` gets an entry, if only an empty one.
    """
    if not ids:
        return
    H = store.ties_around(sorted(ids), types)
    data.update(H.nodes(data=True))
    for n in ids:
        ties[n] = []
    for u, v, k, d in H.edges(keys=True, data=True):
        if u in ids:
            ties[u].append((u, v, k, d))
        if v in ids and not source_only:
            ties[v].append((u, v, k, d))
    H.clear()  # see `_merge`: the graph's views refer to it


def _attributes(store: GraphStore, people: list[str]) -> list[nx.MultiDiGraph]:
    """What each of ``people`` has (``ATTRS`` ties), as ``ego(q, hops=1, types=ATTRS)`` for
    each would give it, in two reads instead of one per person.

    Such an ego also holds the ``ATTRS`` ties among the person's own places and groups and
    neighbourhood: a place or group of theirs ``IN`` their neighbourhood. Those are fetched
    as the ``IN`` ties of the places and groups found, kept where one person has both ends.
    """
    own = store.ties_around(people, ATTRS)
    asked = set(people)
    mine: dict[str, set[str]] = {}
    for u, v in own.edges():
        if u in asked:
            mine.setdefault(u, set()).add(v)
    spots = sorted({v for ends in mine.values() for v in ends
                    if own.nodes[v].get("label") in (Label.SPACE, Label.GROUP)})  # fmt: skip
    placed = store.ties_around(spots, [RelType.IN])
    pairs = {(a, b) for ends in mine.values() for a in ends for b in ends}
    placed.remove_edges_from([(u, v, k) for u, v, k in placed.edges(keys=True)
                              if (u, v) not in pairs])  # fmt: skip
    placed.remove_nodes_from([n for n in list(placed) if placed.degree(n) == 0])
    return [own, placed]


def _merge(parts: list[nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """The union of graphs of the standard shape, each node and tie once, built in the largest.

    Every part is the store's own copy (the contract returns graphs the caller may change),
    so the largest is extended in place rather than copied again, and a node or tie already
    there is skipped (all parts come from one store: the same id has the same properties).
    """
    G, *rest = sorted(parts, key=len, reverse=True)
    for H in rest:
        G.add_nodes_from((n, d) for n, d in H.nodes(data=True) if n not in G)
        G.add_edges_from(
            (u, v, k, d) for u, v, k, d in H.edges(keys=True, data=True) if not G.has_edge(u, v, k)
        )
        # A graph whose edge views were used refers to itself (networkx caches ``H.edges`` on
        # ``H``), so dropping it leaves a cycle that only a full collection frees, with every
        # dict inside it. Emptied, a part's dicts are freed at once; a few small objects remain.
        H.clear()
    return G


def _friends(web: nx.MultiDiGraph, person: str) -> list[str]:
    """People one ``KNOWS`` step away, most frequent contact first (unknown last), then by id."""
    freq: dict[str, float] = {}
    for u, v, d in (*web.out_edges(person, data=True), *web.in_edges(person, data=True)):
        other = v if u == person else u
        f = d.get("frequency")
        freq[other] = max(freq.get(other, -1.0), float(f) if isinstance(f, int | float) else -1.0)
    return sorted(freq, key=lambda n: (-freq[n], n))


def _nearest(G: nx.MultiDiGraph, source: str) -> list[str]:
    """Nodes in order of hops from ``source`` (ignoring direction), ties by id."""
    order = [source]
    seen = {source}
    frontier = [source]
    while frontier:
        nxt = sorted({w for u in frontier for w in (*G.successors(u), *G.predecessors(u))} - seen)
        seen.update(nxt)
        order += nxt
        frontier = nxt
    return order
