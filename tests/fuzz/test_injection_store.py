"""A Cypher/SQL injection corpus through every text field and every id, on both stores.

For each string of `tests.fuzz.corpus.INJECTIONS`, one record of every kind carries it in every
text field the model takes (the first person also as its id); each batch is written with
``upsert``, read back with ``get``, ``ego``, ``page`` and ``neighbourhood``, and the same
string is then offered as an argument of every read. Afterwards:

- every record reads back exactly as the model made it;
- nothing else changed: the small world written first is intact, property for property, and
  the store holds exactly the records written (no node or tie more or less);
- a string offered where a label or relationship type is expected is refused before any
  query runs (graphsvc only ever puts whitelisted names into a query's text).

Deleting each injected person afterwards removes just them and their ties.
"""

from __future__ import annotations

from typing import Any

import pytest

from graphsvc.errors import BadRequest, InputError, NotFound
from graphsvc.model import Label, RelType
from graphsvc.store.base import GraphStore
from tests.fuzz.corpus import INJECTIONS, LABEL_INJECTIONS
from tests.fuzz.records import Built, build_world
from tests.store.test_contract import small_world


def _state(store: GraphStore) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    """Every node's label and properties, and every tie's properties, by key."""
    G = store.to_networkx()
    nodes = {n: dict(a) for n, a in G.nodes(data=True)}
    ties = {(k, u, v): dict(a) for u, v, k, a in G.edges(keys=True, data=True)}
    return nodes, ties


def _expected(built: Built) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    nodes = {n.id: {"label": n.label, **n.properties()} for n in built.nodes}
    ties = {t.key: {"type": t.type, **t.properties()} for t in built.ties}
    return nodes, ties


def test_injected_strings_are_stored_as_data_and_change_nothing_else(store: GraphStore) -> None:
    store.upsert(*small_world())
    base_nodes, base_ties = _state(store)
    want_nodes, want_ties = dict(base_nodes), dict(base_ties)
    worlds = [build_world(value, f"inj{i:02d}") for i, value in enumerate(INJECTIONS)]
    store.upsert(  # one transaction: a query broken by any string fails the whole batch
        [n for b in worlds for n in b.nodes], [t for b in worlds for t in b.ties]
    )
    people: list[str] = []
    refused = 0
    for value, built in zip(INJECTIONS, worlds, strict=True):
        refused += len(built.refused)
        nodes, ties = _expected(built)
        want_nodes |= nodes
        want_ties |= ties
        person = built.nodes[0].id
        people.append(person)
        got = store.get(person)
        assert {"label": got.label, **got.properties()} == nodes[person], value
        ego = store.ego(person, hops=1)
        assert set(ego.nodes) >= {t.target for t in built.ties if t.source == person}, value
        page = store.page(Label.PERSON, after=value, limit=5)  # the string as a cursor
        assert all(p.id > value for p in page.items), value
    member = next(t for t in worlds[0].ties if t.type == RelType.IN)
    assert member.source in store.neighbourhood(member.target).nodes
    assert refused > 0  # the over-long strings were refused, by field

    got_nodes, got_ties = _state(store)
    assert got_nodes == want_nodes  # every record as written, the world intact, nothing more
    assert got_ties == want_ties

    for value in INJECTIONS:  # the strings as arguments of every read
        for read in (store.get, store.ego, store.neighbourhood, store.delete_person):
            if value in want_nodes:
                continue  # an id that exists: not a probe
            with pytest.raises(NotFound):
                read(value)
        with pytest.raises(NotFound):
            store.asset_population([value])
    assert _state(store) == (got_nodes, got_ties)

    for person in people:
        receipt = store.delete_person(person)
        assert person in receipt.nodes["Person"]
    after_nodes, after_ties = _state(store)
    assert {n: a for n, a in after_nodes.items() if n in base_nodes} == base_nodes
    assert {k: a for k, a in after_ties.items() if k in base_ties} == base_ties
    assert not set(after_nodes) & set(people)


@pytest.mark.parametrize("name", LABEL_INJECTIONS)
def test_label_and_type_arguments_never_reach_a_query(store: GraphStore, name: str) -> None:
    """A label or type name from outside the whitelist is refused, or (embedded store, which
    builds no query text) matches nothing; either way nothing changes."""
    store.upsert(*small_world())
    before = _state(store)
    with pytest.raises((ValueError, InputError)):
        store.page(name, limit=5)  # type: ignore[arg-type]
    for labels, types in (([name], None), (None, [name]), ([Label.PERSON, name], None),
                          (None, [RelType.KNOWS, name])):  # fmt: skip
        try:
            G = store.ego("ann", hops=1, labels=labels, types=types)  # type: ignore[arg-type]
        except (ValueError, InputError):
            continue
        assert getattr(store, "path", None), "Neo4j must refuse before building the query"
        assert set(G.nodes) <= set(before[0])
    assert _state(store) == before


def test_both_stores_refuse_an_unknown_label_in_ego_alike(store: GraphStore) -> None:
    """A typo in a filter is a named refusal on both stores, never a quietly empty map."""
    store.upsert(*small_world())
    with pytest.raises(BadRequest, match="unknown label 'person'; use one of: Person"):
        store.ego("ann", hops=1, labels=["person"])  # type: ignore[list-item]
    with pytest.raises(BadRequest, match="unknown tie type 'knows'"):
        store.ego("ann", hops=1, types=["knows"])  # type: ignore[list-item]
