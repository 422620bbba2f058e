"""Signing in to the pages, as the people using them rely on it: the cookie is no key, and ends.

The register's sessions are timed by a clock these tests move (`Clock`); nothing sleeps. The
older tests of the sign-in form, its cookie flags and its origin checks are in `test_pages.py`.
"""

from __future__ import annotations

import base64
import binascii
import sqlite3
from collections.abc import Iterator
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

import pytest

from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.store.base import GraphStore
from tests.api.conftest import Api, build_api
from tests.governance.conftest import Clock

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
COOKIE = "graphsvc_session"


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(embedded_store: GraphStore, tmp_path: Path, clock: Clock) -> Iterator[Api]:
    """The API test world on a register timed by ``clock`` (default session limits)."""

    class Clocked(SqliteRegister):
        def __init__(self, path: Path, **kw: Any) -> None:
            super().__init__(path, clock=clock, **kw)

    yield from build_api(embedded_store, tmp_path, Clocked)


def _sign_in(api: Api, who: str = "broker") -> str:
    r = api.client.post("/sign-in", data={"api_key": api.keys[who]},
                        headers={"Accept": BROWSER}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text[:300]
    return str(r.cookies[COOKIE])


def _page(api: Api, cookie: str | None = None) -> Any:
    """The broker's caseload page, with the client's cookie or the one given (a replay)."""
    if cookie is not None:
        api.client.cookies.clear()
        api.client.cookies.set(COOKIE, cookie)
    return api.client.get("/pages/caseload", headers={"Accept": BROWSER}, follow_redirects=False)


def _signed_in(api: Api, cookie: str | None = None) -> bool:
    r = _page(api, cookie)
    assert r.status_code in (200, 401), (r.status_code, r.text[:300])
    if r.status_code == 401:  # the sign-in page's way in, never an error of ours
        assert "Please sign in" in r.text and 'href="/sign-in?next=/pages/caseload"' in r.text
    return r.status_code == 200


def _key_id(api: Api, user_id: str) -> str:
    """The id of the (one) key the test world gave ``user_id``."""
    with closing(sqlite3.connect(api.register.path)) as db:
        row = db.execute("SELECT key_id FROM api_keys WHERE user_id = ?", (user_id,)).fetchone()
    return str(row[0])


def _decodings(value: str) -> list[bytes]:
    """The cookie as it is, and as every base64 it could be read as (a signed session's is)."""
    out = [value.encode()]
    for part in [value, *value.split(".")]:
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            with suppress(binascii.Error, ValueError):
                out.append(decode(part + "=" * (-len(part) % 4)))
    return out


def test_the_cookie_does_not_hold_the_api_key(api: Api) -> None:
    cookie = _sign_in(api)
    key = api.keys["broker"]
    secret = key.removeprefix("gsk_").encode()
    for decoded in _decodings(cookie):
        assert key.encode() not in decoded and secret not in decoded
        assert b"api_key" not in decoded
    assert len(cookie) == 43 and base64.urlsafe_b64decode(cookie + "=") != secret
    with closing(sqlite3.connect(api.register.path)) as db:
        dump = "\n".join(db.iterdump())
    assert cookie not in dump  # nor is the cookie's value in the register: only its hash


def test_a_cookie_works_until_sign_out_and_never_after_even_replayed(api: Api) -> None:
    cookie = _sign_in(api)
    assert _signed_in(api) and _signed_in(api)
    assert api.client.get("/whoami").json()["id"] == "bea"  # the API takes it too (the map)
    r = api.client.post("/sign-out", headers={"Accept": BROWSER}, follow_redirects=False)
    assert r.status_code == 303
    assert not _signed_in(api)  # the browser dropped it
    assert not _signed_in(api, cookie)  # a copy kept from before is worthless
    assert api.client.get("/whoami").status_code == 401


def test_a_cookie_ends_when_left_unused(api: Api, clock: Clock) -> None:
    cookie = _sign_in(api)
    for _ in range(4):  # in use every 25 minutes: still signed in after 100 minutes
        clock.move(minutes=25)
        assert _signed_in(api)
    clock.move(minutes=30)
    assert not _signed_in(api, cookie)
    clock.move(minutes=-10)  # gone for good, not only refused while it looks stale
    assert not _signed_in(api, cookie)


def test_a_cookie_ends_after_twelve_hours_however_busy(api: Api, clock: Clock) -> None:
    cookie = _sign_in(api)
    for _ in range(12 * 4 - 1):  # a page every 15 minutes for 11 h 45 min
        clock.move(minutes=15)
        assert _signed_in(api)
    clock.move(minutes=15)
    assert not _signed_in(api, cookie)


def test_the_limits_come_from_the_settings(
    embedded_store: GraphStore, tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GRAPHSVC_SESSION_IDLE_MINUTES", "5")
    monkeypatch.setenv("GRAPHSVC_SESSION_MAX_HOURS", "1")
    assert (Settings().session_idle_minutes, Settings().session_max_hours) == (5, 1)

    class Clocked(SqliteRegister):
        def __init__(self, path: Path, **kw: Any) -> None:
            super().__init__(path, clock=clock, **kw)

    short = build_api(embedded_store, tmp_path, Clocked, session_idle_minutes=5,
                      session_max_hours=1)  # fmt: skip
    api = next(short)
    try:
        r = api.client.post("/sign-in", data={"api_key": api.keys["broker"]},
                            follow_redirects=False)  # fmt: skip
        assert "max-age=3600" in r.headers["set-cookie"].lower()
        clock.move(minutes=4)
        assert _signed_in(api)
        clock.move(minutes=5)
        assert not _signed_in(api)
    finally:
        next(short, None)  # the rest of build_api: the app and the register are closed


@pytest.mark.parametrize("how", ["revoke", "deactivate", "revoke_through_the_api"])
def test_a_cookie_ends_when_access_is_taken_away(api: Api, how: str) -> None:
    cookie = _sign_in(api)
    other_browser = _sign_in(api)
    if how == "revoke":
        api.register.revoke_key(_key_id(api, "bea"))
    elif how == "deactivate":
        api.register.set_active("bea", False)
    else:
        key_id = _key_id(api, "bea")
        r = api.client.delete(f"/admin/keys/{key_id}", headers=api.as_("admin"))
        assert r.status_code == 204
    assert not _signed_in(api, cookie)
    assert not _signed_in(api, other_browser)
    if how == "deactivate":
        api.register.set_active("bea", True)
        assert not _signed_in(api, cookie)  # coming back needs a new sign-in


@pytest.mark.parametrize(
    "forged",
    [
        "A" * 43,  # the right shape, but no session
        "x",
        "z" * 5000,
        "eyJhcGlfa2V5IjogImdza19ub3BlIn0=.Zz1ZqA.c2lnbmF0dXJl",  # an old signed session
        "%00%ff",
        "",
    ],
)
def test_a_forged_or_random_cookie_gets_the_sign_in_page(api: Api, forged: str) -> None:
    _sign_in(api)  # a real session exists too: a guess must not land on it
    assert not _signed_in(api, forged)
    r = api.client.get("/whoami")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


def test_a_dead_cookie_is_dropped_from_the_browser(api: Api, clock: Clock) -> None:
    """An ended session's cookie, or one from before sessions (it held the API key), is not
    left in the browser: the sign-in page that answers it clears it."""
    old_style = "eyJhcGlfa2V5IjogImdza19ub3BlIn0=.Zz1ZqA.c2lnbmF0dXJl"
    for cookie in (old_style, _sign_in(api)):
        clock.move(hours=13)
        r = _page(api, cookie)
        assert r.status_code == 401
        set_cookie = r.headers.get("set-cookie", "").lower()
        assert f"{COOKIE}=" in set_cookie and "max-age=0" in set_cookie, set_cookie
        assert "path=/" in set_cookie and "httponly" in set_cookie  # the same cookie it set
    r = _page(api, _sign_in(api))  # a live session keeps its cookie
    assert r.status_code == 200 and "set-cookie" not in r.headers


def test_signing_in_again_ends_the_browsers_old_session(api: Api) -> None:
    """An id planted in a browser before someone signs in never becomes their session."""
    planted = _sign_in(api, "bob")
    api.client.cookies.clear()
    api.client.cookies.set(COOKIE, planted)
    mine = _sign_in(api, "bea")
    assert mine != planted
    assert not _signed_in(api, planted)
    assert _signed_in(api, mine)


def test_an_api_key_in_a_header_wins_over_a_cookie(api: Api) -> None:
    _sign_in(api, "broker")
    r = api.client.get("/whoami", headers=api.as_("admin"))
    assert r.json()["id"] == "ada"
    r = api.client.get("/whoami", headers={"Authorization": "Bearer gsk_wrong"})
    assert r.status_code == 401  # a wrong key is not rescued by the cookie


def test_sign_in_and_out_are_on_the_record_and_the_chain_holds(api: Api) -> None:
    _sign_in(api)
    api.client.post("/sign-out", follow_redirects=False)
    api.client.post("/sign-out", follow_redirects=False)  # no session: nothing to record
    actions = [e.action for e in api.register.audit_log(user_id="bea")]
    assert actions == ["sign_in", "sign_out"]
    assert api.register.verify_audit() is None
