"""Putting the sentences together: the reasons of every tie, or of one.

`tie_reasons` works on columns, for a million ties or for one: it reduces each tie to the small
codes its sentences depend on (`words`), calls each sentence function (`sentences`) once per
distinct combination of codes in the whole graph, and fills in the two names last. The
vectorised path and the per-tie path both call it, so they say exactly the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.sentences import (
    RING,
    A,
    B,
    closing,
    common,
    contact,
    contexts,
    disagreement_sentences,
    duration,
    helping,
    paid_intro,
    stability,
    tasks_sentence,
)
from graphsvc.proximity.values import ROLES
from graphsvc.proximity.views import help_gaps
from graphsvc.proximity.words import (
    frequency_band,
    ring_code,
    stale_code,
    turnover_code,
    years_code,
)

__all__ = ["fill", "tie_reasons"]


def fill(sentences: Sequence[str], a: str, b: str) -> list[str]:
    """Sentences with the two names in place of the placeholders, each starting in capitals."""
    return [_capital(s.replace(A, a).replace(B, b)) if "\x00" in s else s for s in sentences if s]


def _capital(s: str) -> str:
    return s[0].upper() + s[1:] if s[:1].islower() else s  # "someone gives ..." at the start


def _memo(fn: Callable[..., tuple[str, ...]], keys: Sequence[Hashable]) -> list[tuple[str, ...]]:
    """``fn(*key)`` for every key, called once per distinct key."""
    cache: dict[Hashable, tuple[str, ...]] = {}
    out = []
    for k in keys:
        v = cache.get(k)
        if v is None:
            v = cache[k] = fn(*k)
        out.append(v)
    return out


def tie_reasons(
    c: dict[str, np.ndarray], r: dict[str, np.ndarray], words: dict[str, list[Any]],
    cfg: ProximityConfig,
) -> list[list[str]]:  # fmt: skip
    """The reasons of every tie, from its features ``c``, scores ``r`` and ``words``.

    Works the same on one tie (columns of length one) as on a million: each sentence function
    runs once per distinct combination of its inputs, then names are filled in per tie.
    """
    paid = np.asarray(c["paid"], dtype=bool).tolist()
    mode_show = np.where(np.asarray(c["mode_a"]) >= 0, c["mode_a"], c["mode_b"])
    freq_show = np.where(np.isnan(np.asarray(c["freq_a"], dtype=float)), c["freq_b"], c["freq_a"])
    gate_roles = np.array([role in cfg.parity.gatekeeper_roles for role in ROLES] + [False])
    role = np.asarray(c["role"], dtype=np.int64)
    rings = ring_code(r["overall"], r["confidence"], cfg)
    ring = [(RING[k],) for k in rings.tolist()]
    # a weakest part is named only when enough is known to place the tie at all
    weakest = np.where(rings >= 0, np.asarray(r["weakest"]), -1)
    head = _memo(
        _head,
        zip(
            paid, role.tolist(), np.asarray(c["employer"]).tolist(), gate_roles[role].tolist(),
            mode_show.tolist(), frequency_band(freq_show).tolist(),
            np.asarray(r["inferred_mode"]).tolist(), years_code(r["years"]).tolist(),
            turnover_code(c["turnover"]).tolist(), words["ends_raw"],
            (np.asarray(r["months_left"]) < 0).tolist(), stale_code(r["days_since"]).tolist(),
            words["tasks"], strict=True,
        ),
    )  # fmt: skip
    ctx = _memo(
        lambda p, *k: () if p else contexts(*k),
        zip(paid, words["declared"], words["household"], words["groups"], words["spaces"],
            words["maybe_spaces"], words["neighbourhood"], strict=True),
    )  # fmt: skip
    flow_ab, flow_ba = np.asarray(r["flow_ab"]), np.asarray(r["flow_ba"])
    help_known = np.asarray(r["help_known"], dtype=bool)
    helps = _memo(
        lambda p, *k: () if p else helping(*k),
        zip(paid, flow_ab.tolist(), flow_ba.tolist(), help_known.tolist(), strict=True),
    )
    rare = (np.asarray(words["rarest_share"], dtype=float) < cfg.commonality.rare_share).tolist()
    com = _memo(
        common,
        zip(words["interests"], rare, words["purpose_groups"],
            np.asarray(c["interests_known"]).tolist(), paid, strict=True),
    )  # fmt: skip
    tail = _memo(
        closing,
        zip(weakest.tolist(), np.asarray(c["two_sided"]).tolist(), paid, strict=True),
    )  # fmt: skip
    dis = _disagreements(c, r)
    out = []
    for i, (p, na, nb) in enumerate(zip(paid, words["name_a"], words["name_b"], strict=True)):
        if p:  # names appear in who the worker is and what they do
            s = [*ring[i], *fill(head[i], na, nb), *fill(com[i], na, nb)]
        else:  # names appear in who helps whom, and in who said what
            h, d = helps[i], dis[i]
            s = [*ring[i], *head[i], *ctx[i], *(fill(h, na, nb) if h else ()), *com[i],
                 *(fill(d, na, nb) if d else ()), *tail[i]]  # fmt: skip
        out.append(s)
    return out


def _disagreements(c: dict[str, np.ndarray], r: dict[str, np.ndarray]) -> list[tuple[str, ...]]:
    """Disagreement sentences for the ties whose accounts differ; ``()`` elsewhere."""
    mask = np.asarray(r["disagree"]).reshape(-1)
    out: list[tuple[str, ...]] = [()] * len(mask)
    rows = np.flatnonzero(mask)
    if not len(rows):
        return out

    def col(name: str) -> list[Any]:
        return np.asarray(c[name]).reshape(-1)[rows].tolist()

    years = [
        np.floor(np.asarray(c[k], dtype=float).reshape(-1)[rows]) for k in ("since_a", "since_b")
    ]
    bands = [
        frequency_band(np.asarray(c[k], dtype=float).reshape(-1)[rows])
        for k in ("freq_a", "freq_b")
    ]
    gaps = help_gaps(*(col(k) for k in ("gives_a", "receives_a", "gives_b", "receives_b")))
    keys = zip(
        mask[rows].tolist(), col("kind_a"), col("kind_b"), col("mode_a"), col("mode_b"),
        bands[0].tolist(), bands[1].tolist(),
        np.nan_to_num(years[0]).astype(int).tolist(), np.nan_to_num(years[1]).astype(int).tolist(),
        *(g.tolist() for g in gaps), strict=True,
    )  # fmt: skip
    for i, v in zip(rows.tolist(), _memo(disagreement_sentences, keys), strict=True):
        out[i] = v
    return out


def _head(
    paid: bool, role: int, employer: int, gate: bool, mode: int, band: int, inferred: bool,
    years: int, turnover: int, ends: str | None, ended: bool, stale: int, tasks: tuple[str, ...],
) -> tuple[str, ...]:  # fmt: skip
    """Who (for paid support), how and how often, how long, how stable, what for."""
    intro = paid_intro(role, employer, gate) if paid else ()
    return (
        *intro,
        *contact(mode, band, inferred),
        duration(years, paid),
        *stability(turnover if paid else -1, ends if paid else None, ended, stale),
        *(tasks_sentence(tasks) if paid else ()),
    )
