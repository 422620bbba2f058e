"""Maps over time (decision 0005), run unchanged against the embedded store and a real Neo4j.

Ann's map has history: imported versions of her ties, then a review on 15 January 2025. Every
expected graph below is written out by hand from that story, never taken from a store.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphsvc.errors import BadRequest, InvalidRecord, NotFound
from graphsvc.model import (
    In,
    Knows,
    Neighbourhood,
    PaidWorker,
    Person,
    RelType,
    Space,
    Supports,
    Visits,
    period_start,
    valid_on,
)
from graphsvc.store.base import GraphStore, Revision
from graphsvc.store.embedded import EmbeddedStore

REVIEW = date(2025, 1, 15)


def people() -> list[Any]:
    return [
        Person(id="ann", name="Ann"),
        Person(id="bob", name="Bob"),
        Person(id="cat", name="Cat"),
        Person(id="dev", name="Dev"),
        Person(id="eve", name="Eve"),
        PaidWorker(id="w1", name="Wendy"),
        Space(id="crown", name="The Crown"),
    ]


def history() -> list[Any]:
    """Ann's ties as imported, history included (ties with valid_to are historical)."""
    return [
        Knows(source="ann", target="bob", frequency=1, valid_from="2018", valid_to="2022-06"),
        Knows(source="ann", target="bob", frequency=4.3, valid_from="2022-06"),
        Knows(source="ann", target="cat", kind="neighbour", valid_from="2019-03", valid_to="2021"),
        Knows(source="ann", target="dev", kind="friend"),
        Visits(source="ann", target="crown", frequency=4.3, valid_from="2020"),
        Supports(source="w1", target="ann", hours_per_week=10),
        Knows(source="bob", target="eve"),
    ]


def review() -> list[Any]:
    """The review: Bob as before, Dev more often, Eve new; the Crown and Wendy not confirmed."""
    return [
        Knows(source="ann", target="bob", frequency=4.3),
        Knows(source="ann", target="dev", kind="friend", frequency=8),
        Knows(source="ann", target="eve", kind="friend"),
    ]


@pytest.fixture
def reviewed(store: GraphStore) -> GraphStore:
    store.upsert(people(), history())
    store.revise("ann", review(), on=REVIEW)
    return store


def edges(G: Any) -> dict[tuple[str, str, str], dict[str, Any]]:
    return {(u, v, k): dict(d) for u, v, k, d in G.edges(keys=True, data=True)}


BOB_THEN = {"type": "KNOWS", "frequency": 1.0, "valid_from": "2018", "valid_to": "2022-06"}
BOB_NOW = {"type": "KNOWS", "frequency": 4.3, "valid_from": "2022-06"}
CAT = {"type": "KNOWS", "kind": "neighbour", "valid_from": "2019-03", "valid_to": "2021"}
DEV_THEN = {"type": "KNOWS", "kind": "friend", "valid_to": "2025-01-15"}
DEV_NOW = {"type": "KNOWS", "kind": "friend", "frequency": 8.0, "valid_from": "2025-01-15"}
EVE = {"type": "KNOWS", "kind": "friend", "valid_from": "2025-01-15"}
CROWN = {"type": "VISITS", "frequency": 4.3, "valid_from": "2020", "valid_to": "2025-01-15"}
WENDY = {"type": "SUPPORTS", "hours_per_week": 10.0, "valid_to": "2025-01-15"}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            date(2020, 6, 1),
            {
                ("ann", "bob", "KNOWS"): BOB_THEN,
                ("ann", "cat", "KNOWS"): CAT,
                ("ann", "dev", "KNOWS"): DEV_THEN,
                ("ann", "crown", "VISITS"): CROWN,
                ("w1", "ann", "SUPPORTS"): WENDY,
            },
        ),
        (
            date(2023, 1, 1),
            {
                ("ann", "bob", "KNOWS"): BOB_NOW,
                ("ann", "dev", "KNOWS"): DEV_THEN,
                ("ann", "crown", "VISITS"): CROWN,
                ("w1", "ann", "SUPPORTS"): WENDY,
            },
        ),
        (
            REVIEW,
            {
                ("ann", "bob", "KNOWS"): BOB_NOW,
                ("ann", "dev", "KNOWS"): DEV_NOW,
                ("ann", "eve", "KNOWS"): EVE,
                ("bob", "eve", "KNOWS"): {"type": "KNOWS"},
            },
        ),
    ],
    ids=["2020-06-01", "2023-01-01", "review-day"],
)
def test_ego_as_of_a_date_is_the_map_as_it_was(
    reviewed: GraphStore, day: date, expected: dict
) -> None:
    G = reviewed.ego("ann", hops=1, as_of=day)
    assert edges(G) == expected
    assert set(G) == {"ann"} | {end for key in expected for end in key[:2]}
    assert G.nodes["ann"] == {"label": "Person", "name": "Ann"}  # nodes are not versioned


