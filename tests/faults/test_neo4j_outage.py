"""Neo4j out of reach: the API answers 503 with ``Retry-After`` (never 500) and recovers alone.

Two short versions, for the suite (the benchmark runner's ``faults`` step has the long one: a
real Neo4j crashed under load and kept down past the driver's retry budget):

- **down at start**: the API's driver talks to the session's Neo4j through a `Gate`
  (``tests/faults/gate.py``), a port that closes every connection while down (what a driver
  sees from a dead server). The API starts anyway; ``/ready``, a person's map and a write
  answer 503 with ``Retry-After``; once the gate opens they answer 200 *without a restart* and
  without anything polling ``/ready`` first.
- **a crash mid-traffic**: a Neo4j of its own (`RestartableNeo4j`: same launcher, a store and
  port that survive restarts) is killed with SIGKILL while requests are in flight, then started
  again. The requests waiting in the driver's retries finish (200, or 503: never 500), traffic
  is back to normal by itself, and every write the API acknowledged (2xx) is in Neo4j after its
  crash recovery, read directly, not through the API.

A request made while Neo4j stays down longer than the store's timeout (`Settings.neo4j_timeout`,
a few seconds) with the store already open answers 503 within seconds: see
``test_neo4j_timeout.py``; the runner's ``faults`` step measures it under load.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx2
import pytest
from pydantic import SecretStr

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.store.base import GraphStore
from graphsvc.store.neo4j import Neo4jStore
from tests.api.conftest import world
from tests.api.live import serve
from tests.faults.gate import Gate
from tests.faults.restartable_neo4j import RestartableNeo4j

pytestmark = pytest.mark.neo4j


@pytest.fixture
def gate(neo4j_settings: Settings, neo4j_store: GraphStore) -> Iterator[Gate]:
    """A gate to the session's Neo4j (wiped, with the API test world in it), starting down."""
    neo4j_store.upsert(*world())
    target = urlsplit(neo4j_settings.neo4j_uri)
    assert target.hostname and target.port
    with Gate((target.hostname, target.port), up=False) as g:
        yield g


@pytest.fixture
def served(
    gate: Gate, neo4j_settings: Settings, tmp_path: Path
) -> Iterator[tuple[httpx2.Client, str]]:
    """The API on Neo4j through the gate (which is down as it starts), and Bea's key."""
    register = SqliteRegister(tmp_path / "register.sqlite")
    register.add_user("bea", "Bea", Role.broker)
    key = register.issue_key("bea").token
    register.assign("bea", ["pat"])
    settings = neo4j_settings.model_copy(
        update={"neo4j_uri": gate.uri, "secret": SecretStr("s" * 32)}
    )
    app = create_app(settings, register_factory=lambda: register)  # the app opens the store
    try:
        with serve(app) as url, httpx2.Client(base_url=url, timeout=120) as http:
            yield http, key
    finally:
        register.close()


def _unavailable(response: httpx2.Response) -> None:
    assert response.status_code == 503, response.text
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["content-type"] == "application/problem+json"


def test_down_at_start_503_then_recovers_by_itself(
    served: tuple[httpx2.Client, str], gate: Gate, neo4j_store: GraphStore
) -> None:
    http, key = served
    bea = {"Authorization": f"Bearer {key}"}
    _unavailable(http.get("/ready"))
    _unavailable(http.get("/people/pat/map", headers=bea))
    _unavailable(http.put("/people/gil/consent", json={"consent": "withdrawn"}, headers=bea))
    assert http.get("/health").status_code == 200  # the process itself is fine

    gate.up()
    # no /ready first: the map request itself reconnects
    answer = http.get("/people/pat/map", headers=bea)
    assert answer.status_code == 200, answer.text
    assert answer.json()["centre"] == "pat"
    assert http.get("/ready").status_code == 200
    put = http.put("/people/gil/consent", json={"consent": "withdrawn"}, headers=bea)
    assert put.status_code == 200, put.text
    assert neo4j_store.get("gil").properties()["consent"] == "withdrawn"


def test_a_crash_of_neo4j_mid_traffic_loses_no_acknowledged_write(tmp_path: Path) -> None:
    """A real Neo4j of its own, killed with SIGKILL while requests are in flight and started
    again on the same port and store (crash recovery from its transaction log)."""
    with RestartableNeo4j() as neo:
        direct = Neo4jStore(neo.uri)  # to check, afterwards, without the API
        direct.upsert(*world())
        register = SqliteRegister(tmp_path / "register.sqlite")
        register.add_user("bea", "Bea", Role.broker)
        bea = {"Authorization": f"Bearer {register.issue_key('bea').token}"}
        register.assign("bea", ["pat"])
        settings = Settings(store="neo4j", neo4j_uri=neo.uri, neo4j_password=None, secret="s" * 32)
        app = create_app(settings, register_factory=lambda: register)
        statuses: list[int] = []
        acknowledged: list[str] = []
        lock = threading.Lock()
        try:
            with serve(app) as url, httpx2.Client(base_url=url, timeout=120) as http:

                def write(n: int) -> None:
                    nid = f"crash-nb-{n}"
                    body = {
                        "nodes": [{"label": "Person", "id": nid, "name": f"Neighbour {n}"}],
                        "ties": [{"type": "KNOWS", "source": "pat", "target": nid}],
                    }
                    r = http.post("/people/pat/records", json=body, headers=bea)
                    with lock:
                        statuses.append(r.status_code)
                        if 200 <= r.status_code < 300:
                            acknowledged.append(nid)

                def read() -> None:
                    r = http.get("/people/pat/map", headers=bea)
                    with lock:
                        statuses.append(r.status_code)

                write(0)
                read()
                neo.kill()  # mid-traffic: the pool's connections die with it
                threads = [
                    threading.Thread(target=f, args=a)
                    for f, a in [(write, (1,)), (read, ()), (write, (2,)), (read, ())]
                ]
                for t in threads:
                    t.start()
                neo.start()
                for t in threads:
                    t.join(timeout=120)
                write(3)
                read()
        finally:
            register.close()
        assert 500 not in statuses, statuses
        assert set(statuses) <= {200, 503}, statuses
        assert statuses[-2:] == [200, 200], statuses  # back to normal, by itself
        stored = {n for n in direct.to_networkx().nodes if str(n).startswith("crash-nb-")}
        direct.close()
        assert {"crash-nb-0", "crash-nb-3"} <= set(acknowledged)
        assert set(acknowledged) <= stored  # no acknowledged write lost, after crash recovery
