"""JSON, CSV, GeoJSON and SVG outputs: complete, well-formed, offline, and never about a person."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from graphsvc.assets import AssetConfig, map_assets, side_by_side
from graphsvc.assets.export import to_csv, to_geojson, to_json
from graphsvc.assets.indicators import Indicators
from graphsvc.assets.svg import map_svg, timetable_svg
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate
from tests.assets.worlds import holbeck
from tests.browser import Browser, browser_fixture

CFG = AssetConfig(as_of=date(2024, 6, 30))


@pytest.fixture(scope="module")
def town_store(tmp_path_factory: pytest.TempPathFactory):
    town = generate(500, seed=21, neighbourhoods=2)
    store = EmbeddedStore(tmp_path_factory.mktemp("town") / "town.sqlite")
    store.upsert(town.nodes, town.ties)
    store.upsert(*holbeck())  # adds n1 (and n2): a circle of support named after a person
    yield town, store
    store.close()


def everything_written(store: EmbeddedStore, *, names: bool) -> str:
    cfg = AssetConfig(as_of=date(2024, 6, 30), show_names=names)
    people = [n.id for n in generate(500, seed=21, neighbourhoods=2).nodes if n.label == "Person"]
    flags = Indicators({p: 1 for p in people[::4]}, frozenset(people[::10]), "rule")
    outputs = []
    for m in (
        map_assets(store, "n01", config=cfg, indicators=flags),
        map_assets(store, None, config=cfg),
        map_assets(store, "n1", config=cfg),
        side_by_side(store, ["n01", "n02"], config=cfg),
    ):
        outputs += [to_json(m), to_csv(m), json.dumps(to_geojson(m))]
        for one in getattr(m, "maps", [m]):
            outputs += [timetable_svg(one), map_svg(one)]
    return "\n".join(outputs)


@pytest.mark.parametrize("names", [False, True])
def test_no_output_names_or_identifies_a_person(town_store, names: bool) -> None:
    town, store = town_store
    text = everything_written(store, names=names)
    nodes = [*town.nodes, *holbeck()[0]]
    for n in nodes:
        if n.label in ("Person", "PaidWorker"):
            assert f'"{n.id}"' not in text and f",{n.id}," not in text, n.id
            if getattr(n, "name", None):
                assert n.name not in text, n.name
        if n.label == "Need":
            assert n.what not in text
        if n.label == "Person" and n.notes:
            assert n.notes not in text
    assert "Circle of support" not in text and "circle of support for" not in text.lower()
    assert ("Bean There" in text) is names  # places' names only when asked for


def test_csv_is_one_figure_per_line(town_store) -> None:
    _, store = town_store
    m = map_assets(store, "n1", config=CFG)
    rows = list(csv.DictReader(io.StringIO(to_csv(m))))
    assert list(rows[0]) == ["section", "neighbourhood", "item", "measure", "value"]
    got = {(r["section"], r["item"], r["measure"]): r["value"] for r in rows}
    assert got["population", "all", "people"] == "25"
    assert got["isolation", "unpaid_ties", "none"] == "<5"
    assert got["assets", "cafe", "reach"] == "10"
    assert got["timetable", "Mon 08:00", "spaces_open"] == "1"
    assert got["gaps", "painting", "interest without a space or group"] == "0"
    assert not any(r["value"] in {"1", "2", "3", "4"} for r in rows if r["section"] != "timetable"
                   and r["measure"] not in ("communities_joined", "assets_about"))  # fmt: skip


def test_geojson_features_are_located_spaces_with_published_figures(town_store) -> None:
    _, store = town_store
    g = to_geojson(map_assets(store, "n1", config=CFG))
    assert g["type"] == "FeatureCollection"
    by_id = {f["id"]: f for f in g["features"]}
    assert set(by_id) == {"cafe", "pub"}  # the park has no coordinates; groups are not places
    assert by_id["cafe"]["geometry"] == {"type": "Point", "coordinates": [-1.56, 53.8]}
    assert by_id["cafe"]["properties"]["reach"] == 10
    assert by_id["pub"]["properties"]["groups_meeting_here"] == ["quiz"]
    assert g["graphsvc"]["spaces_without_coordinates"] == 1
    assert g["graphsvc"]["disclosure"]["threshold"] == 5


def test_json_round_trips(town_store) -> None:
    _, store = town_store
    m = map_assets(store, "n01", config=CFG)
    data = json.loads(to_json(m))
    assert data["neighbourhoods"] == ["n01"] and data["disclosure"]["rounding_base"] == 5
    assert len(data["timetable"]["spaces_open"]) == 7


@pytest.mark.parametrize("draw", [timetable_svg, map_svg])
def test_pictures_are_standalone_accessible_svg(town_store, draw) -> None:
    _, store = town_store
    svg = draw(map_assets(store, "n01", config=CFG))
    root = ET.fromstring(svg)  # well-formed XML
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg" and root.get("role") == "img"
    assert root.find(f"{ns}title") is not None and root.find(f"{ns}desc") is not None
    assert "href" not in svg and "<script" not in svg and "@import" not in svg
    assert svg.count("http") == 1  # the SVG namespace, nothing fetched


browser = browser_fixture(scope="module")


@pytest.mark.browser
def test_pictures_draw_offline_in_a_browser(town_store, browser: Browser, tmp_path: Path) -> None:
    _, store = town_store
    m = map_assets(store, "n01", config=CFG)
    for name, svg in (("timetable", timetable_svg(m)), ("map", map_svg(m))):
        path = tmp_path / f"{name}.svg"
        path.write_text(svg, encoding="utf-8")
        browser.open(path)
        size = browser.run(
            "const b = document.documentElement.getBBox(); return [b.width, b.height];"
        )
        assert size[0] > 500 and size[1] > 400
        circles = browser.run("return document.querySelectorAll('circle, rect').length;")
        assert circles > 10
        assert browser.external_requests() == []
        assert browser.screenshot(tmp_path / f"{name}.png").stat().st_size > 10_000
