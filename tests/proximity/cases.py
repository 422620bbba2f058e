"""Hand-made graphs for the proximity tests, from the stories in DOMAIN.md.

Dan is the man from the worked example: he chats every day with Bev, his bus driver; at the Red
Lion he joined the quiz team, where he found Quinn, who loves rugby as much as he does. He also
has paid support: a personal assistant from an agency with high turnover, a personal assistant
he employs himself through a direct payment (on the same terms otherwise), and a social worker
who controls his support budget. A few neighbours with common interests make rugby a rare
passion in the town, as it would be.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx

from graphsvc.graph import build_graph
from graphsvc.model import (
    Group,
    In,
    Interest,
    InterestedIn,
    Knows,
    MeetsAt,
    MemberOf,
    Neighbourhood,
    Node,
    PaidWorker,
    Person,
    Space,
    Supports,
    Tie,
)
from graphsvc.proximity import ProximityConfig

AS_OF = date(2024, 6, 30)
CFG = ProximityConfig(as_of=AS_OF)

#: The terms both personal assistants share, so only the employer and turnover differ.
PA_TERMS: dict[str, Any] = {
    "role": "personal_assistant",
    "frequency": 4.3,
    "mode": "in_person",
    "since": "2022",
    "hours_per_week": 10,
    "tasks": ["getting out", "shopping"],
}


def dan_town() -> nx.MultiDiGraph:
    """Dan's town: the bus driver, the quiz team and his paid support."""
    return build_graph(*dan_town_records())


def dan_town_records() -> tuple[list[Node], list[Tie]]:
    """The records of `dan_town`, for tests that write them to a store first."""
    people = [
        Person(id="dan", name="Dan Walker", household="h1"),
        Person(id="bev", name="Bev Jones", household="h2"),
        Person(id="quinn", name="Quinn Patel", household="h3"),
        *(Person(id=f"n{i}", name=f"Neighbour {i}", household=f"h{10 + i}") for i in range(6)),
    ]
    nodes: list[Node] = [
        *people,
        Neighbourhood(id="hood", name="Ashfield"),
        Space(id="lion", name="The Red Lion", kind="pub", slots=["Thu 12:00-23:00"]),
        Group(id="quiz", name="The Red Lion Quizzers", kind="quiz team",
              purpose="Friendly competition at the weekly pub quiz", slots=["Thu 20:00-22:30"]),
        PaidWorker(id="agency_pa", name="Alex Green", role="personal_assistant"),
        PaidWorker(id="own_pa", name="Pat Hill", role="personal_assistant"),
        PaidWorker(id="sw", name="Sue Ward", role="social_worker"),
        *(Interest(id=i) for i in ("rugby", "music", "walking", "cooking", "darts")),
    ]  # fmt: skip
    likes = {
        "dan": ["rugby", "music"],
        "quinn": ["rugby", "darts"],
        "bev": ["walking"],
        **{f"n{i}": ["walking", "cooking"] for i in range(6)},
    }
    ties: list[Tie] = [
        *(In(source=p.id, target="hood") for p in people),
        *(InterestedIn(source=p, target=i) for p, items in likes.items() for i in items),
        MeetsAt(source="quiz", target="lion", slots=["Thu 20:00-22:30"]),
        MemberOf(source="dan", target="quiz"),
        MemberOf(source="quinn", target="quiz"),
        Knows(source="dan", target="bev", kind="acquaintance", contexts=["the bus"],
              frequency=22.0, mode="in_person", since="2022", gives=["company"],
              receives=["company"]),
        Knows(source="dan", target="quinn", kind="friend", contexts=["quiz team", "rugby"],
              frequency=4.3, mode="in_person", since="2023", gives=["company"],
              receives=["company", "information"]),
        Knows(source="quinn", target="dan", kind="friend", contexts=["quiz team", "rugby"],
              frequency=4.3, mode="in_person", since="2023", gives=["company", "information"],
              receives=["company"]),
        Supports(source="agency_pa", target="dan", employer="provider", turnover_per_year=6,
                 **PA_TERMS),
        Supports(source="own_pa", target="dan", employer="person", turnover_per_year=1,
                 **PA_TERMS),
        Supports(source="sw", target="dan", role="social_worker", frequency=1.0,
                 mode="in_person", since="2022", tasks=["assessment", "review"]),
    ]  # fmt: skip
    return nodes, ties


def pair(**knows: Any) -> nx.MultiDiGraph:
    """Two people, ``a`` and ``b``, and one KNOWS account from a with the given properties."""
    return build_graph(
        [Person(id="a", name="Sam"), Person(id="b", name="Jo")],
        [Knows(source="a", target="b", **knows)],
    )


def both(a_says: dict[str, Any], b_says: dict[str, Any]) -> nx.MultiDiGraph:
    """Sam and Jo, and both their accounts of knowing each other."""
    return build_graph(
        [Person(id="a", name="Sam"), Person(id="b", name="Jo")],
        [Knows(source="a", target="b", **a_says), Knows(source="b", target="a", **b_says)],
    )


def paid_pair(**supports: Any) -> nx.MultiDiGraph:
    """A worker ``w`` supporting a person ``a``, with the given SUPPORTS properties."""
    return build_graph(
        [Person(id="a", name="Sam"), PaidWorker(id="w", name="Ann")],
        [Supports(source="w", target="a", **supports)],
    )
