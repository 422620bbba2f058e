"""The typed results of the chain analytics: chains, their parts, and why some were dropped."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graphsvc.errors import NotFound


@dataclass(frozen=True)
class Link:
    """One step of a chain: ``source`` to ``target`` along a tie of ``type``.

    ``strength`` is in (0, 1]: the proximity of a person tie, or how regular a visit or a
    membership is. ``paid`` marks a professional introduction (only when configured).
    """

    source: str
    target: str
    type: str
    strength: float
    known: bool = True
    paid: bool = False


@dataclass(frozen=True)
class Score:
    """A chain's score and its parts: ``total = strength * fit * feasibility * novelty``.

    ``strength`` is the product of the links' strengths (see ``docs/chains.md`` for why), each
    step from a person to someone they know weighted by how likely that person is to make the
    introduction (``ChainConfig.introductions``); for a person two steps away, combined over
    every person you both know (``Chain.ways_in``).
    """

    total: float
    strength: float
    fit: float
    feasibility: float
    novelty: float


@dataclass(frozen=True)
class Complement:
    """Paid hours a chain could complement: always an estimate, never a plan."""

    need: str
    worker: str
    paid_hours_per_week: float
    hours_per_week: float | None
    hourly_cost: float
    cost_basis: str
    weekly_cost: float | None
    label: str


@dataclass(frozen=True)
class Chain:
    """A suggested chain of connection from a person to an unpaid person, group or space.

    ``ways_in`` lists, strongest first, the people the person knows who know the end, when
    the end is a person two steps away: any of them could make the introduction (``nodes``
    goes through the first).
    """

    nodes: tuple[str, ...]
    end: str
    end_label: str
    links: tuple[Link, ...]
    score: Score
    story: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    complements: tuple[Complement, ...] = ()
    flags: tuple[str, ...] = ()
    ways_in: tuple[str, ...] = ()

    @property
    def first_link(self) -> str:
        """The node the chain goes through first (who or where it starts with)."""
        return self.nodes[1]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (for the CLI and the API)."""
        return asdict(self)


@dataclass(frozen=True)
class Dropped:
    """A chain that was found but cannot work as it is, with a reason a person can read."""

    nodes: tuple[str, ...]
    end: str
    reason: str


class Chains(list[Chain]):
    """The suggestions, best first; ``dropped`` keeps infeasible chains with their reasons."""

    def __init__(self, chains: list[Chain], dropped: list[Dropped] | None = None) -> None:
        super().__init__(chains)
        self.dropped: list[Dropped] = list(dropped or [])


class NoChainFound(NotFound):
    """No unpaid chain could be suggested; ``missing`` says what would make one possible."""

    def __init__(
        self, person_id: str, missing: list[str], dropped: list[Dropped] | None = None
    ) -> None:
        self.person_id = person_id
        self.missing = list(missing)
        self.dropped = list(dropped or [])
        text = f"no unpaid chain found for {person_id!r}: " + " ".join(self.missing)
        if self.dropped:
            text += f" ({len(self.dropped)} chain(s) dropped, e.g. {self.dropped[0].reason})"
        super().__init__(text)


@dataclass(frozen=True)
class Match:
    """One find of the community treasure chest: who could share, teach or introduce."""

    kind: str  # "shared_passion", "could_teach", "outside_contact"
    interest: str
    people: tuple[str, ...]
    story: tuple[str, ...] = field(default=())
