"""The pages without a browser: who may open which, signing in and out, errors, and content.

`PAGES` is this file's matrix, written by hand like `test_access_matrix.EXPECTED` (the page
routes are left out of the OpenAPI schema, which that matrix reads). A page route added without
a line here fails `test_every_page_route_has_a_line_in_this_matrix`. The same pages in a real
browser, with axe-core, are in `test_pages_browser.py`.
"""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from fastapi.routing import APIRoute

from graphsvc.api import pages, sign_in
from graphsvc.api.page_render import CSP
from graphsvc.model import Person
from tests.api.conftest import ROLES, Api, world
from tests.api.crowd import crowd

BROKER, COMMISSIONER, RESEARCHER, ADMIN = ROLES
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

#: (method, path) -> (roles allowed, example URL)
PAGES: dict[tuple[str, str], tuple[set[str], str]] = {
    ("GET", "/"): (set(ROLES), "/"),
    ("GET", "/pages/caseload"): ({BROKER}, "/pages/caseload"),
    ("GET", "/pages/people/{person_id}"): ({BROKER}, "/pages/people/pat"),
    ("GET", "/pages/neighbourhoods"): ({COMMISSIONER}, "/pages/neighbourhoods"),
    ("GET", "/pages/neighbourhoods/{neighbourhood_id}"): (
        {COMMISSIONER}, "/pages/neighbourhoods/hood"),
    ("GET", "/pages/research"): ({RESEARCHER}, "/pages/research"),
    ("GET", "/pages/admin"): ({ADMIN}, "/pages/admin"),
    ("GET", "/pages/admin/users"): ({ADMIN}, "/pages/admin/users"),
    ("GET", "/pages/admin/audit"): ({ADMIN}, "/pages/admin/audit"),
}  # fmt: skip
PUBLIC_PAGES = {("GET", "/sign-in"), ("POST", "/sign-in"), ("POST", "/sign-out")}


@pytest.fixture
def town(api: Api) -> Api:
    """The world with Eastfield's crowd: enough residents to publish, and chains for Pat."""
    api.store.upsert(*crowd())
    return api


def _html(api: Api, who: str | None, url: str, **kw: Any) -> Any:
    headers = {"Accept": BROWSER, **(api.as_(who) if who else {})}
    return api.client.get(url, headers=headers, follow_redirects=False, **kw)


def _sign_in(api: Api, who: str, **form: str) -> Any:
    data = {"api_key": api.keys[who], **form}
    return api.client.post("/sign-in", data=data, headers={"Accept": BROWSER},
                           follow_redirects=False)  # fmt: skip


# --- who may open what ------------------------------------------------------------------------


def test_every_page_route_has_a_line_in_this_matrix() -> None:
    routes = {
        (method, r.path)
        for router in (pages.router, sign_in.router)
        for r in router.routes
        if isinstance(r, APIRoute)
        for method in r.methods
    }
    assert routes == set(PAGES) | PUBLIC_PAGES


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p[1])
def test_role_x_page(town: Api, page: tuple[str, str], role: str) -> None:
    allowed, url = PAGES[page]
    r = _html(town, role, url)
    if role in allowed:
        assert r.status_code in (200, 303), (r.status_code, r.text[:300])
        if r.status_code == 200:
            assert r.headers["content-type"].startswith("text/html")
    else:
        assert r.status_code == 403, r.text[:300]
        assert r.headers["content-type"].startswith("text/html")
        article = "an" if role == "admin" else "a"
        assert f"you are signed in as {article} {role}" in r.text
        assert "You cannot open this page" in r.text


@pytest.mark.parametrize("page", sorted(PAGES), ids=lambda p: p[1])
def test_no_key_no_page(api: Api, page: tuple[str, str]) -> None:
    r = _html(api, None, PAGES[page][1])
    assert r.status_code == 401
    assert "Please sign in" in r.text
    assert f'href="/sign-in?next={PAGES[page][1]}"' in r.text


