"""``graphsvc review`` and ``graphsvc changes``, as a broker uses them, on both stores.

The commands run through a Typer app wired exactly as ``graphsvc/cli.py`` wires them.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from graphsvc.changes.commands import (
    apply_review,
    changes_command,
    read_review,
    review_columns,
    review_command,
    write_review,
)
from graphsvc.config import Settings
from graphsvc.errors import InvalidRecord
from graphsvc.model import (
    Group,
    Interest,
    InterestedIn,
    Knows,
    MemberOf,
    PaidWorker,
    Person,
    Space,
    Supports,
    Visits,
)
from graphsvc.store import open_store
from graphsvc.store.base import Revision


def ann_map() -> tuple[list, list]:
    nodes = [
        Person(id="ann", name="Ann"),
        Person(id="bob", name="Bob"),
        Person(id="cat", name="Cat"),
        PaidWorker(id="w1", name="Wendy", role="care_worker"),
        Space(id="crown", name="The Crown"),
        Group(id="quiz", name="Quiz team"),
    ]
    ties = [
        Knows(source="ann", target="bob", kind="family", frequency=0.2, mode="in_person",
              contexts=["family"], gives=["care", "company"], since="1980"),
        Knows(source="bob", target="ann", kind="family"),
        Knows(source="ann", target="cat", kind="neighbour", frequency=4.3, gives=[]),
        Supports(source="w1", target="ann", hours_per_week=10.5, role="care_worker",
                 tasks=["meals"]),
        Visits(source="ann", target="crown", frequency=4.3, slots=["Thu 19:00-22:00"]),
        MemberOf(source="ann", target="quiz", since="2019-05"),
        InterestedIn(source="ann", target="rugby union"),
        Knows(source="bob", target="cat"),  # not Ann's: not in her review
    ]  # fmt: skip
    return [*nodes, Interest(name="Rugby union")], ties


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """Settings for a fresh store of each kind, holding Ann's map since 1 June 2024."""
    if request.param == "embedded":
        chosen = Settings(store="embedded", db=tmp_path / "g.sqlite")
    else:
        request.getfixturevalue("neo4j_store")  # wiped for this test
        chosen = request.getfixturevalue("neo4j_settings")
    store = open_store(chosen)
    try:
        nodes, ties = ann_map()
        store.upsert(nodes, [t.model_copy(update={"valid_from": "2024-06-01"}) for t in ties])
    finally:
        store.close()
    return chosen


def make_app(settings: Settings) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = settings

    app.command("review")(review_command)
    app.command("changes")(changes_command)
    return app


