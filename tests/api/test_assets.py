"""Commissioners' asset maps through the API: small numbers hidden, never a person."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from graphsvc.model import Label
from tests.api.conftest import Api


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _people(api: Api) -> tuple[set[str], set[str]]:
    """Ids and names of every person (and paid worker) in the store."""
    G = api.store.to_networkx()
    people = [(n, a) for n, a in G.nodes(data=True)
              if a["label"] in (Label.PERSON, Label.PAID_WORKER)]  # fmt: skip
    return {n for n, _ in people}, {a["name"] for _, a in people if a.get("name")}


def _assert_nobody_in(text: str, strings: set[str], ids: set[str], names: set[str]) -> None:
    assert not strings & ids, sorted(strings & ids)[:5]
    found = [name for name in names if name in text]
    assert not found, found[:5]


@pytest.mark.parametrize(
    "query",
    ["", "?neighbourhood=n01", "?neighbourhood=n01&neighbourhood=n02",
     "?neighbourhood=n02&ages=65-79", "?neighbourhood=n01&proximity=true"],
)  # fmt: skip
def test_the_asset_map_names_and_identifies_no_person(town_api: Api, query: str) -> None:
    ids, names = _people(town_api)
    assert len(ids) > 400 and len(names) > 400
    r = town_api.get("cat", "/assets" + query)
    assert r.status_code == 200, r.text
    body = r.json()
    _assert_nobody_in(r.text, set(_strings(body)), ids, names)
    maps = body.get("maps", [body])
    assert all(m["assets"] for m in maps)  # there is something in it to check
    assert all(a["name"] is None for m in maps for a in m["assets"])  # free text: off
    for fmt in ("csv", "geojson"):
        r = town_api.get("cat", f"/assets{query}{'&' if query else '?'}format={fmt}")
        assert r.status_code == 200, r.text
        cells = (
            {c for row in csv.reader(io.StringIO(r.text)) for c in row}
            if fmt == "csv"
            else set(_strings(r.json()))
        )
        _assert_nobody_in(r.text, cells, ids, names)


def test_small_numbers_are_hidden(town_api: Api) -> None:
    body = town_api.get("cat", "/assets?neighbourhood=n01").json()
    figures = [v for part in body["isolation"].values() if part for v in part.values()]
    figures += [a["reach"] for a in body["assets"]]
    numbers = [v for v in figures if isinstance(v, int)]
    assert numbers and all(v == 0 or (v >= 5 and v % 5 == 0) for v in numbers), numbers


def test_refusals_say_why_without_a_count(town_api: Api) -> None:
    r = town_api.get("cat", "/assets?neighbourhood=hood")  # the 5 people of the small world
    assert r.status_code == 400
    assert "too few to publish" in r.json()["detail"] and " 5 " not in r.json()["detail"]
    assert town_api.get("cat", "/assets?neighbourhood=nowhere").status_code == 404
    assert town_api.get("cat", "/assets?neighbourhood=n01&ages=60-70").status_code == 400
    assert town_api.get("cat", "/assets?format=pdf").status_code == 422


def test_neighbourhoods_are_listed_and_paged(town_api: Api) -> None:
    seen, url = [], "/neighbourhoods?limit=2"
    while url:
        body = town_api.get("cat", url).json()
        seen += body["items"]
        url = body["next"]
    assert [h["id"] for h in seen] == ["hood", "n01", "n02"]
    assert json.dumps(seen).count('"name"') == 3
