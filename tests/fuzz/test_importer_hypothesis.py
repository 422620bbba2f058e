"""Hypothesis on the importer: any CSV file imports, or is refused with its problems located.

A file of any record kind, with a header of some of its columns (and now and then one it does
not know), and rows of cells that are right for their column nine times in ten and anything at
all otherwise (quotes, separators, line breaks, spreadsheet formulas, NaN, dates that do not
exist), is imported into a store that already holds one node of every label. Whatever the file,
`Importer.finish` returns a report and raises nothing, and:

- either the report is clean and every record of the file is in the store;
- or nothing was written, and every problem names the file, a row of it (or none, for the file
  as a whole) and a column of its header (or none, for the row as a whole), with a message.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from graphsvc.io.importer import Importer
from graphsvc.io.read import sources
from graphsvc.io.schema import KINDS, Kind, Value
from graphsvc.model import Group, Interest, Need, Neighbourhood, PaidWorker, Person, Space
from graphsvc.store.embedded import EmbeddedStore

EXAMPLES = int(os.environ.get("GRAPHSVC_FUZZ_EXAMPLES", "150")) // 2 or 1
IDS = ["p1", "p2", "p3", "s1", "g1", "n1", "chess", "need1", "w1"]
_ANYTHING = [
    "", " ", "=HYPERLINK(\"http://x\",\"y\")", "+1", "@SUM(A1)", "a,b", 'say "hi"', "a\nb",
    "nan", "inf", "-0", "1e400", "9" * 30, "名前", "\u202e", "p1; p2", ";", "NULL",
]  # fmt: skip
_BY_VALUE: dict[Value, list[str]] = {
    Value.TEXT: ["p1", "p2", "Sam Brown", "x y", "chess"],
    Value.DATE: ["2019", "2019-05", "2019-05-14", "2019-02-30", "14/05/2019", "2019-5-1"],
    Value.INT: ["1950", "1950.0", "abc", "-1", "2200"],
    Value.FLOAT: ["4.3", "0", "-1", "4,3", "1,000", "12"],
    Value.LIST: ["Mon 10:00-12:00", "Mon-Fri 09:00-17:00; Sat 10:00-12:00", "a; b", "Mon 25:00"],
}


def _cell(kind: Kind, column: str) -> st.SearchStrategy[str]:
    col = kind.column(column)
    if column == "id":  # new nodes (an id already used by another label is a clash)
        good = st.sampled_from(["new1", "new2", "new3"])
    elif column in ("source", "target"):
        good = st.sampled_from(IDS)
    elif col.choices:
        two = "; ".join(col.choices[:2])
        good = st.sampled_from([*col.choices, two] if col.is_list else list(col.choices))
    else:
        good = st.sampled_from(_BY_VALUE.get(col.value, ["x"]))
    bad = st.sampled_from(_ANYTHING) | st.text(max_size=20)
    return st.sampled_from([True] * 9 + [False]).flatmap(lambda ok: good if ok else bad)


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[Kind, list[str], list[list[str]]]:
    """A kind, a header for it and some rows."""
    kind = draw(st.sampled_from(sorted(KINDS.values(), key=lambda k: k.name)))
    required = [group[0] for group in kind.required]
    optional = [c for c in kind.column_names if c not in required]
    header = required + draw(st.lists(st.sampled_from(optional), unique=True, max_size=5))
    if draw(st.sampled_from([False] * 9 + [True])):
        header.append(draw(st.sampled_from(["Unknown", "nmae", ""])))
    cells = [_cell(kind, c) if c in kind.column_names else st.text(max_size=5) for c in header]
    rows = draw(
        st.lists(
            st.tuples(*cells).map(list),
            min_size=1,
            max_size=6,
        )
    )
    return kind, header, rows


def _store() -> EmbeddedStore:
    store = EmbeddedStore(":memory:")
    store.upsert([
        Person(id="p1"), Person(id="p2"), Person(id="p3"), Space(id="s1"), Group(id="g1"),
        Neighbourhood(id="n1"), Interest(id="chess"), Need(id="need1"), PaidWorker(id="w1"),
    ])  # fmt: skip
    return store


@settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
@given(table=csv_file())
def test_any_csv_file_imports_or_is_refused_row_by_row(
    table: tuple[Kind, list[str], list[list[str]]],
) -> None:
    kind, header, rows = table
    store = _store()
    before = store.counts()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / kind.filename
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
        importer = Importer(store)
        for source in sources([path]):
            importer.add(source)
        report = importer.finish()
    try:
        if report.ok:
            event("imported")
            assert report.written
            nodes, _ = importer.records()
            for node in nodes:
                assert store.get(node.id) == node
            return
        event("refused")
        assert not report.written
        assert store.counts() == before  # all or nothing
        for p in report.problems:
            assert p.source and p.message, p
            assert kind.filename in p.source, p
            assert p.row is None or 1 <= p.row <= len(rows) + 1, (p, len(rows))
            assert p.column == "" or p.column in header, (p, header)
    finally:
        store.close()