def test_each_role_starts_on_its_own_page(api: Api) -> None:
    homes = {BROKER: "/pages/caseload", COMMISSIONER: "/pages/neighbourhoods",
             RESEARCHER: "/pages/research", ADMIN: "/pages/admin"}  # fmt: skip
    for role, home in homes.items():
        r = _html(api, role, "/")
        assert (r.status_code, r.headers["location"]) == (303, home)


def test_a_broker_cannot_open_someone_elses_person(api: Api) -> None:
    r = _html(api, "bob", "/pages/people/pat")
    assert r.status_code == 403
    assert "is not on your caseload" in r.text
    assert "Pat Lane" not in r.text


# --- signing in and out -----------------------------------------------------------------------


def test_signing_in_sets_a_strict_httponly_session_that_the_api_accepts(api: Api) -> None:
    r = _sign_in(api, "broker", next="/pages/people/pat")
    assert (r.status_code, r.headers["location"]) == (303, "/pages/people/pat")
    cookie = r.headers["set-cookie"].lower()
    for flag in ("graphsvc_session=", "httponly", "samesite=strict", "max-age=43200", "path=/"):
        assert flag in cookie
    assert "secure" not in cookie  # session_https_only is off in the tests
    assert api.client.get("/whoami").json()["role"] == "broker"  # the cookie alone
    assert _html(api, None, "/pages/people/pat").status_code == 200
    assert api.register.audit_log(user_id="bea")[0].action == "sign_in"


def test_a_wrong_key_is_refused_on_the_form(api: Api) -> None:
    r = api.client.post("/sign-in", data={"api_key": "gsk_nope"}, headers={"Accept": BROWSER})
    assert r.status_code == 401
    assert "That key did not work" in r.text
    assert "set-cookie" not in r.headers
    assert api.client.get("/whoami").status_code == 401


def test_signing_out_ends_the_session(api: Api) -> None:
    _sign_in(api, "broker")
    r = api.client.post("/sign-out", headers={"Accept": BROWSER}, follow_redirects=False)
    assert (r.status_code, r.headers["location"]) == (303, "/sign-in?signed_out=true")
    assert 'graphsvc_session=""' in r.headers["set-cookie"]  # the browser drops it
    assert "max-age=0" in r.headers["set-cookie"].lower()
    assert api.client.get("/whoami").status_code == 401
    assert "You have signed out." in _html(api, None, "/sign-in?signed_out=true").text
    actions = [e.action for e in api.register.audit_log(user_id="bea")]
    assert actions[-1] == "sign_out"


def test_a_forged_or_stale_cookie_is_no_session(api: Api) -> None:
    _sign_in(api, "broker")
    good = api.client.cookies["graphsvc_session"]
    _payload, _, signature = good.partition(".")
    forged = base64.b64encode(b'{"api_key": "' + api.keys["admin"].encode() + b'"}').decode()
    api.client.cookies.clear()
    api.client.cookies.set("graphsvc_session", f"{forged}.{signature}")
    assert api.client.get("/whoami").status_code == 401
    api.client.cookies.clear()
    api.client.cookies.set("graphsvc_session", good)
    assert api.client.get("/whoami").status_code == 200
    api.register.set_active("bea", False)  # a deactivated user's session stops at once
    assert api.client.get("/whoami").status_code == 401


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil"])
def test_a_sign_in_posted_from_another_site_is_refused(api: Api, origin: str) -> None:
    r = api.client.post("/sign-in", data={"api_key": api.keys["broker"]},
                        headers={"Accept": BROWSER, "Origin": origin},
                        follow_redirects=False)  # fmt: skip
    assert r.status_code == 403
    assert "set-cookie" not in r.headers


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil", ""])
def test_sign_in_never_sends_you_to_another_site(api: Api, target: str) -> None:
    r = _sign_in(api, "broker", next=target)
    assert r.headers["location"] == "/"


