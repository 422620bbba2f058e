"""One pass over a graph into the lookups the chain search needs (no graph is mutated)."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class Step:
    """A walkable neighbour: where to, along which tie, how strong."""

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
    cache: dict[str, Any] = field(default_factory=dict)

    def label(self, node: str) -> str:
        return self.labels.get(node, "")

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
    ix = Index(G)
    ix.labels = {n: str(d.get("label", "")) for n, d in G.nodes(data=True)}
    ix.people = sum(1 for label in ix.labels.values() if label == PERSON)
    pairs: set[tuple[str, str]] = set()
    for u, v, key, data in G.edges(keys=True, data=True):
        if key == RelType.KNOWS:
            pair = (u, v) if u < v else (v, u)
            if pair in pairs:  # both people told it: one walkable link
                continue
            pairs.add(pair)
            s = strengths.get(pair)
            known = s is not None and not math.isnan(s)
            _both(ix, u, v, key, s if known else cfg.unknown_knows, known, False)  # type: ignore[arg-type]
        elif key == RelType.VISITS:
            s, known = _saturating(data.get("frequency"), cfg.unknown_visit)
            _both(ix, u, v, key, s, known, False)
            ix.visitors[v].add(u)
        elif key == RelType.MEMBER_OF:
            s, known = _saturating(data.get("frequency"), cfg.unknown_member)
            _both(ix, u, v, key, s, known, False)
            ix.members[v].add(u)
        elif key == RelType.MEETS_AT:
            _both(ix, u, v, key, cfg.meets_at, True, False)
        elif key == RelType.SUPPORTS and cfg.allow_professional:
            s = strengths.get((u, v), cfg.unknown_knows)
            _both(ix, u, v, key, s if not math.isnan(s) else cfg.unknown_knows, True, True)
        elif key in HAS_INTEREST:
            ix.interests[u].add(v)
            if key == RelType.SKILLED_IN:
                ix.skills[u].add(v)
        elif key == RelType.WANTS_TO_LEARN:
            ix.wants[u].add(v)
        elif key == RelType.ABOUT:
            ix.about[u].add(v)
        elif key == RelType.IN:
            ix.hoods[u].add(v)
    for steps in ix.steps.values():  # the same answer whatever order a store gave the ties in
        steps.sort(key=lambda s: (s.node, s.type))
    for node, tags in ix.interests.items():
        if ix.label(node) == PERSON:
            for tag in tags:
                ix.fans[tag] += 1
    return ix


def _both(ix: Index, u: str, v: str, key: str, s: float, known: bool, paid: bool) -> None:
    ix.steps[u].append(Step(v, key, s, known, paid, True))
    ix.steps[v].append(Step(u, key, s, known, paid, False))


def strengths_of(G: nx.MultiDiGraph, cfg: ChainConfig) -> dict[tuple[str, str], float]:
    """Proximity ``overall`` of each person pair (sorted) and of each (worker, person) tie."""
    from graphsvc.proximity import score_ties

    has_ties = any(k in (RelType.KNOWS, RelType.SUPPORTS) for _, _, k in G.edges(keys=True))
    if not has_ties:
        return {}
    df = score_ties(_tie_context(G), cfg.proximity, reasons=False, views=False)
    out: dict[tuple[str, str], float] = {}
    for s, t, typ, overall in zip(
        df["source"], df["target"], df["type"], df["overall"], strict=True
    ):
        if typ == RelType.KNOWS:
            out[(s, t) if s < t else (t, s)] = float(overall)
        else:
            out[(s, t)] = float(overall)
    return out


def _tie_context(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The part of ``G`` that proximity reads: the people on scored ties and what they touch.

    A tie's proximity depends only on its two people: their ties, shared places, groups,
    interests and neighbourhood. People met only at a place (most of a fetched graph) are left
    out, which halves the work; the only change is to how rare an interest counts in
    commonality (computed over fewer people: differences of the order of 0.001).
    """
    people: set[str] = set()
    for u, v, key in G.edges(keys=True):
        if key == RelType.KNOWS or key == RelType.SUPPORTS:
            people.add(u)
            people.add(v)
    keep = set(people)
    for n in people:
        for w in (*G.successors(n), *G.predecessors(n)):
            if G.nodes[w].get("label") not in (PERSON, PAID_WORKER):
                keep.add(w)
    return G.subgraph(keep)
