"""A person's network profile: the shape of their relationships, at a glance.

Built from `person_ties`: how many ties of each kind, how much of the network and of the weekly
contact is paid, how close paid and unpaid ties are on average, the dimension that is weakest
across the network, the rings of a relationship circle, and whether the network is
*support-dominated*: mostly paid, with hardly any good unpaid relationship. That last flag is a
prompt for a conversation about what the person might want, never a finding about them; its rule
is stated in the result and set in `config.ProfileConfig`.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

from graphsvc.proximity.config import ProfileConfig, ProximityConfig, resolve_config
from graphsvc.proximity.dimensions import DIMENSIONS
from graphsvc.proximity.score import person_ties
from graphsvc.proximity.single import GraphStats, find_tie
from graphsvc.proximity.words import number_words, ring_code

__all__ = ["Profile", "RingMember", "profile"]

#: Contacts per month in one week (52.18 weeks / 12 months).
WEEKS_PER_MONTH = 4.348


class RingMember(BaseModel):
    """Someone in a ring of the relationship circle."""

    model_config = ConfigDict(frozen=True, ser_json_inf_nan="null")

    id: Hashable
    name: str
    type: str
    paid: bool
    overall: float


class Profile(BaseModel):
    """One person's network profile. Shares and means are None when there is nothing to count."""

    model_config = ConfigDict(frozen=True, ser_json_inf_nan="null")

    person: Hashable
    as_of: date
    ties: int
    paid_ties: int
    unpaid_ties: int
    by_kind: dict[str, int]
    paid_share_of_ties: float | None
    contacts_per_week_paid: float
    contacts_per_week_unpaid: float
    ties_without_frequency: int
    paid_share_of_weekly_contact: float | None
    mean_overall_paid: float | None
    mean_overall_unpaid: float | None
    dimension_means: dict[str, float | None]
    weakest_dimension: str | None
    rings: dict[str, tuple[RingMember, ...]]
    good_unpaid_ties: int
    support_dominated: bool
    support_dominated_rule: str
    summary: tuple[str, ...]


def _mean(values: pd.Series) -> float | None:
    values = values.dropna()
    return float(values.mean()) if len(values) else None


def _kind(G: nx.MultiDiGraph, person: Hashable, row: pd.Series) -> str:
    """What the person calls the other (their own account first), or the worker's role."""
    if row["paid"]:
        sup = find_tie(G, row["source"], person, "SUPPORTS") or {}
        role = sup.get("role") or G.nodes[row["source"]].get("role")
        return f"paid: {role or 'unknown role'}"
    mine = find_tie(G, person, row["other"], "KNOWS") or {}
    theirs = find_tie(G, row["other"], person, "KNOWS") or {}
    return str(mine.get("kind") or theirs.get("kind") or "unknown")


def _frequency(G: nx.MultiDiGraph, person: Hashable, row: pd.Series) -> float:
    """Contacts per month: both accounts averaged, as the continuity score uses them."""
    if row["paid"]:
        values = [(find_tie(G, row["source"], person, "SUPPORTS") or {}).get("frequency")]
    else:
        values = [(find_tie(G, x, y, "KNOWS") or {}).get("frequency")
                  for x, y in ((person, row["other"]), (row["other"], person))]  # fmt: skip
    known = [float(v) for v in values if v is not None]
    return sum(known) / len(known) if known else float("nan")


def rule_text(p: ProfileConfig) -> str:
    """The support-dominated rule, in words, with the configured numbers."""
    ties = "tie reaches" if p.max_good_unpaid == 1 else "ties reach"
    return (
        f"Support-dominated when at least {p.paid_share:.0%} of ties are paid and at most "
        f"{p.max_good_unpaid} unpaid {ties} overall proximity {p.good:.2f}."
    )


