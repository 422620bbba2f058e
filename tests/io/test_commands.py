"""The import, export and template commands, registered on a throwaway app as cli.py will."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphsvc.io.commands import export_command, import_command, template_command
from graphsvc.io.export import READERS
from tests.io.conftest import cli_app, write_table


@pytest.fixture
def run(tmp_path: Path):
    app, runner = (
        cli_app(
            tmp_path / "graph.sqlite",
            import_=import_command,
            export=export_command,
            template=template_command,
        ),
        CliRunner(),
    )

    def invoke(*args: str) -> object:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_template_import_export_as_a_user_would(run, tmp_path: Path) -> None:
    forms = tmp_path / "forms"
    result = run("template", "all", "--out", forms)
    assert result.exit_code == 0 and "examples" in result.stdout
    result = run("import", forms / "examples", "--dry-run")
    assert result.exit_code == 0, result.stdout
    assert "Dry run" in result.stdout and "would be written" in result.stdout
    result = run("import", forms / "examples")
    assert result.exit_code == 0 and "wrote 10 nodes and 16 ties" in result.stdout
    for fmt, name in (("graphml", "g.graphml"), ("gexf", "g.gexf"), ("json", "g.json")):
        result = run("export", fmt, tmp_path / name)
        assert result.exit_code == 0 and "10 nodes and 16 ties" in result.stdout
        assert READERS[fmt](tmp_path / name).number_of_nodes() == 10
    assert run("export", "csv", tmp_path / "out").exit_code == 0
    assert (tmp_path / "out" / "people.csv").is_file()
    assert run("template", "people", "--xlsx", "--out", forms).exit_code == 0
    assert (forms / "graphsvc-templates.xlsx").is_file()


def test_bad_rows_exit_2_with_a_short_list_and_a_full_csv(run, tmp_path: Path) -> None:
    write_table(
        tmp_path / "people.csv", ["id", "birth_year"], ([f"p{i}", "old"] for i in range(30))
    )
    result = run("import", tmp_path / "people.csv", "--show", "3", "--report", tmp_path / "p.csv")
    assert result.exit_code == 2
    assert "people.csv row 2, column birth_year: 'old'" in result.stdout
    assert "... and 27 more problems" in result.stdout
    assert "Nothing was written: 30 problems to fix" in result.stdout
    with (tmp_path / "p.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 30 and rows[-1]["row"] == "31" and rows[0]["what to fix"]


def test_json_report_on_stdout(run, tmp_path: Path) -> None:
    write_table(tmp_path / "people.csv", ["id"], [["ann"]])
    result = run("import", tmp_path, "--json")
    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["ok"] and report["written"] and report["nodes"] == {"Person": 1}


def test_argument_mistakes_are_graphsvc_errors(run, tmp_path: Path) -> None:
    from graphsvc.errors import BadRequest

    with pytest.raises(BadRequest, match="did you mean 'people'"):
        run("import", tmp_path, "--kind", "peple")
    with pytest.raises(BadRequest, match="does not exist"):
        run("import", tmp_path / "missing.csv")
    result = run("export", "pdf", tmp_path / "x.pdf")
    assert result.exit_code == 2 and "graphml" in result.output  # typer lists the choices
