"""More of Eastfield, added to the API test world (`tests.api.conftest.world`) for the pages.

The test world has five residents, too few for any asset map to be published (at least 20), and
gives Pat no chain of connection. The pages need both, so this adds:

- 26 named residents of Eastfield who said yes, some of whom go to the library and a café;
- the library and the café *in* Eastfield, with coordinates, so the asset map draws them;
- a chess club that meets at the library on Tuesday mornings, when Pat is there, whose members
  like chess like Pat: a chain from Pat, through the library, to the club;
- a need of Pat's (company on Tuesdays), met by Ann, the paid care worker, today.

Every resident has a distinctive name, so a test can check that none of them (nor anyone in
the world) is on a commissioner's page.
"""

from __future__ import annotations

from graphsvc.model import (
    Group,
    HasNeed,
    In,
    InterestedIn,
    Knows,
    MeetsAt,
    MemberOf,
    MetBy,
    Need,
    Person,
    Space,
    Visits,
)

NAMES = (
    "Agnes Quill", "Bram Oyelaran", "Cora Fenwick", "Dev Anand-Lowe", "Edie Marchbank",
    "Finn Okoro", "Greta Halloway", "Hamid Rassouli", "Ines Varga", "Jory Pengelly",
    "Kit Ashdown", "Lena Strand", "Milo Thackeray", "Nell Ambrose", "Otis Kwarteng",
    "Pia Lindqvist", "Quentin Fairbrother", "Rosa Delacroix", "Sol Nakamura", "Tess Whitlock",
    "Uma Prakash", "Vic Ormerod", "Wren Castellano", "Xavi Ibarra", "Yara Haddad",
    "Zeb Mottram",
)  # fmt: skip


def crowd() -> tuple[list, list]:
    """Nodes and ties to upsert after the world (they refer to its hood, library and Pat)."""
    people = [
        Person(id=f"res{i:02d}", name=name, consent="given", birth_year=1940 + i)
        for i, name in enumerate(NAMES)
    ]
    nodes = [
        *people,
        Space(id="lib", name="Eastfield Library", kind="library", slots=["Tue 10:00-12:00"],
              lat=53.80, lon=-1.55),
        Space(id="cafe", name="Corner Cafe", kind="café", slots=["Mon 09:00-15:00"],
              lat=53.802, lon=-1.547),
        Group(id="chess-club", name="Eastfield Chess Club", kind="chess club",
              purpose="play chess together", slots=["Tue 10:00-12:00"]),
        Need(id="pat-company", what="Company on Tuesday mornings", tags=["company"],
             slots=["Tue 10:00-12:00"]),
    ]  # fmt: skip
    ties = [
        In(source="lib", target="hood"),
        In(source="cafe", target="hood"),
        In(source="chess-club", target="hood"),
        MeetsAt(source="chess-club", target="lib", slots=["Tue 10:00-12:00"]),
        HasNeed(source="pat", target="pat-company"),
        MetBy(source="pat-company", target="ann", hours_per_week=2),
    ]
    for i, p in enumerate(people):
        ties.append(In(source=p.id, target="hood"))
        if i % 2 == 0:
            ties.append(Visits(source=p.id, target="lib", slots=["Tue 10:00-12:00"], frequency=4))
        else:
            ties.append(Visits(source=p.id, target="cafe", frequency=2))
        if i < 8:
            ties += [
                MemberOf(source=p.id, target="chess-club", frequency=4),
                InterestedIn(source=p.id, target="chess"),
            ]
        if i:
            ties.append(Knows(source=p.id, target=people[i - 1].id, kind="neighbour",
                              frequency=2, mode="in_person"))  # fmt: skip
    return nodes, ties
