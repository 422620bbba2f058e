"""Templates: filled in by code, imported, exported and imported again give the same graph."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook

from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.io.export import write_csv
from graphsvc.io.importer import import_files
from graphsvc.io.schema import KINDS
from graphsvc.io.templates import EXAMPLES, write_csv_templates, write_xlsx_template
from graphsvc.model import RelType
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore
from tests.io.conftest import same_graph, small_world

_KIND_OF_TYPE = {t.value: k.name for k in KINDS.values() for t in k.types}
_KIND_OF_LABEL = {k.label.value: k.name for k in KINDS.values() if k.label is not None}


def _cell(value: object) -> str:
    """How a person would type a value: lists with '; ', an empty list as none."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value) if value else "none"
    return str(value)


def _fill(folder: Path) -> None:
    """Append the small world's records to the blank templates, by column name."""
    nodes, ties = small_world()
    rows: dict[str, list[dict[str, object]]] = {}
    for n in nodes:
        rows.setdefault(_KIND_OF_LABEL[n.label], []).append({"id": n.id, **n.properties()})
    for t in ties:
        row = {"source": t.source, "target": t.target, **t.properties()}
        if t.type in (RelType.INTERESTED_IN, RelType.SKILLED_IN, RelType.WANTS_TO_LEARN):
            row["relation"] = t.type.lower()
        rows.setdefault(_KIND_OF_TYPE[t.type], []).append(row)
    for kind, records in rows.items():
        path = folder / f"{kind}.csv"
        with path.open(encoding="utf-8-sig", newline="") as f:
            header = next(csv.reader(f))
        with path.open("a", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([_cell(r.get(c)) for c in header] for r in records)


def test_templates_filled_imported_exported_and_reimported_give_the_same_graph(
    store: GraphStore, tmp_path: Path
) -> None:
    write_csv_templates(tmp_path / "forms")
    _fill(tmp_path / "forms")
    expected = build_graph(*small_world())

    report = import_files(store, [tmp_path / "forms"])

    assert report.ok, report.problems
    same_graph(store.to_networkx(), expected)
    write_csv(store.to_networkx(), tmp_path / "export")
    with EmbeddedStore(":memory:") as again:
        assert import_files(again, [tmp_path / "export"]).ok
        same_graph(again.to_networkx(), expected)


def test_blank_templates_import_nothing_and_examples_are_apart(tmp_path: Path) -> None:
    paths = write_csv_templates(tmp_path)
    assert len(paths) == 2 * len(KINDS)
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [tmp_path])  # the examples/ subfolder is not read
        assert report.ok and report.total_nodes == report.total_ties == 0
        assert len(report.rows_read) == len(KINDS)
        examples = import_files(store, [tmp_path / "examples"])
        assert examples.ok, examples.problems
        assert examples.nodes["Person"] == len(EXAMPLES["people"])
        assert examples.ties["SKILLED_IN"] == 1 and examples.nodes["Interest"] == 2


def test_templates_never_replace_filled_in_files(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_text("id\nann\n")
    with pytest.raises(BadRequest, match=r"people\.csv already exists; use --force"):
        write_csv_templates(tmp_path, "people")
    assert (tmp_path / "people.csv").read_text() == "id\nann\n"
    assert len(write_csv_templates(tmp_path, ["people", "knows"], overwrite=True)) == 4
    with pytest.raises(BadRequest, match="did you mean 'knows'"):
        write_csv_templates(tmp_path, "knowz")


def test_the_workbook_explains_every_column_and_imports_as_blank(tmp_path: Path) -> None:
    path = write_xlsx_template(tmp_path / "forms.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["README", *KINDS]
    readme = "\n".join(str(c) for row in wb["README"].iter_rows(values_only=True) for c in row if c)
    for kind in KINDS.values():
        assert f"Sheet {kind.name}: {kind.title}" in readme
        header = next(wb[kind.name].iter_rows(values_only=True))
        assert list(header) == kind.column_names
        assert wb[kind.name].max_row == 1  # no example rows to import by accident
        for i, column in enumerate(kind.columns, start=1):
            assert column.help in wb[kind.name].cell(row=1, column=i).comment.text
    assert "Empty means unknown" in readme and "none" in readme
    assert wb["people"].column_dimensions["A"].number_format == "@"  # ids stay text in Excel
    assert wb["spaces"].column_dimensions["D"].number_format != "@"  # lat is a number
    with EmbeddedStore(":memory:") as store:
        report = import_files(store, [path])
        assert report.ok and report.total_nodes == 0 and len(report.rows_read) == len(KINDS)


def test_the_docs_describe_every_template_column() -> None:
    """docs/import-export.md has a table per kind; a column added to the model must reach it."""
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import-export.md").read_text()
    sections = docs.split("#### ")
    for kind in KINDS.values():
        [section] = [s for s in sections if s.startswith(f"`{kind.filename}`")]
        for column in kind.columns:
            assert f"| `{column.name}`" in section and column.help in section, (kind, column)