def test_the_session_cookie_can_be_made_https_only(api: Api) -> None:
    from fastapi.testclient import TestClient

    from graphsvc.api import create_app
    from graphsvc.config import Settings

    settings = Settings(store="embedded", secret="s" * 32, session_https_only=True)
    app = create_app(settings, store_factory=lambda: api.store,
                     register_factory=lambda: api.register)  # fmt: skip
    with TestClient(app, base_url="https://testserver") as client:
        r = client.post("/sign-in", data={"api_key": api.keys["broker"]}, follow_redirects=False)
    assert "; secure" in r.headers["set-cookie"].lower()


# --- what every page is sent with -------------------------------------------------------------


def test_pages_forbid_inline_scripts_framing_and_caching(api: Api) -> None:
    r = _html(api, BROKER, "/pages/caseload")
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert "frame-ancestors 'none'" in CSP
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in r.text and " style=" not in r.text
    assert api.client.get("/static/pages.css").status_code == 200


# --- errors: pages for browsers on pages, problem+json for the API -----------------------------


def test_api_routes_keep_problem_json_even_for_a_browser(api: Api) -> None:
    r = _html(api, "bob", "/people/pat/map")
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    r = api.client.get("/pages/caseload")  # a page, asked for by a script
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


def test_unknown_addresses_are_a_page_for_browsers_only(api: Api) -> None:
    r = _html(api, None, "/no/such/page")
    assert r.status_code == 404 and "We could not find this page" in r.text
    r = api.client.get("/no/such/page")
    assert r.headers["content-type"].startswith("application/problem+json")


def test_a_closed_map_is_explained(api: Api) -> None:
    api.register.assign("bea", ["wyn"])
    r = _html(api, BROKER, "/pages/people/wyn")
    assert r.status_code == 409
    assert "This map is closed" in r.text and "Wyn Cole" not in r.text


# --- content ----------------------------------------------------------------------------------


def test_a_persons_page_in_words(town: Api) -> None:
    r = _html(town, BROKER, "/pages/people/pat")
    text = re.sub(r"<[^>]+>", " ", r.text)
    for words in ("Pat Lane has said yes", "2 people are shown by role only",
                  "A neighbour", "A family member", "Gil Ross", "Ann Fry",
                  "Keeping in touch", "You both like chess.", "Relationship circle",
                  "Eastfield Chess Club (a group)", "not a plan to reduce support"):  # fmt: skip
        assert words in text, words
    assert "anon-" not in text.lower()  # opaque ids stay in attributes, never in words
    assert "Nia Hart" not in text and "Wyn Cole" not in text  # no consent: roles only
    assert r.text.count('<details class="tie"') == 4
    assert r.text.count('<svg class="bar"') == 20  # five bars for each of the four ties
    assert 'src="/people/pat/map.html"' in r.text
    assert "Ann Fry (paid)" in r.text  # the circle marks paid support in words


def test_chains_aimed_at_a_need_carry_a_labelled_estimate(town: Api) -> None:
    r = _html(town, BROKER, "/pages/people/pat?need=pat-company")
    assert "Could sit alongside 2 hours a week of paid support from Ann Fry" in r.text
    assert "(estimate: a conversation starter, not a plan to reduce support)" in r.text


def test_names_are_text_never_markup(api: Api) -> None:
    api.store.upsert([Person(id="pat", name='<script>alert(1)</script> "Pat"', consent="given")])
    r = _html(api, BROKER, "/pages/people/pat")
    assert "<script>alert(1)" not in r.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "<script>alert(1)" not in _html(api, BROKER, "/pages/caseload").text


def test_the_caseload_is_paged(api: Api) -> None:
    many = [Person(id=f"c{i:03d}", name=f"Client {i}", consent="given") for i in range(30)]
    api.store.upsert(many)
    api.register.assign("bea", [p.id for p in many])
    first = _html(api, BROKER, "/pages/caseload").text
    assert first.count("/pages/people/") == pages.PAGE_SIZE
    link = re.search(r'href="(/pages/caseload\?after=[^"]+)"', first)
    assert link is not None
    second = _html(api, BROKER, link.group(1).replace("&amp;", "&")).text
    assert second.count("/pages/people/") == 31 - pages.PAGE_SIZE  # 30 clients and Pat
    assert "Next page" not in second


