"""`graphsvc demo` end to end: its map opens in a real, offline browser without errors.

Set ``GRAPHSVC_WRITE_DOCS_IMG=1`` to refresh ``docs/img/demo-map.png`` from this run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import networkx as nx
import pytest

from graphsvc.demo import run_demo
from graphsvc.store.embedded import EmbeddedStore
from tests.browser import Browser, browser_fixture

DOCS_IMG = Path(__file__).resolve().parents[1] / "docs" / "img" / "demo-map.png"

browser = browser_fixture(scope="module", width=1200, height=1000)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("demo")
    store = EmbeddedStore(out / "graphsvc-demo.sqlite")
    try:
        result = run_demo(store, people=300, seed=7, out_dir=out)
        yield result, store.ego(result.person_id, hops=1)
    finally:
        store.close()


def test_demo_picks_a_person_with_a_varied_life_and_counts_their_ties(demo) -> None:
    result, ego = demo
    kinds = {k for u, v, k in ego.edges(keys=True) if result.person_id in (u, v)}
    assert len(kinds) >= 5  # people, places, groups, paid support, interests...
    knows = {v if u == result.person_id else u for u, v, k in ego.edges(keys=True)
             if k == "KNOWS" and result.person_id in (u, v)}  # fmt: skip
    assert result.unpaid == len(knows)
    assert result.counts.nodes["Person"] == 300


@pytest.mark.browser
def test_demo_map_renders_offline_with_no_console_errors(
    browser: Browser, demo, tmp_path: Path
) -> None:
    result, ego = demo
    browser.open(result.map_path)
    browser.wait_for("document.documentElement.getAttribute('data-map-ready') === 'true'")
    assert browser.console_errors() == []
    assert browser.external_requests() == [] and browser.network_requests() == []
    drawn = set(browser.run("return graphsvcMap.nodes.getIds();"))
    assert result.person_id in drawn
    # everyone the person is tied to is drawn (the map leaves out only friends' side links)
    assert set(nx.all_neighbors(ego, result.person_id)) <= drawn
    shot = browser.screenshot(tmp_path / "demo-map.png")
    assert shot.stat().st_size > 20_000  # a drawn picture, not a blank page
    if os.environ.get("GRAPHSVC_WRITE_DOCS_IMG") == "1":
        shutil.copyfile(shot, DOCS_IMG)
