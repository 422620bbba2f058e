"""The pages in a real browser: a real server, real cookies, real clicks and key presses.

The API test world and its crowd (`tests.api.live`) are served by uvicorn on a loopback port and
opened in headless Chromium (`tests.browser`). A broker signs in, opens Pat, sees the map draw,
clicks Gil on the map and reads why they are close, then does the same with the keyboard only.
A commissioner's pages are searched for every person's name and id. Every page is checked by
axe-core (`tests.axe`) for serious and critical problems, frames included.

Screenshots go to the test's temporary folder; with ``GRAPHSVC_WRITE_DOCS_IMG=1`` they also
refresh ``docs/img/page-*.png`` (see ``docs/pages.md``).
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import world
from tests.api.crowd import crowd
from tests.api.live import Live, live_world
from tests.axe import axe_source, axe_violations, blocking
from tests.browser import Browser, browser_fixture

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
DOCS_IMG = ROOT / "docs" / "img"
WRITE_DOCS = os.environ.get("GRAPHSVC_WRITE_DOCS_IMG") == "1"
#: The screenshots docs/pages.md shows (the others stay in the test's folder).
DOCS_SHOTS = {"page-sign-in.png", "page-caseload.png", "page-person.png", "page-neighbourhood.png",
              "page-researcher.png", "page-admin-audit.png", "page-error-409.png"}  # fmt: skip

browser = browser_fixture(scope="module", allow_loopback=True, width=1400, height=1000)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with live_world(tmp_path_factory.mktemp("live")) as served:
        yield served


@pytest.fixture(scope="session")
def axe() -> str:
    return axe_source()


# --- helpers ----------------------------------------------------------------------------------


def sign_in(browser: Browser, live: Live, who: str) -> None:
    """Sign in through the form, as a person would, and wait for the home page."""
    from selenium.webdriver.common.by import By

    browser.open(f"{live.url}/sign-in")
    browser.driver.delete_all_cookies()
    browser.open(f"{live.url}/sign-in")
    browser.driver.find_element(By.ID, "api-key").send_keys(live.keys[who])
    browser.driver.find_element(By.CSS_SELECTOR, "form.sign-in button").click()
    browser.wait_for("location.pathname !== '/sign-in'")


def open_person(browser: Browser, live: Live, person: str = "pat") -> None:
    browser.open(f"{live.url}/pages/people/{person}")
    browser.wait_for("document.documentElement.getAttribute('data-map-linked') === 'true'")
    browser.wait_for(
        "document.getElementById('map-frame').contentDocument.documentElement"
        ".getAttribute('data-map-ready') === 'true'"
    )


def in_map(browser: Browser, script: str) -> object:
    """Run ``script`` inside the map's frame (where `graphsvcMap` lives)."""
    return browser.run("var w = document.getElementById('map-frame').contentWindow;" + script)


def assert_clean(
    browser: Browser, axe: str, *, frames: bool = False, status: int | None = None
) -> None:
    """No script error, nothing fetched from outside, and axe finds nothing serious.

    ``status``: the page itself is an error page with this status, which Chromium logs.
    """
    here = browser.run("return location.href;")
    expected = f"{here} - Failed to load resource: the server responded with a status of {status}"
    assert [e for e in browser.console_errors() if not e["message"].startswith(expected)] == []
    assert browser.external_requests() == []
    problems = blocking(axe_violations(browser, axe))
    if frames:
        frame = browser.driver.find_element("css selector", "iframe")
        browser.driver.switch_to.frame(frame)
        try:
            problems += [f"in the map: {p}" for p in blocking(axe_violations(browser, axe))]
        finally:
            browser.driver.switch_to.default_content()
    assert problems == [], "\n".join(problems)


def screenshot(browser: Browser, tmp: Path, name: str, *, max_height: int = 3200) -> Path:
    """The whole page (up to ``max_height`` pixels) as PNG; also into docs/img on request."""
    width, height = browser.run(
        "return [document.documentElement.clientWidth,"
        " Math.min(document.documentElement.scrollHeight, arguments[0])];",
        max_height,
    )
    shot = browser.driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "captureBeyondViewport": True,
         "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}},
    )  # fmt: skip
    out = tmp / name
    out.write_bytes(base64.b64decode(shot["data"]))
    if WRITE_DOCS and name in DOCS_SHOTS:
        shutil.copyfile(out, DOCS_IMG / name)
    return out


def everyone() -> list[tuple[str, str | None]]:
    """(id, name) of every Person in the served world."""
    nodes = [*world()[0], *crowd()[0]]
    return [(n.id, n.name) for n in nodes if n.node_label.value == "Person"]


def _without_pictures(html: str) -> tuple[str, str]:
    """The HTML with its data: pictures cut out, and the pictures' decoded SVG text."""
    pictures = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    decoded = "\n".join(base64.b64decode(p).decode("utf-8") for p in pictures)
    return re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "data:", html), decoded


