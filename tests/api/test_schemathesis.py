"""Property-based tests of the whole API from its own OpenAPI document, as each role.

Schemathesis generates requests for every operation from the schema FastAPI publishes (valid
ones and, in its negative phase, invalid ones) and checks each response: never a 5xx, and the
status, content type and body as documented. It runs in-process on the ASGI app, on the
embedded store with the world of ``tests/api/conftest.py``, a bounded number of examples per
operation and role, derandomised so a failure reproduces.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from graphsvc.api import create_app
from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.store.embedded import EmbeddedStore
from tests.api.conftest import ROLES, world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def _app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    """One app for the module (schemathesis keeps an ASGI app's lifespan open), and a key
    per role."""
    tmp: Path = tmp_path_factory.mktemp("schemathesis")
    store = EmbeddedStore(tmp / "graph.sqlite")
    store.upsert(*world())
    register = SqliteRegister(tmp / "register.sqlite")
    keys = {}
    for uid, role in [("bea", Role.broker), ("cat", Role.commissioner),
                      ("rob", Role.researcher), ("ada", Role.admin)]:  # fmt: skip
        register.add_user(uid, uid.title(), role)
        keys[role.value] = register.issue_key(uid).token
    register.assign("bea", ["pat"])
    conf = Settings(store="embedded", db=tmp / "unused.sqlite", secret="s" * 32,
                    export_key="ab" * 32)  # fmt: skip
    app = create_app(conf, store_factory=lambda: store, register_factory=lambda: register)
    yield app, keys
    register.close()
    store.close()


#: The schema comes from an app built at import (the document needs no store); the requests go
#: to the module's live app. (Schemathesis' lazy ``from_fixture`` does not run under pytest 9.)
schema = schemathesis.openapi.from_dict(
    create_app(Settings(store="embedded", secret="s" * 32)).openapi()
)


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_api_keeps_its_own_schema(
    case: Any, role: str, _app: tuple[Any, dict[str, str]]
) -> None:
    app, keys = _app
    case.call_and_validate(app=app, headers={"Authorization": f"Bearer {keys[role]}"},
                           checks=CHECKS)  # fmt: skip


def test_the_document_says_errors_are_problems_and_keys_sign_in() -> None:
    doc = schema.raw_schema
    assert set(doc["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            errors = {s: r for s, r in op["responses"].items() if s[0] in "45"}
            assert all(list(r["content"]) == ["application/problem+json"]
                       for r in errors.values()), (method, path)  # fmt: skip
            signed_in = path not in ("/health", "/ready")
            assert ("security" in op) == signed_in, (method, path)
            assert ("401" in errors) == signed_in, (method, path)
