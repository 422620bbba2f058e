"""What a commissioner's neighbourhood page shows: a published asset map, in words and pictures.

Everything here is read from an `AssetMap`, which only `graphsvc.assets` can make and which has
already been through disclosure control (small numbers suppressed, counts rounded). This module
adds no figure of its own and reads no graph: a commissioner's page can show nothing the
published map does not. Names of spaces and groups are left out unless the deployment turns
`AssetConfig.show_names` on (a group's name can be a person's: "Jo's circle").

Suppressed figures are spelled out ("fewer than 5", "hidden") rather than shown as the
statistician's ``<5`` and ``[c]``, and the method is stated on the page, so nobody mistakes a
hidden figure for zero.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graphsvc.assets import AssetMap
from graphsvc.assets.svg import map_svg, timetable_svg

__all__ = ["NeighbourhoodView", "neighbourhood_view", "shown"]

#: Each isolation partition: a heading and each category in words.
_ISOLATION: dict[str, tuple[str, dict[str, str]]] = {
    "unpaid_ties": (
        "Unpaid relationships (any closeness)",
        {"none": "No unpaid relationship", "one": "One", "two_or_more": "Two or more"},
    ),
    "good_unpaid_ties": (
        "Close unpaid relationships",
        {"none": "No close unpaid relationship", "one": "One", "two_or_more": "Two or more"},
    ),
    "support_dominated": (
        "Networks filled mostly by paid support",
        {"yes": "Mostly paid support", "no": "Not mostly paid support"},
    ),
    "reached_by_assets": (
        "Reached by a place or group here",
        {"yes": "Uses a place or belongs to a group", "no": "Not reached"},
    ),
}
_ROLE_WORDS = {"personal_assistant": "Personal assistant", "care_worker": "Care worker",
               "support_worker": "Support worker", "social_worker": "Social worker",
               "gp": "GP", "nurse": "Nurse", "therapist": "Therapist", "other": "Other",
               "all roles": "All roles"}  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def shown(value: object) -> str:
    """A published figure in words: ``"<5"`` is "fewer than 5", ``"[c]"`` is "hidden"."""
    if value is None:
        return "not counted"
    if isinstance(value, str) and value.startswith("<"):
        return f"fewer than {value[1:]}"
    if value == "[c]":
        return "hidden"
    return str(value)


@dataclass(frozen=True)
class Row:
    """One line of a table: its heading cell and the other cells, all text."""

    head: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of the page: caption, column headings, rows."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class NeighbourhoodView:
    """Everything the neighbourhood page shows; no person's name or id is in any of it."""

    name: str
    residents: str
    isolation: tuple[Table, ...]
    paid: Table | None
    assets: Table
    map_img: str
    map_alt: str
    timetable_img: str
    timetable_alt: str
    timetable: tuple[Table, ...]
    gaps: tuple[str, ...]
    notes: tuple[str, ...]
    markers: tuple[tuple[str, str], ...]
    method: str


def _data_uri(svg: str) -> str:
    """An SVG as an image address: drawn like any picture, so its own styles never run in
    the page (whose CSP forbids inline styles), and no extra request is made."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _isolation(m: AssetMap) -> tuple[Table, ...]:
    out = []
    for key, (caption, cats) in _ISOLATION.items():
        part = m.isolation.get(key)
        if part is None:
            continue
        rows = [Row(words, (shown(part.get(cat)),)) for cat, words in cats.items()]
        share = part.get("share_percent")
        if share is not None:
            percent = f"{share}%" if isinstance(share, int) else "hidden"
            rows.append(Row("Share with mostly paid support", (percent,)))
        out.append(Table(caption, ("Group of people", "People"), tuple(rows)))
    return tuple(out)


def _paid(m: AssetMap) -> Table | None:
    if not m.paid_support:
        return None
    rows = tuple(
        Row(_ROLE_WORDS.get(e.role, e.role.replace("_", " ").capitalize()),
            (shown(e.people) if e.people is not None else "", shown(e.hours_per_week),
             shown(e.people_hours_unknown) if e.people_hours_unknown is not None else ""))
        for e in m.paid_support
    )  # fmt: skip
    return Table(
        "Paid support received here, by role",
        ("Role", "People", "Hours a week", "People whose hours are not known"),
        rows,
    )


def _asset_name(a: Any) -> str:
    what = a.kind or ("a group" if a.type == "group" else "a place")
    return f"{a.name} ({what})" if a.name else what[:1].upper() + what[1:]


def _assets(m: AssetMap) -> Table:
    rows = tuple(
        Row(
            _asset_name(a),
            (
                "Group" if a.type == "group" else "Place",
                shown(a.reach),
                ", ".join(a.times) if a.times else "not known",
                ", ".join(a.about) if a.about else "",
                "not worked out" if a.communities_joined is None else str(a.communities_joined),
            ),
        )
        for a in m.assets
    )
    return Table(
        "Places and groups, and how many people they reach",
        ("Place or group", "Type", "People reached", "When", "About", "Communities it joins"),
        rows,
    )


def _timetable(m: AssetMap) -> tuple[Table, ...]:
    hours = tuple(f"{h:02d}" for h in range(24))
    out = []
    for key, caption in (("spaces_open", "Places open, each hour of the week"),
                         ("groups_meeting", "Groups meeting, each hour of the week")):  # fmt: skip
        grid: Sequence[Sequence[int]] = m.timetable[key]
        rows = tuple(Row(day, tuple(str(v) for v in grid[d])) for d, day in enumerate(_DAYS))
        out.append(Table(caption, ("Day", *hours), rows))
    return tuple(out)


def _gaps(m: AssetMap) -> tuple[str, ...]:
    out = []
    for g in m.gaps.get("interests", []):
        out.append(
            f"{g['interest']}: {shown(g['interested'])} people like it and "
            f"{shown(g['want_to_learn'])} want to learn it, but no place or group here is about it."
        )
    for g in m.gaps.get("needs", []):
        out.append(
            f"Help with {g.tag}: {shown(g.people)} people would like it; nothing is about it."
        )
    if slots := m.gaps.get("nothing_on"):
        out.append("No group meets: " + ", ".join(slots) + ".")
    if slots := m.gaps.get("nothing_open"):
        out.append("No place is open: " + ", ".join(slots) + ".")
    return tuple(out)


def neighbourhood_view(m: AssetMap, name: str) -> NeighbourhoodView:
    """The page's content for one published map of the neighbourhood called ``name``."""
    markers: Mapping[str, str] = m.disclosure.get("markers", {})
    return NeighbourhoodView(
        name=name,
        residents=shown(m.population["residents"]),
        isolation=_isolation(m),
        paid=_paid(m),
        assets=_assets(m),
        map_img=_data_uri(map_svg(m)),
        map_alt=(
            f"Map of the places in {name}: a circle for each place, bigger when it reaches more "
            "people. The table below gives the same figures."
        ),
        timetable_img=_data_uri(timetable_svg(m)),
        timetable_alt=(
            f"Timetable of {name}: how many places are open and groups meet in each hour of the "
            "week. The tables below give the same numbers."
        ),
        timetable=_timetable(m),
        gaps=_gaps(m),
        notes=tuple(m.notes),
        markers=tuple((shown(k), v) for k, v in markers.items()),
        method=str(m.disclosure.get("method", "")),
    )
