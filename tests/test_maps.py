"""The connection map: self-contained, accessible, safe with hostile names, drawn in a browser.

The string-level tests run everywhere. The ``browser`` tests load the page in headless
Chromium with the network refused and recorded (see ``tests/browser.py``): a page that only
*looks* right as text can still be blank, throw, or quietly fetch a CDN.

Set ``GRAPHSVC_WRITE_DOCS_IMG=1`` to refresh ``docs/img/example-map.png`` from the example
map (the test always writes its screenshot under the test's temporary folder).
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import json
import os
import re
import shutil
import struct
import threading
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from graphsvc.errors import BadRequest, NotFound
from graphsvc.graph import build_graph
from graphsvc.maps import STYLES, TEXT_COLOUR, contrast_ratio, render_map, write_map
from graphsvc.model import (
    About,
    Group,
    HasNeed,
    In,
    Interest,
    InterestedIn,
    Knows,
    Label,
    MeetsAt,
    MemberOf,
    MetBy,
    Need,
    Neighbourhood,
    PaidWorker,
    Person,
    Space,
    Supports,
    Visits,
    WantsToLearn,
)
from tests.browser import Browser, browser_fixture, chromium, require_browser

ROOT = Path(__file__).resolve().parents[1]
DOCS_IMG = ROOT / "docs" / "img" / "example-map.png"
XSS = "<script>alert(1)</script>"
XSS_IMG = '<img src=x onerror="window.__pwned=1">'

browser = browser_fixture(scope="module")


# --- example graphs -------------------------------------------------------------------------


def example_graph() -> nx.MultiDiGraph:
    """Dave's ego network: family, a neighbour, the quiz team, his PA and an agency worker."""
    nodes = [
        Person(id="dave", name="Dave", consent="given"),
        Person(id="maureen", name="Maureen"),
        Person(id="liam", name="Liam"),
        Person(id="nb"),  # a neighbour who did not give a name
        Person(id="gareth", name="Gareth"),
        Person(id="ray", name="Ray"),
        PaidWorker(id="priya", name="Priya", role="personal_assistant"),
        PaidWorker(id="cw1", role="care_worker", organisation="Brightside Care"),
        Space(id="lion", name="The Red Lion", kind="pub"),
        Space(id="library", name="Library", kind="library"),
        Group(id="quiz", name="Red Lion quiz team", kind="quiz team"),
        Group(id="blues", name="Cardiff Blues supporters", kind="supporters' club"),
        Interest(name="rugby"),
        Interest(name="pub quizzes"),
        Interest(name="cooking"),
        Need(id="shop", what="Shopping on Fridays"),
        Neighbourhood(id="splott", name="Splott"),
    ]
    ties = [
        Knows(source="dave", target="maureen", kind="family", mode="in_person", frequency=4),
        Knows(source="maureen", target="dave", kind="family"),
        Knows(source="dave", target="liam", kind="family", mode="phone", frequency=2),
        Knows(source="maureen", target="liam", kind="family"),
        Knows(source="dave", target="nb", kind="neighbour", mode="in_person", frequency=12),
        Knows(source="dave", target="gareth", kind="friend", mode="in_person", since="2021-09"),
        Knows(source="dave", target="ray", kind="acquaintance", frequency=20),
        Knows(source="ray", target="gareth", kind="friend"),
        Supports(
            source="priya", target="dave", role="personal_assistant", employer="person",
            hours_per_week=10, since="2022",
        ),
        Supports(
            source="cw1", target="dave", role="care_worker", employer="provider",
            hours_per_week=7,
        ),
        Visits(source="dave", target="lion", frequency=4),
        Visits(source="dave", target="library", frequency=2),
        MemberOf(source="dave", target="quiz", since="2022-01"),
        MemberOf(source="gareth", target="quiz"),
        MemberOf(source="gareth", target="blues"),
        MeetsAt(source="quiz", target="lion", slots=["Thu 19:30-22:00"]),
        InterestedIn(source="dave", target="rugby"),
        InterestedIn(source="gareth", target="rugby"),
        InterestedIn(source="dave", target="pub quizzes"),
        WantsToLearn(source="dave", target="cooking"),
        About(source="blues", target="rugby"),
        HasNeed(source="dave", target="shop"),
        MetBy(source="shop", target="cw1", hours_per_week=2),
        In(source="dave", target="splott"),
    ]  # fmt: skip
    return build_graph(nodes, ties)


