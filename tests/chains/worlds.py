"""Hand-made graphs where the right chains are known."""

from __future__ import annotations

import networkx as nx

from graphsvc.graph import build_graph
from graphsvc.model import (
    Group,
    HasNeed,
    In,
    Interest,
    InterestedIn,
    Knows,
    MeetsAt,
    MemberOf,
    MetBy,
    Need,
    Neighbourhood,
    Node,
    PaidWorker,
    Person,
    SkilledIn,
    Space,
    Supports,
    Tie,
    Visits,
    WantsToLearn,
)


def bus_town() -> nx.MultiDiGraph:
    """The bus-driver town as a graph (see `bus_town_records`)."""
    return build_graph(*bus_town_records())


def bus_town_records() -> tuple[list[Node], list[Tie]]:
    """The bus-driver chain, plus a daytime book club and a knitting circle as distractors.

    Sam, a rugby fan, wants company in the evenings (Thursday or Saturday). Sam sees Dave, the
    bus driver, every day; Dave goes to The Crown, where the quiz team meets on Thursdays at
    8pm; two quiz members love rugby. Sam's neighbour Nia goes to the library, where a book club
    meets on Tuesday mornings (never when Sam wants company). Sam's cousin Cy is in a knitting
    circle that meets on Saturday evenings in Hazelworth, Sam's neighbourhood.
    """
    nodes: list[Node] = [
        Person(id="sam", name="Sam", free_slots=["Thu 18:00-23:00", "Sat 10:00-23:00"]),
        Person(id="dave", name="Dave"),
        Person(id="nia", name="Nia"),
        Person(id="cy", name="Cy"),
        Person(id="ann", name="Ann"),
        Person(id="bo", name="Bo"),
        Person(id="liz", name="Liz"),
        Person(id="kim", name="Kim"),
        Space(id="crown", name="The Crown", kind="pub", slots=["daily 12:00-23:00"]),
        Space(id="library", name="the library", kind="library", slots=["Mon-Fri 09:00-17:00"]),
        Space(id="hall", name="the church hall", kind="hall"),
        Group(id="quiz", name="The Crown Quizzers", kind="quiz team"),
        Group(id="books", name="The Book Club", kind="book club", slots=["Tue 10:00-11:30"]),
        Group(id="knit", name="The Knitting Circle", kind="craft", slots=["Sat 18:00-20:00"]),
        Neighbourhood(id="hw", name="Hazelworth"),
        Need(
            id="evenings",
            what="company in the evenings",
            tags=["company", "rugby"],
            slots=["Thu 18:00-23:00", "Sat 18:00-23:00"],
        ),
        PaidWorker(id="pa", name="Pat", role="personal_assistant"),
        Interest(name="rugby"),
        Interest(name="reading"),
    ]
    ties = [
        Knows(
            source="sam",
            target="dave",
            frequency=30,
            mode="in_person",
            contexts=["the bus"],
            since="2019",
        ),
        Knows(source="dave", target="sam", frequency=30, mode="in_person", contexts=["the bus"]),
        Knows(source="sam", target="nia", kind="neighbour", frequency=4.3, mode="in_person"),
        Knows(source="sam", target="cy", kind="family", frequency=1, mode="phone"),
        Visits(source="dave", target="crown", frequency=4.3, slots=["Thu 19:00-23:00"]),
        MeetsAt(source="quiz", target="crown", slots=["Thu 20:00-22:00"]),
        MemberOf(source="ann", target="quiz", frequency=4.3),
        MemberOf(source="bo", target="quiz", frequency=4.3),
        InterestedIn(source="ann", target="rugby"),
        InterestedIn(source="bo", target="rugby"),
        InterestedIn(source="sam", target="rugby"),
        Visits(source="nia", target="library", frequency=4.3),
        MeetsAt(source="books", target="library", slots=["Tue 10:00-11:30"]),
        MemberOf(source="liz", target="books"),
        InterestedIn(source="liz", target="reading"),
        MemberOf(source="cy", target="knit", frequency=4.3),
        MeetsAt(source="knit", target="hall", slots=["Sat 18:00-20:00"]),
        MemberOf(source="kim", target="knit"),
        In(source="sam", target="hw"),
        In(source="crown", target="hw"),
        In(source="library", target="hw"),
        In(source="hall", target="hw"),
        HasNeed(source="sam", target="evenings"),
        MetBy(source="evenings", target="pa", hours_per_week=6),
        Supports(source="pa", target="sam", hours_per_week=10, frequency=12, mode="in_person"),
    ]
    return nodes, ties