def profile(
    G: nx.MultiDiGraph,
    person_id: Hashable,
    config: ProximityConfig | Mapping[str, Any] | None = None,
    *,
    rarity: GraphStats | None = None,
    ties: pd.DataFrame | None = None,
) -> Profile:
    """The network profile of ``person_id``: the shape of their relationships at a glance.

    Parameters
    ----------
    G
        A graph of the graphsvc shape; not changed.
    person_id
        The ``Person`` whose network to describe.
    config
        As for `score_ties`; its ``profile`` section sets the rings and the support-dominated
        rule.
    rarity
        As for `person_ties`.
    ties
        The person's ties as ``person_ties(G, person_id, config, rarity=rarity)`` already
        returned them, with or without reasons and views (the profile reads neither), or None
        to score them here. A caller that shows the ties next to the profile (the scores
        route, the person page, ``graphsvc score``) has just scored them: passing them saves
        scoring every tie a second time. They must come from the same ``G``, ``person_id``,
        ``config`` and ``rarity``; the profile is then the same as without them. Not changed.

    Returns
    -------
    Profile
        Counts by kind of tie, paid shares of ties and of weekly contact (contacts per month
        divided by 4.348), mean overall proximity of paid and unpaid ties, mean and weakest
        dimension, the rings (ties known too little about are "unplaced"), the support-dominated
        flag with its rule in words, and a plain summary.

    Raises
    ------
    NotFound
        ``person_id`` is not a ``Person`` in ``G``.
    """
    cfg = resolve_config(config)
    if ties is None:
        ties = person_ties(G, person_id, cfg, reasons=False, views=False, rarity=rarity)
    p = cfg.profile
    paid = ties[ties["paid"]]
    unpaid = ties[~ties["paid"]]
    kinds = [_kind(G, person_id, row) for _, row in ties.iterrows()]
    freq = pd.Series([_frequency(G, person_id, row) for _, row in ties.iterrows()], dtype=float)
    per_week = freq / WEEKS_PER_MONTH
    weekly_paid = float(per_week[ties["paid"].to_numpy()].sum())
    weekly_unpaid = float(per_week[~ties["paid"].to_numpy()].sum())
    weekly = weekly_paid + weekly_unpaid
    means = {d: _mean(ties[d]) for d in DIMENSIONS}
    known = {d: m for d, m in means.items() if m is not None}
    good = int((unpaid["overall"] >= p.good).sum())
    share = len(paid) / len(ties) if len(ties) else None
    dominated = share is not None and share >= p.paid_share and good <= p.max_good_unpaid
    rings = _rings(ties, cfg)
    result = {
        "person": person_id,
        "as_of": cfg.reference_date(),
        "ties": len(ties),
        "paid_ties": len(paid),
        "unpaid_ties": len(unpaid),
        "by_kind": dict(sorted(pd.Series(kinds, dtype=object).value_counts().items())),
        "paid_share_of_ties": share,
        "contacts_per_week_paid": round(weekly_paid, 3),
        "contacts_per_week_unpaid": round(weekly_unpaid, 3),
        "ties_without_frequency": int(freq.isna().sum()),
        "paid_share_of_weekly_contact": weekly_paid / weekly if weekly > 0 else None,
        "mean_overall_paid": _mean(paid["overall"]),
        "mean_overall_unpaid": _mean(unpaid["overall"]),
        "dimension_means": means,
        "weakest_dimension": min(known, key=known.__getitem__) if known else None,
        "rings": rings,
        "good_unpaid_ties": good,
        "support_dominated": dominated,
        "support_dominated_rule": rule_text(p),
    }
    return Profile(**result, summary=_summary(result))


_RINGS = np.array(["inner", "middle", "outer", "unplaced"])  # index -1: unplaced


def _rings(ties: pd.DataFrame, cfg: ProximityConfig) -> dict[str, tuple[RingMember, ...]]:
    ring = _RINGS[
        ring_code(ties["overall"].to_numpy(float), ties["confidence"].to_numpy(float), cfg)
    ]
    out: dict[str, list[RingMember]] = {"inner": [], "middle": [], "outer": [], "unplaced": []}
    for r, (_, row) in zip(ring, ties.iterrows(), strict=True):
        out[str(r)].append(
            RingMember(
                id=row["other"],
                name=row["name"],
                type=row["type"],
                paid=row["paid"],
                overall=row["overall"],
            )
        )
    return {k: tuple(v) for k, v in out.items()}


def _summary(r: dict[str, Any]) -> tuple[str, ...]:
    """The profile in a few plain sentences, for the person and their broker."""
    n, paid, unpaid = r["ties"], r["paid_ties"], r["unpaid_ties"]
    if not n:
        return ("We do not know of anyone in this network yet.",)
    out = [
        f"There {'is' if n == 1 else 'are'} {number_words(n)} "
        f"{'person' if n == 1 else 'people'} in this network: {number_words(unpaid)} unpaid "
        f"and {number_words(paid)} paid."
    ]
    inner = r["rings"]["inner"]
    if inner:
        out.append(
            f"{_count(len(inner))} close: {', '.join(m.name.split()[0] for m in inner[:4])}."
        )
    share = r["paid_share_of_weekly_contact"]
    if share is not None:
        if share >= 0.5:
            out.append("Most of the contact each week is with paid workers.")
        else:
            out.append("Most of the contact each week is with people who are not paid.")
    if r["support_dominated"]:
        out.append(
            "Paid support fills most of this network. "
            "It may help to look for more people to share things with."
        )
    return tuple(out)


def _count(n: int) -> str:
    return "One person is" if n == 1 else f"{number_words(n).capitalize()} people are"
