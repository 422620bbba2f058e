"""Open Referral UK data packages: a hand-written package in, our spaces and groups out and back."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from graphsvc.assets.hsds import read_hsds, schedules_to_slots, slots_to_schedules, write_hsds
from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph, neighbourhood_graph
from graphsvc.model import Neighbourhood
from graphsvc.slots import expand_slots
from graphsvc.store.base import GraphStore
from graphsvc.synth import generate
from tests.assets.worlds import holbeck

FIXTURE = Path(__file__).parent / "fixtures" / "oruk"


def by_id(records: list[Any]) -> dict[str, Any]:
    return {r.id: r for r in records}


def test_reading_a_hand_written_package() -> None:
    got = read_hsds(FIXTURE, neighbourhood="n1", interests=["cooking"])
    nodes = by_id(got.nodes)
    centre = nodes["loc-centre"]
    assert (centre.label, centre.name, centre.kind, centre.lat, centre.lon) == (
        "Space", "Holbeck Community Centre", "Community centre", 53.7897, -1.5607,
    )  # fmt: skip
    weekdays = [f"{d} 09:00-21:00" for d in ("Mon", "Tue", "Wed", "Thu", "Fri")]
    assert centre.slots == [*weekdays, "Sat 09:00-13:00"]
    assert nodes["loc-chapel"].slots == ["Sun 10:00-12:00"] and nodes["loc-chapel"].kind is None
    assert nodes["loc-online"].lat is None and nodes["loc-online"].slots is None
    lunch, choir, advice = nodes["svc-lunch"], nodes["svc-choir"], nodes["svc-advice"]
    assert (lunch.label, lunch.kind, lunch.slots) == ("Group", "Lunch clubs", ["Thu 12:00-14:00"])
    assert lunch.purpose == "A hot two-course lunch and company for older neighbours"
    assert (choir.kind, choir.slots) == ("Choir", ["Wed 19:00-21:00"])  # weekday 3 = Wednesday
    assert advice.kind == "Welfare benefits advice" and advice.slots is None  # monthly: skipped
    assert {n.id for n in got.nodes if n.label == "Interest"} == {"cooking", "singing"}
    ties = {(t.type, t.source, t.target): t for t in got.ties}
    assert ties["MEETS_AT", "svc-choir", "loc-chapel"].slots == ["Wed 19:00-21:30"]
    assert ("MEETS_AT", "svc-lunch", "loc-centre") in ties
    assert ("ABOUT", "svc-lunch", "cooking") in ties and ("ABOUT", "svc-choir", "singing") in ties
    assert sum(1 for t in got.ties if t.type == "IN") == 6
    notes = " | ".join(got.notes)
    assert "rs-5: not weekly" in notes and "esd-missing" in notes and "sal-4" in notes
    assert "2 physical addresses" in notes


def test_an_imported_package_lands_in_a_store_and_maps(store: GraphStore) -> None:
    got = read_hsds(FIXTURE, neighbourhood="n1")
    store.upsert([Neighbourhood(id="n1", name="Holbeck"), *got.nodes], got.ties)
    assert store.get("svc-choir").kind == "Choir"
    assert store.counts().nodes["Space"] == 3


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadRequest, match="no location or service table"):
        read_hsds(tmp_path)


def test_our_spaces_and_groups_round_trip(tmp_path: Path) -> None:
    town = generate(400, seed=8)
    G = neighbourhood_graph(town.graph(), "n01")
    written = write_hsds(G, tmp_path)
    back = read_hsds(tmp_path, neighbourhood="n01")
    assets = {n: d for n, d in G.nodes(data=True) if d["label"] in ("Space", "Group")}
    public = {n: d for n, d in assets.items() if d.get("kind") != "circle of support"}
    assert written["location"] + written["service"] == len(public) < len(assets)
    H = build_graph(back.nodes, back.ties)
    for n, d in public.items():
        assert dict(H.nodes[n]) == d, n
    want = {
        (u, v, k, tuple(sorted((x, str(y)) for x, y in d.items())))
        for u, v, k, d in G.edges(keys=True, data=True)
        if u in public and k in ("MEETS_AT", "ABOUT", "IN")
    }
    got = {
        (u, v, k, tuple(sorted((x, str(y)) for x, y in d.items())))
        for u, v, k, d in H.edges(keys=True, data=True)
    }
    assert got == want


def test_written_package_follows_the_tables_and_hides_circles(tmp_path: Path) -> None:
    G = build_graph(*holbeck())
    write_hsds(G, tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text())
    names = [r["name"] for r in descriptor["resources"]]
    for table in ("organization", "service", "location", "service_at_location",
                  "physical_address", "regular_schedule", "taxonomy"):  # fmt: skip
        assert table in names and (tmp_path / f"{table}.csv").is_file()
    text = "".join(p.read_text() for p in tmp_path.glob("*.csv"))
    assert "circle" not in text.lower() and "Person 18" not in text
    with (tmp_path / "regular_schedule.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    quiz = [r for r in rows if r["service_id"] == "quiz" and not r["service_at_location_id"]]
    assert [(r["byday"], r["opens_at"], r["closes_at"], r["freq"]) for r in quiz] == [
        ("TH", "20:00", "22:00", "WEEKLY")
    ]
    people = {n for n, d in G.nodes(data=True) if d["label"] in ("Person", "PaidWorker")}
    assert not any(p in text for p in people if len(p) > 3)


@pytest.mark.parametrize(
    ("row", "slots"),
    [
        ({"byday": "FR", "opens_at": "22:00", "closes_at": "02:00"}, ["Fri 22:00-02:00"]),
        ({"byday": "mo, tu", "opens_at": "9:30", "closes_at": "10:00:00+01:00"},
         ["Mon 09:30-10:00", "Tue 09:30-10:00"]),
        ({"weekday": "Sunday", "opens_at": "10:00", "closes_at": "11:00"}, ["Sun 10:00-11:00"]),
        ({"weekday": "7", "opens_at": "10:00", "closes_at": "11:00"}, ["Sun 10:00-11:00"]),
        ({"byday": "2MO", "opens_at": "10:00", "closes_at": "11:00"}, []),
        ({"byday": "MO", "opens_at": "", "closes_at": "11:00"}, []),
    ],
)  # fmt: skip
def test_schedule_rows_to_slots(row: dict[str, str], slots: list[str]) -> None:
    assert schedules_to_slots([row])[0] == slots


def test_slots_to_schedule_rows_and_back() -> None:
    slots = expand_slots(["Mon 09:00-17:00", "Sat 23:00-01:30", "Sun 00:00-24:00"])
    rows = slots_to_schedules(slots)
    assert [r["closes_at"] for r in rows] == ["17:00", "01:30", "00:00"]
    assert schedules_to_slots(rows)[0] == slots
