"""Importing spreadsheets: all or nothing, problems a person can find and fix, on both stores.

Tests marked with the ``store`` fixture run once on the embedded store and once on a real
Neo4j. Expected graphs are built from model records (`build_graph`), never read back from the
store under test.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.io.export import write_csv
from graphsvc.io.importer import import_files
from graphsvc.io.lookup import stored_labels
from graphsvc.model import Interest, InterestedIn, Knows, Label, Person, RelType, SkilledIn
from graphsvc.store.base import Counts, GraphStore
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.io.conftest import same_graph, small_world, write_table

PEOPLE = 1000
KNOWS_ROWS = 10_000


def _big_files(folder: Path, *, bad_row: int, bad: dict[str, str]) -> Path:
    """1,000 people and 10,000 knows rows; the data row at spreadsheet row ``bad_row`` spoilt."""
    write_table(
        folder / "people.csv", ["id", "name"], ((f"p{i:04d}", f"P {i}") for i in range(PEOPLE))
    )
    header = ["source", "target", "since", "frequency"]
    rows = []
    for n in range(KNOWS_ROWS):
        i, j = divmod(n, 10)
        row = {
            "source": f"p{i:04d}",
            "target": f"p{(i + j + 1) % PEOPLE:04d}",
            "since": "2019",
            "frequency": str(j + 1),
        }
        if n + 2 == bad_row:  # row 1 is the header
            row.update(bad)
        rows.append([row[h] for h in header])
    write_table(folder / "knows.csv", header, rows)
    return folder


@pytest.mark.parametrize(
    ("bad", "column", "value", "words"),
    [
        ({"since": "31/12/2020"}, "since", "31/12/2020", "write 2020-12-31"),
        ({"target": "p9999"}, "target", "p9999", "no Person with this id"),
        ({"frequency": "often"}, "frequency", "often", "write a number"),
    ],
    ids=["bad-date", "unknown-person", "not-a-number"],
)
def test_one_bad_row_in_ten_thousand_writes_nothing_and_is_pointed_at(
    store: GraphStore, tmp_path: Path, bad: dict[str, str], column: str, value: str, words: str
) -> None:
    store.upsert(*small_world())
    before = store.to_networkx()
    folder = _big_files(tmp_path, bad_row=7_777, bad=bad)

    report = import_files(store, [folder])

    assert not report.ok and not report.written
    assert report.rows_read == {"knows.csv": KNOWS_ROWS, "people.csv": PEOPLE}
    [problem] = report.problems
    assert (problem.source, problem.row, problem.column, problem.value) == (
        "knows.csv",
        7_777,
        column,
        value,
    )
    assert words in problem.message
    same_graph(store.to_networkx(), before)


def test_reimporting_the_same_files_changes_nothing(store: GraphStore, tmp_path: Path) -> None:
    town = generate(60, seed=3)  # every kind of node and tie, with lists, dates and gaps
    write_csv(town.graph(), tmp_path)
    first = import_files(store, [tmp_path])
    assert first.ok and first.written, first.problems[:3]
    assert first.total_nodes == len(town.nodes) and first.total_ties == len(town.ties)
    before = store.to_networkx()
    same_graph(before, town.graph())

    again = import_files(store, [tmp_path])

    assert again.ok and again.written
    same_graph(store.to_networkx(), before)
    assert store.counts() == Counts(
        nodes={label: town.summary()[label] for label in Label},
        ties={t: town.summary()[t] for t in RelType},
    )


def test_a_tie_to_an_unknown_person_says_which_file_and_suggests_the_id(
    store: GraphStore, tmp_path: Path
) -> None:
    store.upsert([Person(id="zoe")])  # already stored: a tie to her is fine
    write_table(tmp_path / "people.csv", ["id", "name"], [["john", "John"], ["ann", "Ann"]])
    write_table(tmp_path / "knows.csv", ["source", "target"], [["ann", "zoe"], ["ann", "jonh"]])

    report = import_files(store, [tmp_path])

    [problem] = report.problems
    assert str(problem) == (
        "knows.csv row 3, column target ('jonh'): no Person with this id in these files or in "
        "the store; add it to people.csv first; did you mean 'john'?"
    )
    assert store.counts().nodes["Person"] == 1


def test_ids_are_unique_across_files_and_against_the_store(
    store: GraphStore, tmp_path: Path
) -> None:
    store.upsert([Person(id="crown")])
    write_table(tmp_path / "people.csv", ["id"], [["ann"]])
    write_table(tmp_path / "spaces.csv", ["id", "name"], [["crown", "The Crown"], ["ann", "x"]])

    report = import_files(store, [tmp_path])

    found = {(p.source, p.row, p.column, p.value) for p in report.problems}
    assert found == {("spaces.csv", 2, "id", "crown"), ("spaces.csv", 3, "id", "ann")}
    messages = " ".join(p.message for p in report.problems)
    assert "already the id of a Person in the store" in messages
    assert "already the id of a Person (people.csv row 2)" in messages
    assert store.counts().nodes["Space"] == 0


class _Racing:
    """A store in which someone deletes a person between the import's check and its write."""

    def __init__(self, store: GraphStore, victim: str) -> None:
        self.store, self.victim = store, victim

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def upsert(self, nodes: object = (), ties: object = ()) -> object:
        self.store.delete_person(self.victim)
        return self.store.upsert(nodes, ties)  # type: ignore[arg-type]


