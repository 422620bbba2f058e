"""The settings of one research export: `PseudonymConfig`, whose defaults are the safe choice."""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graphsvc.assets.config import DEFAULT_AGE_BANDS, AgeBand, AssetConfig
from graphsvc.errors import BadRequest

#: Lower ends of the default bands of "how many people someone knows" (0, 1-2, 3-5, 6-10...).
DEFAULT_CONTACT_BANDS: tuple[int, ...] = (0, 1, 3, 6, 11, 21)


class PseudonymConfig(BaseModel):
    """How an export is made. The defaults are the safe choice; each change is a decision.

    ``k``
        The smallest group published (the asset maps' threshold, 5). Raising it is always safe.
    ``include_not_asked``
        Export people whose consent was never asked (or not recorded). Off: using them for
        research needs another lawful basis, decided by the data controller, not by default.
    ``as_of``
        The year ages count to (default: this year; fix it for a reproducible export).
    ``age_bands``
        The asset maps' bands (`graphsvc.assets.config.DEFAULT_AGE_BANDS`).
    ``contact_bands``
        Lower ends of the bands of "how many people someone knows", used only to form the
        groups of ``k`` (bands with fewer than ``k`` people are joined to a neighbour).
    ``id_chars``
        Hex characters of each pseudonym (16 = 64 bits: no collision to expect below
        millions of nodes; a collision is refused, never merged).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    k: int = Field(AssetConfig.model_fields["threshold"].default, ge=2, le=1000)
    include_not_asked: bool = False
    as_of: int | None = Field(None, ge=1900, le=2200)
    age_bands: tuple[AgeBand, ...] = DEFAULT_AGE_BANDS
    contact_bands: tuple[int, ...] = DEFAULT_CONTACT_BANDS
    id_chars: int = Field(16, ge=16, le=64)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            parts = [
                f"{'.'.join(str(p) for p in e['loc']) or 'config'}: "
                + e["msg"].removeprefix("Value error, ")
                for e in exc.errors(include_url=False)
            ]
            raise BadRequest("research export config: " + "; ".join(parts)) from None

    @model_validator(mode="after")
    def _bands_in_order(self) -> PseudonymConfig:
        lows = self.contact_bands
        if not lows or lows[0] != 0 or any(b <= a for a, b in pairwise(lows)):
            raise ValueError("contact_bands must start at 0 and increase")
        return self

    def reference_year(self) -> int:
        """The year ages count to: ``as_of``, or this year."""
        return self.as_of or date.today().year
