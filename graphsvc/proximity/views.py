"""Both sides' accounts of one relationship, and where they differ.

A ``KNOWS`` tie is one person's account; when both people reported it, both directions are in the
graph and the two accounts can differ: one says they meet weekly, the other monthly; one says
they give practical help, the other does not say they get it. Differences are not errors to
tidy away. They are often the most useful thing a broker can bring to a conversation, so they
are kept, listed and put into words; the scores use both accounts (means of numbers, the union
of contexts and of help).

`disagree_mask` finds them column-wise (numbers or arrays, like `dimensions`), from the same
parsed inputs the scores use.

Examples
--------
>>> from graphsvc.proximity.config import ProximityConfig
>>> from graphsvc.proximity.values import help_mask
>>> c = {"two_sided": True, "kind_a": 1, "kind_b": 1, "mode_a": 0, "mode_b": 2,
...      "freq_a": 4.3, "freq_b": 1.0, "since_a": 2015.5, "since_b": 2016.5,
...      "gives_a": help_mask(["practical"]), "receives_a": 0, "gives_b": 0, "receives_b": 0,
...      "contexts_disjoint": False}
>>> disagreeing(int(disagree_mask(c, ProximityConfig())))
('mode', 'frequency', 'help')
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict

from graphsvc.proximity.config import ProximityConfig

__all__ = [
    "DISAGREEMENTS",
    "FIELDS",
    "Views",
    "disagree_mask",
    "disagreeing",
    "help_gaps",
    "side_views",
]

#: What each account may say about the tie.
FIELDS = ("kind", "since", "last_contact", "frequency", "mode", "contexts", "gives", "receives")
#: What two accounts can disagree on; bit ``i`` of a disagreement mask is ``DISAGREEMENTS[i]``.
DISAGREEMENTS = ("kind", "mode", "frequency", "since", "help", "contexts")


class Views(BaseModel):
    """Each side's account as stored (``source`` is the row's source) and the differences."""

    model_config = ConfigDict(frozen=True)

    source: dict[str, Any]
    target: dict[str, Any]
    disagree: tuple[str, ...]


def help_gaps(
    gives_a: Any, receives_a: Any, gives_b: Any, receives_b: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Help one account names and the other leaves out, where both named their help.

    Masks of: what a says it gives that b does not say it gets; what a says it gets that b does
    not say it gives; and the same from b's side. An account that did not say (-1) leaves no gap.
    """
    ga, ra, gb, rb = (
        np.asarray(x, dtype=np.int64) for x in (gives_a, receives_a, gives_b, receives_b)
    )

    def gap(said: np.ndarray, other: np.ndarray) -> np.ndarray:
        return np.where((said > 0) & (other >= 0), said & ~other, 0)

    return gap(ga, rb), gap(ra, gb), gap(gb, ra), gap(rb, ga)


def disagree_mask(c: Mapping[str, Any], cfg: ProximityConfig) -> np.ndarray:
    """Bit mask of what two accounts disagree on (0 for one-sided ties)."""
    v = cfg.views

    def differ(x: str, y: str) -> np.ndarray:
        a, b = np.asarray(c[x]), np.asarray(c[y])
        return (a >= 0) & (b >= 0) & (a != b)

    fa, fb = np.asarray(c["freq_a"], dtype=float), np.asarray(c["freq_b"], dtype=float)
    lo, hi = np.fmin(fa, fb), np.fmax(fa, fb)
    with np.errstate(invalid="ignore", divide="ignore"):
        far = (
            ~np.isnan(fa) & ~np.isnan(fb) & (hi > 0) & ((lo == 0) | (hi / lo >= v.frequency_ratio))
        )
    sa, sb = np.asarray(c["since_a"], dtype=float), np.asarray(c["since_b"], dtype=float)
    with np.errstate(invalid="ignore"):
        since = np.abs(sa - sb) > v.since_years
    gaps = help_gaps(c["gives_a"], c["receives_a"], c["gives_b"], c["receives_b"])
    helped = np.any([g != 0 for g in gaps], axis=0)
    bits = [differ("kind_a", "kind_b"), differ("mode_a", "mode_b"), far, since, helped,
            np.asarray(c["contexts_disjoint"], dtype=bool)]  # fmt: skip
    mask = sum(b.astype(np.int64) << i for i, b in enumerate(bits))
    return np.where(np.asarray(c["two_sided"], dtype=bool), mask, 0)


def disagreeing(mask: int) -> tuple[str, ...]:
    """The names of the bits set in a disagreement mask."""
    return tuple(d for i, d in enumerate(DISAGREEMENTS) if mask >> i & 1)


_NAMES = [disagreeing(m) for m in range(1 << len(DISAGREEMENTS))]
_LISTS = ("contexts", "gives", "receives")


def _side(report: Mapping[str, Any]) -> dict[str, Any]:
    """One account's words, copied (lists too) so nobody edits the graph through a result."""
    out = dict(report)
    out.pop("type", None)
    for k in _LISTS:
        v = out.get(k)
        if v is not None:
            out[k] = list(v)
    return out


def side_views(a: Mapping[str, Any], b: Mapping[str, Any], mask: int) -> dict[str, Any]:
    """The ``views`` cell of a two-sided tie: both accounts and the fields they differ on."""
    return {"source": _side(a), "target": _side(b), "disagree": list(_NAMES[mask])}