def test_the_stores_own_refusal_is_mapped_back_to_file_rows(
    store: GraphStore, tmp_path: Path
) -> None:
    store.upsert([Person(id="gone"), Person(id="ann")])
    write_table(tmp_path / "people.csv", ["id"], [["bob"]])
    write_table(tmp_path / "knows.csv", ["source", "target"], [["ann", "bob"], ["ann", "gone"]])

    report = import_files(_Racing(store, "gone"), [tmp_path])  # type: ignore[arg-type]

    [problem] = report.problems
    assert (problem.source, problem.row, problem.column) == ("knows.csv", 3, "target")
    assert "the store refused it: no node with this id" in problem.message
    assert not report.written
    assert store.counts().ties["KNOWS"] == 0 and store.counts().nodes["Person"] == 1


def test_interests_named_in_ties_are_added(store: GraphStore, tmp_path: Path) -> None:
    write_table(tmp_path / "people.csv", ["id"], [["ann"], ["cat"]])
    write_table(
        tmp_path / "person_interests.csv",
        ["source", "target", "relation"],
        [["ann", "Rugby  Union", "interested_in"], ["cat", "rugby union", "Skilled in"]],
    )

    report = import_files(store, [tmp_path])

    assert report.ok, report.problems
    expected = build_graph(
        [Person(id="ann"), Person(id="cat"), Interest(id="rugby union", name="Rugby  Union")],
        [
            InterestedIn(source="ann", target="rugby union"),
            SkilledIn(source="cat", target="rugby union"),
        ],
    )
    same_graph(store.to_networkx(), expected)


def test_dry_run_checks_against_the_store_but_writes_nothing(
    store: GraphStore, tmp_path: Path
) -> None:
    store.upsert([Person(id="ann")])
    write_table(tmp_path / "people.csv", ["id", "name"], [["bob", "Bob"]])
    write_table(tmp_path / "knows.csv", ["source", "target"], [["ann", "bob"]])

    report = import_files(store, [tmp_path], dry_run=True)

    assert report.ok and report.dry_run and not report.written
    assert (report.nodes, report.ties) == ({"Person": 1}, {"KNOWS": 1})
    assert "Dry run" in report.headline()
    assert store.counts().nodes["Person"] == 1 and store.counts().ties["KNOWS"] == 0


# --- wording of realistic mistakes (the store does not matter here) ---------------------------


def _problems(tmp_path: Path, name: str, header: list[str], rows: list[list[str]]) -> list[str]:
    write_table(tmp_path / "people.csv", ["id"], [["ann"], ["bob"]])
    write_table(tmp_path / name, header, rows)
    with EmbeddedStore(":memory:") as store:
        return [str(p) for p in import_files(store, [tmp_path]).problems]


