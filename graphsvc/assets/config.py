"""Every setting of the asset map, in one validated object, with the reason for each default.

The defaults follow common UK practice for small-number suppression in published social care and
health statistics (a threshold of 5, rounding to base 5) and are meant to be argued with, not
trusted blindly: raising the threshold is always safe; lowering it is a governance decision.

Examples
--------
>>> cfg = AssetConfig()
>>> cfg.threshold, cfg.rounding_base, cfg.min_population
(5, 5, 20)
>>> AssetConfig(threshold=10).min_population
40
>>> AssetConfig(threshold=1)
Traceback (most recent call last):
...
graphsvc.errors.BadRequest: asset config: threshold: Input should be greater than or equal to 2
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graphsvc.errors import BadRequest

__all__ = ["DEFAULT_AGE_BANDS", "AgeBand", "AssetConfig"]


class AgeBand(BaseModel):
    """Ages ``low`` to ``high`` inclusive (``high`` None: and over), named like ``"65-79"``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    low: int = Field(ge=0, le=130)
    high: int | None = Field(default=None, ge=0, le=130)


#: Bands in common use in UK adult social care returns; adjacent, without gaps or overlaps.
DEFAULT_AGE_BANDS: tuple[AgeBand, ...] = (
    AgeBand(name="0-17", low=0, high=17),
    AgeBand(name="18-34", low=18, high=34),
    AgeBand(name="35-49", low=35, high=49),
    AgeBand(name="50-64", low=50, high=64),
    AgeBand(name="65-79", low=65, high=79),
    AgeBand(name="80+", low=80, high=None),
)


class AssetConfig(BaseModel):
    """How an asset map is built and protected.

    Disclosure
        ``threshold``: people counts from 1 to ``threshold - 1`` are never published (shown as
        ``"<5"`` for the default). ``rounding_base``: every published people count (and hours)
        at or above the threshold is rounded to the nearest multiple, so that no difference of
        two published figures can be 1-4 (1 turns rounding off). ``min_population``: the fewest
        people a query may cover, and the fewest it may leave out of its neighbourhoods (default
        four times the threshold); see ``docs/assets.md``.
    People filters
        ``age_bands``: the only age groups a query may select (fixed bands, so two permitted
        queries always differ by whole bands). ``as_of``: the date ages count to (default
        today; fix it for reproducible output).
    Assets
        ``private_kinds``: kinds of group that exist for one person (a circle of support is
        named after them): never listed, never counted. ``show_names``: print the names of
        spaces and groups. Off by default because a name is free text and can hold a person's
        name; turn on where the directory is public anyway.
    Timetable
        ``day_hours``: the hours of the day (start, end) in which "nothing on" is a gap worth
        reporting; 08:00-22:00 by default (nobody funds a 3 a.m. club).
    Bridging
        ``bridging``: ``"louvain"`` (communities of places by shared people, seeded),
        ``"betweenness"`` (in the same graph), or ``"none"``; see `graphsvc.assets.bridging`.
        ``seed``, ``resolution``: Louvain's. ``bridge_min_people``: how many of an asset's
        people must use a community's places for the asset to join it (default the threshold,
        so each community an asset is said to join stands for at least that many people).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: int = Field(5, ge=2, le=1000)
    rounding_base: int = Field(5, ge=1, le=1000)
    min_population: int = Field(0, ge=0)
    age_bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS
    as_of: date | None = None
    private_kinds: tuple[str, ...] = ("circle of support",)
    show_names: bool = False
    day_hours: tuple[int, int] = (8, 22)
    bridging: Literal["louvain", "betweenness", "none"] = "louvain"
    seed: int = 0
    resolution: float = Field(1.0, gt=0.0)
    bridge_min_people: int = Field(0, ge=0)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise BadRequest(_explain(exc)) from None

    @model_validator(mode="after")
    def _defaults_and_checks(self) -> Self:
        # Defaults that follow the threshold; frozen models are set through __dict__ once.
        if self.min_population == 0:
            self.__dict__["min_population"] = 4 * self.threshold
        if self.bridge_min_people == 0:
            self.__dict__["bridge_min_people"] = self.threshold
        if self.min_population < self.threshold:
            raise ValueError("min_population may not be below the threshold")
        lo, hi = self.day_hours
        if not 0 <= lo < hi <= 24:
            raise ValueError("day_hours must be (start, end) with 0 <= start < end <= 24")
        names = [b.name for b in self.age_bands]
        if len(set(names)) != len(names):
            raise ValueError("age band names must be distinct")
        bands = sorted(self.age_bands, key=lambda b: b.low)
        for a, b in pairwise(bands):
            if a.high is None or a.high >= b.low:
                raise ValueError(f"age bands {a.name} and {b.name} overlap")
        return self

    def reference_year(self) -> int:
        """The year ages are counted to: ``as_of``'s, or this year's."""
        return (self.as_of or date.today()).year


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err["loc"]) or "config"
        parts.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
    return "asset config: " + "; ".join(parts)
