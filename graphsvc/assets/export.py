"""Published asset maps as JSON, CSV and GeoJSON.

Each writer takes an `AssetMap` or a `Comparison` (already protected by
`graphsvc.assets.disclosure`) and never raw counts, so nothing written here can hold a count
of 1-4, a person's id or their words.

- JSON: the map as it is (`AssetMap.to_dict`).
- CSV: one tidy table, one figure per line (``section, neighbourhood, item, measure, value``),
  so a spreadsheet can filter and pivot it without knowing the map's shape.
- GeoJSON (RFC 7946): a ``FeatureCollection`` of the spaces with known coordinates, their
  published figures in ``properties``; spaces without coordinates are counted in the
  collection's ``graphsvc`` member, with the disclosure settings.

Examples
--------
>>> from graphsvc.assets.published import AssetEntry, AssetMap
>>> cafe = AssetEntry("s1", "space", "café", None, "n1", ["Mon 09:00-17:00"], 53.1, -1.7,
...                   [], [], 15, None, 1, None)
>>> m = AssetMap(["n1"], None, {"residents": 40, "people": 40}, {}, [], [cafe], [], {}, {}, {},
...              {"threshold": 5})
>>> to_geojson(m)["features"][0]["geometry"]
{'type': 'Point', 'coordinates': [-1.7, 53.1]}
>>> to_csv(m).splitlines()[1]
'population,n1,all,residents,40'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from graphsvc.assets.published import AssetMap, Comparison

__all__ = ["to_csv", "to_geojson", "to_json"]

_CSV_HEADER = ("section", "neighbourhood", "item", "measure", "value")


def to_json(m: AssetMap | Comparison, *, indent: int | None = 2) -> str:
    """The published map (or comparison) as JSON text."""
    return json.dumps(m.to_dict(), ensure_ascii=False, indent=indent)


def to_csv(m: AssetMap | Comparison) -> str:
    """One figure per line: ``section, neighbourhood, item, measure, value``."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(_CSV_HEADER)
    maps = m.maps if isinstance(m, Comparison) else [m]
    for one in maps:
        w.writerows(_rows(one))
    if isinstance(m, Comparison):
        for measure, values in m.table.items():
            for hood, value in values.items():
                w.writerow(("comparison", hood, "headline", measure, value))
    return out.getvalue()


def _where(m: AssetMap) -> str:
    return "+".join(m.neighbourhoods)


def _rows(m: AssetMap) -> Iterator[tuple[Any, ...]]:
    hood = _where(m)
    for measure, value in m.population.items():
        yield ("population", hood, m.age_group or "all", measure, value)
    for name, cats in m.isolation.items():
        for cat, value in (cats or {}).items():
            yield ("isolation", hood, name, cat, value)
    for e in m.paid_support:
        for measure in ("people", "hours_per_week", "people_hours_unknown"):
            value = getattr(e, measure)
            if value is not None:
                yield ("paid_support", hood, e.role, measure, value)
    for a in m.assets:
        yield ("assets", hood, a.id, "type", a.type)
        yield ("assets", hood, a.id, "kind", a.kind or "")
        if a.name is not None:
            yield ("assets", hood, a.id, "name", a.name)
        yield ("assets", hood, a.id, "times", "; ".join(a.times or []))
        yield ("assets", hood, a.id, "about", "; ".join(a.about))
        yield ("assets", hood, a.id, "reach", a.reach)
        if a.reach_support_dominated is not None:
            yield ("assets", hood, a.id, "reach_support_dominated", a.reach_support_dominated)
        if a.communities_joined is not None:
            yield ("assets", hood, a.id, "communities_joined", a.communities_joined)
        if a.betweenness is not None:
            yield ("assets", hood, a.id, "betweenness", a.betweenness)
    for i in m.interests:
        for measure in ("interested", "want_to_learn", "skilled", "assets_about"):
            yield ("interests", hood, i.interest, measure, getattr(i, measure))
    for g in m.gaps.get("interests", []):
        yield ("gaps", hood, g["interest"], "interest without a space or group", g["interested"])
    for n in m.gaps.get("needs", []):
        yield ("gaps", hood, n.tag, "need without a space or group", n.people)
    for key in ("nothing_on", "nothing_open"):
        for slot in m.gaps.get(key, []):
            yield ("gaps", hood, slot, key, "")
    days = m.timetable.get("days", [])
    for layer in ("spaces_open", "groups_meeting"):
        for d, row in zip(days, m.timetable.get(layer, []), strict=False):
            for h, value in enumerate(row):
                yield ("timetable", hood, f"{d} {h:02d}:00", layer, value)


def to_geojson(m: AssetMap | Comparison) -> dict[str, Any]:
    """A GeoJSON ``FeatureCollection`` of the spaces with coordinates (RFC 7946: lon, lat)."""
    maps = m.maps if isinstance(m, Comparison) else [m]
    features = []
    unlocated = 0
    for one in maps:
        for a in one.assets:
            if a.type != "space":
                continue
            if a.lat is None or a.lon is None:
                unlocated += 1
                continue
            features.append(
                {
                    "type": "Feature",
                    "id": a.id,
                    "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
                    "properties": {
                        "id": a.id,
                        "kind": a.kind,
                        **({"name": a.name} if a.name is not None else {}),
                        "neighbourhood": a.neighbourhood,
                        "times": a.times,
                        "about": a.about,
                        "groups_meeting_here": a.links,
                        "reach": a.reach,
                        "reach_support_dominated": a.reach_support_dominated,
                        "communities_joined": a.communities_joined,
                        "betweenness": a.betweenness,
                    },
                }
            )
    return {
        "type": "FeatureCollection",
        "features": features,
        "graphsvc": {
            "neighbourhoods": [h for one in maps for h in one.neighbourhoods],
            "spaces_without_coordinates": unlocated,
            "disclosure": maps[0].disclosure if maps else {},
        },
    }