def hostile_graph() -> nx.MultiDiGraph:
    """Names as an attacker (or a careless import) might write them."""
    nodes = [
        Person(id="p1", name=XSS),
        Person(id="p2", name=XSS_IMG),
        Person(id="p3", name='Ann "</script><script>window.__pwned=1</script>'),
        Space(id="s1", name="Bob's & Sue's <café>", kind="café"),
    ]
    ties = [
        Knows(source="p1", target="p2", kind="friend"),
        Knows(source="p1", target="p3", kind="family"),
        Visits(source="p1", target="s1"),
    ]
    return build_graph(nodes, ties)


# --- reading the page back ------------------------------------------------------------------


class _Page(HTMLParser):
    """Collects what the tests inspect: references, tags, inline scripts and list items."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self._text: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data") and value:
                self.refs.append((tag, name, value))
        if tag in ("script", "style"):
            self._script, self._text = attributes, []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._script is not None:
            if tag == "script":
                self.scripts.append((self._script, "".join(self._text)))
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._text.append(data)
        else:
            self.text.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def map_data(html: str) -> dict:
    page = parse(html)
    [(_, raw)] = [(a, s) for a, s in page.scripts if a.get("id") == "map-data"]
    return json.loads(raw)


@pytest.fixture(scope="module")
def example_html() -> str:
    return render_map(example_graph(), "dave")


# --- the page as text -----------------------------------------------------------------------


def test_page_loads_nothing_from_anywhere(example_html: str) -> None:
    page = parse(example_html)
    scripts = [a for tag, a in page.tags if tag == "script"]
    links = [a for tag, a in page.tags if tag == "link"]
    assert not [s for s in scripts if "src" in s], "scripts must be inline"
    assert not [lk for lk in links if "href" in lk], "no stylesheet links at all"
    external = [r for r in page.refs if not r[2].startswith("#")]
    assert external == [], f"references leaving the page: {external}"
    assert not any("cdn" in value.lower() for _, _, value in page.refs)
    assert "bootstrap" not in example_html.lower()
    # Styles: no @import and no url() other than inline data.
    styles = re.findall(r"<style>(.*?)</style>", example_html, flags=re.S)
    assert styles and not any("@import" in s for s in styles)
    for style in styles:
        assert not re.search(r"url\(\s*(?!['\"]?data:)", style)
    assert "sourceMappingURL" not in example_html


def test_csp_forbids_loading_and_allows_only_the_pages_own_scripts(example_html: str) -> None:
    page = parse(example_html)
    [csp] = [
        a["content"]
        for tag, a in page.tags
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert csp is not None and "default-src 'none'" in csp
    executable = [src for attrs, src in page.scripts if attrs.get("type") is None]
    assert len(executable) == 2  # vis-network and the map's own script
    for source in executable:
        digest = base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_page_structure_is_accessible(example_html: str) -> None:
    page = parse(example_html)
    assert '<html lang="en">' in example_html
    assert "<title>Dave&#39;s connections</title>" in example_html
    assert [t for t, _ in page.tags if t == "h1"] == ["h1"]
    headings = [t for t, _ in page.tags if re.fullmatch(r"h\d", t)]
    assert headings[0] == "h1" and "h3" in headings  # h1, then h2 sections with h3 groups
    [(_, map_div)] = [(t, a) for t, a in page.tags if a.get("id") == "map"]
    assert map_div["role"] == "img" and "list" in (map_div["aria-label"] or "")
    text = " ".join(" ".join(page.text).split())
    for heading in ("People you know", "Paid support", "Places you go", "Groups"):
        assert heading in text
    for word in ("Person", "Paid worker", "Place", "Group", "Interest or skill"):
        assert word in text  # the key
    assert "Paid support (dashed)" in text


def test_connection_list_says_what_the_picture_shows(example_html: str) -> None:
    text = " ".join(" ".join(parse(example_html).text).split())
    text = text[text.index("Connections in words") :]
    assert "Maureen: family, you meet face to face, about once a week" in text
    assert "a neighbour: you meet face to face, a few times a week" in text
    assert "Priya: personal assistant, paid, you employ them, 10 hours a week, since 2022" in text
    assert "a care worker: paid, employed by Brightside Care, 7 hours a week" in text
    assert "The Red Lion: about once a week" in text
    assert "Red Lion quiz team: since January 2022" in text
    assert "Shopping on Fridays: paid help today from a care worker" in text
    # Ties the centre is not part of are in the picture, so they are in the words too.
    assert "Red Lion quiz team meets at The Red Lion" in text
    assert "Maureen knows Liam (family)" in text
    assert "Gareth is in Cardiff Blues supporters" in text
    # Strengths first: unpaid connections are listed before paid support.
    assert text.index("People you know") < text.index("Paid support")


def test_every_node_and_tie_is_drawn(example_html: str) -> None:
    G = example_graph()
    data = map_data(example_html)
    assert {n["id"] for n in data["nodes"]} == set(G.nodes)
    drawn = {frozenset((e["from"], e["to"])) for e in data["edges"]}
    assert drawn == {frozenset((u, v)) for u, v in G.edges()}
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels["nb"] == "a neighbour" and labels["cw1"] == "a care worker"
    assert labels["dave"] == "Dave" and labels["rugby"] == "rugby"
    assert labels["shop"] == "Shopping on Fridays"


def test_each_kind_has_its_own_colour_and_shape_with_enough_contrast() -> None:
    assert set(STYLES) == set(Label)
    assert len({s.colour.lower() for s in STYLES.values()}) == len(STYLES)
    assert len({s.shape for s in STYLES.values()}) == len(STYLES)
    for label, style in STYLES.items():
        assert contrast_ratio(style.colour, "#ffffff") >= 3, f"{label}: WCAG 1.4.11 needs 3:1"
    assert contrast_ratio(TEXT_COLOUR, "#ffffff") >= 7  # AAA for the page text
    # A need's label is written inside its ellipse, white on the fill.
    assert contrast_ratio("#ffffff", STYLES[Label.NEED].colour) >= 4.5


def test_each_node_uses_its_kinds_shape_and_the_centre_stands_out(example_html: str) -> None:
    G = example_graph()
    data = map_data(example_html)
    for node in data["nodes"]:
        style = STYLES[Label(G.nodes[node["id"]]["label"])]
        assert node["shape"] == style.shape
        assert node["color"]["background"] == style.colour
    centre = next(n for n in data["nodes"] if n["id"] == "dave")
    others = [n for n in data["nodes"] if n["id"] != "dave"]
    assert centre["size"] > max(n["size"] for n in others)
    assert (centre["x"], centre["y"]) == (0.0, 0.0) and centre["fixed"] == {"x": True, "y": True}


def test_paid_ties_are_dashed_and_say_paid(example_html: str) -> None:
    data = map_data(example_html)
    paid_pairs = {frozenset(p) for p in (("priya", "dave"), ("cw1", "dave"), ("shop", "cw1"))}
    for edge in data["edges"]:
        pair = frozenset((edge["from"], edge["to"]))
        if pair in paid_pairs:
            assert edge["dashes"] and edge["label"] == "paid", edge
        else:
            assert edge["dashes"] is False and edge.get("label") != "paid", edge


def test_hostile_names_are_escaped_everywhere() -> None:
    html = render_map(hostile_graph(), "p1")
    for raw in (XSS, XSS_IMG, "</script><script>", "<café>"):
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text, in the list
    page = parse(html)
    assert len(page.scripts) == 3  # the data block, vis-network and the map script
    assert not [t for t, a in page.tags if t == "img"]
    data = map_data(html)  # the JSON survives intact
    names = {n["title"].split("\n")[0] for n in data["nodes"]}
    assert names >= {XSS, XSS_IMG, "Bob's & Sue's <café>"}
    assert f"{XSS}'s connections" in page.text  # the heading, decoded back to the name


def test_title_is_escaped_too() -> None:
    html = render_map(example_graph(), "dave", title=f"Map {XSS}")
    assert XSS not in html and "<title>Map &lt;script&gt;" in html


def test_scores_set_line_width_and_closeness_words() -> None:
    G = example_graph()
    html = render_map(G, "dave", scores={("dave", "maureen"): 0.9, ("ray", "dave"): 0.1})
    edges = {frozenset((e["from"], e["to"])): e for e in map_data(html)["edges"]}
    close, far = edges[frozenset(("dave", "maureen"))], edges[frozenset(("dave", "ray"))]
    assert close["width"] > far["width"]
    assert "How close: very close" in close["title"] and "How close: distant" in far["title"]
    assert "how close: very close" in html and "Thicker line: closer" in html
    for bad in (1.5, -0.1, float("nan")):
        with pytest.raises(BadRequest):
            render_map(G, "dave", scores={("dave", "maureen"): bad})


def test_centre_must_be_a_person_in_the_graph() -> None:
    with pytest.raises(NotFound):
        render_map(example_graph(), "nobody")
    with pytest.raises(NotFound):
        render_map(example_graph(), "lion")


def test_same_graph_same_page() -> None:
    """Fixed seed and computed start positions: repeatable maps and stable screenshots."""
    assert render_map(example_graph(), "dave") == render_map(example_graph(), "dave")
    options = map_data(render_map(example_graph(), "dave", seed=7))["options"]
    assert options["layout"]["randomSeed"] == 7 and options["physics"]["enabled"] is True
    assert (
        "randomSeed"
        not in map_data(render_map(example_graph(), "dave", seed=None))["options"]["layout"]
    )


def test_unnamed_centre_and_lonely_person() -> None:
    G = build_graph([Person(id="p9")], [])
    html = render_map(G, "p9")
    assert "<h1>Your connections</h1>" in html and "There is nothing else on this map" in html


def test_long_names_are_shortened_on_the_picture_only() -> None:
    long = "Friends of the Splott Community Garden and Allotment Society"
    G = build_graph(
        [Person(id="p1", name="Sam"), Group(id="g1", name=long)],
        [MemberOf(source="p1", target="g1")],
    )
    html = render_map(G, "p1")
    [group] = [n for n in map_data(html)["nodes"] if n["id"] == "g1"]
    assert group["label"].endswith("…") and len(group["label"]) <= 32
    assert group["title"].startswith(long) and f"<li>{long}</li>" in html


def test_write_map_writes_one_file(tmp_path: Path) -> None:
    out = write_map(example_graph(), "dave", tmp_path / "maps" / "dave.html")
    assert out == tmp_path / "maps" / "dave.html"
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in out.parent.iterdir()) == ["dave.html"]  # no lib/ folder


# --- in a real browser ----------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _open_map(browser: Browser, path: Path) -> None:
    browser.open(path)
    browser.wait_for("document.documentElement.getAttribute('data-map-ready') === 'true'")


def _assert_clean(browser: Browser) -> None:
    assert browser.console_errors() == []
    assert browser.external_requests() == []
    assert browser.network_requests() == []
    assert {r.scheme for r in browser.requests()} <= {"file", "data"}


@pytest.mark.browser
def test_map_draws_offline_without_errors(browser: Browser, tmp_path: Path) -> None:
    G = example_graph()
    path = write_map(G, "dave", tmp_path / "dave.html")
    _open_map(browser, path)
    _assert_clean(browser)
    size = browser.run(
        "var c = document.querySelector('#map canvas');"
        "return c ? [c.width, c.height, c.clientWidth, c.clientHeight] : null;"
    )
    assert size is not None and min(size) > 0
    assert browser.run("return graphsvcMap.nodes.length;") == G.number_of_nodes()
    assert set(browser.run("return graphsvcMap.nodes.getIds();")) == set(G.nodes)
    assert browser.run("return graphsvcMap.edges.length;") == len(
        {frozenset((u, v)) for u, v in G.edges()}
    )
    # The picture is not empty: something other than white was painted on the canvas.
    painted = browser.run(
        "var c = document.querySelector('#map canvas');"
        "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        "var n = 0; for (var i = 0; i < d.length; i += 4) {"
        "  if (d[i + 3] > 0 && (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200)) n++; }"
        "return n;"
    )
    assert painted > 1000
    # The key and the list are on the page and visible, the key within the first screen.
    legend = browser.run(
        "var r = document.querySelector('.legend').getBoundingClientRect();"
        "return [r.width, r.height, r.right, r.bottom];"
    )
    assert legend[0] > 0 and legend[1] > 0 and legend[2] <= 1200 and legend[3] <= 800
    items = browser.run("return document.querySelectorAll('#connections li').length;")
    assert items >= 15
    words = browser.run("return document.querySelector('.legend').innerText;")
    assert "Paid worker" in words and "Place" in words
    # The centre is drawn in the middle of the picture.
    where = browser.run(
        "var p = graphsvcMap.network.getPositions(['dave']).dave;"
        "var d = graphsvcMap.network.canvasToDOM(p);"
        "var c = document.getElementById('map');"
        "return [d.x / c.clientWidth, d.y / c.clientHeight];"
    )
    assert 0.3 < where[0] < 0.7 and 0.3 < where[1] < 0.7, where


@pytest.mark.browser
def test_hostile_names_are_shown_as_text_not_run(browser: Browser, tmp_path: Path) -> None:
    path = write_map(hostile_graph(), "p1", tmp_path / "hostile.html")
    _open_map(browser, path)
    _assert_clean(browser)
    assert browser.run("return window.__pwned === undefined;")
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.driver.switch_to.alert.text  # noqa: B018 - reading it is the check
    assert browser.run("return document.querySelector('h1').textContent;") == (
        f"{XSS}'s connections"
    )
    assert browser.run("return document.querySelectorAll('img').length;") == 0
    assert browser.run("return document.scripts.length;") == 3
    listed = browser.run(
        "return Array.from(document.querySelectorAll('#connections li'), li => li.textContent);"
    )
    assert any(XSS_IMG in item for item in listed)
    # Tooltips are elements holding plain text, with no markup inside.
    tip = browser.run(
        "var t = graphsvcMap.nodes.get('p2').title;"
        "return [t instanceof HTMLElement, t.children.length, t.textContent];"
    )
    assert tip[0] is True and tip[1] == 0 and tip[2].startswith(XSS_IMG)


@pytest.mark.browser
def test_csp_refuses_a_script_the_page_did_not_ship(browser: Browser, tmp_path: Path) -> None:
    """Defence in depth: markup slipped into the saved file still cannot run script."""
    html = render_map(example_graph(), "dave")
    injected = "<script>window.__injected = 1;</script><img src='https://example.com/x.png'>"
    page = tmp_path / "injected.html"
    page.write_text(html.replace("</main>", injected + "</main>"), encoding="utf-8")
    _open_map(browser, page)
    assert browser.run("return window.__injected === undefined;")
    errors = [e["message"] for e in browser.console_errors()]
    assert any("Content Security Policy" in m for m in errors), errors
    # Chromium's preload scanner can still ask for the image; the test's guard refuses it.
    assert all(r.failed is not None or r.blocked for r in browser.network_requests())


@pytest.mark.browser
def test_hovering_a_node_shows_its_plain_words(browser: Browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    path = write_map(hostile_graph(), "p1", tmp_path / "hover.html")
    _open_map(browser, path)
    canvas = browser.driver.find_element("css selector", "#map canvas")
    dx, dy = browser.run(
        "var p = graphsvcMap.network.canvasToDOM(graphsvcMap.network.getPositions(['p2']).p2);"
        "var c = document.querySelector('#map canvas');"
        "return [Math.round(p.x - c.clientWidth / 2), Math.round(p.y - c.clientHeight / 2)];"
    )
    # Two small moves: vis-network shows a tooltip after the pointer rests on a node.
    chain = ActionChains(browser.driver)
    chain.move_to_element_with_offset(canvas, dx - 3, dy - 3).pause(0.05)
    chain.move_to_element_with_offset(canvas, dx, dy).perform()
    text = browser.wait_for(
        "(function () { var t = document.querySelector('div.vis-tooltip');"
        " return t && t.style.visibility !== 'hidden' && t.textContent; })()",
        timeout=10,
    )
    assert text.startswith(XSS_IMG) and "Friend" in text
    assert browser.run("return document.querySelectorAll('div.vis-tooltip img').length;") == 0
    assert browser.run("return window.__pwned === undefined;")
    _assert_clean(browser)


@pytest.mark.browser
def test_layout_is_the_same_every_time(browser: Browser, tmp_path: Path) -> None:
    path = write_map(example_graph(), "dave", tmp_path / "again.html")
    positions = []
    for _ in range(2):
        _open_map(browser, path)
        positions.append(browser.run("return graphsvcMap.network.getPositions();"))
    first, second = positions
    assert first.keys() == second.keys()
    for node, p in first.items():
        assert abs(p["x"] - second[node]["x"]) < 0.5 and abs(p["y"] - second[node]["y"]) < 0.5


@pytest.mark.browser
def test_the_network_guard_sees_and_refuses_requests(browser: Browser, tmp_path: Path) -> None:
    """Without this, "no requests recorded" could just mean "not recording" (same for errors)."""
    page = tmp_path / "leaky.html"
    page.write_text(
        "<!DOCTYPE html><html lang='en'><head><title>leaky</title>"
        "<link rel='stylesheet' href='https://cdn.example.com/x.css'></head><body>"
        "<img src='http://example.org/pixel.png' alt=''>"
        "<script>console.error('guard check');"
        "fetch('https://example.net/data.json').catch(function () {});</script>"
        "</body></html>",
        encoding="utf-8",
    )
    browser.open(page)
    browser.wait_for("document.readyState === 'complete'")
    browser.wait_for("performance.getEntriesByType('resource').length >= 3", timeout=10)
    seen = {r.host: r for r in browser.external_requests()}
    assert set(seen) >= {"cdn.example.com", "example.org", "example.net"}
    assert all(r.failed is not None or r.blocked for r in seen.values()), seen
    # Requests blocked by DevTools leave no console message; the console is still recorded.
    assert [e for e in browser.console_errors() if "guard check" in e["message"]]


@pytest.mark.browser
def test_map_served_over_loopback_http(tmp_path: Path) -> None:
    """The helper can load http://127.0.0.1 pages; the map makes no request but its own."""
    require_browser()
    write_map(example_graph(), "dave", tmp_path / "index.html")
    handler = partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/index.html"
        with chromium(allow_loopback=True) as b:
            b.open(url)
            b.wait_for("document.documentElement.getAttribute('data-map-ready') === 'true'")
            assert b.console_errors() == []
            assert b.external_requests() == []
            assert [r.url for r in b.network_requests()] == [url]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.mark.browser
def test_example_screenshot(browser: Browser, tmp_path: Path) -> None:
    """The picture in the docs; look at it after changing the map's style or layout."""
    path = write_map(example_graph(), "dave", tmp_path / "example.html")
    _open_map(browser, path)
    _assert_clean(browser)
    shot = browser.screenshot(tmp_path / "example-map.png")
    assert _png_size(shot) == (1200, 800)
    if os.environ.get("GRAPHSVC_WRITE_DOCS_IMG") == "1":
        DOCS_IMG.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(shot, DOCS_IMG)
