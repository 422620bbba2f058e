"""Hand-made neighbourhoods whose asset-map figures are known by construction.

`holbeck` is one small neighbourhood; `HOLBECK` lists what its raw counts must be, worked out
from the records below by the definitions in `graphsvc.assets.counts` (not from any store's
output). `aged` is a neighbourhood built for differencing attacks on age groups.
"""

from __future__ import annotations

from graphsvc.model import (
    About,
    Group,
    HasNeed,
    In,
    Interest,
    InterestedIn,
    Knows,
    MeetsAt,
    MemberOf,
    Need,
    Neighbourhood,
    PaidWorker,
    Person,
    SkilledIn,
    Space,
    Supports,
    Visits,
    WantsToLearn,
)

AS_OF_YEAR = 2024


def _p(i: int) -> str:
    return f"p{i:02d}"


def holbeck() -> tuple[list, list]:
    """24 residents of n1 (p01-p24), one who withdrew consent (p25), one neighbour from n2 (x01).

    Places: a café (open Mon-Sat 08-17, about baking, with coordinates), a pub (daily 12-23,
    about quizzes, with coordinates), a park (no times, no coordinates). Groups: a quiz team
    (4 members, Thursdays at the pub), knit and natter (5 members, Tuesdays at the café), and a
    circle of support (3 members, at the café), which must never appear.
    """
    nodes: list = [
        Neighbourhood(id="n1", name="Holbeck"),
        Neighbourhood(id="n2", name="Beeston"),
        *(Person(id=_p(i), name=f"Person {i}", birth_year=1950 + i, consent="given")
          for i in range(1, 25)),
        Person(id="p25", name="Withdrawn Person", consent="withdrawn"),
        Person(id="x01", name="Visitor From Beeston"),
        Space(id="cafe", name="Bean There", kind="café", lat=53.80, lon=-1.56,
              slots=["Mon-Sat 08:00-17:00"]),
        Space(id="pub", name="The Crown", kind="pub", lat=53.801, lon=-1.55,
              slots=["daily 12:00-23:00"]),
        Space(id="park", name="Holbeck Moor", kind="park"),
        Group(id="quiz", name="Crown Quizzers", kind="quiz team", slots=["Thu 20:00-22:00"]),
        Group(id="knit", name="Knit and Natter", kind="knit and natter",
              slots=["Tue 13:30-15:30"]),
        Group(id="circle", name="Circle of support for Person 18", kind="circle of support"),
        *(Interest(name=n) for n in ("baking", "quizzes", "knitting", "chess", "painting")),
        PaidWorker(id="w1", name="Wendy Care", role="care_worker"),
        PaidWorker(id="w2", name="Pat Assistant", role="personal_assistant"),
        PaidWorker(id="w3", name="Dr Gee", role="gp"),
        Need(id="nd1", what="company at the football", tags=["company", "football"]),
        Need(id="nd2", what="going to a match", tags=["football"]),
        Need(id="nd3", what="help in the morning", tags=["care"]),
    ]  # fmt: skip
    ties: list = [
        *(In(source=_p(i), target="n1") for i in range(1, 26)),
        In(source="x01", target="n2"),
        *(In(source=a, target="n1") for a in ("cafe", "pub", "park", "quiz", "knit", "circle")),
        MeetsAt(source="quiz", target="pub", slots=["Thu 20:00-22:00"]),
        MeetsAt(source="knit", target="cafe"),
        MeetsAt(source="circle", target="cafe"),
        About(source="cafe", target="baking"),
        About(source="pub", target="quizzes"),
        About(source="quiz", target="quizzes"),
        About(source="knit", target="knitting"),
        # café: p01-p06 visit (and x01, p25, who are not counted)
        *(Visits(source=_p(i), target="cafe") for i in (1, 2, 3, 4, 5, 6, 25)),
        Visits(source="x01", target="cafe"),
        *(Visits(source=_p(i), target="pub") for i in (7, 8, 9, 10)),
        Visits(source="p21", target="park"),
        *(MemberOf(source=_p(i), target="quiz") for i in (9, 10, 11, 12)),
        *(MemberOf(source=_p(i), target="knit") for i in (1, 2, 15, 16, 17)),
        *(MemberOf(source=_p(i), target="circle") for i in (18, 19, 20)),
        # unpaid ties: a ring p01-p15 (2+ each), pairs p16-p17, p18-p19, p20-p21 (one each),
        # p22-p24 none; a second account of p01-p02 and a tie from x01 change no bucket
        *(Knows(source=_p(i), target=_p(i % 15 + 1)) for i in range(1, 16)),
        Knows(source="p02", target="p01"),
        Knows(source="x01", target="p01"),
        Knows(source="p16", target="p17"),
        Knows(source="p19", target="p18"),
        Knows(source="p20", target="p21"),
        Supports(source="w1", target="p22", role="care_worker", hours_per_week=10),
        Supports(source="w1", target="p23", role="care_worker", hours_per_week=12.5),
        Supports(source="w1", target="p24", role="care_worker", hours_per_week=8),
        *(Supports(source="w2", target=_p(i), hours_per_week=5) for i in range(18, 24)),
        Supports(source="w3", target="p24"),
        *(InterestedIn(source=_p(i), target="baking") for i in range(1, 7)),
        *(InterestedIn(source=_p(i), target="quizzes") for i in range(7, 13)),
        *(InterestedIn(source=_p(i), target="knitting") for i in range(13, 18)),
        *(InterestedIn(source=_p(i), target="chess") for i in range(18, 22)),
        *(WantsToLearn(source=_p(i), target="painting") for i in range(22, 25)),
        SkilledIn(source="p01", target="knitting"),
        HasNeed(source="p22", target="nd1"),
        HasNeed(source="p23", target="nd2"),
        HasNeed(source="p24", target="nd3"),
    ]
    return nodes, ties