def test_without_as_of_the_current_map_as_before(reviewed: GraphStore) -> None:
    assert edges(reviewed.ego("ann", hops=1)) == {
        ("ann", "bob", "KNOWS"): BOB_NOW,
        ("ann", "dev", "KNOWS"): DEV_NOW,
        ("ann", "eve", "KNOWS"): EVE,
        ("bob", "eve", "KNOWS"): {"type": "KNOWS"},
    }
    counts = reviewed.counts()  # current versions only
    assert (counts.ties["KNOWS"], counts.ties["VISITS"], counts.ties["SUPPORTS"]) == (4, 0, 0)


def test_period_boundaries_follow_the_string_rule(reviewed: GraphStore) -> None:
    # valid_to "2022-06": the old version holds on 31 May 2022, the new one from 1 June
    assert edges(reviewed.ego("ann", as_of=date(2022, 5, 31)))[("ann", "bob", "KNOWS")] == BOB_THEN
    assert edges(reviewed.ego("ann", as_of=date(2022, 6, 1)))[("ann", "bob", "KNOWS")] == BOB_NOW
    # before anything began, only the ties known "since always" are there
    assert set(edges(reviewed.ego("ann", as_of=date(2017, 12, 31)))) == {
        ("ann", "dev", "KNOWS"),
        ("w1", "ann", "SUPPORTS"),
    }


def test_the_walk_at_a_date_walks_only_ties_valid_then(reviewed: GraphStore) -> None:
    # eve is two steps away through bob today (and one through ann's new tie), but in 2023
    # only bob -> eve exists, so eve is reached at two hops and not at one
    assert "eve" not in reviewed.ego("ann", hops=1, as_of=date(2023, 1, 1))
    G = reviewed.ego("ann", hops=2, types=[RelType.KNOWS], as_of=date(2023, 1, 1))
    assert set(G) == {"ann", "bob", "dev", "eve"}
    assert ("ann", "eve", "KNOWS") not in edges(G)


def test_whole_graph_and_neighbourhood_as_of(store: GraphStore) -> None:
    store.upsert(
        [*people(), Neighbourhood(id="n1")],
        [
            In(source="ann", target="n1", valid_to="2021"),
            In(source="bob", target="n1", valid_from="2021"),
            Knows(source="ann", target="bob", valid_from="2019", valid_to="2020"),
        ],
    )
    then, now = date(2019, 6, 1), date(2024, 6, 1)
    assert set(edges(store.to_networkx(as_of=then))) == {
        ("ann", "n1", "IN"),
        ("ann", "bob", "KNOWS"),
    }
    assert set(edges(store.to_networkx(as_of=now))) == {("bob", "n1", "IN")}
    assert set(edges(store.to_networkx())) == {("bob", "n1", "IN")}
    assert set(store.neighbourhood("n1", as_of=then)) == {"n1", "ann"}
    assert set(store.neighbourhood("n1")) == {"n1", "bob"}
    assert store.to_networkx(as_of=then).number_of_nodes() == 8  # nodes are not versioned
    # asset aggregates count today's residents only
    assert store.asset_population(["n1"]) == {"n1": {None: 1}}


# --- upsert with history ------------------------------------------------------------------