def test_a_typo_in_a_column_name_suggests_the_column(tmp_path: Path) -> None:
    [text] = _problems(
        tmp_path, "knows.csv", ["source", "target", "sinse"], [["ann", "bob", "2019"]]
    )
    assert text.startswith("knows.csv row 1, column sinse: unknown column; did you mean 'since'?")
    assert "The columns of knows.csv are: source, target, kind, since," in text


def test_a_uk_date_is_refused_with_the_date_to_write_instead(tmp_path: Path) -> None:
    [text] = _problems(
        tmp_path, "knows.csv", ["source", "target", "since"], [["ann", "bob", "31/12/2020"]]
    )
    assert text == (
        "knows.csv row 2, column since ('31/12/2020'): write a date as YYYY-MM-DD (or YYYY-MM, "
        "or YYYY when only the year is known); if you mean 31 December 2020, write 2020-12-31"
    )


def test_an_ambiguous_date_offers_both_readings(tmp_path: Path) -> None:
    [text] = _problems(
        tmp_path, "knows.csv", ["source", "target", "since"], [["ann", "bob", "03/04/2020"]]
    )
    assert text.endswith(
        "if you mean 3 April 2020, write 2020-04-03 (or 2020-03-04 for 4 March 2020)"
    )


def test_a_time_of_day_in_words_is_refused_with_an_example(tmp_path: Path) -> None:
    write_table(tmp_path / "spaces.csv", ["id"], [["crown"]])
    [text] = _problems(
        tmp_path,
        "visits.csv",
        ["source", "target", "slots"],
        [["ann", "crown", "Mon 10:00-12:00; Thursday evening"]],
    )
    assert text == (
        "visits.csv row 2, column slots ('Mon 10:00-12:00; Thursday evening'): cannot read slot "
        "'Thursday evening'; write a day and 24-hour times, like 'Thu 19:00-23:00'; say the hours "
        "instead, such as 'Thu 18:00-22:00' for a Thursday evening"
    )


def test_a_near_miss_of_a_choice_and_a_bad_list_item(tmp_path: Path) -> None:
    texts = _problems(
        tmp_path,
        "knows.csv",
        ["source", "target", "kind", "gives"],
        [["ann", "bob", "freind", "practical; lots"]],
    )
    assert texts == [
        "knows.csv row 2, column kind ('freind'): use one of: family, friend, neighbour, "
        "colleague, acquaintance, other; did you mean 'friend'?",
        "knows.csv row 2, column gives ('practical; lots'): item 2 ('lots'): use one of: "
        "practical, emotional, company, information, care, money",
    ]


def test_forgiving_spellings_are_accepted(tmp_path: Path) -> None:
    write_table(
        tmp_path / "people.csv",
        ["id", "Name", "Birth Year"],
        [["ann", "Ann", "1958"], ["bob", "", ""]],
    )
    write_table(
        tmp_path / "knows.csv",
        ["source", "target", "mode", "frequency", "gives"],
        [["ann", "bob", "In person", "Weekly", "Practical; company"]],
    )
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path])
        assert report.ok, report.problems
        G = store.to_networkx()
    assert G.nodes["ann"] == {"label": "Person", "name": "Ann", "birth_year": 1958}
    assert G.nodes["bob"] == {"label": "Person"}  # empty cells are unknown, not ""
    assert G.edges["ann", "bob", "KNOWS"] == {
        "type": "KNOWS",
        "mode": "in_person",
        "frequency": 4.3,
        "gives": ["practical", "company"],
    }


def test_missing_id_column_unknown_file_and_stray_values(tmp_path: Path) -> None:
    write_table(tmp_path / "people.csv", ["name"], [["Ann"]])
    write_table(tmp_path / "peeple.csv", ["id"], [["x"]])
    write_table(tmp_path / "groups.csv", ["id", "", "name"], [["g1", "oops", "Quiz"]])
    with EmbeddedStore(":memory:") as store:
        problems = import_files(store, [tmp_path]).problems
    texts = [str(p) for p in problems]
    assert texts[0] == (
        "groups.csv row 2: there are values in a column with no name in row 1; name the column "
        "or delete them"
    )
    assert texts[1].startswith(
        "peeple.csv ('peeple'): cannot tell what this file holds from its "
        "name; did you mean 'people'?"
    )
    assert texts[2] == "people.csv row 1, column id: this table needs a column id; add it to row 1"


