"""The five dimensions as formulas: one implementation, for one tie or a million.

Every function here takes numbers *or* numpy arrays of numbers (numpy broadcasting does the
rest) and returns arrays of the same shape, so the per-tie path (`single`) and the vectorised
path (`features`) call literally the same code and cannot drift apart. A missing input is NaN
(numbers) or -1 (codes and help masks), and a dimension whose inputs are all missing comes out
NaN, never 0: "we do not know" must not read as "not close".

Each dimension also reports its *completeness*, the share of its inputs that were known (1,
0.5 or 0, say), from which `combine` makes ``confidence``.

The shapes are chosen so the properties the model promises hold by construction, not by luck:
saturating curves (``1 - exp(-x / tau)``, ``x / (x + k)``) that only ever rise with more
contact, more years or more contexts; weighted means of such parts; factors of at most 1 for
what only ever lowers a score (turnover, an end date, paid power).

Examples
--------
>>> from graphsvc.proximity.config import ContinuityConfig, MultiplexityConfig
>>> [round(float(x), 2) for x in multiplexity([1, 2, 3], 0.0, True, MultiplexityConfig())[0]]
[0.39, 0.63, 0.78]
>>> nan = float("nan")
>>> score, known = continuity(6.0, 4.3, nan, nan, nan, ContinuityConfig())
>>> round(float(score), 2), float(known)
(0.73, 1.0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from graphsvc.proximity.config import (
    CommonalityConfig,
    ContinuityConfig,
    DirectnessConfig,
    MultiplexityConfig,
    ParityConfig,
    Weights,
)
from graphsvc.proximity.values import EMPLOYERS, MODES, POPCOUNT, ROLES

__all__ = [
    "DIMENSIONS",
    "combine",
    "commonality",
    "continuity",
    "directness",
    "idf",
    "known_mean",
    "multiplexity",
    "paid_power",
    "parity",
]

#: The five dimensions, in the order of every table and column.
DIMENSIONS = ("directness", "continuity", "multiplexity", "parity", "commonality")

Num = Any  # a float, or a numpy array of floats; every function broadcasts


def known_mean(a: Num, b: Num) -> np.ndarray:
    """The mean of whichever of two values is known (NaN if neither): each account counts."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(a), b, np.where(np.isnan(b), a, (a + b) / 2.0))


def directness(
    mode_a: Num, mode_b: Num, household: Num, cfg: DirectnessConfig
) -> tuple[np.ndarray, np.ndarray]:
    """How people mostly keep in touch: the weight of the main mode (mean of both accounts).

    Parameters
    ----------
    mode_a, mode_b
        Mode codes (positions in `values.MODES`; -1 unknown) from each account.
    household
        Whether the two share a household: then face to face is known without being recorded
        (if ``cfg.household_implies_in_person``), with completeness 0.5.
    """
    table = np.array([getattr(cfg, m) for m in MODES] + [np.nan])
    a, b = np.asarray(mode_a, dtype=np.int64), np.asarray(mode_b, dtype=np.int64)
    score = known_mean(table[a], table[b])  # code -1 picks the NaN at the end
    known = ~np.isnan(score)
    inferred = ~known & np.asarray(household, dtype=bool) & cfg.household_implies_in_person
    score = np.where(inferred, cfg.in_person, score)
    return score, np.where(known, 1.0, np.where(inferred, 0.5, 0.0))


