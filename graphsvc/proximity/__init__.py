"""Relational proximity: how close each relationship is, in five dimensions, and why.

A relationship is not just there or not there. Following the five dimensions of relational
proximity described by the Relationships Foundation (directness, continuity, multiplexity, parity
and commonality), graphsvc scores every person-to-person ``KNOWS`` tie and every paid
``SUPPORTS`` tie of a graph from what the graph records, explains each score in plain English,
says what is not known, and shows both people's accounts where both gave one.

These scores are *proxies inspired by* the Relationships Foundation's framework, computed from
whatever a graph happens to record. They are not its Relational Health Audit, which asks the
people themselves structured questions, and they are not validated against it. Read them as a
way to start a conversation, never as a verdict on a relationship, and never as a reason to
change anyone's support.

Public API
----------
score_ties(G, config=None, *, reasons=True, views=True) -> pandas.DataFrame
    Every scored tie of ``G``, vectorised (a million-tie graph in seconds).
score_tie(G, u, v, config=None) -> TieScore
    One tie, as a typed result.
person_ties(G, person_id, config=None, *, reasons=True, rarity=None) -> pandas.DataFrame
    One person's ties, closest first (for the CLI and pages).
profile(G, person_id, config=None, *, rarity=None, ties=None) -> Profile
    One person's network profile: kinds of tie, paid shares, rings, support-dominated flag.
    ``ties``: the person's `person_ties`, when the caller has scored them already.
GraphStats.from_counts(people, holders)
    Interest rarity counted over a whole population (a store's ``interest_counts``), for
    ``rarity=``: a person's one-hop map then scores exactly as the whole graph.
ProximityConfig
    Every constant and weight; ``ProximityConfig.load("proximity.toml")``.

The columns of `score_ties`: ``source``, ``target``, ``type`` (``KNOWS`` or ``SUPPORTS``),
``paid``, the five dimensions, ``overall``, ``confidence``, ``weakest``, ``unknown`` (the
dimensions whose inputs are missing: those are NaN, never 0), ``both_views``, ``reasons`` (a
list of sentences) and ``views`` (both accounts and where they differ, for two-sided ties).
The model, its formulas and constants are in ``docs/proximity.md``.

Examples
--------
Sam and Jo are neighbours who meet weekly and help each other; Ann is Sam's care worker.

>>> from datetime import date
>>> from graphsvc.graph import build_graph
>>> from graphsvc.model import Knows, PaidWorker, Person, Supports
>>> G = build_graph(
...     [Person(id="sam", name="Sam"), Person(id="jo", name="Jo"),
...      PaidWorker(id="ann", name="Ann", role="care_worker")],
...     [Knows(source="sam", target="jo", kind="neighbour", mode="in_person", frequency=4.3,
...            since="2018", gives=["practical"], receives=["company"]),
...      Supports(source="ann", target="sam", employer="provider", frequency=30,
...               turnover_per_year=4, since="2023-01", mode="in_person")])
>>> cfg = ProximityConfig(as_of=date(2024, 6, 30))
>>> ties = score_ties(G, cfg)
>>> ties[["source", "target", "paid", "directness", "multiplexity"]].round(2)
  source target   paid  directness  multiplexity
0    sam     jo  False         1.0          0.39
1    ann    sam   True         1.0          0.39
>>> ties.loc[0, "unknown"]
('commonality',)
>>> for sentence in ties.loc[0, "reasons"][1:4]:
...     print(sentence)
You meet every week, face to face.
You have known each other for six years.
You know each other in one way: neighbours.
>>> bool(score_tie(G, "jo", "sam", cfg).parity == ties.loc[0, "parity"])
True
>>> profile(G, "sam", cfg).paid_share_of_ties
0.5
"""

from __future__ import annotations

from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.profile import Profile, RingMember, profile
from graphsvc.proximity.score import COLUMNS, TieScore, person_ties, score_tie, score_ties
from graphsvc.proximity.single import GraphStats
from graphsvc.proximity.views import Views

__all__ = [
    "COLUMNS",
    "DIMENSIONS",
    "GraphStats",
    "Profile",
    "ProximityConfig",
    "RingMember",
    "TieScore",
    "Views",
    "person_ties",
    "profile",
    "score_tie",
    "score_ties",
]
