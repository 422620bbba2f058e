"""One pass over a graph into the lookups the chain search needs (no graph is mutated)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import networkx as nx

from graphsvc.chains.config import ChainConfig
from graphsvc.model import Label, RelType

#: Tie types a chain may walk along (either direction).
WALK_TYPES = (RelType.KNOWS, RelType.VISITS, RelType.MEMBER_OF, RelType.MEETS_AT)
#: Ties that say what a node is into.
HAS_INTEREST = (RelType.INTERESTED_IN, RelType.SKILLED_IN)
WEEKLY = 4.3
PERSON, SPACE, GROUP = Label.PERSON.value, Label.SPACE.value, Label.GROUP.value
PAID_WORKER = Label.PAID_WORKER.value
_KNOWS, _VISITS, _MEMBER_OF = RelType.KNOWS.value, RelType.VISITS.value, RelType.MEMBER_OF.value
_MEETS_AT, _SUPPORTS, _SKILLED_IN = (
    RelType.MEETS_AT.value,
    RelType.SUPPORTS.value,
    RelType.SKILLED_IN.value,
)
_INTERESTED_IN, _WANTS_TO_LEARN = RelType.INTERESTED_IN.value, RelType.WANTS_TO_LEARN.value
_ABOUT, _IN = RelType.ABOUT.value, RelType.IN.value


class Step(NamedTuple):
    """A walkable neighbour: where to, along which tie, how strong.

    A named tuple, not a dataclass: an index holds two per walkable tie and a search copies
    them into every path, so creating them cheaply matters (and they sort by node, then type).
    """

    node: str
    type: str
    strength: float
    known: bool
    paid: bool
    forward: bool  # the tie points from the current node to ``node``


@dataclass
class Index:
    """Lookups over one graph, built once per call of `suggest`."""

    G: nx.MultiDiGraph
    steps: dict[str, list[Step]] = field(default_factory=lambda: defaultdict(list))
    interests: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    skills: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    wants: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    about: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    members: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    hoods: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    fans: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    visitors: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    labels: dict[str, str] = field(default_factory=dict)
    people: int = 0
    known: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    introductions: float = math.inf
    cache: dict[str, Any] = field(default_factory=dict)

    def label(self, node: str) -> str:
        return self.labels.get(node, "")

    def share(self, introducer: str) -> float:
        """How likely ``introducer`` is to introduce you to one given person they know.

        ``min(1, introductions / others)``, ``others`` being the other people they know: the
        attention of someone who knows fifty people is spread thinner than that of someone who
        knows three (the idea behind the resource-allocation index of link prediction).
        """
        others = self.known.get(introducer, 0) - 1
        if others <= 0 or math.isinf(self.introductions):
            return 1.0
        return min(1.0, self.introductions / others)

    def name(self, node: str) -> str:
        data = self.G.nodes[node]
        return str(data.get("name") or data.get("what") or node)


def _saturating(frequency: object, unknown: float) -> tuple[float, bool]:
    """Strength of a visit or membership from contacts per month: weekly is about 0.63."""
    if not isinstance(frequency, int | float) or frequency < 0:
        return unknown, False
    return max(0.05, 1.0 - math.exp(-float(frequency) / WEEKLY)), True


def build_index(
    G: nx.MultiDiGraph, strengths: dict[tuple[str, str], float], cfg: ChainConfig
) -> Index:
    """Index ``G``; ``strengths`` maps an unordered person pair (sorted) to its proximity."""
    ix = Index(G, introductions=cfg.introductions)
    ix.labels = {n: str(d.get("label", "")) for n, d in G.nodes(data=True)}
    ix.people = sum(1 for label in ix.labels.values() if label == PERSON)
    steps, known_people = ix.steps, ix.known
    pairs: set[tuple[str, str]] = set()

    def both(u: str, v: str, key: str, s: float, known: bool, paid: bool = False) -> None:
        steps[u].append(Step(v, key, s, known, paid, True))
        steps[v].append(Step(u, key, s, known, paid, False))

    for u, v, key, data in G.edges(keys=True, data=True):
        if key == _KNOWS:
            pair = (u, v) if u < v else (v, u)
            if pair in pairs:  # both people told it: one walkable link
                continue
            pairs.add(pair)
            known_people[u] += 1
            known_people[v] += 1
            s = strengths.get(pair)
            if s is None or math.isnan(s):
                both(u, v, _KNOWS, cfg.unknown_knows, False)
            else:
                both(u, v, _KNOWS, s, True)
        elif key == _VISITS:
            both(u, v, _VISITS, *_saturating(data.get("frequency"), cfg.unknown_visit))
            ix.visitors[v].add(u)
        elif key == _MEMBER_OF:
            both(u, v, _MEMBER_OF, *_saturating(data.get("frequency"), cfg.unknown_member))
            ix.members[v].add(u)
        elif key == _MEETS_AT:
            both(u, v, _MEETS_AT, cfg.meets_at, True)
        elif key == _SUPPORTS and cfg.allow_professional:
            s = strengths.get((u, v), cfg.unknown_knows)
            both(u, v, _SUPPORTS, s if not math.isnan(s) else cfg.unknown_knows, True, True)
        elif key in (_INTERESTED_IN, _SKILLED_IN):
            ix.interests[u].add(v)
            if key == _SKILLED_IN:
                ix.skills[u].add(v)
        elif key == _WANTS_TO_LEARN:
            ix.wants[u].add(v)
        elif key == _ABOUT:
            ix.about[u].add(v)
        elif key == _IN:
            ix.hoods[u].add(v)
    for found in steps.values():  # the same answer whatever order a store gave the ties in
        found.sort()
    for node, tags in ix.interests.items():
        if ix.label(node) == PERSON:
            for tag in tags:
                ix.fans[tag] += 1
    return ix


def strengths_of(G: nx.MultiDiGraph, cfg: ChainConfig) -> dict[tuple[str, str], float]:
    """Proximity ``overall`` of each person pair (sorted) and of each (worker, person) tie.

    Scored on the whole of ``G`` in one vectorised pass. Cutting ``G`` down first to the
    people on ties and what they touch was tried: building that smaller graph costs more than
    it saves (9 ms against 6 ms on the 100,000-person benchmark), and a subgraph view is
    slower still (every step of proximity's walks goes through its filter).
    """
    from graphsvc.proximity import score_ties

    has_ties = any(k in (RelType.KNOWS, RelType.SUPPORTS) for _, _, k in G.edges(keys=True))
    if not has_ties:
        return {}
    df = score_ties(G, cfg.proximity, reasons=False, views=False)
    out: dict[tuple[str, str], float] = {}
    for s, t, typ, overall in zip(
        df["source"], df["target"], df["type"], df["overall"], strict=True
    ):
        if typ == RelType.KNOWS:
            out[(s, t) if s < t else (t, s)] = float(overall)
        else:
            out[(s, t)] = float(overall)
    return out