# --- a broker ---------------------------------------------------------------------------------


def test_a_broker_signs_in_and_sees_their_caseload(
    browser: Browser, live: Live, axe: str, tmp_path: Path
) -> None:
    browser.open(f"{live.url}/sign-in")
    assert_clean(browser, axe)
    screenshot(browser, tmp_path, "page-sign-in.png")
    sign_in(browser, live, "broker")
    assert browser.run("return location.pathname;") == "/pages/caseload"
    names = browser.run(
        "return Array.from(document.querySelectorAll('ul.people a'), a => a.textContent);"
    )
    assert names == ["Pat Lane", "Wyn Cole"]
    cookie = browser.driver.get_cookie("graphsvc_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert browser.run("return document.cookie;") == ""  # HttpOnly: scripts cannot read it
    assert_clean(browser, axe)
    screenshot(browser, tmp_path, "page-caseload.png")


def test_a_persons_page_draws_the_map_and_everything_around_it(
    browser: Browser, live: Live, axe: str, tmp_path: Path
) -> None:
    sign_in(browser, live, "broker")
    open_person(browser, live)
    # Pat, Gil, Ann, two people shown by role only, the library, Eastfield, chess and a need.
    nodes = in_map(browser, "return w.graphsvcMap.nodes.length;")
    assert nodes == 9
    painted = in_map(
        browser,
        "var c = w.document.querySelector('#map canvas');"
        "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "var n = 0; for (var i = 0; i < d.length; i += 4) { if (d[i + 3] && d[i] < 200) n++; }"
        "return n;",
    )
    assert painted > 2000, "the map's canvas is (nearly) blank"
    text = browser.run("return document.body.innerText;")
    for words in ("Pat Lane has said yes", "2 people are shown by role only", "Gil Ross",
                  "A neighbour", "Relationship circle", "Eastfield Chess Club",
                  "not a plan to reduce support"):  # fmt: skip
        assert words in text, words
    assert "anon-" not in text
    circle = browser.run("return document.querySelector('svg.circle').textContent;")
    assert "Ann Fry (paid)" in circle
    assert_clean(browser, axe, frames=True)
    screenshot(browser, tmp_path, "page-person-closed.png")


def _open_tie(browser: Browser, node: str) -> dict:
    return browser.run(
        "var d = Array.from(document.querySelectorAll('details.tie'))"
        "  .find(x => x.getAttribute('data-node') === arguments[0]);"
        "var r = d.querySelector('.reasons');"
        "return {open: d.open, shown: r.offsetHeight > 0, reasons: r.innerText,"
        " focused: document.activeElement === d.querySelector('summary')};",
        node,
    )


def test_clicking_someone_on_the_map_shows_why_you_are_close(
    browser: Browser, live: Live, tmp_path: Path
) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    sign_in(browser, live, "broker")
    open_person(browser, live)
    assert _open_tie(browser, "gil")["open"] is False
    frame = browser.driver.find_element("css selector", "#map-frame")
    browser.driver.switch_to.frame(frame)
    try:
        canvas = browser.driver.find_element("css selector", "#map canvas")
        dx, dy = browser.run(
            "var n = graphsvcMap.network;"
            "var p = n.canvasToDOM(n.getPositions(['gil']).gil);"
            "var c = document.querySelector('#map canvas');"
            "return [Math.round(p.x - c.clientWidth / 2), Math.round(p.y - c.clientHeight / 2)];"
        )
        ActionChains(browser.driver).move_to_element_with_offset(canvas, dx, dy).click().perform()
    finally:
        browser.driver.switch_to.default_content()
    browser.wait_for(
        "Array.from(document.querySelectorAll('details.tie'))"
        ".some(d => d.open && d.getAttribute('data-node') === 'gil')",
        timeout=10,
    )
    tie = _open_tie(browser, "gil")
    assert tie["shown"] and tie["focused"]
    assert "You both like chess." in tie["reasons"]
    assert "Gil Ross" in browser.run("return document.getElementById('map-status').textContent;")
    screenshot(browser, tmp_path, "page-person.png", max_height=4600)


def test_the_same_with_the_keyboard_only(browser: Browser, live: Live, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    sign_in(browser, live, "broker")
    open_person(browser, live)
    on_gil = (
        "var a = document.activeElement;"
        "return !!(a && a.tagName === 'SUMMARY' && a.parentElement.getAttribute('data-node')"
        " === 'gil');"
    )
    for _ in range(60):  # Tab through the page (and the map's frame) to Gil
        if browser.run(on_gil):
            break
        ActionChains(browser.driver).send_keys(Keys.TAB).perform()
    assert browser.run(on_gil), "Tab never reached Gil's tie"
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()
    browser.wait_for("document.activeElement.parentElement.open === true", timeout=5)
    tie = _open_tie(browser, "gil")
    assert tie["shown"] and "You both like chess." in tie["reasons"]
    browser.wait_for(  # the toggle event comes a moment after the details open
        "document.getElementById('map-frame').contentWindow.graphsvcMap.network"
        ".getSelectedNodes().join() === 'gil'",
        timeout=5,
    )
    ActionChains(browser.driver).send_keys(Keys.ENTER).perform()  # and Enter closes it again
    browser.wait_for("document.activeElement.parentElement.open === false", timeout=5)


def test_a_closed_map_and_someone_elses_person_are_explained(
    browser: Browser, live: Live, axe: str, tmp_path: Path
) -> None:
    sign_in(browser, live, "broker")
    browser.open(f"{live.url}/pages/people/wyn")
    assert browser.run("return document.querySelector('h1').textContent;") == "This map is closed"
    assert_clean(browser, axe, status=409)
    screenshot(browser, tmp_path, "page-error-409.png")
    browser.open(f"{live.url}/pages/people/ola")
    assert "not on your caseload" in browser.run("return document.body.innerText;")
    assert_clean(browser, axe, status=403)
    browser.open(f"{live.url}/pages/nothing-here")
    assert browser.run("return document.querySelector('h1').textContent;") == (
        "We could not find this page"
    )
    assert_clean(browser, axe, status=404)


def test_signed_out_pages_send_you_to_sign_in_and_back(
    browser: Browser, live: Live, axe: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, live, "broker")
    browser.driver.find_element(By.CSS_SELECTOR, "form.sign-out button").click()
    browser.wait_for("location.pathname === '/sign-in'")
    assert "You have signed out." in browser.run("return document.body.innerText;")
    browser.open(f"{live.url}/pages/people/pat")
    assert browser.run("return document.querySelector('h1').textContent;") == "Please sign in"
    assert_clean(browser, axe, status=401)
    screenshot(browser, tmp_path, "page-error-401.png")
    browser.driver.find_element(By.LINK_TEXT, "Sign in").click()
    browser.wait_for("location.pathname === '/sign-in'")
    browser.driver.find_element(By.ID, "api-key").send_keys(live.keys["broker"])
    browser.driver.find_element(By.CSS_SELECTOR, "form.sign-in button").click()
    browser.wait_for("location.pathname === '/pages/people/pat'")


# --- a commissioner, a researcher, an admin ---------------------------------------------------


def test_a_commissioners_pages_name_nobody(
    browser: Browser, live: Live, axe: str, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    sign_in(browser, live, "commissioner")
    assert browser.run("return location.pathname;") == "/pages/neighbourhoods"
    assert_clean(browser, axe)
    screenshot(browser, tmp_path, "page-neighbourhoods.png")
    browser.driver.find_element(By.LINK_TEXT, "Eastfield").click()
    browser.wait_for("location.pathname === '/pages/neighbourhoods/hood'")
    html, pictures = _without_pictures(browser.driver.page_source)
    text = browser.run("return document.body.innerText;")
    assert "fewer than 5" in text  # suppression is visible, not silent
    assert "Library" in text and "hidden" in text.lower()
    for where, content in (("text", text), ("HTML", html), ("pictures", pictures)):
        for pid, name in everyone():
            assert re.search(rf"\b{re.escape(pid)}\b", content) is None, (where, pid)
            if name:
                assert name not in content, (where, name)
                first = name.split()[0]
                assert re.search(rf"\b{re.escape(first)}\b", content) is None, (where, first)
    assert_clean(browser, axe)
    screenshot(browser, tmp_path, "page-neighbourhood.png", max_height=6000)


@pytest.mark.parametrize(("role", "page", "heading"), [
    ("researcher", "/pages/research", "Research export"),
    ("admin", "/pages/admin", "Admin"),
])  # fmt: skip
def test_researchers_and_admins_land_on_their_page(
    browser: Browser, live: Live, axe: str, tmp_path: Path, role: str, page: str, heading: str
) -> None:
    sign_in(browser, live, role)
    assert browser.run("return location.pathname;") == page
    assert browser.run("return document.querySelector('h1').textContent;") == heading
    assert_clean(browser, axe)
    screenshot(browser, tmp_path, f"page-{role}.png")
    if role == "admin":
        for sub, name in (("/pages/admin/users", "users"), ("/pages/admin/audit", "audit")):
            browser.open(live.url + sub)
            assert_clean(browser, axe)
            screenshot(browser, tmp_path, f"page-admin-{name}.png")


def test_axe_finds_what_it_should(browser: Browser, axe: str, tmp_path: Path) -> None:
    """Without this, "no violations" could just mean axe never ran."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>bad</title></head>"
        "<body><img src='data:,'><button></button></body></html>"
    )
    browser.open(page)
    found = blocking(axe_violations(browser, axe))
    assert any(line.startswith("image-alt") for line in found), found
    assert any(line.startswith("button-name") for line in found), found
