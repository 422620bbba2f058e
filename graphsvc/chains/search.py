"""A bounded best-first search for chains, and the diversification of its results.

Paths grow from the person in order of their strength (the product of their links' strengths),
so the first path to reach a node is its strongest. Strength can only fall as a path grows, and
fit, feasibility and novelty are at most one, so a path's strength bounds the score of any chain
that extends it: once the best open path is weaker than the ``pool``-th best chain found, the
search stops. Each node is passed through at most ``visits_per_node`` times and the whole search
is capped at ``max_expansions``, so its cost depends on the person's surroundings, never on the
size of the graph.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from graphsvc.chains.index import Index, Step
from graphsvc.chains.results import Link
from graphsvc.model import Label, RelType

T = TypeVar("T")
_CO_PRESENCE = frozenset({RelType.VISITS.value, RelType.MEMBER_OF.value})
_PERSON = Label.PERSON.value


@dataclass(frozen=True)
class Path:
    """A path from the person; its `links` are built only when a chain is kept."""

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]
    strength: float

    @property
    def links(self) -> tuple[Link, ...]:
        return tuple(
            Link(a, s.node, s.type, round(s.strength, 6), s.known, s.paid)
            for a, s in zip(self.nodes, self.steps, strict=False)
        )


def best_first(
    ix: Index,
    person: str,
    *,
    max_hops: int,
    is_end: Callable[[str], bool],
    evaluate: Callable[[Path, float], float | None],
    pool: int,
    visits_per_node: int,
    max_expansions: int,
) -> int:
    """Walk from ``person``; call ``evaluate`` on each path reaching an end; return the work done.

    ``evaluate(path, floor)`` returns the chain's score, or None when it is no suggestion or
    cannot beat ``floor`` (the pool's worst score once the pool is full: checking feasibility
    is then skipped). It is called at most ``visits_per_node`` times per end, strongest first.
    """
    heap: list[tuple[float, int, Path]] = [(-1.0, 0, Path((person,), (), 1.0))]
    visits: dict[str, int] = {}
    best: list[float] = []  # min-heap of the pool's best scores
    counter = 1
    expansions = 0
    while heap and expansions < max_expansions:
        neg, _, path = heapq.heappop(heap)
        if len(best) >= pool and -neg < best[0]:
            break
        node = path.nodes[-1]
        seen = visits.get(node, 0)
        if seen >= visits_per_node:
            continue
        visits[node] = seen + 1
        expansions += 1
        if node != person and is_end(node):
            score = evaluate(path, best[0] if len(best) >= pool else 0.0)
            if score is not None:
                if len(best) < pool:
                    heapq.heappush(best, score)
                elif score > best[0]:
                    heapq.heapreplace(best, score)
        if len(path.steps) >= max_hops or _met_there(ix, path):
            continue
        for step in ix.steps[node]:
            if visits.get(step.node, 0) >= visits_per_node or step.node in path.nodes:
                continue
            strength = path.strength * step.strength
            nxt = Path((*path.nodes, step.node), (*path.steps, step), strength)
            heapq.heappush(heap, (-strength, counter, nxt))
            counter += 1
    return expansions


def diversify(
    items: list[T],
    *,
    k: int,
    score: Callable[[T], float],
    route: Callable[[T], tuple[str, ...]],
    trade_off: float,
    cap: int,
) -> list[T]:
    """Pick ``k`` items by maximal marginal relevance over their routes, ``cap`` per first link.

    An item's value is its score times ``1 - trade_off * similarity`` to the most similar item
    already picked; similarity is the Jaccard index of the intermediate nodes of two routes, or
    one when they share their first link. So the second chain through the same friend must be
    much better than a chain through someone else to be shown before it.
    """
    left = list(items)  # callers pass them best first, ties broken by id
    chosen: list[T] = []
    per_first: dict[str, int] = {}
    while left and len(chosen) < k:
        best_i, best_v = -1, -1.0
        for i, item in enumerate(left):
            r = route(item)
            if per_first.get(r[0], 0) >= cap:
                continue
            sim = max((_similarity(r, route(c)) for c in chosen), default=0.0)
            value = score(item) * (1.0 - trade_off * sim)
            if value > best_v:
                best_i, best_v = i, value
        if best_i < 0:
            break
        item = left.pop(best_i)
        chosen.append(item)
        first = route(item)[0]
        per_first[first] = per_first.get(first, 0) + 1
    return chosen


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if a[0] == b[0]:
        return 1.0
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def _met_there(ix: Index, path: Path) -> bool:
    """A person reached through a place or a group is someone met there, not someone known.

    Chains pass through relationships that exist today: such a person can end a chain but is
    not walked through (and the search does not explode through a busy pub's regulars).
    """
    return (
        len(path.nodes) > 2
        and path.steps[-1].type in _CO_PRESENCE
        and ix.labels.get(path.nodes[-1]) == _PERSON
    )
