"""From a tie's inputs to its scores: the one function both paths call.

`compute` takes the feature columns (arrays for every tie, or plain numbers for one) and returns
the five dimensions, their completeness, ``overall``, ``confidence``, the weakest dimension and
the unknown ones, plus the derived quantities the reasons put into words (years known, months
left, help flowing each way). It holds no formulas of its own: those live in `dimensions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.dimensions import (
    combine,
    commonality,
    continuity,
    directness,
    known_mean,
    multiplexity,
    paid_power,
    parity,
)

__all__ = ["DAYS_PER_YEAR", "compute"]

#: Days in a mean calendar year: converts decimal years to days since a last contact.
DAYS_PER_YEAR = 365.25


def _either(x: Any, y: Any) -> np.ndarray:
    """The union of two help masks, treating unknown (-1) as none."""
    return np.maximum(np.asarray(x), 0) | np.maximum(np.asarray(y), 0)


def compute(c: Mapping[str, Any], cfg: ProximityConfig, as_of: float) -> dict[str, np.ndarray]:
    """Scores of every tie in ``c`` (columns named as in `features.tie_features`).

    Parameters
    ----------
    c
        Feature columns (arrays of equal length) or one tie's features (numbers).
    cfg
        The model's constants and weights.
    as_of
        The reference date as a decimal year (`values.decimal_year`).
    """
    paid = np.asarray(c["paid"], dtype=bool)
    since = known_mean(c["since_a"], c["since_b"])
    years = as_of - since
    freq = known_mean(c["freq_a"], c["freq_b"])
    days = (as_of - np.fmax(c["last_a"], c["last_b"])) * DAYS_PER_YEAR
    months_left = (np.asarray(c["ends"], dtype=float) - as_of) * 12.0
    reports = [np.asarray(c[k]) for k in ("gives_a", "receives_a", "gives_b", "receives_b")]
    help_known = paid | np.any([r >= 0 for r in reports], axis=0)
    flow_ab = np.where(paid, 1, _either(c["gives_a"], c["receives_b"]))
    flow_ba = np.where(paid, 0, _either(c["receives_a"], c["gives_b"]))
    power, power_known = paid_power(paid, c["role"], c["employer"], cfg.parity)

    d, d_known = directness(c["mode_a"], c["mode_b"], c["household"], cfg.directness)
    co, co_known = continuity(years, freq, days, c["turnover"], months_left, cfg.continuity)
    m, m_known = multiplexity(c["certain"], c["possible"], c["declared"], cfg.multiplexity)
    p = parity(flow_ab, flow_ba, help_known, power, cfg.parity)
    p_known = np.where(help_known, power_known, 0.0)
    cm, cm_known = commonality(c["idf_sum"], c["purpose"], c["interests_known"], cfg.commonality)

    scores = np.stack(np.broadcast_arrays(d, co, m, p, cm), axis=-1).astype(float)
    known = np.stack(np.broadcast_arrays(d_known, co_known, m_known, p_known, cm_known), axis=-1)
    overall, confidence, weakest, unknown = combine(scores, known.astype(float), cfg.weights)
    return {
        "scores": scores,
        "completeness": known,
        "overall": overall,
        "confidence": confidence,
        "weakest": weakest,
        "unknown": unknown,
        "years": years,
        "frequency": freq,
        "days_since": days,
        "months_left": months_left,
        "flow_ab": flow_ab,
        "flow_ba": flow_ba,
        "help_known": help_known,
        "inferred_mode": (d_known == 0.5),
    }
