"""An API on a real store and a real register, with one signed-in user per role.

The world: Bea (a broker) looks after Pat; Pat knows Gil (consent given), Nia (never asked) and
Wyn (withdrew consent), goes to the library and has a paid worker. Bob (another broker) looks
after Ola, whom nobody in Pat's map knows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.model import (
    In,
    Interest,
    InterestedIn,
    Knows,
    Neighbourhood,
    PaidWorker,
    Person,
    Space,
    Supports,
    Visits,
)
from graphsvc.store.base import GraphStore
from graphsvc.synth import generate

ROLES = ("broker", "commissioner", "researcher", "admin")


def world() -> tuple[list, list]:
    people = [
        Person(id="pat", name="Pat Lane", consent="given", birth_year=1950),
        Person(id="gil", name="Gil Ross", consent="given"),
        Person(id="nia", name="Nia Hart", consent="not_asked", notes="lives at no. 4"),
        Person(id="wyn", name="Wyn Cole", consent="withdrawn", consent_date="2026-01"),
        Person(id="ola", name="Ola Berg", consent="given"),
    ]
    nodes = [
        *people,
        Neighbourhood(id="hood", name="Eastfield"),
        Space(id="lib", name="Eastfield Library", kind="library", slots=["Tue 10:00-12:00"]),
        PaidWorker(id="ann", name="Ann Fry", role="care_worker"),
        Interest(id="chess"),
    ]
    ties = [
        *(In(source=p.id, target="hood") for p in people),
        Knows(source="pat", target="gil", kind="friend", frequency=4, mode="in_person",
              since="2010", gives=["company"], receives=["company"]),
        Knows(source="pat", target="nia", kind="neighbour", frequency=8, mode="in_person"),
        Knows(source="pat", target="wyn", kind="family", frequency=1, mode="phone"),
        Knows(source="gil", target="nia", kind="neighbour", frequency=2),
        Visits(source="pat", target="lib", slots=["Tue 10:00-12:00"]),
        Visits(source="gil", target="lib", slots=["Tue 10:00-12:00"]),
        InterestedIn(source="pat", target="chess"),
        InterestedIn(source="gil", target="chess"),
        Supports(source="ann", target="pat", role="care_worker", frequency=30,
                 mode="in_person", employer="provider"),
    ]  # fmt: skip
    return nodes, ties


@dataclass
class Api:
    """A client per role, the register behind them, and the store."""

    client: TestClient
    register: SqliteRegister
    store: GraphStore
    keys: dict[str, str]

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def get(self, who: str, url: str, **kw: Any) -> httpx2.Response:
        return self.client.get(url, headers=self.as_(who), **kw)


def build_api(
    store: GraphStore,
    tmp_path: Path,
    register_type: type[SqliteRegister] = SqliteRegister,
    **settings: Any,
) -> Iterator[Api]:
    store.upsert(*world())
    register = register_type(tmp_path / "register.sqlite")
    keys = {}
    for uid, role in [("bea", Role.broker), ("bob", Role.broker), ("cat", Role.commissioner),
                      ("rob", Role.researcher), ("ada", Role.admin)]:  # fmt: skip
        register.add_user(uid, uid.title(), role)
        keys[uid] = register.issue_key(uid).token
    for role, uid in zip(ROLES, ("bea", "cat", "rob", "ada"), strict=True):
        keys[role] = keys[uid]
    register.assign("bea", ["pat"])
    register.assign("bob", ["ola"])
    config = Settings(store="embedded", db=tmp_path / "unused.sqlite", secret="s" * 32,
                      export_key="ab" * 32, **settings)  # fmt: skip
    app = create_app(config, store_factory=lambda: store, register_factory=lambda: register)
    with TestClient(app) as client:
        yield Api(client, register, store, keys)
    register.close()


@pytest.fixture
def api(embedded_store: GraphStore, tmp_path: Path) -> Iterator[Api]:
    yield from build_api(embedded_store, tmp_path)


@pytest.fixture
def api_on(store: GraphStore, tmp_path: Path) -> Iterator[Api]:
    """The same API on each store in turn (embedded, then the real Neo4j)."""
    yield from build_api(store, tmp_path)


@pytest.fixture
def town_api(store: GraphStore, tmp_path: Path) -> Iterator[Api]:
    """The same API, with a synthetic town of 400 people in two neighbourhoods added to the
    world: big enough for asset maps and research exports to publish (groups of 5, at least 20
    residents a neighbourhood), on each store in turn."""
    town = generate(400, seed=5, neighbourhoods=2)
    store.upsert(town.nodes, town.ties)
    yield from build_api(store, tmp_path)
