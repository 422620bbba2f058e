"""The injection corpus through the API: in every path id and query parameter, as each role.

Each string of `tests.fuzz.corpus.INJECTIONS` is sent, URL-encoded, wherever the API takes an
id or a name (people, spaces, groups, caseloads, the audit filters, paging cursors, the
neighbourhood of an asset map, a chain's need and interest), and written through the API as a
new person's id and name and inside records added to Pat's map. On both stores (on Neo4j, the
`SHORT_LIST` of Cypher-shaped strings, as each request costs several queries there):

- no answer is a server error (5xx);
- afterwards the world of ``tests/api/conftest.py`` is intact, property for property, and the
  only new records are the ones the requests meant to create.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from graphsvc.store.base import GraphStore
from tests.api.conftest import Api, build_api
from tests.fuzz.corpus import INJECTIONS, SHORT_LIST


@pytest.fixture
def api_on(store: GraphStore, tmp_path: Path) -> Iterator[Api]:
    yield from build_api(store, tmp_path)


def _state(store: GraphStore) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    G = store.to_networkx()
    return (
        {n: dict(a) for n, a in G.nodes(data=True)},
        {(k, u, v): dict(a) for u, v, k, a in G.edges(keys=True, data=True)},
    )


def _reads(v: str) -> list[tuple[str, str]]:
    """(role, URL) of every read that takes an id or name, with ``v`` in it."""
    q = quote(v, safe="")
    return [
        ("broker", f"/people/{q}"),
        ("broker", f"/people/{q}/map"),
        ("broker", f"/people/{q}/scores"),
        ("broker", f"/people/{q}/consent"),
        ("broker", f"/people/{q}/needs?after={q}"),
        ("broker", f"/people/pat/chains?need={q}&interest={q}"),
        ("broker", f"/people?after={q}"),
        ("broker", f"/spaces/{q}"),
        ("broker", f"/groups/{q}"),
        ("broker", f"/spaces?after={q}"),
        ("commissioner", f"/assets?neighbourhood={q}"),
        ("commissioner", f"/neighbourhoods?after={q}"),
        ("admin", f"/admin/caseloads/{q}"),
        ("admin", f"/admin/audit?person_id={q}&user_id={q}"),
    ]


def test_injected_ids_and_names_never_break_the_api_or_the_graph(api_on: Api) -> None:
    api = api_on
    # every string on the embedded store; on Neo4j (slower per request) the Cypher-shaped ones
    corpus = INJECTIONS if getattr(api.store, "path", None) else SHORT_LIST
    base_nodes, base_ties = _state(api.store)
    created: set[str] = set()
    posted_ties: set[tuple[str, str, str]] = set()
    errors: list[tuple[str, str, int]] = []
    for i, v in enumerate(corpus):
        for role, url in _reads(v):
            r = api.get(role, url)
            if r.status_code >= 500:
                errors.append((role, url, r.status_code))
        q = quote(v, safe="")
        put = api.client.put(f"/people/{q}", json={"name": v, "notes": v}, headers=api.as_("bea"))
        if put.status_code == 201:
            created.add(put.json()["id"])
            consent = api.client.put(
                f"/people/{q}/consent", json={"consent": "given"}, headers=api.as_("bea")
            )
            if consent.status_code >= 500:
                errors.append(("broker", f"PUT consent {v!r}", consent.status_code))
        elif put.status_code >= 500:
            errors.append(("broker", f"PUT /people/{v!r}", put.status_code))
        nid = f"api-{i}"
        body = {
            "nodes": [{"label": "Person", "id": nid, "name": v, "notes": v}],
            "ties": [{"type": "KNOWS", "source": "pat", "target": nid, "contexts": [v]}],
        }
        post = api.client.post("/people/pat/records", json=body, headers=api.as_("bea"))
        if post.status_code == 200:
            created.add(nid)
            posted_ties.add(("KNOWS", "pat", nid))
        elif post.status_code >= 500:
            errors.append(("broker", f"POST records {v!r}", post.status_code))
    assert not errors
    assert len(created) > len(corpus)  # most strings were taken as data, not refused

    nodes, ties = _state(api.store)
    assert {n: a for n, a in nodes.items() if n in base_nodes} == base_nodes
    assert {k: a for k, a in ties.items() if k in base_ties} == base_ties
    assert set(nodes) - set(base_nodes) == created
    assert set(ties) - set(base_ties) == posted_ties
