"""The community treasure chest: what a group's members could share with one another.

Across a group's members: passions two or more share, who could teach whom (one member's skill
meets another's wish to learn), and members' outside contacts who could help with a member's
wish. Each find is a `Match` with a short plain story: raw material for chains, to talk over
with the group, never a list to act on without them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphsvc.chains.config import ChainConfig
from graphsvc.chains.results import Match
from graphsvc.errors import BadRequest, NotFound
from graphsvc.model import Label, RelType


def _names(G: nx.MultiDiGraph, ids: list[str]) -> str:
    names = [str(G.nodes[i].get("name") or i) for i in ids]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _tags(G: nx.MultiDiGraph, node: str, *types: str) -> set[str]:
    return {v for _, v, k in G.out_edges(node, keys=True) if k in types}


def treasure_chest(
    G: nx.MultiDiGraph,
    group_id: str,
    config: ChainConfig | Mapping[str, Any] | None = None,
) -> list[Match]:
    """Shared passions, who could teach whom, and outside contacts matching a wish.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph of the standard shape; not modified.
    group_id : str
        A ``Group``; its members are the people with ``MEMBER_OF`` ties to it.
    config : ChainConfig or mapping, optional
        Reserved for thresholds; currently unused.

    Returns
    -------
    list of Match
        Shared passions first (most people first), then teaching, then outside contacts.

    Examples
    --------
    >>> from graphsvc.graph import build_graph
    >>> from graphsvc.model import (Group, InterestedIn, MemberOf, Person, SkilledIn,
    ...     WantsToLearn)
    >>> G = build_graph(
    ...     [Group(id="g"), Person(id="a", name="Ann"), Person(id="b", name="Bo")],
    ...     [MemberOf(source="a", target="g"), MemberOf(source="b", target="g"),
    ...      InterestedIn(source="a", target="birds"), InterestedIn(source="b", target="birds"),
    ...      SkilledIn(source="a", target="baking"), WantsToLearn(source="b", target="baking")])
    >>> [(m.kind, m.interest, m.story) for m in treasure_chest(G, "g")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('shared_passion', 'birds', ('Ann and Bo both love birds.',)),
     ('could_teach', 'baking', ('Ann knows about baking.', 'Bo would like to learn it.'))]
    """
    if not isinstance(G, nx.MultiDiGraph):
        raise BadRequest("the treasure chest needs a networkx MultiDiGraph of graphsvc's shape")
    if group_id not in G or G.nodes[group_id].get("label") != Label.GROUP:
        raise NotFound(f"no Group with id {group_id!r}")
    members = sorted(u for u, _, k in G.in_edges(group_id, keys=True) if k == RelType.MEMBER_OF)
    loves = {m: _tags(G, m, RelType.INTERESTED_IN, RelType.SKILLED_IN) for m in members}
    skills = {m: _tags(G, m, RelType.SKILLED_IN) for m in members}
    wants = {m: _tags(G, m, RelType.WANTS_TO_LEARN) for m in members}
    out: list[Match] = []
    fans: dict[str, list[str]] = defaultdict(list)
    for m in members:
        for tag in loves[m]:
            fans[tag].append(m)
    for tag, who in sorted(fans.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(who) >= 2:
            both = "both" if len(who) == 2 else "all"
            out.append(
                Match("shared_passion", tag, tuple(who), (f"{_names(G, who)} {both} love {tag}.",))
            )
    for learner in members:
        for tag in sorted(wants[learner]):
            for teacher in members:
                if teacher != learner and tag in skills[teacher]:
                    story = (
                        f"{_names(G, [teacher])} knows about {tag}.",
                        f"{_names(G, [learner])} would like to learn it.",
                    )
                    out.append(Match("could_teach", tag, (teacher, learner), story))
    member_set = set(members)
    for m in members:
        contacts = sorted(
            {v for _, v, k in G.out_edges(m, keys=True) if k == RelType.KNOWS}
            | {u for u, _, k in G.in_edges(m, keys=True) if k == RelType.KNOWS}
        )
        for c in contacts:
            if c in member_set or G.nodes[c].get("consent") == "withdrawn":
                continue
            offers = _tags(G, c, RelType.SKILLED_IN, RelType.INTERESTED_IN)
            for learner in members:
                if learner == m:
                    continue
                for tag in sorted(offers & wants[learner]):
                    story = (
                        f"{_names(G, [m])} knows {_names(G, [c])}.",
                        f"{_names(G, [c])} knows about {tag}.",
                        f"{_names(G, [learner])} would like to learn {tag}.",
                    )
                    out.append(Match("outside_contact", tag, (m, c, learner), story))
    return out
