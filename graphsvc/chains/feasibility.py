"""Feasibility: can the person actually get there when they are free, and get in?

Three checks, each able to drop a chain with a reason a person can read:

- **time**: the need's slots (or ``when``, or the person's ``free_slots``) must overlap when the
  group meets, the space is open, or the end person is at the shared place;
- **place**: the place must be in the person's neighbourhood or a neighbouring one (``neighbours``
  in the config), or within ``max_km`` of a place the person already goes to when both have
  coordinates;
- **barriers**: anything recorded as stopping the person going there (config ``barriers`` or a
  node's ``barrier`` attribute).

What is not known is not a reason to drop: it lowers the factor (``unknown_time``,
``unknown_place``) and is said in the chain's reasons. A person reached through someone who
knows them is met through that person, wherever and whenever the two already meet: time and
place are not checked for them (barriers still are).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from graphsvc.chains.config import ChainConfig
from graphsvc.chains.index import Index
from graphsvc.chains.words import overlap, sentence, when_phrase
from graphsvc.model import Label, RelType


@dataclass(frozen=True)
class Feasibility:
    value: float
    reason: str | None  # set when the chain cannot work: it is dropped
    notes: tuple[str, ...] = ()


def end_slots(ix: Index, path: tuple[str, ...]) -> list[str] | None:
    """When the end can be met: a group's meetings, a space's hours, a person's visits."""
    end = path[-1]
    label = ix.label(end)
    G = ix.G
    if label == Label.GROUP:
        slots = list(G.nodes[end].get("slots") or [])
        for _, _, k, d in G.out_edges(end, keys=True, data=True):
            if k == RelType.MEETS_AT:
                slots += d.get("slots") or []
        return slots or None
    if label == Label.SPACE:
        return list(G.nodes[end].get("slots") or []) or None
    if label == Label.PERSON and len(path) > 1:
        via = path[-2]
        if ix.label(via) == Label.SPACE and G.has_edge(end, via, RelType.VISITS):
            return list(G.edges[end, via, RelType.VISITS].get("slots") or []) or None
        if ix.label(via) == Label.GROUP:
            return end_slots(ix, path[:-1])
    return None


def _place_of(ix: Index, path: tuple[str, ...]) -> str | None:
    """The space or group where the end would be met, if the chain says."""
    for node in reversed(path[1:]):
        if ix.label(node) in (Label.SPACE, Label.GROUP):
            return node
        if node != path[-1]:
            break
    return None


def _coords(ix: Index, node: str) -> list[tuple[float, float]]:
    G = ix.G
    nodes = [node]
    if ix.label(node) == Label.GROUP:
        nodes = [s.node for s in ix.steps[node] if s.type == RelType.MEETS_AT]
    out = []
    for n in nodes:
        lat, lon = G.nodes[n].get("lat"), G.nodes[n].get("lon")
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            out.append((float(lat), float(lon)))
    return out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _place(ix: Index, person: str, place: str, cfg: ChainConfig) -> tuple[float, str | None]:
    name = ix.name(place)
    mine = ix.cache.get("home_coords")
    if mine is None:
        mine = [
            c for s in ix.steps[person] if s.type == RelType.VISITS for c in _coords(ix, s.node)
        ]
        ix.cache["home_coords"] = mine
    theirs = _coords(ix, place)
    if mine and theirs:
        km = min(_km(a, b) for a in mine for b in theirs)
        if km <= cfg.max_km:
            return 1.0, None
        return 0.0, f"{name} is about {round(km)} km from the places you go. That is too far."
    home, there = ix.hoods[person], ix.hoods[place]
    if ix.label(place) == Label.GROUP and not there:
        there = {h for s in ix.steps[place] if s.type == RelType.MEETS_AT for h in ix.hoods[s.node]}
    if not home or not there:
        return cfg.unknown_place, None
    near = set(home).union(*(cfg.neighbours.get(h, frozenset()) for h in home))
    if near & there:
        return 1.0, None
    where = ix.name(sorted(there)[0])
    return 0.0, f"{name} is in {where}. That is too far from where you live."


def feasibility(
    ix: Index,
    person: str,
    path: tuple[str, ...],
    free: list[str] | None,
    free_is_need: bool,
    cfg: ChainConfig,
) -> Feasibility:
    """The feasibility factor in [0, 1] of reaching ``path[-1]``, or the reason it cannot work."""
    for node in path[1:]:
        barrier = cfg.barriers.get(node) or ix.G.nodes[node].get("barrier")
        if barrier:
            return Feasibility(0.0, str(barrier))
    notes: list[str] = []
    if ix.label(path[-1]) == Label.PERSON and ix.label(path[-2]) == Label.PERSON:
        # met through someone who knows them: where and when you already see that person
        return Feasibility(1.0, None, (f"You would meet them through {ix.name(path[-2])}.",))
    value = 1.0
    slots = end_slots(ix, path)
    if free and slots:
        minutes = overlap(free, slots)
        if minutes == 0:
            what = _meets(ix, path, slots)
            then = "That is not a time you asked for." if free_is_need else "You are busy then."
            return Feasibility(0.0, f"{what} {then}")
        value *= min(1.0, 0.5 + 0.5 * minutes / 60)
    else:
        value *= cfg.unknown_time
        notes.append("We do not know if the times fit.")
    place = _place_of(ix, path)
    if place is not None:
        factor, reason = _place(ix, person, place, cfg)
        if reason:
            return Feasibility(0.0, sentence(reason))
        value *= factor
        if factor < 1.0:
            notes.append(f"We do not know how far {ix.name(place)} is.")
    return Feasibility(round(value, 6), None, tuple(notes))


def _meets(ix: Index, path: tuple[str, ...], slots: list[str]) -> str:
    end = path[-1]
    label = ix.label(end)
    verb = {Label.GROUP: "meets", Label.SPACE: "is open"}.get(label, "is there")  # type: ignore[call-overload]
    return sentence(f"{ix.name(end)} {verb} {when_phrase(slots)}.")
