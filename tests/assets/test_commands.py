"""``graphsvc assets``, through a Typer app wired the way ``graphsvc/cli.py`` wires commands."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from graphsvc.assets.commands import assets
from graphsvc.config import Settings
from graphsvc.errors import BadRequest
from graphsvc.store.embedded import EmbeddedStore
from tests.assets.worlds import aged, holbeck


def make_app(db: Path) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = Settings(store="embedded", db=db)

    app.command("assets")(assets)
    return app


@pytest.fixture
def app(tmp_path: Path) -> typer.Typer:
    db = tmp_path / "g.sqlite"
    with EmbeddedStore(db) as store:
        store.upsert(*holbeck())
        store.upsert(*aged("n3"))
    return make_app(db)


def invoke(app: typer.Typer, *args: str) -> Result:
    return CliRunner().invoke(app, ["assets", *args], catch_exceptions=True)


def test_table_for_one_neighbourhood(app: typer.Typer) -> None:
    result = invoke(app, "n1")
    assert result.exit_code == 0, result.output
    assert "Asset map: n1" in result.output and "[c]" in result.output
    assert "Bean There" not in result.output  # names only with --names
    assert "Bean There" in invoke(app, "n1", "--names").output


def test_json_csv_geojson_and_pictures(app: typer.Typer, tmp_path: Path) -> None:
    data = json.loads(invoke(app, "n1", "--format", "json").output)
    assert data["isolation"]["unpaid_ties"]["none"] == "<5"
    rows = list(csv.DictReader(io.StringIO(invoke(app, "n1", "-f", "csv").output)))
    assert rows[0]["section"] == "population"
    out = tmp_path / "spaces.geojson"
    result = invoke(app, "n1", "-f", "geojson", "--out", str(out), "--pictures", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["type"] == "FeatureCollection"
    assert (tmp_path / "timetable-n1.svg").is_file() and (tmp_path / "map-n1.svg").is_file()


def test_several_neighbourhoods_side_by_side(app: typer.Typer) -> None:
    result = invoke(app, "n1", "n3")
    assert result.exit_code == 0, result.output
    assert "side by side" in result.output and "together" in result.output
    data = json.loads(invoke(app, "n1", "n3", "-f", "json").output)
    assert data["table"]["residents"] == {"n1": 25, "n3": 60, "together": 85}


def test_all_neighbourhoods_and_an_age_group(app: typer.Typer) -> None:
    data = json.loads(invoke(app, "-f", "json").output)
    assert data["neighbourhoods"] == ["n1", "n3"]  # n2 (one person) is left out, and said so
    data = json.loads(invoke(app, "n3", "--ages", "65-79,80+", "-f", "json").output)
    assert data["age_group"] == "65-79 + 80+"


def test_a_refused_query_raises_the_input_error_the_cli_turns_into_exit_2(
    app: typer.Typer,
) -> None:
    result = invoke(app, "n3", "--ages", "80+")
    assert isinstance(result.exception, BadRequest)
    assert "one age group at a time" in str(result.exception)
