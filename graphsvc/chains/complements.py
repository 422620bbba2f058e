"""Complements: paid hours a chain could sit beside, and what they cost, as an estimate only.

Where a need is met today by paid support (``MET_BY`` with ``hours_per_week``), a chain that
meets the same need at the same times could *complement* some of those hours. The estimate is
the smaller of the paid hours and the hours per week the chain's end overlaps the need's times,
priced at the tie's own ``hourly_cost`` when recorded, else the configured unit cost (PSSRU 2010:
GBP 69 an hour of client-related social work; GBP 213 face to face). It is always labelled as a
conversation starter: nothing in graphsvc reduces anyone's support by itself.
"""

from __future__ import annotations

from graphsvc.chains.config import ESTIMATE_LABEL, ChainConfig
from graphsvc.chains.index import Index
from graphsvc.chains.results import Complement
from graphsvc.chains.words import overlap
from graphsvc.model import RelType


def complements(
    ix: Index,
    person: str,
    need: str | None,
    end_slots: list[str] | None,
    free: list[str] | None,
    cfg: ChainConfig,
) -> tuple[Complement, ...]:
    """One estimate per paid worker meeting ``need`` today; empty without a need."""
    if need is None:
        return ()
    G = ix.G
    out = []
    for _, worker, key, data in sorted(G.out_edges(need, keys=True, data=True)):
        if key != RelType.MET_BY:
            continue
        paid = data.get("hours_per_week")
        if not isinstance(paid, int | float):
            continue
        tie = (
            G.edges[worker, person, RelType.SUPPORTS]
            if G.has_edge(worker, person, "SUPPORTS")
            else {}
        )
        cost = tie.get("hourly_cost")
        if isinstance(cost, int | float):
            rate, basis = float(cost), "the hourly cost recorded for this support"
        else:
            rate, basis = cfg.unit_cost, cfg.unit_cost_basis
        hours = None
        if end_slots and free:
            hours = round(min(float(paid), overlap(free, end_slots) / 60), 2)
        out.append(
            Complement(
                need=need,
                worker=worker,
                paid_hours_per_week=float(paid),
                hours_per_week=hours,
                hourly_cost=rate,
                cost_basis=basis,
                weekly_cost=None if hours is None else round(hours * rate, 2),
                label=ESTIMATE_LABEL,
            )
        )
    return tuple(out)