def test_interest_rows_need_a_relation_and_the_row_is_not_kept(tmp_path: Path) -> None:
    texts = _problems(
        tmp_path,
        "person_interests.csv",
        ["source", "target", "relation"],
        [["ann", "Rugby", "likes"], ["bob", "Chess", ""]],
    )
    assert texts == [
        "person_interests.csv row 2, column relation ('likes'): not a relation graphsvc knows; "
        "use one of: interested_in, skilled_in, wants_to_learn",
        "person_interests.csv row 3, column relation: fill in the relation; use one of: "
        "interested_in, skilled_in, wants_to_learn",
    ]


# --- reading files as people save them ---------------------------------------------------------


def test_rows_are_numbered_as_a_spreadsheet_numbers_them(tmp_path: Path) -> None:
    text = '\ufeffid,notes\r\nann,"two\r\nlines"\r\n\r\nbob,x\r\ncat,"a""b"\r\n,no id\r\n'
    (tmp_path / "people.csv").write_bytes(text.encode("utf-8"))
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path])
    [problem] = report.problems
    assert (problem.row, problem.column) == (6, "id")  # the blank line is row 4
    assert report.rows_read == {"people.csv": 4}


def test_semicolon_separated_csv_and_a_file_not_in_utf8(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text(
        'id;name;free_slots\nann;Zoë;"Mon 10:00-12:00; Tue 10:00-12:00"\n', encoding="utf-8"
    )
    (tmp_path / "groups.csv").write_bytes("id,name\ng1,Caf\xe9 club\n".encode("cp1252"))
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path])
    [problem] = report.problems
    assert problem.source == "groups.csv" and "CSV UTF-8" in problem.message


def test_kind_option_and_its_mistakes(tmp_path: Path) -> None:
    write_table(tmp_path / "crm_export.csv", ["id", "name"], [["ann", "Ann"]])
    with EmbeddedStore(":memory:") as store:
        assert import_files(store, [tmp_path / "crm_export.csv"], kind="People").nodes == {
            "Person": 1
        }
        with pytest.raises(BadRequest, match="did you mean 'people'"):
            import_files(store, [tmp_path / "crm_export.csv"], kind="peeple")
        with pytest.raises(BadRequest, match="does not exist"):
            import_files(store, [tmp_path / "nope.csv"])
        (tmp_path / "old.xls").write_bytes(b"")
        with pytest.raises(BadRequest, match=r"save it as \.xlsx"):
            import_files(store, [tmp_path / "old.xls"])


def test_problems_beyond_the_cap_are_counted_not_kept(tmp_path: Path) -> None:
    write_table(tmp_path / "people.csv", ["id", "birth_year"], ([f"p{i}", "x"] for i in range(50)))
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path], max_problems=10)
    assert (len(report.problems), report.problems_not_listed, report.problem_count) == (10, 40, 50)
    assert not report.ok and "50 problems" in report.headline()


# --- asking the store about ids ------------------------------------------------------------------


class _Counting:
    """A store that counts the reads an import makes."""

    def __init__(self, store: GraphStore) -> None:
        self.store, self.gets, self.pages = store, 0, 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def get(self, node_id: str):
        self.gets += 1
        return self.store.get(node_id)

    def page(self, *args: object, **kwargs: object):
        self.pages += 1
        return self.store.page(*args, **kwargs)  # type: ignore[arg-type]


