"""The research export through the API: pseudonyms, no names, the report, and a key it needs."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.io.pseudonymise import pseudonym
from graphsvc.model import Label
from tests.api.conftest import Api

KEY = bytes.fromhex("ab" * 32)  # what conftest configures: GRAPHSVC_EXPORT_KEY="abab..."


def test_the_export_has_no_names_and_no_original_ids(town_api: Api) -> None:
    G = town_api.store.to_networkx()
    r = town_api.get("rob", "/exports/research")
    assert r.status_code == 200, r.text
    assert r.headers["cache-control"] == "no-store"
    body = r.json()
    nodes = body["graph"]["nodes"]
    exported = {n["id"] for n in nodes}
    assert len(exported) > 300
    assert not exported & set(G.nodes), "an original id was exported"
    names = {a["name"] for _, a in G.nodes(data=True)
             if a["label"] in (Label.PERSON, Label.PAID_WORKER) and a.get("name")}  # fmt: skip
    assert not [name for name in names if name in r.text]
    # only interests keep a name (shared passions, as categories); nothing else keeps one
    assert not [n for n in nodes if n["label"] != "Interest" and ("name" in n or "notes" in n)]
    # the pseudonyms are the command line's under the same key, and withdrawn people are out
    withdrawn = [n for n, a in G.nodes(data=True) if a.get("consent") == "withdrawn"]
    given = [n for n, a in G.nodes(data=True) if a.get("consent") == "given"]
    assert withdrawn and given
    assert not {pseudonym(KEY, n) for n in withdrawn} & exported
    assert {pseudonym(KEY, n) for n in given} <= exported
    report = body["report"]
    assert report["people_exported"] == sum(1 for n in nodes if n["label"] == "Person")
    assert report["excluded_people"]["consent withdrawn"] == len(withdrawn)
    assert report["sentences"]
    assert [e.action for e in town_api.register.audit_log(user_id="rob")] == ["export_research"]


def _unzipped(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def test_csv_and_graphml_come_as_zips_with_the_report(town_api: Api) -> None:
    r = town_api.get("rob", "/exports/research?format=csv")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/zip"
    assert "research-csv.zip" in r.headers["content-disposition"]
    files = _unzipped(r.content)
    assert set(files) == {"nodes.csv", "ties.csv", "report.json"}
    rows = list(csv.DictReader(io.StringIO(files["nodes.csv"].decode("utf-8-sig"))))
    assert rows and not {r["id"] for r in rows} & {"pat", "p000002"}
    assert not [r for r in rows if r["label"] != "Interest" and r.get("name")]
    r = town_api.get("rob", "/exports/research?format=graphml")
    assert r.status_code == 200
    assert set(_unzipped(r.content)) == {"research.graphml", "report.json"}


@pytest.fixture
def keyless(embedded_store: object, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """An app whose operator set no export key (and one with a key far too short)."""
    from graphsvc.governance.sqlite import SqliteRegister
    from graphsvc.governance.types import Role

    register = SqliteRegister(tmp_path / "register.sqlite")
    register.add_user("rob", "Rob", Role.researcher)
    token = register.issue_key("rob").token
    settings = Settings(store="embedded", db=tmp_path / "unused.sqlite", secret="s" * 32)
    app = create_app(settings, store_factory=lambda: embedded_store,  # type: ignore[arg-type,return-value]
                     register_factory=lambda: register)  # fmt: skip
    with TestClient(app) as client:
        yield client, token
    register.close()


def test_no_key_configured_is_a_503_that_says_what_to_set(keyless: tuple[TestClient, str]) -> None:
    client, token = keyless
    r = client.get("/exports/research", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "GRAPHSVC_EXPORT_KEY" in r.json()["detail"]
    client.app.state.settings = Settings(store="embedded", secret="s" * 32, export_key="short")  # type: ignore[attr-defined]
    r = client.get("/exports/research", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 503 and "at least 16" in r.json()["detail"]
