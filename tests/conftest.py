"""Fixtures shared by the whole suite: the stores, and a real Neo4j started once per session.

Neo4j comes from, in order: ``NEO4J_URI`` (an existing server; ``NEO4J_USER`` /
``NEO4J_PASSWORD`` / ``NEO4J_DATABASE`` as usual), else a Neo4j Community server that the suite
builds from Maven Central and starts on a free loopback port (see ``tests/neo4j_server.py``).
If neither works, Neo4j tests fail under ``CI=true`` and are skipped, with the reason, elsewhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphsvc.config import Settings
from graphsvc.store.base import GraphStore
from graphsvc.store.embedded import EmbeddedStore

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"Neo4j is required under CI=true and is not available: {reason}")
    pytest.skip(f"Neo4j not available: {reason}")


@pytest.fixture(scope="session")
def neo4j_settings() -> Iterator[Settings]:
    """Settings pointing at a live Neo4j: the one in NEO4J_URI, or one started for this run."""
    if os.environ.get("NEO4J_URI"):
        yield Settings(store="neo4j")
        return
    from tests.neo4j_server import LocalNeo4j

    server = LocalNeo4j()
    try:
        uri = server.start()
    except Exception as exc:  # the reason is shown; under CI it fails the tests
        _unavailable(f"could not start a local Neo4j: {exc}")
    try:
        yield Settings(store="neo4j", neo4j_uri=uri, neo4j_password=None)
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _neo4j_store(neo4j_settings: Settings) -> Iterator[GraphStore]:
    from graphsvc.store.neo4j import Neo4jStore

    store = Neo4jStore.from_settings(neo4j_settings)
    yield store
    store.close()


@pytest.fixture
def neo4j_store(_neo4j_store: GraphStore) -> Iterator[GraphStore]:
    """The session's Neo4j store, wiped before each test (cheaper than a server per test)."""
    _neo4j_store.clear()
    yield _neo4j_store


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "graph.sqlite")
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> GraphStore:
    """Each contract test runs once per store, unchanged."""
    return request.getfixturevalue(f"{request.param}_store")