#: Raw counts of holbeck's n1, by the definitions (see the comments in `holbeck`).
HOLBECK = {
    "population": 24,
    "reach": {"cafe": 9, "pub": 6, "park": 1, "quiz": 4, "knit": 5},
    "reached": 16,
    "unpaid_ties": (3, 6, 15),
    "paid": {  # role: (people, hours, people with hours unknown)
        "care_worker": (3, 30.5, 0),
        "gp": (1, 0.0, 1),
        "personal_assistant": (6, 30.0, 0),
    },
    "interests": {
        "baking": (6, 0, 0),
        "chess": (4, 0, 0),
        "knitting": (5, 0, 1),
        "painting": (0, 3, 0),
        "quizzes": (6, 0, 0),
    },
    "need_tags": {"care": 1, "company": 1, "football": 2},
}


def aged(hood: str = "n1") -> tuple[list, list]:
    """``hood`` with 58 residents by age (as of 2024) and who has no unpaid tie at all.

    50-64: 25 people, 2 with no tie. 65-79: 25 people, 7 with none. 80+: 3 people, 1 with none.
    Birth year unknown: 5 people, all with ties. Everyone else is in a ring of friends.
    """
    groups = [(1965, 25, 2), (1950, 25, 7), (1935, 3, 1), (None, 5, 0)]
    nodes: list = [Neighbourhood(id=hood)]
    ties: list = []
    ring: list[str] = []
    k = 0
    for born, size, alone in groups:
        for j in range(size):
            k += 1
            pid = f"{hood}-a{k:02d}"
            year = None if born is None else born + j % 10
            nodes.append(Person(id=pid, birth_year=year))
            ties.append(In(source=pid, target=hood))
            if j >= alone:
                ring.append(pid)
    ties += [Knows(source=a, target=b) for a, b in zip(ring, ring[1:] + ring[:1], strict=True)]
    return nodes, ties
