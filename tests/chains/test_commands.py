"""The chains command on the embedded store, without and with typer."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from graphsvc.chains import NoChainFound
from graphsvc.chains.commands import chains_command, run_chains
from graphsvc.config import Settings
from graphsvc.store.embedded import EmbeddedStore
from tests.chains.worlds import bus_town_records


def test_run_chains_text_and_json(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(*bus_town_records())
    text = run_chains(embedded_store, "sam", need="evenings")
    assert text.startswith("1. The Crown Quizzers (Group quiz), score")  # name first, then id
    assert "You see Dave every day." in text
    assert "estimate: a conversation starter, not a plan to reduce support" in text
    assert "The Book Club meets on Tuesdays at 10am." in text
    data = json.loads(run_chains(embedded_store, "sam", need="evenings", as_json=True))
    assert data["chains"][0]["nodes"] == ["sam", "dave", "crown", "quiz"]


def test_command_through_typer(embedded_store: EmbeddedStore, tmp_path: object) -> None:
    embedded_store.upsert(*bus_town_records())
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = Settings(store="embedded", db=embedded_store.path)

    app.command("chains")(chains_command)
    result = CliRunner().invoke(app, ["chains", "sam", "--interest", "rugby", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["chains"][0]["end"] == "quiz"


def test_no_chain_propagates(embedded_store: EmbeddedStore) -> None:
    from graphsvc.model import PaidWorker, Person, Supports

    embedded_store.upsert(
        [Person(id="rose", name="Rose"), PaidWorker(id="cw")],
        [Supports(source="cw", target="rose")],
    )
    with pytest.raises(NoChainFound, match="only paid support"):
        run_chains(embedded_store, "rose")
