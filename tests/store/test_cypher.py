"""The Cypher files: every one is used, and each use passes exactly the parameters it names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from neo4j import exceptions as neo4j_errors

from graphsvc.errors import Conflict, StoreError, StoreUnavailable
from graphsvc.store import cypher
from graphsvc.store.neo4j import _translated

SOURCE = Path(__file__).resolve().parents[2] / "graphsvc" / "store" / "neo4j.py"


def uses() -> list[tuple[str, set[str]]]:
    """(query name, parameter names passed) for every query the Neo4j store sends."""
    found = []
    for node in ast.walk(ast.parse(SOURCE.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "run" and node.args and isinstance(node.args[0], ast.Call):
            inner = node.args[0]
            if getattr(inner.func, "id", "") == "query":
                found.append((inner.args[0].value, {k.arg for k in node.keywords}))
        elif name == "_write_chunks":
            text = node.args[1]  # query("name") or specialised("name", placeholder, value)
            assert isinstance(text, ast.Call) and getattr(text.func, "id", "") in (
                "query",
                "specialised",
            ), "_write_chunks must be given a named query"
            found.append((text.args[0].value, {"rows"}))
        elif name == "statements":
            found.append((node.args[0].value, set()))
    return found


def test_every_cypher_file_is_used_and_no_use_lacks_a_file() -> None:
    assert {name for name, _ in uses()} == set(cypher.names())


@pytest.mark.parametrize(("name", "passed"), uses(), ids=[n for n, _ in uses()])
def test_each_use_passes_exactly_the_parameters_the_query_names(
    name: str, passed: set[str]
) -> None:
    assert passed == cypher.parameters(name)


def test_queries_never_splice_values_into_text() -> None:
    text = SOURCE.read_text()
    assert 'f"MATCH' not in text and "f'MATCH" not in text and ".format(" not in text


def test_specialised_queries_take_only_schema_names() -> None:
    text = cypher.specialised("upsert_ties", "$(row.type)", "KNOWS")
    assert "[r:KNOWS]" in text and "$(row.type)" not in text
    with pytest.raises(ValueError, match="not a label or relationship type"):
        cypher.specialised("upsert_ties", "$(row.type)", "KNOWS]->() DETACH DELETE (")


def test_schema_makes_ids_unique_across_labels() -> None:
    stmts = cypher.statements("schema")
    assert any("REQUIRE n.id IS UNIQUE" in s and "Entity" in s for s in stmts)
    assert all("IF NOT EXISTS" in s for s in stmts)  # safe to apply again


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (neo4j_errors.ServiceUnavailable("down"), StoreUnavailable),
        (neo4j_errors.SessionExpired("gone"), StoreUnavailable),
        (neo4j_errors.AuthError("no"), StoreUnavailable),
        (neo4j_errors.TransientError("busy"), StoreUnavailable),
        (neo4j_errors.DatabaseUnavailable("starting"), StoreUnavailable),
        (neo4j_errors.ConstraintError("dup"), Conflict),
        (neo4j_errors.CypherSyntaxError("bad"), StoreError),
        (neo4j_errors.DriverError("odd"), StoreError),
    ],
)
def test_driver_errors_become_graphsvc_errors(raised: Exception, expected: type) -> None:
    with pytest.raises(expected) as info, _translated("bolt://example:7687"):
        raise raised
    assert "bolt://example:7687" in str(info.value) or expected is not StoreUnavailable


def test_every_driver_error_class_is_translated() -> None:
    """A new exception class in the driver must land in the tree, not escape as itself."""
    classes = [
        c for c in vars(neo4j_errors).values() if isinstance(c, type) and issubclass(c, Exception)
    ]
    for cls in classes:
        try:
            exc = cls("x")
        except TypeError:
            continue
        with pytest.raises((StoreError, Conflict)), _translated("bolt://x"):
            raise exc
