"""Workbooks import exactly as the equivalent CSV files do, whatever Excel did to the cells."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from graphsvc.graph import build_graph
from graphsvc.io.importer import import_files
from graphsvc.model import Group as GroupNode
from graphsvc.model import Knows, MemberOf, Person
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore
from tests.io.conftest import same_graph, write_table


def _workbook(path: Path) -> Path:
    """Cells as Excel stores them: ids typed as numbers, a recognised date, a blank row."""
    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "README"
    readme.append(["anything here", "is never imported"])
    people = wb.create_sheet("People")
    people.append(["id", "name", "birth_year", "consent_date", "free_slots"])
    people.append([123, "Ann", 1958, datetime(2020, 12, 31), "Mon 10:00-12:00; Tue 10:00-12:00"])
    people.append([])  # a blank row: skipped, but still counted in row numbers
    people.append([124.0, "Bob", 1960.0, 2019, None])
    groups = wb.create_sheet("groups")
    groups.append(["id", "name", "slots"])
    groups.append(["quiz", 42, "Thu 20:00-22:00"])  # a name typed as a number is text
    knows = wb.create_sheet("knows")
    knows.append(["source", "target", "frequency", "since"])
    knows.append([123, 124.0, 4.3, "2019-05"])
    members = wb.create_sheet("Memberships")
    members.append(["source", "target", "frequency"])
    members.append([124, "quiz", "weekly"])
    wb.save(path)
    return path


def _csvs(folder: Path) -> Path:
    write_table(
        folder / "people.csv",
        ["id", "name", "birth_year", "consent_date", "free_slots"],
        [
            ["123", "Ann", "1958", "2020-12-31", "Mon 10:00-12:00; Tue 10:00-12:00"],
            [],
            ["124", "Bob", "1960", "2019", ""],
        ],
    )
    write_table(folder / "groups.csv", ["id", "name", "slots"], [["quiz", "42", "Thu 20:00-22:00"]])
    write_table(
        folder / "knows.csv",
        ["source", "target", "frequency", "since"],
        [["123", "124", "4.3", "2019-05"]],
    )
    write_table(
        folder / "memberships.csv", ["source", "target", "frequency"], [["124", "quiz", "weekly"]]
    )
    return folder


def test_a_workbook_imports_the_same_as_the_equivalent_csv_files(
    store: GraphStore, tmp_path: Path
) -> None:
    report = import_files(store, [_workbook(tmp_path / "town.xlsx")])
    assert report.ok, report.problems
    assert report.rows_read == {
        "town.xlsx, sheet People": 2,
        "town.xlsx, sheet groups": 1,
        "town.xlsx, sheet knows": 1,
        "town.xlsx, sheet Memberships": 1,
    }
    expected = build_graph(
        [
            Person(
                id="123",
                name="Ann",
                birth_year=1958,
                consent_date="2020-12-31",
                free_slots=["Mon 10:00-12:00", "Tue 10:00-12:00"],
            ),
            Person(id="124", name="Bob", birth_year=1960, consent_date="2019"),
            GroupNode(id="quiz", name="42", slots=["Thu 20:00-22:00"]),
        ],
        [
            Knows(source="123", target="124", frequency=4.3, since="2019-05"),
            MemberOf(source="124", target="quiz", frequency=4.3),
        ],
    )
    same_graph(store.to_networkx(), expected)
    with EmbeddedStore(":memory:") as from_csv:
        assert import_files(from_csv, [_csvs(tmp_path / "csv")]).ok
        same_graph(from_csv.to_networkx(), expected)


def test_workbook_problems_name_the_sheet_and_row(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "people"
    ws.append(["id", "birth_year"])
    ws.append(["ann", 1958])
    ws.append([])
    ws.append(["bob", "about 1960"])
    wb.create_sheet("Peeple").append(["id"])
    wb.save(tmp_path / "town.xlsx")
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path / "town.xlsx"])
    assert [str(p) for p in report.problems] == [
        "town.xlsx, sheet people row 4, column birth_year ('about 1960'): write a whole number, "
        "such as 1958, without words or decimals",
        "town.xlsx, sheet Peeple ('Peeple'): cannot tell what this sheet holds from its name; did "
        "you mean 'people'? Name it after a kind (people, paid_workers, spaces, groups, "
        "neighbourhoods, interests, needs, knows, supports, visits, memberships, meets_at, "
        "lives_in, person_interests, about, has_need, met_by)",
    ]
