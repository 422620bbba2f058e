"""Spaces, groups and needs: paging to the end, writes checked field by field, needs for chains."""

from __future__ import annotations

from typing import Any

from graphsvc.model import About, Group, HasNeed, MeetsAt, Need, Space
from tests.api.conftest import Api


def _follow(api: Api, url: str, who: str = "bea") -> list[list[str]]:
    """Every page's ids, following ``next`` (a full URL) until it is null."""
    pages = []
    while url:
        r = api.get(who, url)
        assert r.status_code == 200, r.text
        body = r.json()
        pages.append([item["id"] for item in body["items"]])
        url = body["next"]
    return pages


def test_paging_follows_next_to_the_end(api_on: Api) -> None:
    api_on.store.upsert([Space(id=f"s{i:02d}", kind="park") for i in range(7)])
    pages = _follow(api_on, "/spaces?limit=3")
    assert [len(p) for p in pages] == [3, 3, 2]  # 7 new spaces and the library
    ids = [i for p in pages for i in p]
    assert ids == sorted(ids) and len(set(ids)) == 8 and "lib" in ids
    # exactly a page's worth: no empty page at the end
    assert [len(p) for p in _follow(api_on, "/spaces?limit=4")] == [4, 4]


def test_a_space_is_created_then_replaced(api_on: Api) -> None:
    url, h = "/spaces/crown", api_on.as_("bea")
    body: dict[str, Any] = {"name": "The Crown", "kind": "pub", "slots": ["Thu 19:00-23:00"]}
    r = api_on.client.put(url, json=body, headers=h)
    assert r.status_code == 201, r.text
    assert r.json()["properties"]["slots"] == ["Thu 19:00-23:00"]
    r = api_on.client.put(url, json={"name": "The Crown Inn"}, headers=h)
    assert r.status_code == 200
    got = api_on.get("bea", url).json()
    assert got["label"] == "Space" and got["properties"] == {"name": "The Crown Inn"}
    entries = api_on.register.audit_log(user_id="bea")
    assert [e.action for e in entries].count("write_node") == 2


def test_a_bad_body_names_the_field(api: Api) -> None:
    h = api.as_("bea")
    r = api.client.put("/spaces/park", json={"name": "Park", "lat": 123}, headers=h)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in r.json()["errors"]] == ["lat"]
    r = api.client.put("/groups/quiz", json={"name": "Quiz", "colour": "red"}, headers=h)
    assert r.status_code == 422
    error = r.json()["errors"][0]
    assert error["field"] == "colour" and "purpose" in error["message"]  # lists known fields
    r = api.client.put("/groups/quiz", json={"id": "other", "name": "Quiz"}, headers=h)
    assert r.status_code == 400 and "differs from the path" in r.json()["detail"]
    r = api.client.put("/groups/quiz", json={"label": "Space"}, headers=h)
    assert r.status_code == 400 and "'Group'" in r.json()["detail"]
    assert api.get("bea", "/groups/quiz").status_code == 404  # nothing was written


def test_ids_are_global_a_person_is_not_a_space(api: Api) -> None:
    assert api.get("bea", "/spaces/pat").status_code == 404
    assert api.get("bea", "/groups/lib").status_code == 404
    r = api.client.put("/spaces/pat", json={"name": "Pat's"}, headers=api.as_("bea"))
    assert r.status_code == 409, r.text
    assert api.store.get("pat").node_label == "Person"


def test_needs_list_what_chains_can_be_asked_to_meet(api_on: Api) -> None:
    api_on.store.upsert(
        [Need(id="n-chess", what="someone to play chess with", tags=["chess", "company"]),
         Need(id="n-lift", what="a lift to the library"),
         Group(id="chess-club", name="Chess club", kind="club", slots=["Tue 10:00-12:00"])],
        [HasNeed(source="pat", target="n-chess"), HasNeed(source="pat", target="n-lift"),
         About(source="chess-club", target="chess"),
         MeetsAt(source="chess-club", target="lib", slots=["Tue 10:00-12:00"])],
    )  # fmt: skip
    r = api_on.get("bea", "/people/pat/needs")
    assert r.status_code == 200, r.text
    needs = r.json()["items"]
    assert [n["id"] for n in needs] == ["n-chess", "n-lift"]
    assert needs[0]["tags"] == ["chess", "company"]
    assert [len(p) for p in _follow(api_on, "/people/pat/needs?limit=1")] == [1, 1]
    chains = api_on.get("bea", "/people/pat/chains?need=n-chess")
    assert chains.status_code == 200, chains.text
    assert chains.json()["need"] == "n-chess"
    assert api_on.register.audit_log(user_id="bea")[0].action == "read_needs"


def test_needs_of_someone_who_withdrew_are_closed_like_their_map(api: Api) -> None:
    api.register.assign("bea", ["wyn"])
    r = api.get("bea", "/people/wyn/needs")
    assert r.status_code == 409, r.text
    assert "withdrew consent" in r.json()["detail"]
    assert api.get("bea", "/people/nobody/needs").status_code == 403  # not on the caseload