def test_a_current_write_replaces_the_current_version_whatever_its_start(
    store: GraphStore,
) -> None:
    store.upsert(people(), [Knows(source="ann", target="bob", frequency=1, valid_from="2020")])
    store.upsert([], [Knows(source="ann", target="bob", frequency=2, valid_from="2021")])
    assert edges(store.to_networkx()) == {
        ("ann", "bob", "KNOWS"): {"type": "KNOWS", "frequency": 2.0, "valid_from": "2021"}
    }
    assert edges(store.to_networkx(as_of=date(2020, 6, 1))) == {}  # replaced, not ended
    store.upsert([], [Knows(source="ann", target="bob")])
    assert edges(store.to_networkx(as_of=date(1990, 1, 1))) == {
        ("ann", "bob", "KNOWS"): {"type": "KNOWS"}
    }


def test_a_historical_write_creates_or_replaces_the_version_with_its_start(
    store: GraphStore,
) -> None:
    old = {"source": "ann", "target": "bob", "valid_from": "2015", "valid_to": "2018"}
    store.upsert(people(), [Knows(**old, frequency=1), Knows(source="ann", target="bob")])
    store.upsert([], [Knows(**old, frequency=2)])
    got = edges(store.to_networkx(as_of=date(2016, 1, 1)))[("ann", "bob", "KNOWS")]
    assert got == {"type": "KNOWS", "frequency": 2.0, "valid_from": "2015", "valid_to": "2018"}
    assert store.counts().ties["KNOWS"] == 1  # the history is not counted
    # writing history with the current version's start turns that version into history
    store.upsert([], [Knows(source="ann", target="bob", valid_from="2010", frequency=3)])
    store.upsert([], [Knows(source="ann", target="bob", valid_from="2010", valid_to="2012")])
    assert edges(store.to_networkx()) == {}
    assert store.counts().ties["KNOWS"] == 0


def test_overlapping_history_shows_the_version_that_began_last(store: GraphStore) -> None:
    store.upsert(
        people(),
        [
            Knows(source="ann", target="bob", frequency=1),  # since always, still current
            Knows(source="ann", target="bob", frequency=2, valid_from="2015", valid_to="2018"),
        ],
    )
    assert edges(store.to_networkx(as_of=date(2016, 1, 1)))[("ann", "bob", "KNOWS")] == {
        "type": "KNOWS",
        "frequency": 2.0,
        "valid_from": "2015",
        "valid_to": "2018",
    }
    assert store.ego("ann", as_of=date(2016, 1, 1)).number_of_edges() == 1
    assert edges(store.to_networkx(as_of=date(2019, 1, 1)))[("ann", "bob", "KNOWS")] == {
        "type": "KNOWS",
        "frequency": 1.0,
    }


def test_a_bad_history_batch_writes_nothing(store: GraphStore) -> None:
    store.upsert(people(), history())
    before = [edges(store.to_networkx(as_of=date(y, 1, 1))) for y in (2019, 2023)]
    with pytest.raises(InvalidRecord, match="nobody"):
        store.upsert(
            [],
            [
                Knows(source="ann", target="cat", valid_from="2010", valid_to="2011"),
                Knows(source="ann", target="nobody", valid_to="2020"),
            ],
        )
    assert [edges(store.to_networkx(as_of=date(y, 1, 1))) for y in (2019, 2023)] == before


# --- revise -------------------------------------------------------------------------------


def test_revise_reports_what_it_did(store: GraphStore) -> None:
    store.upsert(people(), history())
    done = store.revise("ann", review(), on=REVIEW)
    assert done == Revision(
        new=[("KNOWS", "ann", "eve")],
        changed=[("KNOWS", "ann", "dev")],
        ended=[("SUPPORTS", "w1", "ann"), ("VISITS", "ann", "crown")],
        unchanged=[("KNOWS", "ann", "bob")],
    )
    assert done.changes == 4
    # the tie that was not the person's is untouched
    assert edges(store.to_networkx())[("bob", "eve", "KNOWS")] == {"type": "KNOWS"}


def test_running_the_same_review_again_changes_nothing(reviewed: GraphStore) -> None:
    days = [date(2020, 6, 1), date(2023, 1, 1), REVIEW, date(2030, 1, 1)]
    before = [edges(reviewed.to_networkx(as_of=d)) for d in days]
    again = reviewed.revise("ann", review(), on=REVIEW)
    assert again == Revision(
        unchanged=[("KNOWS", "ann", "bob"), ("KNOWS", "ann", "dev"), ("KNOWS", "ann", "eve")]
    )
    assert again.changes == 0
    assert [edges(reviewed.to_networkx(as_of=d)) for d in days] == before
    later = reviewed.revise("ann", review(), on=date(2026, 1, 1))  # a later review, too
    assert later.changes == 0
    assert [edges(reviewed.to_networkx(as_of=d)) for d in days] == before