def test_store_lookup_asks_per_id_for_few_ids_and_walks_pages_for_many() -> None:
    with EmbeddedStore(":memory:") as inner:
        inner.upsert(*small_world())
        store = _Counting(inner)
        assert stored_labels(store, {"ann", "nobody"}) == {"ann": "Person"}  # type: ignore[arg-type]
        assert (store.gets, store.pages) == (2, 0)
        many = {f"x{i}" for i in range(500)} | {"crown", "quiz"}
        assert stored_labels(store, many) == {"crown": "Space", "quiz": "Group"}  # type: ignore[arg-type]
        assert store.gets == 2 and store.pages == 7  # one page per label present
        empty = _Counting(EmbeddedStore(":memory:"))
        assert stored_labels(empty, many) == {} and empty.gets == empty.pages == 0  # type: ignore[arg-type]


def test_importing_a_small_world_gives_exactly_its_graph(tmp_path: Path) -> None:
    nodes, _ = small_world()
    people = [n for n in nodes if n.label == "Person"]
    write_table(
        tmp_path / "people.csv",
        ["id", "name", "free_slots", "birth_year", "consent", "household"],
        [
            [
                p.id,
                p.name or "",
                "; ".join(p.free_slots or []),
                p.birth_year or "",
                p.consent or "",
                p.household or "",
            ]
            for p in people
        ],
    )
    write_table(
        tmp_path / "knows.csv",
        ["source", "target", "gives"],
        [["ann", "cat", "none"], ["cat", "ann", ""]],
    )
    with EmbeddedStore(":memory:") as store:
        assert import_files(store, [tmp_path]).ok
        G = store.to_networkx()
    expected = build_graph(
        people, [Knows(source="ann", target="cat", gives=[]), Knows(source="cat", target="ann")]
    )
    same_graph(G, expected)
    assert re.fullmatch(r"Mon \d\d:00-16:00", G.nodes["ann"]["free_slots"][0])


def test_a_refused_person_row_does_not_also_fail_every_tie_to_them(tmp_path: Path) -> None:
    write_table(tmp_path / "people.csv", ["id", "birth_year"], [["ann", "1958"], ["bob", "old"]])
    write_table(tmp_path / "knows.csv", ["source", "target"], [["ann", "bob"], ["bob", "ann"]])
    with EmbeddedStore(":memory:") as store:
        problems = import_files(store, [tmp_path]).problems
    assert [(p.source, p.row, p.column) for p in problems] == [("people.csv", 3, "birth_year")]


def test_files_with_the_same_name_in_two_folders_are_told_apart(tmp_path: Path) -> None:
    write_table(tmp_path / "a" / "people.csv", ["id"], [["ann"]])
    write_table(tmp_path / "b" / "people.csv", ["id", "birth_year"], [["bob", "old"]])
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path / "a", tmp_path / "b"])
    assert set(report.rows_read) == {
        str(tmp_path / "a" / "people.csv"),
        str(tmp_path / "b" / "people.csv"),
    }
    assert report.problems[0].source == str(tmp_path / "b" / "people.csv")


def test_a_file_with_history_imports_every_version(store: GraphStore, tmp_path: Path) -> None:
    """Rows with valid_to are past versions (decision 0005): each is its own record."""
    write_table(tmp_path / "people.csv", ["id"], [["ann"], ["bob"]])
    write_table(
        tmp_path / "knows.csv",
        ["source", "target", "frequency", "valid_from", "valid_to"],
        [
            ["ann", "bob", "monthly", "2015", "2020-03"],
            ["ann", "bob", "weekly", "2020-03", ""],
            ["ann", "bob", "yearly", "2010", "2011-05-31"],
        ],
    )
    report = import_files(store, [tmp_path])
    assert report.ok, report.problems
    assert report.ties == {"KNOWS": 3}
    seen = {
        day: store.to_networkx(as_of=date.fromisoformat(day)).edges.get(("ann", "bob", "KNOWS"))
        for day in ("2010-06-01", "2012-01-01", "2019-01-01", "2024-01-01")
    }
    assert {d: e and e["frequency"] for d, e in seen.items()} == {
        "2010-06-01": 0.08,
        "2012-01-01": None,
        "2019-01-01": 1.0,
        "2024-01-01": 4.3,
    }
    assert store.counts().ties["KNOWS"] == 1
