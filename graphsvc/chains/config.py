"""Every constant of the chain search, in one frozen object, each with the reason for it.

The numbers are judgements, not measurements: written down here so a broker or a researcher can
argue with them and change them without touching code (``ChainConfig(max_km=2.0)``).

Examples
--------
>>> ChainConfig().unit_cost
69.0
>>> ChainConfig(max_per_first_link=0)
Traceback (most recent call last):
...
graphsvc.errors.BadRequest: chain config: max_per_first_link must be at least 1
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import BadRequest

#: PSSRU 2010 unit costs of adult social work in England, GBP per hour (see DOMAIN.md).
PSSRU_2010_CLIENT_RELATED = 69.0
PSSRU_2010_FACE_TO_FACE = 213.0

ESTIMATE_LABEL = "estimate: a conversation starter, not a plan to reduce support"


@dataclass(frozen=True)
class ChainConfig:
    """Options of `suggest` and `treasure_chest`.

    Attributes
    ----------
    proximity : object, optional
        A `graphsvc.proximity.ProximityConfig` (or mapping) for the strength of person ties.
    allow_professional : bool
        Let a chain pass through a paid worker's introduction (``SUPPORTS``). Off by default:
        the point is the unpaid side of life; when on, such chains are flagged.
    unknown_knows, unknown_visit, unknown_member, meets_at : float
        Strength of a link whose proximity or frequency is not recorded. Unknown is not zero:
        the tie exists; it is just not known how close it is.
    unknown_time, unknown_place : float
        Feasibility factor when the slots or the place are not known (not dropped, discounted).
    max_km : float
        Farthest a place may be, as the crow flies, from a place the person already goes to.
    neighbours : mapping
        Neighbourhood id to the ids of neighbourhoods next to it (the model has no adjacency).
    barriers : mapping
        Node id to a reason the person cannot go there ("The Crown has steps at the door").
        A node attribute ``barrier`` (a sentence) in the graph counts the same.
    max_expansions : int
        Hard cap on the best-first search's work, whatever the graph.
    visits_per_node : int
        How many different paths may pass through one node (two allows a second route).
    pool_factor : int
        Candidates kept per suggestion asked for, so diversity has something to choose from.
    introductions : float
        About how many of the people they know someone would introduce you to. A step from a
        person (not you) to someone they know is an introduction: its strength is the tie's
        proximity times ``min(1, introductions / others)``, where ``others`` is how many other
        people they know. A friend who knows few people is likelier to introduce you to one of
        them than a friend who knows fifty. ``math.inf`` turns this off. Chosen on the
        validation split of ``benchmarks/chains_eval.py`` (``docs/chains.md``).
    novelty : float
        How much a group or a place is discounted for being made of people you already know
        (at most this share, when you know all of them).
    diversity : float
        MMR trade-off: how much a chain is discounted for sharing its route with one chosen.
    max_per_first_link : int
        At most this many suggestions through one first link (one friend, one place).
    unit_cost, unit_cost_basis : float, str
        Hourly cost used for complements when the tie records none.
    """

    proximity: Any = None
    allow_professional: bool = False
    unknown_knows: float = 0.3
    unknown_visit: float = 0.4
    unknown_member: float = 0.5
    meets_at: float = 0.9
    unknown_time: float = 0.8
    unknown_place: float = 0.8
    max_km: float = 3.0
    neighbours: Mapping[str, frozenset[str]] = field(default_factory=dict)
    barriers: Mapping[str, str] = field(default_factory=dict)
    max_expansions: int = 20_000
    visits_per_node: int = 2
    pool_factor: int = 4
    introductions: float = 3.0
    novelty: float = 0.5
    diversity: float = 0.5
    max_per_first_link: int = 3
    unit_cost: float = PSSRU_2010_CLIENT_RELATED
    unit_cost_basis: str = "PSSRU 2010 unit cost of client-related social work"

    def __post_init__(self) -> None:
        unit = (
            "unknown_knows",
            "unknown_visit",
            "unknown_member",
            "meets_at",
            "unknown_time",
            "unknown_place",
            "novelty",
            "diversity",
        )
        for name in unit:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise BadRequest(f"chain config: {name} must be between 0 and 1 (got {value})")
        for name in ("max_expansions", "visits_per_node", "pool_factor", "max_per_first_link"):
            if getattr(self, name) < 1:
                raise BadRequest(f"chain config: {name} must be at least 1")
        if not self.introductions > 0:
            raise BadRequest(
                f"chain config: introductions must be positive (got {self.introductions})"
            )
        if self.max_km <= 0 or self.unit_cost < 0:
            raise BadRequest("chain config: max_km must be positive and unit_cost not negative")


def resolve(config: ChainConfig | Mapping[str, Any] | None) -> ChainConfig:
    """A `ChainConfig` from None (defaults), a mapping of options, or a config."""
    if config is None:
        return ChainConfig()
    if isinstance(config, ChainConfig):
        return config
    try:
        return ChainConfig(**dict(config))
    except TypeError as exc:
        raise BadRequest(f"chain config: {exc}") from None