def test_a_change_on_the_day_a_version_began_replaces_it(reviewed: GraphStore) -> None:
    done = reviewed.revise(
        "ann", [*review()[:2], Knows(source="ann", target="eve", kind="neighbour")], on=REVIEW
    )
    assert done.changed == [("KNOWS", "ann", "eve")]
    assert edges(reviewed.to_networkx(as_of=REVIEW))[("ann", "eve", "KNOWS")] == {
        **EVE,
        "kind": "neighbour",
    }
    assert edges(reviewed.to_networkx(as_of=date(2025, 1, 14))).get(("ann", "eve", "KNOWS")) is None


def test_a_review_confirming_nothing_ends_every_tie_of_the_person(reviewed: GraphStore) -> None:
    done = reviewed.revise("ann", [], on=date(2026, 3, 1))
    assert done.ended == [("KNOWS", "ann", "bob"), ("KNOWS", "ann", "dev"), ("KNOWS", "ann", "eve")]
    assert set(edges(reviewed.to_networkx())) == {("bob", "eve", "KNOWS")}
    # ended, never deleted: the map of the day before still has them
    assert len(reviewed.ego("ann", as_of=date(2026, 2, 28)).edges) == 4


@pytest.mark.parametrize(
    ("ties", "words"),
    [
        ([Knows(source="bob", target="eve")], "KNOWS tie 'bob' -> 'eve' does not touch 'ann'"),
        ([Knows(source="ann", target="bob", valid_from="2020")], "has valid_from 2020"),
        ([Knows(source="ann", target="bob", valid_to="2030")], "has valid_to 2030"),
    ],
    ids=["not-the-persons", "own-valid-from", "own-valid-to"],
)
def test_revise_refuses_ties_it_cannot_take(reviewed: GraphStore, ties: list, words: str) -> None:
    before = edges(reviewed.to_networkx())
    with pytest.raises(BadRequest, match=words):
        reviewed.revise("ann", [*review(), *ties], on=date(2026, 1, 1))
    assert edges(reviewed.to_networkx()) == before


def test_revise_refuses_a_date_before_what_it_would_end_and_writes_nothing(
    reviewed: GraphStore,
) -> None:
    before = edges(reviewed.to_networkx())
    with pytest.raises(BadRequest, match="began on 2025-01-15, after the review date 2024-12-01"):
        reviewed.revise("ann", review()[:1], on=date(2024, 12, 1))
    with pytest.raises(NotFound, match="no Person"):
        reviewed.revise("crown", [], on=REVIEW)
    with pytest.raises(InvalidRecord, match="nobody"):
        reviewed.revise("ann", [Knows(source="ann", target="nobody")], on=date(2026, 1, 1))
    assert edges(reviewed.to_networkx()) == before


# --- erasure ------------------------------------------------------------------------------


def test_erasure_removes_every_version(reviewed: GraphStore) -> None:
    receipt = reviewed.delete_person("ann")
    # bob: 2 imported versions; cat 1; dev 2; eve 1; crown 1; wendy 1
    assert receipt.ties == {"KNOWS": 6, "VISITS": 1, "SUPPORTS": 1}
    for day in (date(2019, 6, 1), date(2020, 6, 1), date(2023, 1, 1), REVIEW):
        assert set(edges(reviewed.to_networkx(as_of=day))) <= {("bob", "eve", "KNOWS")}
        assert "ann" not in reviewed.to_networkx(as_of=day)
    assert set(edges(reviewed.to_networkx())) == {("bob", "eve", "KNOWS")}


# --- the validity rule --------------------------------------------------------------------


def test_the_model_refuses_an_end_before_the_start_naming_the_field() -> None:
    with pytest.raises(ValueError, match="valid_to") as info:
        Knows(source="a", target="b", valid_from="2019-05", valid_to="2019")
    assert info.value.errors()[0]["loc"] == ("valid_to",)  # type: ignore[attr-defined]
    Knows(source="a", target="b", valid_from="2019", valid_to="2019-01")  # same first day
    Knows(source="a", target="b", valid_from="2019-05-14", valid_to="2019-05-14")


