"""What an asset map publishes: typed, already protected, ready to write as JSON, CSV or GeoJSON.

Every people count here is a `Shown` value (a number rounded to base 5, ``"<5"`` or ``"[c]"``):
the only way to make one is `graphsvc.assets.build.asset_map`, which passes every figure through
`graphsvc.assets.disclosure`. The writers in `graphsvc.assets.export` and the pictures in
`graphsvc.assets.svg` take these types only, never raw counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graphsvc.assets.disclosure import Shown

__all__ = [
    "AssetEntry",
    "AssetMap",
    "Comparison",
    "InterestEntry",
    "NeedGap",
    "PaidEntry",
]


@dataclass(frozen=True)
class AssetEntry:
    """One space or group: what it is, when it is on, whom it reaches, whether it bridges."""

    id: str
    type: str
    kind: str | None
    name: str | None
    neighbourhood: str
    times: list[str] | None
    lat: float | None
    lon: float | None
    about: list[str]
    links: list[str]
    reach: Shown
    reach_support_dominated: Shown | None
    communities_joined: int | None
    betweenness: float | None


@dataclass(frozen=True)
class PaidEntry:
    """Paid support received in one role: people, hours per week, people whose hours are unknown.

    The row with role ``"all roles"`` carries only the total hours.
    """

    role: str
    people: Shown | None
    hours_per_week: Shown
    people_hours_unknown: Shown | None


@dataclass(frozen=True)
class InterestEntry:
    """People interested in, wanting to learn, skilled in an interest; assets about it."""

    interest: str
    interested: Shown
    want_to_learn: Shown
    skilled: Shown
    assets_about: int


@dataclass(frozen=True)
class NeedGap:
    """A need's topic recorded here that no space or group is about, and how many have it."""

    tag: str
    people: Shown


@dataclass(frozen=True)
class AssetMap:
    """One published asset map: a neighbourhood, several together, or all of them.

    ``population``: ``residents`` (everyone on the map in the area) and ``people`` (those the
    age group selects; equal without one). ``isolation``: four partitions of the people
    (``unpaid_ties``, ``good_unpaid_ties``, ``support_dominated``, ``reached_by_assets``), each
    a mapping from category to figure; ``None`` where proximity was not computed.
    ``timetable``: spaces open and groups meeting in each hour (Mon..Sun x 0..23): counts of
    places, not people. ``gaps``: interests nobody offers anything about, needs' topics
    likewise, and the hours of the day with nothing on or nothing open.
    """

    neighbourhoods: list[str]
    age_group: str | None
    population: dict[str, Shown]
    isolation: dict[str, dict[str, Shown] | None]
    paid_support: list[PaidEntry]
    assets: list[AssetEntry]
    interests: list[InterestEntry]
    gaps: dict[str, Any]
    timetable: dict[str, Any]
    bridging: dict[str, Any]
    disclosure: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class Comparison:
    """Several neighbourhoods side by side: their maps, and headline figures in one table.

    ``table``: indicator -> neighbourhood id (and ``"together"``) -> figure. ``together`` is
    the sum of the published figures of the neighbourhoods (hidden if any is hidden), so it
    reveals nothing the columns do not.
    """

    maps: list[AssetMap]
    table: dict[str, dict[str, Shown]]

    def to_dict(self) -> dict[str, Any]:
        return {"maps": [m.to_dict() for m in self.maps], "table": self.table}
