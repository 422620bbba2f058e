"""A broker's view: caseload, consent as roles, redaction everywhere, and writes."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from graphsvc.api.routes.maps import line_scores
from graphsvc.model import Interest, InterestedIn, Knows, Person
from tests.api.conftest import Api


def _names(payload: object) -> str:
    return json.dumps(payload)


def test_the_caseload_lists_only_your_people(api: Api) -> None:
    r = api.get("bea", "/people")
    assert r.status_code == 200
    assert [p["id"] for p in r.json()["items"]] == ["pat"]
    assert [p["id"] for p in api.get("bob", "/people").json()["items"]] == ["ola"]


def test_a_map_shows_third_parties_without_consent_as_roles_only(api_on: Api) -> None:
    r = api_on.get("bea", "/people/pat/map")
    assert r.status_code == 200, r.text
    body = r.json()
    text = _names(body)
    assert "Gil Ross" in text  # consent given: named
    for hidden in ("Nia Hart", "Wyn Cole", "lives at no. 4", '"nia"', '"wyn"'):
        assert hidden not in text, hidden
    anon = [n for n in body["nodes"] if n["properties"].get("redacted")]
    assert len(anon) == 2 and all(n["id"].startswith("anon-") for n in anon)
    # the ties Pat reported are still there, to the anonymous ids
    pat_ties = {(t["target"], t["type"]) for t in body["ties"] if t["source"] == "pat"}
    assert {(n["id"], "KNOWS") for n in anon} <= pat_ties
    assert any("role only" in note for note in body["notes"])


def test_the_html_map_and_scores_say_a_neighbour_not_a_name(api: Api) -> None:
    html = api.get("bea", "/people/pat/map.html")
    assert html.status_code == 200
    assert "Nia Hart" not in html.text and "a neighbour" in html.text
    scores = api.get("bea", "/people/pat/scores")
    assert scores.status_code == 200, scores.text
    text = _names(scores.json())
    assert "Nia Hart" not in text and "Wyn Cole" not in text
    names = {t["name"] for t in scores.json()["ties"]}
    assert "Gil Ross" in names


def test_withdrawal_takes_effect_at_once_everywhere(api_on: Api) -> None:
    assert "Gil Ross" in api_on.get("bea", "/people/pat/map").text
    r = api_on.client.put("/people/gil/consent", json={"consent": "withdrawn"},
                          headers=api_on.as_("bea"))  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.json()["consent"] == "withdrawn"
    assert [h["recorded_by"] for h in r.json()["history"]] == ["bea"]
    for url in ("/people/pat/map", "/people/pat/scores", "/people/pat/map.html"):
        assert "Gil Ross" not in api_on.get("bea", url).text, url


def test_a_person_who_withdrew_has_their_own_map_closed(api: Api) -> None:
    api.register.assign("bea", ["wyn"])
    r = api.get("bea", "/people/wyn/map")
    assert r.status_code == 409
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "withdrew consent" in r.json()["detail"]


def test_a_third_party_is_readable_only_as_a_role_without_consent(api: Api) -> None:
    assert api.get("bea", "/people/gil").json()["properties"]["name"] == "Gil Ross"
    nia = api.get("bea", "/people/nia").json()
    assert nia == {"id": "nia", "label": "Person", "properties": {}, "redacted": True}
    assert api.get("bea", "/people/ola").status_code == 403  # nobody of Bea's knows Ola
    assert api.get("bob", "/people/pat").status_code == 403


def test_a_new_person_joins_the_brokers_caseload(api: Api) -> None:
    r = api.client.put("/people/new1", json={"name": "Nell", "birth_year": 1961},
                       headers=api.as_("bea"))  # fmt: skip
    assert r.status_code == 201, r.text
    assert "new1" in api.register.caseload("bea")
    again = api.client.put("/people/new1", json={"name": "Nell B"}, headers=api.as_("bea"))
    assert again.status_code == 200
    # Bob cannot overwrite Bea's person, nor someone in her maps
    for pid in ("new1", "gil"):
        r = api.client.put(f"/people/{pid}", json={"name": "X"}, headers=api.as_("bob"))
        assert r.status_code == 403, pid


def test_records_are_all_or_nothing_with_a_field_named(api: Api) -> None:
    before = api.store.counts()
    body = {
        "nodes": [{"label": "Person", "id": "jo", "name": "Jo"}],
        "ties": [
            {"type": "KNOWS", "source": "pat", "target": "jo", "kind": "neighbour"},
            {"type": "KNOWS", "source": "pat", "target": "jo", "frequency": -3},
        ],
    }
    r = api.client.post("/people/pat/records", json=body, headers=api.as_("bea"))
    assert r.status_code == 422
    problem = r.json()
    assert problem["errors"][0]["record"].startswith("ties[1]")
    assert problem["errors"][0]["field"] == "frequency"
    assert api.store.counts() == before
    body["ties"].pop()
    ok = api.client.post("/people/pat/records", json=body, headers=api.as_("bea"))
    assert ok.status_code == 200 and ok.json() == {"nodes": 1, "ties": 1}


def test_records_may_not_reach_outside_the_map(api: Api) -> None:
    body = {"ties": [{"type": "KNOWS", "source": "ola", "target": "gil"}]}
    r = api.client.post("/people/pat/records", json=body, headers=api.as_("bea"))
    assert r.status_code == 400
    assert "touches nothing" in r.json()["detail"] or "outside" in r.json()["detail"]


def test_records_may_join_existing_places_but_not_strangers(api: Api) -> None:
    ok = {"ties": [{"type": "VISITS", "source": "nia", "target": "lib"}]}
    r = api.client.post("/people/pat/records", json=ok, headers=api.as_("bea"))
    assert r.status_code == 200, r.text
    stranger = {"ties": [{"type": "KNOWS", "source": "pat", "target": "ola"}]}
    r = api.client.post("/people/pat/records", json=stranger, headers=api.as_("bea"))
    assert r.status_code == 400 and "outside" in r.json()["detail"]


def test_the_maps_line_colours_are_the_scores_the_scores_page_shows(api_on: Api) -> None:
    """Kit shares no interest with Pat but has one: commonality 0, not unknown. The one-hop map
    drawn does not hold Kit's interest, so colours scored from it would differ."""
    api_on.store.upsert(
        [Person(id="kit", name="Kit Moss", consent="given"), Interest(id="bowls")],
        [Knows(source="pat", target="kit", kind="friend", frequency=4, mode="in_person"),
         InterestedIn(source="kit", target="bowls")],
    )  # fmt: skip
    scores = api_on.get("bea", "/people/pat/scores").json()["ties"]
    kit = next(t for t in scores if t["other"] == "kit")
    assert kit["commonality"] == 0.0
    app = api_on.client.app
    request = SimpleNamespace(app=app)
    colours = line_scores(request, api_on.store, "pat")  # type: ignore[arg-type]
    for tie in scores:
        found = [v for k, v in colours.items() if set(k) == {"pat", tie["other"]}]
        want = [] if tie["overall"] is None else [pytest.approx(tie["overall"])]
        assert found == want, tie["other"]
