"""A bounded best-first search for chains, and the diversification of its results.

Paths grow from the person in order of their strength (the product of their links'
strengths, each introduction weighted by `Index.share`), so the first path to reach a node is
its strongest. Strength can only fall as a path grows, and fit, feasibility and novelty are at
most one, so a path's strength bounds the score of any chain that extends it: once the best
open path is weaker than the ``pool``-th best chain found, the search stops. Each node is
passed through at most ``visits_per_node`` times and the whole search is capped at
``max_expansions``, so its cost depends on the person's surroundings, never on the size of the
graph.

A person two ``KNOWS`` steps away can be introduced by any of the people both know; their
chance is combined over those ways in (`introductions`) and they are scored before the search
starts, so the bound above still holds for everything the search finds.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Iterable
from typing import NamedTuple, TypeVar

from graphsvc.chains.index import Index, Step
from graphsvc.chains.results import Link
from graphsvc.model import Label, RelType

T = TypeVar("T")
_CO_PRESENCE = frozenset({RelType.VISITS.value, RelType.MEMBER_OF.value})
_PERSON = Label.PERSON.value
_KNOWS = RelType.KNOWS.value


class Path(NamedTuple):
    """A path from the person; its `links` are built only when a chain is kept.

    A named tuple: the search makes one per step it considers, so it must be cheap to create.

    ``ways`` are the people the person knows through whom the end could be introduced, the
    strongest first (empty unless the end is two ``KNOWS`` steps away; see `introductions`).
    """

    nodes: tuple[str, ...]
    steps: tuple[Step, ...]
    strength: float
    ways: tuple[str, ...] = ()

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
    scored: Iterable[float] = (),
) -> int:
    """Walk from ``person``; call ``evaluate`` on each path reaching an end; return the work done.

    ``evaluate(path, floor)`` returns the chain's score, or None when it is no suggestion or
    cannot beat ``floor`` (the pool's worst score once the pool is full: checking feasibility
    is then skipped). It is called at most ``visits_per_node`` times per end, strongest first.
    ``scored`` are the scores of chains found before the search (introductions): they fill
    the pool from the start, so the search can stop sooner.
    """
    heap: list[tuple[float, int, Path]] = [(-1.0, 0, Path((person,), (), 1.0))]
    visits: dict[str, int] = {}
    best = sorted(scored, reverse=True)[:pool]  # min-heap of the pool's best scores
    heapq.heapify(best)
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
        share = ix.share(node) if node != person and ix.labels.get(node) == _PERSON else 1.0
        floor = best[0] if len(best) >= pool else 0.0  # nothing weaker can enter the pool
        for step in ix.steps[node]:
            if visits.get(step.node, 0) >= visits_per_node or step.node in path.nodes:
                continue
            strength = path.strength * step.strength
            if step.type == _KNOWS:
                strength *= share
            if strength <= floor:
                continue
            nxt = Path((*path.nodes, step.node), (*path.steps, step), strength)
            heapq.heappush(heap, (-strength, counter, nxt))
            counter += 1
    return expansions


def introductions(ix: Index, person: str, *, max_hops: int) -> dict[str, Path]:
    """Paths to everyone two ``KNOWS`` steps away, combined over the people both know.

    Each person ``w`` the person knows could introduce them to someone ``w`` knows, with a
    chance of about ``s(person, w) * share(w) * s(w, end)``. Several people who know the end
    are several chances: the strength is ``1 - prod(1 - chance)`` over them (a noisy-or, at
    least the strongest single way), and the path shown goes through the strongest. This is
    what makes a person known by three of your friends a better suggestion than one known by
    one busy friend; the classic link-prediction indices (resource allocation, Adamic-Adar)
    count the same shared contacts, without the tie strengths.
    """
    if max_hops < 2:
        return {}
    ways: dict[str, list[tuple[float, str, Step, Step]]] = {}
    for first in ix.steps.get(person, ()):
        w = first.node
        if first.type != _KNOWS or ix.labels.get(w) != _PERSON:
            continue
        share = ix.share(w)
        for step in ix.steps.get(w, ()):
            if step.type == _KNOWS and step.node != person:
                chance = first.strength * share * step.strength
                ways.setdefault(step.node, []).append((chance, w, first, step))
    out: dict[str, Path] = {}
    for end, found in ways.items():
        found.sort(key=lambda t: (-t[0], t[1]))
        _, w, first, step = found[0]
        strength = 1.0 - math.prod(1.0 - c for c, *_ in found)
        out[end] = Path((person, w, end), (first, step), strength, tuple(t[1] for t in found))
    return out


def diversify(
    items: list[T],
    *,
    k: int,
    score: Callable[[T], float],
    route: Callable[[T], tuple[str, ...]],
    trade_off: float,
    cap: int,
    ways: Callable[[T], tuple[str, ...]] = lambda item: (),
) -> list[T]:
    """Pick ``k`` items by maximal marginal relevance over their routes, ``cap`` per first link.

    An item's value is its score times ``1 - trade_off * similarity`` to the most similar item
    already picked; similarity is one when two chains can only start through the same first
    link, else the Jaccard index of the nodes they pass through (all their ways in, for an
    introduction through several people). So the second chain through the same friend must be
    much better than a chain through someone else to be shown before it, while a person three
    of your friends know is not a variation through any one of them. The cap counts chains
    by their only way in.
    """
    left = list(items)  # callers pass them best first, ties broken by id
    only: list[str | None] = []  # the one first link a chain must start with, if only one
    through: list[frozenset[str]] = []
    for item in left:
        r, w = route(item), ways(item)
        only.append(r[0] if len(w) <= 1 else None)
        through.append(frozenset(r) | frozenset(w))
    picked: list[int] = []
    per_first: dict[str, int] = {}
    order = list(range(len(left)))
    while order and len(picked) < k:
        best_j, best_v = -1, -1.0
        for j, i in enumerate(order):
            first = only[i]
            if first is not None and per_first.get(first, 0) >= cap:
                continue
            sim = max(
                (_similarity(first, through[i], only[c], through[c]) for c in picked),
                default=0.0,
            )
            value = score(left[i]) * (1.0 - trade_off * sim)
            if value > best_v:
                best_j, best_v = j, value
        if best_j < 0:
            break
        i = order.pop(best_j)
        picked.append(i)
        first = only[i]
        if first is not None:
            per_first[first] = per_first.get(first, 0) + 1
    return [left[i] for i in picked]


def _similarity(
    first_a: str | None, a: frozenset[str], first_b: str | None, b: frozenset[str]
) -> float:
    if first_a is not None and first_a == first_b:
        return 1.0
    return len(a & b) / len(a | b)


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
