"""Every constant and weight of the proximity model, in one validated object.

The numbers below are judgements, not measurements: each is written down with the reason for it
(here and in ``docs/proximity.md``) so that a broker, a researcher or a later engineer can argue
with it and change it without touching code. A config can be built in Python, from a mapping, or
from a TOML file whose tables mirror the sections below::

    as_of = 2024-06-30

    [weights]
    parity = 2.0           # this study cares most about power

    [continuity]
    years_tau = 5.0

Unknown keys are refused (a typo such as ``year_tau`` is an error, not silently ignored), and a
config whose numbers would break the model's promises (a message more direct than meeting face
to face, paid support fairer than the same tie unpaid) is refused too.

Examples
--------
>>> cfg = ProximityConfig.from_toml("as_of = 2024-06-30\\n[weights]\\nparity = 2.0")
>>> cfg.as_of, cfg.weights.parity, cfg.weights.directness
(datetime.date(2024, 6, 30), 2.0, 1.0)
>>> ProximityConfig(directness={"message": 1.0})
Traceback (most recent call last):
...
graphsvc.errors.BadRequest: proximity config: directness: ...
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from graphsvc.errors import BadRequest

__all__ = [
    "CommonalityConfig",
    "ContinuityConfig",
    "DirectnessConfig",
    "MultiplexityConfig",
    "ParityConfig",
    "ProfileConfig",
    "ProximityConfig",
    "ViewsConfig",
    "Weights",
    "resolve_config",
]

Unit = Field(ge=0.0, le=1.0)
Positive = Field(gt=0.0)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weights(_Section):
    """How much each dimension counts in ``overall`` and ``confidence``.

    Equal by default: the five dimensions are presented as equal partners, and nothing in the
    domain notes ranks one above another. Only their ratios matter.
    """

    directness: float = Field(1.0, ge=0.0)
    continuity: float = Field(1.0, ge=0.0)
    multiplexity: float = Field(1.0, ge=0.0)
    parity: float = Field(1.0, ge=0.0)
    commonality: float = Field(1.0, ge=0.0)

    @model_validator(mode="after")
    def _some_weight(self) -> Self:
        if not any(self.model_dump().values()):
            raise ValueError("at least one weight must be above zero")
        return self


class DirectnessConfig(_Section):
    """The weight of each main mode of contact, most direct first.

    Face to face carries tone, touch and shared surroundings; video keeps faces; a phone keeps
    voice; messages and letters keep words only; hearing through someone else is mediated, the
    least direct. The order is the domain's and must not be reversed; the gaps are judgement.
    """

    in_person: float = Field(1.0, ge=0.0, le=1.0)
    video: float = Field(0.75, ge=0.0, le=1.0)
    phone: float = Field(0.6, ge=0.0, le=1.0)
    message: float = Field(0.35, ge=0.0, le=1.0)
    letter: float = Field(0.25, ge=0.0, le=1.0)
    via_someone: float = Field(0.1, ge=0.0, le=1.0)
    #: People who share a household meet face to face even when nobody recorded a mode.
    household_implies_in_person: bool = True

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        order = ("in_person", "video", "phone", "message", "letter", "via_someone")
        for m1, m2 in pairwise(order):
            v1, v2 = getattr(self, m1), getattr(self, m2)
            if v2 > v1:
                raise ValueError(f"{m2} ({v2}) may not be more direct than {m1} ({v1})")
        return self


class ContinuityConfig(_Section):
    """How long, how regular, how stable.

    ``years_tau``: years known at which the time part reaches 63% (1 - 1/e); with 4, one year
    gives 0.22, six years 0.78, ten 0.92: a story builds over years, then stops growing much.
    ``frequency_half``: contacts per month giving half the regularity part; with 2, weekly (4.3)
    gives 0.68, daily (30) 0.94, monthly 0.33.
    The two parts are averaged with ``years_weight`` and ``frequency_weight`` over whichever is
    known, so an old friend seen yearly still has a story, and a new weekly tie still has rhythm.
    Then three stability factors, each 1 when its input is unknown or does not apply:
    turnover (``1 / (1 + turnover_penalty * (workers a year - 1))``: four different carers a
    year give 0.57), a fixed end date (``1 - ends_penalty * exp(-months left / ends_tau_months)``)
    and staleness (``1 - recency_penalty * (1 - exp(-(days since contact - grace) / tau))``).
    """

    years_tau: float = Field(4.0, gt=0.0)
    frequency_half: float = Field(2.0, gt=0.0)
    years_weight: float = Field(0.5, gt=0.0)
    frequency_weight: float = Field(0.5, gt=0.0)
    turnover_penalty: float = Field(0.25, ge=0.0)
    ends_penalty: float = Field(0.3, ge=0.0, le=1.0)
    ends_tau_months: float = Field(6.0, gt=0.0)
    recency_grace_days: float = Field(60.0, ge=0.0)
    recency_tau_days: float = Field(365.0, gt=0.0)
    recency_penalty: float = Field(0.5, ge=0.0, le=1.0)


class MultiplexityConfig(_Section):
    """Contexts in which two people know each other, with diminishing returns.

    ``multiplexity = 1 - exp(-contexts / tau)``: with ``tau`` 2, one context gives 0.39, two
    0.63, three 0.78, five 0.92. Declared contexts and what the graph shows for certain (a shared
    group, the same space at overlapping times, the same household) count 1 each; what the
    graph only makes possible (the same space when times are unknown, the same neighbourhood)
    counts less. A paid tie is one context ("paid support"), plus a little per distinct task:
    doing several things together shows a worker more of a person's life, but it is still work.
    """

    tau: float = Field(2.0, gt=0.0)
    group: float = Field(1.0, ge=0.0)
    space: float = Field(1.0, ge=0.0)
    space_possible: float = Field(0.5, ge=0.0)
    household: float = Field(1.0, ge=0.0)
    neighbourhood: float = Field(0.5, ge=0.0)
    paid_support: float = Field(1.0, gt=0.0)
    task: float = Field(0.1, ge=0.0)
    #: Two visits to one space count as a shared context only if their slots overlap this long.
    min_overlap_minutes: int = Field(30, ge=1)
    #: What a person calls the other that is itself a context (a friend is not a place).
    kind_contexts: dict[str, str] = {
        "family": "family",
        "neighbour": "neighbour",
        "colleague": "work",
    }


class ParityConfig(_Section):
    """Power and fairness.

    Kinds of help flowing each way (``gives`` / ``receives`` from both accounts) give the
    balance ``2 min / (min + max)`` of the two counts; ``parity = one_way + (1 - one_way) *
    balance``: help both ways in equal measure is 1, one kind given for two received 0.8, help
    one way only ``one_way``. When neither gives
    the other anything named, they are on equal terms but not exchanging: ``no_help``.
    Paid support multiplies that by a power factor of at most 1 (never fairer than the same
    tie unpaid): a worker the person employs (direct payment) leaves them more say than an
    agency's; a professional who controls a budget or a referral (``gatekeeper_roles``) least.
    """

    one_way: float = Field(0.4, ge=0.0, le=1.0)
    no_help: float = Field(0.6, ge=0.0, le=1.0)
    employed_by_person: float = Field(0.8, ge=0.0, le=1.0)
    employed_by_provider: float = Field(0.5, ge=0.0, le=1.0)
    employer_unknown: float = Field(0.5, ge=0.0, le=1.0)
    gatekeeper: float = Field(0.25, ge=0.0, le=1.0)
    gatekeeper_roles: tuple[str, ...] = ("social_worker", "gp")

    @model_validator(mode="after")
    def _power_order(self) -> Self:
        if self.gatekeeper > min(self.employed_by_provider, self.employer_unknown):
            raise ValueError("a gatekeeper may not have more parity than other paid support")
        if self.employed_by_provider > self.employed_by_person:
            raise ValueError(
                "an agency's worker may not have more parity than one the person employs"
            )
        return self


class CommonalityConfig(_Section):
    """Shared interests, weighted by rarity, and shared purpose.

    Each shared interest counts its smoothed IDF over the graph's people who recorded any
    interest, ``1 + ln((1 + N) / (1 + n))``: a passion nearly everyone has counts about 1, one
    in fifty people's about 4.9. The sum ``S`` gives ``1 - exp(-S / interest_tau)``. Shared
    groups that state a purpose give ``1 - exp(-groups / purpose_tau)``. The two combine as
    ``1 - (1 - a)(1 - b)``: either is a reason for being in relationship.
    """

    interest_tau: float = Field(3.0, gt=0.0)
    purpose_tau: float = Field(1.0, gt=0.0)
    #: A shared interest held by fewer than this share of people is called out as rare.
    rare_share: float = Field(0.05, ge=0.0, le=1.0)


class ViewsConfig(_Section):
    """When two accounts of one tie count as disagreeing."""

    #: Frequencies disagree when one is at least this many times the other.
    frequency_ratio: float = Field(2.0, gt=1.0)
    #: Start dates disagree when they are more than this many years apart.
    since_years: float = Field(2.0, ge=0.0)


class ProfileConfig(_Section):
    """Rings of the relationship circle and the support-dominated rule.

    A tie is in the inner ring when ``overall >= inner``, the middle when ``>= middle``, else
    the outer; ties with ``confidence < min_confidence`` stay unplaced. On synthetic towns the
    defaults put about a third of family ties and friendships in the inner ring and no paid
    support; personal assistants in the middle; most social workers and GPs in the outer.
    A person is *support-dominated* when at least ``paid_share`` of their ties are paid and at
    most ``max_good_unpaid`` unpaid ties reach ``good`` overall proximity.
    """

    inner: float = Field(0.7, ge=0.0, le=1.0)
    middle: float = Field(0.5, ge=0.0, le=1.0)
    good: float = Field(0.6, ge=0.0, le=1.0)
    #: A tie whose ``confidence`` is below this is left unplaced: too little is known to say.
    min_confidence: float = Field(0.5, ge=0.0, le=1.0)
    paid_share: float = Field(0.5, ge=0.0, le=1.0)
    max_good_unpaid: int = Field(1, ge=0)

    @model_validator(mode="after")
    def _rings(self) -> Self:
        if self.middle > self.inner:
            raise ValueError("the middle ring's threshold may not be above the inner ring's")
        return self


class ProximityConfig(_Section):
    """All constants and weights; ``as_of`` is the date "years known" and "recency" count to.

    ``as_of`` defaults to today (read once per call); pass a fixed date for reproducible
    results, as the tests and benchmarks do.
    """

    as_of: date | None = None
    weights: Weights = Weights()
    directness: DirectnessConfig = DirectnessConfig()
    continuity: ContinuityConfig = ContinuityConfig()
    multiplexity: MultiplexityConfig = MultiplexityConfig()
    parity: ParityConfig = ParityConfig()
    commonality: CommonalityConfig = CommonalityConfig()
    views: ViewsConfig = ViewsConfig()
    profile: ProfileConfig = ProfileConfig()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise BadRequest(_explain(exc)) from None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ProximityConfig:
        """A config from nested mappings (what ``tomllib`` or ``json`` give)."""
        return cls(**dict(data))

    @classmethod
    def from_toml(cls, text: str) -> ProximityConfig:
        """A config from TOML text; refuses bad TOML and unknown keys with `BadRequest`."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise BadRequest(f"proximity config: not valid TOML: {exc}") from None
        return cls.from_mapping(data)

    @classmethod
    def load(cls, path: str | Path) -> ProximityConfig:
        """A config from a TOML file."""
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise BadRequest(f"proximity config: cannot read {path}: {exc.strerror}") from None
        return cls.from_toml(text)

    def reference_date(self) -> date:
        """``as_of``, or today when it was not given."""
        return self.as_of or date.today()


def _explain(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err["loc"]) or "config"
        parts.append(f"{where}: {err['msg'].removeprefix('Value error, ')}")
    return "proximity config: " + "; ".join(parts)


def resolve_config(config: ProximityConfig | Mapping[str, Any] | None) -> ProximityConfig:
    """The config to use: given, built from a mapping, or the defaults; refuses anything else."""
    if config is None:
        return ProximityConfig()
    if isinstance(config, ProximityConfig):
        return config
    if isinstance(config, Mapping):
        return ProximityConfig.from_mapping(config)
    raise BadRequest(
        f"config must be a ProximityConfig, a mapping or None, not {type(config).__name__}"
    )