def _person_words() -> list[str]:
    nodes = [*world()[0], *crowd()[0]]
    return [w for n in nodes if isinstance(n, Person) for w in (n.id, n.name) if w]


def test_a_neighbourhood_page_names_nobody_and_shows_suppression(town: Api) -> None:
    html = _html(town, COMMISSIONER, "/pages/neighbourhoods/hood").text
    pictures = "".join(
        base64.b64decode(p).decode()
        for p in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    )
    assert "<svg" in pictures and "Spaces by reach" in pictures
    page = re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "", html) + pictures
    for word in _person_words():
        assert re.search(rf"\b{re.escape(word)}\b", page) is None, word
    assert "fewer than 5" in page and "hidden" in page
    assert "Eastfield Library" not in page  # names of places are off unless configured


def test_a_small_neighbourhood_shows_no_figures(api: Api) -> None:
    r = _html(api, COMMISSIONER, "/pages/neighbourhoods/hood")
    assert r.status_code == 200
    assert "too few people on the map here" in r.text
    assert _html(api, COMMISSIONER, "/pages/neighbourhoods/pat").status_code == 404


def test_the_research_page_links_to_each_export(api: Api) -> None:
    text = _html(api, RESEARCHER, "/pages/research").text
    for fmt in ("csv", "graphml", "json"):
        assert f'href="/exports/research?format={fmt}"' in text


def test_admin_pages_list_users_and_the_audit_trail(api: Api) -> None:
    _html(api, BROKER, "/pages/people/pat")
    users = _html(api, ADMIN, "/pages/admin/users").text
    assert all(uid in users for uid in ("bea", "bob", "cat", "rob", "ada"))
    audit = _html(api, ADMIN, "/pages/admin/audit").text
    assert "The trail is intact" in audit and "read_map" in audit


# --- the small parts --------------------------------------------------------------------------


@pytest.mark.parametrize(("accept", "html"), [
    (BROWSER, True),
    ("text/html", True),
    ("*/*", False),
    ("", False),
    ("application/json", False),
    ("application/json, text/html;q=0.5", False),
    ("application/problem+json, text/html", False),  # a tie goes to the API's own answer
    ("text/*", True),
])  # fmt: skip
def test_who_wants_a_page(accept: str, html: bool) -> None:
    from starlette.requests import Request

    from graphsvc.api.page_render import wants_html

    request = Request({"type": "http", "headers": [(b"accept", accept.encode())]})
    assert wants_html(request) is html


def test_opaque_ids_become_role_words_in_sentences() -> None:
    from graphsvc.api.person_page import _unmask, level

    words = {"anon-0123456789ab": ("a neighbour", "Neighbour")}
    said = _unmask("Anon-0123456789ab keeps Pat company.", words)
    assert said == "A neighbour keeps Pat company."
    assert _unmask("Close: anon-0123456789ab, Gil.", words) == "Close: a neighbour, Gil."
    assert _unmask("You know anon-fedcba987654.", words) == "You know someone."
    assert [level(v) for v in (None, 0.1, 0.3, 0.6, 0.9)] == [
        "not known", "very low", "low", "medium", "high"]  # fmt: skip


def test_an_oversized_or_crowded_form_is_refused_politely(api: Api) -> None:
    crowded = "&".join(f"f{i}=x" for i in range(20))
    r = api.client.post("/sign-in", content=crowded, headers={
        "Accept": BROWSER, "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert r.status_code == 400 and "too many fields" in r.text
    r = api.client.post("/sign-in", content="api_key=" + "x" * 5000, headers={
        "Accept": BROWSER, "Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert r.status_code == 400 and "too long" in r.text


def test_absurd_paging_numbers_are_refused_not_crashed_on(api: Api) -> None:
    for url in ("/pages/admin/audit?after=99999999999999999999999",
                "/pages/admin/users?offset=99999999999999999999999"):  # fmt: skip
        r = _html(api, ADMIN, url)
        assert r.status_code == 422 and "Something in the address is not right" in r.text