def only_paid() -> nx.MultiDiGraph:
    """Rose has a care worker and a social worker, and nobody else on the map."""
    return build_graph(
        [
            Person(id="rose", name="Rose"),
            Person(id="other", name="Another client"),
            PaidWorker(id="cw", name="Carl", role="care_worker"),
            PaidWorker(id="sw", name="Sue", role="social_worker"),
            Group(id="club", name="The Lunch Club"),
        ],
        [
            Supports(source="cw", target="rose", frequency=30, mode="in_person"),
            Supports(source="sw", target="rose", frequency=1, mode="phone"),
            Supports(source="cw", target="other", frequency=30, mode="in_person"),
            MemberOf(source="other", target="club"),
        ],
    )


def hub_friend(groups_per_friend: int = 6) -> nx.MultiDiGraph:
    """Max's best friend Flo is in many groups; his friend Wil in a few: diversity needed."""
    nodes = [
        Person(id="max", name="Max"),
        Person(id="flo", name="Flo"),
        Person(id="wil", name="Wil"),
    ]
    ties = [
        Knows(
            source="max",
            target="flo",
            frequency=30,
            mode="in_person",
            since="2000",
            gives=["company"],
            receives=["company"],
            contexts=["school", "football"],
        ),
        Knows(source="max", target="wil", frequency=1, mode="phone"),
    ]
    for friend, n in (("flo", groups_per_friend), ("wil", 3)):
        for i in range(n):
            g = f"{friend}-g{i}"
            nodes.append(Group(id=g, name=f"Group {g}"))
            ties.append(MemberOf(source=friend, target=g, frequency=4.3))
    return build_graph(nodes, ties)


def treasure_group() -> nx.MultiDiGraph:
    return build_graph(
        [
            Group(id="g", name="Allotment Society"),
            Person(id="a", name="Ann"),
            Person(id="b", name="Bo"),
            Person(id="c", name="Cy"),
            Person(id="x", name="Xan"),
        ],
        [
            MemberOf(source="a", target="g"),
            MemberOf(source="b", target="g"),
            MemberOf(source="c", target="g"),
            InterestedIn(source="a", target="birds"),
            InterestedIn(source="b", target="birds"),
            InterestedIn(source="c", target="birds"),
            SkilledIn(source="a", target="baking"),
            WantsToLearn(source="b", target="baking"),
            WantsToLearn(source="c", target="woodwork"),
            Knows(source="a", target="x"),
            SkilledIn(source="x", target="woodwork"),
        ],
    )


def introductions_town(busy_friends_contacts: int = 8) -> nx.MultiDiGraph:
    """Who would introduce Max to whom: three friends who know Kim, one busy friend who knows Lou.

    Max sees Flo every day; Flo knows Lou well, and ``busy_friends_contacts`` other people.
    Max sees Ann, Bo and Cy every week; each of them knows Kim. Ann also knows Zed. Nobody has
    places, groups or interests: only who knows whom.
    """
    names = {
        "max": "Max",
        "flo": "Flo",
        "ann": "Ann",
        "bo": "Bo",
        "cy": "Cy",
        "kim": "Kim",
        "lou": "Lou",
        "zed": "Zed",
    }
    nodes: list[Node] = [Person(id=i, name=n) for i, n in names.items()]
    daily = {"frequency": 30, "mode": "in_person", "contexts": ["home", "work"]}
    weekly = {"frequency": 4.3, "mode": "in_person", "contexts": ["the allotments"]}
    ties: list[Tie] = [
        Knows(source="max", target="flo", **daily),  # type: ignore[arg-type]
        Knows(source="flo", target="lou", **daily),  # type: ignore[arg-type]
        *(Knows(source="max", target=f, **weekly) for f in ("ann", "bo", "cy")),  # type: ignore[arg-type]
        *(Knows(source=f, target="kim", **weekly) for f in ("ann", "bo", "cy")),  # type: ignore[arg-type]
        Knows(source="ann", target="zed", **weekly),  # type: ignore[arg-type]
    ]
    for i in range(busy_friends_contacts):
        nodes.append(Person(id=f"f{i}", name=f"Friend {i}"))
        ties.append(Knows(source="flo", target=f"f{i}", frequency=1, mode="phone"))
    return build_graph(nodes, ties)
