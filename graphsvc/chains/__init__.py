"""Chains of connection: from a person, through ties that exist today, to someone or something.

A **chain** is a path from a person through the people, bumping spaces and groups of their life
(``KNOWS``, ``VISITS``, ``MEMBER_OF``, ``MEETS_AT``) to an unpaid person, a group or a space that
could meet a need or share a passion. It is scored by how strong its links are, how well its end
fits, whether the person can get there when they are free, and how new it is; the best are
diversified (not ten chains through one friend) and each is told as a short plain story.

Suggestions are conversation starters for the person and their broker. Where paid support meets
the need today, a chain may carry an *estimate* of the paid hours it could complement, always
labelled as such: nothing here reduces anyone's support.

Public API
----------
suggest(G, person_id, need=None, *, interests=None, k=10, max_hops=4, when=None,
        only_unpaid_end=True, exclude=(), ends=None, config=None) -> Chains
    The best chains, best first; ``Chains.dropped`` holds infeasible ones with their reason.
treasure_chest(G, group_id, config=None) -> list[Match]
    A group's shared passions, who could teach whom, and members' contacts who match a wish.
fetch_for_chains(store, person_id, max_hops=4) -> MultiDiGraph
    Just enough of a store's graph for `suggest`, through the store contract.
ChainConfig, Chain, Link, Score, Complement, Dropped, NoChainFound, Match

Examples
--------
The bus-driver chain: Sam sees Dave, his bus driver, every day; Dave goes to The Crown; a quiz
team meets there on Thursdays; two of its members love rugby, like Sam.

>>> from graphsvc.graph import build_graph
>>> from graphsvc.model import (Group, InterestedIn, Knows, MeetsAt, MemberOf, Person, Space,
...     Visits)
>>> people = [Person(id=i, name=n) for i, n in
...           [("sam", "Sam"), ("dave", "Dave"), ("ann", "Ann"), ("bo", "Bo")]]
>>> G = build_graph(
...     [*people, Space(id="crown", name="The Crown"),
...      Group(id="quiz", name="The Crown Quizzers", slots=["Thu 20:00-22:00"])],
...     [Knows(source="sam", target="dave", frequency=30, mode="in_person", contexts=["the bus"]),
...      Visits(source="dave", target="crown", frequency=4.3),
...      MeetsAt(source="quiz", target="crown", slots=["Thu 20:00-22:00"]),
...      MemberOf(source="ann", target="quiz"), MemberOf(source="bo", target="quiz"),
...      InterestedIn(source="ann", target="rugby"), InterestedIn(source="bo", target="rugby"),
...      InterestedIn(source="sam", target="rugby")])
>>> best = suggest(G, "sam", interests=["rugby"], k=3)[0]
>>> best.nodes
('sam', 'dave', 'crown', 'quiz')
>>> for sentence in best.story:
...     print(sentence)
You see Dave every day.
You know each other from the bus.
Dave goes to The Crown.
The Crown Quizzers meets there on Thursdays at 8pm.
Two of them like rugby, like you.
You could ask Dave to introduce you.
"""

from __future__ import annotations

from graphsvc.chains.config import ESTIMATE_LABEL, ChainConfig
from graphsvc.chains.core import suggest
from graphsvc.chains.fetch import fetch_for_chains
from graphsvc.chains.results import (
    Chain,
    Chains,
    Complement,
    Dropped,
    Link,
    Match,
    NoChainFound,
    Score,
)
from graphsvc.chains.treasure import treasure_chest

__all__ = [
    "ESTIMATE_LABEL",
    "Chain",
    "ChainConfig",
    "Chains",
    "Complement",
    "Dropped",
    "Link",
    "Match",
    "NoChainFound",
    "Score",
    "fetch_for_chains",
    "suggest",
    "treasure_chest",
]