def invoke(settings: Settings, *args: str) -> Result:
    return CliRunner().invoke(make_app(settings), list(args), catch_exceptions=True)


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=review_columns(), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_review_out_edit_apply_then_changes(settings: Settings, tmp_path: Path) -> None:
    sheet = tmp_path / "ann.csv"
    out = invoke(settings, "review", "ann", "--out", str(sheet))
    assert out.exit_code == 0, out.output
    assert "Wrote 7 ties of ann" in out.output

    rows = rows_of(sheet)
    assert [(r["type"], r["source"], r["target"]) for r in rows] == [
        ("KNOWS", "ann", "bob"),
        ("KNOWS", "bob", "ann"),
        ("KNOWS", "ann", "cat"),
        ("SUPPORTS", "w1", "ann"),
        ("VISITS", "ann", "crown"),
        ("MEMBER_OF", "ann", "quiz"),
        ("INTERESTED_IN", "ann", "rugby union"),
    ]  # Bob's tie to Cat is not Ann's: not in her review
    bob = rows[0]
    assert (bob["frequency"], bob["gives"], bob["kind"], bob["since"]) == (
        "0.2",
        "care;company",
        "family",
        "1980",
    )
    assert rows[2]["gives"] == "none"  # an empty list stays "gives nothing", not unknown
    assert "valid_from" not in rows[0]  # a review dates its changes itself

    bob["frequency"] = "weekly"  # the one edit: Ann now sees Bob every week
    write_rows(sheet, rows)
    applied = invoke(settings, "review", "ann", "--apply", str(sheet), "--on", "2025-01-15")
    assert applied.exit_code == 0, applied.output
    assert "0 new, 1 changed, 0 ended, 6 unchanged" in applied.output
    again = invoke(settings, "review", "ann", "--apply", str(sheet), "--on", "2025-01-15")
    assert "Nothing changed" in again.output  # applying the same file twice changes nothing

    picture = tmp_path / "ann.svg"
    report = invoke(
        settings, "changes", "ann", "--from", "2024-12-01", "--to", "2025-02-01",
        "--svg", str(picture),
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    assert "Bob: closer" in report.output
    assert "You now meet Bob every week; before it was every few months." in report.output
    assert "Cat: about the same" in report.output
    assert picture.read_text(encoding="utf-8").startswith("<svg")
    data = json.loads(
        invoke(settings, "changes", "ann", "--from", "2024-12-01", "--to", "2025-02-01",
               "--json").output
    )  # fmt: skip
    assert {t["other"]: t["change"] for t in data["ties"]} == {
        "bob": "stronger",
        "cat": "same",
        "w1": "same",
    }
    # before Ann's map was recorded there was nothing; every tie is new since then
    first = json.loads(
        invoke(settings, "changes", "ann", "--from", "2024-01-01", "--to", "2024-07-01",
               "--json").output
    )  # fmt: skip
    assert {t["change"] for t in first["ties"]} == {"new"}


def test_a_review_that_drops_and_adds_rows(settings: Settings, tmp_path: Path) -> None:
    sheet = tmp_path / "ann.csv"
    store = open_store(settings)
    try:
        write_review(store, "ann", sheet)
        rows = [r for r in rows_of(sheet) if r["type"] != "VISITS"]  # no longer goes there
        cat = next(r for r in rows if r["target"] == "cat")
        cat["kind"] = "friend"  # a friend now, not just a neighbour
        write_rows(sheet, rows)
        done = apply_review(store, "ann", sheet, date(2025, 1, 15))
        assert done == Revision(
            changed=[("KNOWS", "ann", "cat")],
            ended=[("VISITS", "ann", "crown")],
            unchanged=sorted(
                [
                    ("KNOWS", "ann", "bob"),
                    ("KNOWS", "bob", "ann"),
                    ("SUPPORTS", "w1", "ann"),
                    ("MEMBER_OF", "ann", "quiz"),
                    ("INTERESTED_IN", "ann", "rugby union"),
                ]
            ),
        )
        assert store.ego("ann", as_of=date(2025, 1, 14)).has_edge("ann", "crown", "VISITS")
        assert not store.ego("ann").has_edge("ann", "crown", "VISITS")
    finally:
        store.close()


def test_bad_rows_are_listed_by_row_and_nothing_is_written(
    settings: Settings, tmp_path: Path
) -> None:
    sheet = tmp_path / "ann.csv"
    assert invoke(settings, "review", "ann", "--out", str(sheet)).exit_code == 0
    rows = rows_of(sheet)
    rows[0]["since"] = "31/12/1980"  # row 2
    rows[2]["hours_per_week"] = "3"  # row 4: not a KNOWS column
    rows[3]["source"] = "nobody"  # row 5: not Ann's tie any more (w1 -> ann became nobody)
    rows[3]["target"] = "bob"
    rows.append(dict(rows[1]))  # row 9: the same tie as row 3
    rows.append({"type": "LIKES", "source": "ann", "target": "bob"})  # row 10
    write_rows(sheet, rows)
    result = invoke(settings, "review", "ann", "--apply", str(sheet), "--on", "2025-01-15")
    assert result.exit_code == 2
    text = result.stderr
    assert "Nothing was written: 5 problem(s)" in text
    assert "ann.csv row 2, field 'since'" in text and "write 1980-12-31" in text
    assert "ann.csv row 4, field 'hours_per_week': not used for KNOWS ties" in text
    assert "ann.csv row 5, field 'source'" in text
    assert "ann.csv row 9: the same tie as row 3" in text
    assert "ann.csv row 10, field 'type'" in text
    store = open_store(settings)
    try:  # nothing was written: the map is as it was
        assert store.ego("ann").edges["ann", "bob", "KNOWS"]["frequency"] == 0.2
    finally:
        store.close()


def test_a_missing_end_is_reported_by_its_row(settings: Settings, tmp_path: Path) -> None:
    sheet = tmp_path / "ann.csv"
    write_rows(sheet, [{"type": "KNOWS", "source": "ann", "target": "zed"}])
    store = open_store(settings)
    try:
        with pytest.raises(InvalidRecord) as info:
            apply_review(store, "ann", sheet, date(2025, 1, 15))
        assert str(info.value.problems[0]).startswith("ann.csv row 2, field 'target'")
    finally:
        store.close()


def test_mistakes_in_the_options_are_one_line(settings: Settings, tmp_path: Path) -> None:
    sheet = tmp_path / "ann.csv"
    for args, words in [
        (["review", "ann"], "give --out FILE.csv"),
        (["review", "ann", "--apply", str(sheet)], "--apply needs --on"),
        (["review", "ann", "--apply", str(sheet), "--on", "15/01/2025"], "YYYY-MM-DD"),
        (["changes", "ann", "--from", "2025-01-01", "--to", "2024-01-01"], "before --from"),
        (["review", "nobody", "--out", str(sheet)], "no Person with id 'nobody'"),
    ]:
        result = invoke(settings, *args)
        assert result.exit_code != 0
        assert words in str(result.exception), (args, result.exception)
    assert not sheet.exists()


def test_read_review_reads_what_write_review_wrote(settings: Settings, tmp_path: Path) -> None:
    sheet = tmp_path / "ann.csv"
    store = open_store(settings)
    try:
        write_review(store, "ann", sheet)
        ties = read_review(sheet, "ann")
        G = store.ego("ann")
        for t in ties:  # every property comes back as it was stored (validity aside)
            stored = {k: v for k, v in G.edges[t.source, t.target, t.type].items()}
            stored.pop("valid_from")
            assert {"type": t.type, **t.properties()} == stored
    finally:
        store.close()