def continuity(
    years: Num, frequency: Num, days_since: Num, turnover: Num, months_left: Num,
    cfg: ContinuityConfig,
) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """Time and story: years known and regularity, times stability factors of at most 1.

    Parameters
    ----------
    years
        Years since the tie began (NaN unknown).
    frequency
        Contacts per month (NaN unknown).
    days_since
        Days since the last contact (NaN unknown: no staleness factor).
    turnover
        Different workers in the role per year, paid ties only (NaN: no factor).
    months_left
        Months until a fixed-term arrangement ends, negative once ended (NaN: none known).
    """
    years, freq = np.asarray(years, dtype=float), np.asarray(frequency, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        time_part = 1.0 - np.exp(-np.maximum(years, 0.0) / cfg.years_tau)
        rhythm = freq / (freq + cfg.frequency_half)
        rhythm = np.where(freq == 0, 0.0, rhythm)
        w_t = np.where(np.isnan(years), 0.0, cfg.years_weight)
        w_r = np.where(np.isnan(freq), 0.0, cfg.frequency_weight)
        total = w_t + w_r
        base = (np.nan_to_num(time_part) * w_t + np.nan_to_num(rhythm) * w_r) / total
        base = np.where(total > 0, base, np.nan)
        workers = np.maximum(np.asarray(turnover, dtype=float) - 1.0, 0.0)
        left = np.maximum(np.asarray(months_left, dtype=float), 0.0)
        silent = np.maximum(np.asarray(days_since, dtype=float) - cfg.recency_grace_days, 0.0)
        stability = (
            _factor(1.0 / (1.0 + cfg.turnover_penalty * workers))
            * _factor(1.0 - cfg.ends_penalty * np.exp(-left / cfg.ends_tau_months))
            * _factor(1.0 - cfg.recency_penalty * (1.0 - np.exp(-silent / cfg.recency_tau_days)))
        )
    completeness = total / (cfg.years_weight + cfg.frequency_weight)
    return base * stability, completeness


def _factor(x: Num) -> np.ndarray:
    """A stability factor; 1 (no effect) where its input was unknown."""
    x = np.asarray(x, dtype=float)
    return np.where(np.isnan(x), 1.0, x)


def multiplexity(
    certain: Num, possible: Num, declared: Num, cfg: MultiplexityConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct contexts with diminishing returns: ``1 - exp(-(certain + possible) / tau)``.

    Parameters
    ----------
    certain
        Weighted count of contexts known for sure (declared, or shown by the graph).
    possible
        Weighted count of contexts the graph only makes possible.
    declared
        Whether anyone said how they know each other (completeness 1; only what the graph
        shows: 0.5). With no context at all the dimension is unknown, not 0: two people who
        know each other know each other *somehow*.
    """
    x = np.asarray(certain, dtype=float) + np.asarray(possible, dtype=float)
    score = np.where(x > 0, 1.0 - np.exp(-x / cfg.tau), np.nan)
    completeness = np.where(np.asarray(declared, dtype=bool), 1.0, np.where(x > 0, 0.5, 0.0))
    return score, completeness


def paid_power(
    paid: Num, role: Num, employer: Num, cfg: ParityConfig
) -> tuple[np.ndarray, np.ndarray]:
    """The power factor of a tie (1 unpaid) and how much of its basis was known.

    A gatekeeping role wins over the employer; otherwise the person as employer raises the
    factor above an agency's. Role and employer both unknown: the agency figure, completeness
    0.5 (it is known to be paid, not on what terms).
    """
    gate = np.array([r in cfg.gatekeeper_roles for r in ROLES] + [False])
    by_employer = np.array(
        [cfg.employed_by_person if e == "person" else cfg.employed_by_provider for e in EMPLOYERS]
        + [cfg.employer_unknown]
    )
    role, employer = np.asarray(role, dtype=np.int64), np.asarray(employer, dtype=np.int64)
    power = np.where(gate[role], cfg.gatekeeper, by_employer[employer])
    paid = np.asarray(paid, dtype=bool)
    known = np.where((role >= 0) | (employer >= 0), 1.0, 0.5)
    return np.where(paid, power, 1.0), np.where(paid, known, 1.0)


def parity(
    flow_ab: Num, flow_ba: Num, help_known: Num, power: Num, cfg: ParityConfig
) -> np.ndarray:
    """Reciprocity of help, times the power factor (at most 1 for paid ties).

    Parameters
    ----------
    flow_ab, flow_ba
        Help masks (bits of `values.HELP`) flowing each way; only their counts matter.
    help_known
        Whether anyone said what help flows; if not, parity is unknown.
    power
        From `paid_power`: 1 for unpaid ties.
    """
    n_ab = POPCOUNT[np.maximum(np.asarray(flow_ab, dtype=np.int64), 0)]
    n_ba = POPCOUNT[np.maximum(np.asarray(flow_ba, dtype=np.int64), 0)]
    total = n_ab + n_ba
    balance = 2.0 * np.minimum(n_ab, n_ba) / np.maximum(total, 1)
    reciprocity = np.where(total > 0, cfg.one_way + (1.0 - cfg.one_way) * balance, cfg.no_help)
    return np.where(np.asarray(help_known, dtype=bool), reciprocity * power, np.nan)


def commonality(
    idf_sum: Num, purpose_groups: Num, interests_known: Num, cfg: CommonalityConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Shared interests by rarity, and shared purpose, combined as "either is a reason".

    Parameters
    ----------
    idf_sum
        Sum of the IDF weights of the interests both recorded.
    purpose_groups
        Groups with a stated purpose that both belong to.
    interests_known
        Whether both recorded any interests; if not, and no purpose is shared, unknown.
    """
    interests_known = np.asarray(interests_known, dtype=bool)
    purpose = np.asarray(purpose_groups, dtype=float)
    shared = np.where(
        interests_known, 1.0 - np.exp(-np.asarray(idf_sum, dtype=float) / cfg.interest_tau), 0.0
    )
    goal = 1.0 - np.exp(-purpose / cfg.purpose_tau)
    score = 1.0 - (1.0 - shared) * (1.0 - goal)
    known = interests_known | (purpose > 0)
    completeness = np.where(interests_known, 1.0, np.where(purpose > 0, 0.5, 0.0))
    return np.where(known, score, np.nan), completeness


def idf(people: int, holders: Num) -> np.ndarray:
    """Smoothed inverse document frequency of an interest held by ``holders`` of ``people``.

    ``1 + ln((1 + people) / (1 + holders))``: about 1 for a passion everyone shares (it still
    counts: two people who both love walking do share it), rising as it gets rarer.
    """
    return 1.0 + np.log((1.0 + people) / (1.0 + np.asarray(holders, dtype=float)))


def combine(
    scores: np.ndarray, completeness: np.ndarray, weights: Weights
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``overall``, ``confidence``, the weakest dimension and the unknown ones.

    Parameters
    ----------
    scores, completeness
        Arrays of shape ``(..., 5)`` in the order of `DIMENSIONS`.

    Returns
    -------
    overall
        Weighted mean of the *known* dimensions (NaN if none is known): an unknown dimension
        is left out, not counted as 0.
    confidence
        Weighted mean of the completeness of all five: how much of the input was known.
    weakest
        Index of the lowest known dimension (the first on ties), -1 if none is known.
    unknown
        Bit mask of the unknown dimensions (bit ``i`` for ``DIMENSIONS[i]``).
    """
    w = np.array([getattr(weights, d) for d in DIMENSIONS])
    known = ~np.isnan(scores)
    wk = np.where(known, w, 0.0)
    total = wk.sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = np.where(total > 0, (np.nan_to_num(scores) * wk).sum(axis=-1) / total, np.nan)
    confidence = (completeness * w).sum(axis=-1) / w.sum()
    weakest = np.where(known.any(axis=-1), np.argmin(np.where(known, scores, np.inf), axis=-1), -1)
    unknown = (~known * (1 << np.arange(len(DIMENSIONS)))).sum(axis=-1)
    return overall, confidence, weakest, unknown
