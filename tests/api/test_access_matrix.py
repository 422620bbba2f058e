"""Every route, every role: allowed or refused, as docs/api.md's table says.

EXPECTED is written by hand from the roles in DOMAIN.md, not read from graphsvc.api.access, so a
slip in the policy table fails here. A route added to the API without a line here fails too.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import ROLES, Api

BROKER, COMMISSIONER, RESEARCHER, ADMIN = ROLES

#: (method, path) -> (roles allowed, example request: path params filled, JSON body)
EXPECTED: dict[tuple[str, str], tuple[set[str], str, Any]] = {
    ("GET", "/whoami"): (set(ROLES), "/whoami", None),
    ("GET", "/people"): ({BROKER}, "/people", None),
    ("GET", "/people/{person_id}"): ({BROKER}, "/people/pat", None),
    ("PUT", "/people/{person_id}"): ({BROKER}, "/people/pat", {"name": "Pat Lane"}),
    ("GET", "/people/{person_id}/consent"): ({BROKER}, "/people/pat/consent", None),
    ("PUT", "/people/{person_id}/consent"): (
        {BROKER}, "/people/pat/consent", {"consent": "given"}),
    ("POST", "/people/{person_id}/records"): ({BROKER}, "/people/pat/records", {"nodes": []}),
    ("GET", "/people/{person_id}/map"): ({BROKER}, "/people/pat/map", None),
    ("GET", "/people/{person_id}/map.html"): ({BROKER}, "/people/pat/map.html", None),
    ("GET", "/people/{person_id}/scores"): ({BROKER}, "/people/pat/scores", None),
    ("GET", "/people/{person_id}/chains"): ({BROKER}, "/people/pat/chains", None),
    ("GET", "/people/{person_id}/needs"): ({BROKER}, "/people/pat/needs", None),
    ("GET", "/spaces"): ({BROKER}, "/spaces", None),
    ("GET", "/groups"): ({BROKER}, "/groups", None),
    ("GET", "/spaces/{node_id}"): ({BROKER}, "/spaces/lib", None),
    ("GET", "/groups/{node_id}"): ({BROKER}, "/groups/nogroup", None),
    ("PUT", "/spaces/{node_id}"): (
        {BROKER}, "/spaces/lib", {"name": "Eastfield Library", "kind": "library"}),
    ("PUT", "/groups/{node_id}"): ({BROKER}, "/groups/knit", {"name": "Knit and natter"}),
    ("GET", "/neighbourhoods"): ({COMMISSIONER}, "/neighbourhoods", None),
    ("GET", "/assets"): ({COMMISSIONER}, "/assets?neighbourhood=hood", None),
    ("GET", "/exports/research"): ({RESEARCHER}, "/exports/research", None),
    ("GET", "/templates/{kind}"): ({BROKER, ADMIN}, "/templates/people", None),
    ("POST", "/imports"): ({ADMIN}, "/imports?dry_run=true", None),
    ("GET", "/admin/users"): ({ADMIN}, "/admin/users", None),
    ("POST", "/admin/users"): (
        {ADMIN}, "/admin/users", {"id": "new", "name": "New", "role": "broker"}),
    ("PUT", "/admin/users/{user_id}/active"): (
        {ADMIN}, "/admin/users/bob/active", {"active": True}),
    ("POST", "/admin/users/{user_id}/keys"): ({ADMIN}, "/admin/users/bob/keys", None),
    ("DELETE", "/admin/keys/{key_id}"): ({ADMIN}, "/admin/keys/nokey", None),
    ("GET", "/admin/caseloads/{user_id}"): ({ADMIN}, "/admin/caseloads/bea", None),
    ("POST", "/admin/caseloads/{user_id}"): (
        {ADMIN}, "/admin/caseloads/bob", {"person_ids": ["ola"]}),
    ("DELETE", "/admin/caseloads/{user_id}"): (
        {ADMIN}, "/admin/caseloads/bob", {"person_ids": ["zzz"]}),
    ("DELETE", "/admin/people/{person_id}"): ({ADMIN}, "/admin/people/nobody", None),
    ("GET", "/admin/audit"): ({ADMIN}, "/admin/audit", None),
    ("GET", "/admin/audit/verify"): ({ADMIN}, "/admin/audit/verify", None),
}  # fmt: skip

PUBLIC = {("GET", "/health"), ("GET", "/ready")}


def _routes(api: Api) -> set[tuple[str, str]]:
    paths = api.client.get("/openapi.json").json()["paths"]
    return {(m.upper(), p) for p, ops in paths.items() for m in ops}


def test_every_route_has_a_line_in_this_matrix(api: Api) -> None:
    assert _routes(api) - PUBLIC == set(EXPECTED)


def _call(api: Api, method: str, url: str, body: Any, headers: dict[str, str]) -> Any:
    return api.client.request(method, url, json=body, headers=headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", sorted(EXPECTED), ids=lambda r: f"{r[0]} {r[1]}")
def test_role_x_route(api: Api, route: tuple[str, str], role: str) -> None:
    allowed, url, body = EXPECTED[route]
    r = _call(api, route[0], url, body, api.as_(role))
    if role in allowed:
        assert r.status_code not in (401, 403), (r.status_code, r.text)
        assert r.status_code < 500, r.text
    else:
        assert r.status_code == 403, (r.status_code, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        article = "an" if role == ADMIN else "a"
        assert f"you are signed in as {article} {role}." in r.json()["detail"]


@pytest.mark.parametrize("route", sorted(EXPECTED), ids=lambda r: f"{r[0]} {r[1]}")
def test_no_key_no_entry(api: Api, route: tuple[str, str]) -> None:
    _, url, body = EXPECTED[route]
    for headers in ({}, {"Authorization": "Bearer gsk_not-a-real-key"}):
        r = _call(api, route[0], url, body, headers)
        assert r.status_code == 401, r.text
        assert r.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_key_or_deactivated_user_stops_at_once(api: Api) -> None:
    assert api.get("bob", "/whoami").status_code == 200
    api.register.set_active("bob", False)
    assert api.get("bob", "/whoami").status_code == 401


def test_caseload_scopes_every_person_route(api: Api) -> None:
    """Bob is a broker too, but Pat is not his: every person route refuses him."""
    for (method, path), (allowed, url, body) in EXPECTED.items():
        if "{person_id}" in path and BROKER in allowed:
            r = _call(api, method, url, body, api.as_("bob"))
            assert r.status_code == 403, (method, url, r.text)
            assert "not on your caseload" in r.json()["detail"]
