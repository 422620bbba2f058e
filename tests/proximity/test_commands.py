"""``graphsvc score``: one person's ties through the store contract, on both stores."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from graphsvc.cli import app
from graphsvc.config import Settings
from graphsvc.errors import NotFound
from graphsvc.proximity import DIMENSIONS, person_ties, profile
from graphsvc.proximity.commands import run_score, score_command
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore
from tests.proximity.cases import CFG, dan_town, dan_town_records
from tests.test_cli import run

#: Dan's partners as the records say: three people he knows and three paid workers.
DANS_TIES = {"bev", "quinn", "agency_pa", "own_pa", "sw"}


def test_score_on_the_store_matches_the_pure_api(store: GraphStore) -> None:
    """The store path (one-hop map plus the store's interest rarity) scores Dan's ties exactly
    as the whole graph does: every dimension, commonality included, although the six walkers
    who make rugby rare in the town are not in Dan's map."""
    store.upsert(*dan_town_records())
    data = json.loads(run_score(store, "dan", config=CFG, as_json=True))
    assert {t["other"] for t in data["ties"]} == DANS_TIES
    overall = [t["overall"] for t in data["ties"]]
    assert overall == sorted(overall, reverse=True), "closest first"
    expected = person_ties(dan_town(), "dan", CFG).set_index("other")
    assert expected["commonality"].notna().any(), "the case must exercise interest rarity"
    for tie in data["ties"]:
        for dim in (*DIMENSIONS, "overall"):
            want = expected.loc[tie["other"], dim]
            got = tie[dim]
            assert (got is None and math.isnan(want)) or got == pytest.approx(want), (tie, dim)
    assert data["profile"]["paid_ties"] == 3
    assert data["total"] == len(DANS_TIES)


def test_text_shows_reasons_unknowns_and_the_caveat(embedded_store: EmbeddedStore) -> None:
    embedded_store.upsert(*dan_town_records())
    text = run_score(embedded_store, "dan", config=CFG, top=2)
    assert "Quinn Patel" in text
    assert "You meet every week, face to face." in text
    assert "... and 3 more" in text
    assert "not its Relational Health Audit" in text


def test_unknown_person_is_a_clear_not_found(embedded_store: EmbeddedStore) -> None:
    with pytest.raises(NotFound, match="nobody"):
        run_score(embedded_store, "nobody")


def test_the_cli_command(embedded_store: EmbeddedStore, tmp_path: Path) -> None:
    embedded_store.upsert(*dan_town_records())
    path = str(embedded_store.path)
    embedded_store.close()
    ok = CliRunner().invoke(app, ["--db", path, "score", "dan", "--json", "--top", "1"])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.output)["shown"] == 1
    bad = run("--db", path, "score", "nobody", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == "error: no Person with id 'nobody'"


def test_bad_config_file_is_refused(embedded_store: EmbeddedStore) -> None:
    sub = typer.Typer()

    @sub.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = Settings(store="embedded", db=embedded_store.path)

    sub.command("score")(score_command)
    result = CliRunner().invoke(sub, ["score", "dan", "--config", "/no/such/file.toml"])
    assert result.exit_code != 0
    assert "cannot read /no/such/file.toml" in str(result.exception)


def test_score_scores_each_tie_once(
    embedded_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The profile is built from the ties the command lists, not scored a second time."""
    import graphsvc.proximity.score as score

    real = score.score_one
    scored: list[tuple[Any, ...]] = []

    def counted(*args: Any, **kw: Any) -> dict[str, Any]:
        scored.append(args[1:3])  # (G, u, v, ...): the tie's two ends
        return real(*args, **kw)

    monkeypatch.setattr(score, "score_one", counted)
    embedded_store.upsert(*dan_town_records())
    data = json.loads(run_score(embedded_store, "dan", config=CFG, as_json=True))
    assert len(scored) == len(set(scored)) == data["total"] == len(DANS_TIES)
    assert data["profile"] == profile(dan_town(), "dan", CFG).model_dump(mode="json")