partial_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).flatmap(
    lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]])
)
full_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(partial=partial_dates, day=full_dates)
def test_string_comparison_is_period_start_comparison(partial: str, day: date) -> None:
    text = day.isoformat()
    assert (partial <= text) == (period_start(partial) <= day)
    assert (text < partial) == (day < period_start(partial))


@given(start=st.none() | partial_dates, end=st.none() | partial_dates, day=full_dates)
def test_valid_on_is_the_half_open_interval_of_period_starts(
    start: str | None, end: str | None, day: date
) -> None:
    expected = (start is None or period_start(start) <= day) and (
        end is None or day < period_start(end)
    )
    assert valid_on(start, end, day.isoformat()) == expected


# --- the embedded store's file ------------------------------------------------------------


def test_a_file_of_the_old_schema_is_migrated_and_its_ties_are_current(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('schema_version', '1');
        CREATE TABLE nodes (id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL)
            WITHOUT ROWID;
        CREATE INDEX nodes_label ON nodes (label, id);
        CREATE TABLE ties (
            type TEXT NOT NULL,
            source TEXT NOT NULL REFERENCES nodes (id),
            target TEXT NOT NULL REFERENCES nodes (id),
            props TEXT NOT NULL,
            PRIMARY KEY (type, source, target)
        ) WITHOUT ROWID;
        CREATE INDEX ties_source ON ties (source);
        CREATE INDEX ties_target ON ties (target);
        INSERT INTO nodes VALUES ('ann', 'Person', '{"name":"Ann"}'),
                                 ('bob', 'Person', '{}'), ('crown', 'Space', '{}');
        INSERT INTO ties VALUES ('KNOWS', 'ann', 'bob', '{"frequency":4.3,"since":"2015"}'),
                                ('VISITS', 'ann', 'crown', '{}');
        """
    )
    db.commit()
    db.close()

    with EmbeddedStore(path) as store:
        assert edges(store.to_networkx()) == {
            ("ann", "bob", "KNOWS"): {"type": "KNOWS", "frequency": 4.3, "since": "2015"},
            ("ann", "crown", "VISITS"): {"type": "VISITS"},
        }
        assert store.counts().ties["KNOWS"] == 1
        # current versions "since always": present on any date, and a review can end them
        assert len(store.ego("ann", as_of=date(1950, 1, 1)).edges) == 2
        done = store.revise("ann", [Knows(source="ann", target="bob", frequency=4.3, since="2015")],
                            on=REVIEW)  # fmt: skip
        assert done == Revision(
            ended=[("VISITS", "ann", "crown")], unchanged=[("KNOWS", "ann", "bob")]
        )
    with EmbeddedStore(path) as again:  # opening a migrated file again changes nothing
        assert set(edges(again.to_networkx())) == {("ann", "bob", "KNOWS")}
        assert len(again.ego("ann", as_of=date(2024, 1, 1)).edges) == 2
    check = sqlite3.connect(path)
    assert check.execute("SELECT value FROM meta").fetchone() == ("2",)
    columns = [r[1] for r in check.execute("PRAGMA table_info(ties)")]
    assert columns == ["type", "source", "target", "vfrom", "vto", "props"]
    check.close()


def test_history_and_current_of_one_start_in_one_batch_leave_the_current(
    store: GraphStore,
) -> None:
    """Contradictory but possible input: the current version wins, as it is written last."""
    store.upsert(people(), [Knows(source="ann", target="bob", valid_from="2020", frequency=1)])
    store.upsert(
        [],
        [
            Knows(source="ann", target="bob", valid_from="2020", valid_to="2022", frequency=2),
            Knows(source="ann", target="bob", valid_from="2020", frequency=3),
        ],
    )
    assert edges(store.to_networkx()) == {
        ("ann", "bob", "KNOWS"): {"type": "KNOWS", "frequency": 3.0, "valid_from": "2020"}
    }
    assert edges(store.to_networkx(as_of=date(2023, 1, 1))) == edges(store.to_networkx())
