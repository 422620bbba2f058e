"""Numbers and codes in words: what the sentences are made of.

Small numbers are written as words ("six", "twenty three"), frequencies as everyday phrases
("every week", "about once a month"), and the numbers the sentences depend on are reduced to
small codes (a frequency band, whole years, turnover, months of silence, a ring), so that each
distinct combination of codes is put into words once (`reasons`). The code functions broadcast
like `dimensions`: numbers or arrays.

Examples
--------
>>> number_words(6), number_words(23), when(4.3), when(1.0)
('six', 'twenty three', 'every week', 'about once a month')
>>> listing(["neighbours", "the quiz team", "rugby"])
'neighbours, the quiz team and rugby'
>>> years_code([0.5, 1.2, 6.4, 33.0]).tolist()
[0, 1, 6, 35]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from graphsvc.proximity.config import ProximityConfig

__all__ = [
    "MONTHS",
    "WHEN",
    "frequency_band",
    "listing",
    "number_words",
    "ring_code",
    "stale_code",
    "turnover_code",
    "when",
    "years_code",
]

_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
          "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen")  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def number_words(n: int) -> str:
    """A whole number from 0 to 99 in words; larger numbers as digits."""
    if 0 <= n < 20:
        return _SMALL[n]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f" {_SMALL[ones]}" if ones else "")
    return str(n)


def listing(items: Sequence[str], most: int = 3) -> str:
    """``a, b and c``; beyond ``most`` items, the first ones and how many more."""
    items = list(items)
    if len(items) > most:
        rest = len(items) - most + 1
        items = [*items[: most - 1], f"{number_words(rest)} more"]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- codes the sentences depend on (vectorised; numbers work too) ---------------------------

#: Lower bounds of the frequency bands, contacts per month.
_BANDS = np.array([0.05, 0.2, 0.7, 1.5, 3.0, 6.0, 20.0])
WHEN = (
    None,  # 0: not at the moment
    "less than once a year",
    "about once a year",
    "every few months",
    "about once a month",
    "every two weeks",
    "every week",
    "a few times a week",
    "every day",
)


def frequency_band(freq: Any) -> np.ndarray:
    """-1 unknown, 0 none, 1 (under yearly) to 8 (daily) as in ``WHEN``."""
    f = np.asarray(freq, dtype=float)
    band = 1 + np.searchsorted(_BANDS, np.nan_to_num(f), side="right")
    return np.where(np.isnan(f), -1, np.where(f == 0, 0, band))


def when(freq: float) -> str:
    """How often, in words: ``"every week"``."""
    return WHEN[int(frequency_band(freq))] or "not at the moment"


def years_code(years: Any) -> np.ndarray:
    """-1 unknown, 0 under nine months, else whole years (to the nearest five beyond twenty)."""
    y = np.asarray(years, dtype=float)
    whole = np.where(y <= 20, np.maximum(np.round(y), 1), np.round(y / 5) * 5)
    return np.where(np.isnan(y), -1, np.where(y < 0.75, 0, np.nan_to_num(whole))).astype(np.int64)


def turnover_code(turnover: Any) -> np.ndarray:
    """-1 unknown, 0 the same worker, 1 changes now and then, n: about n workers a year."""
    t = np.asarray(turnover, dtype=float)
    many = np.maximum(np.round(np.nan_to_num(t)), 2)
    return np.where(np.isnan(t), -1, np.where(t <= 1, 0, np.where(t < 2, 1, many))).astype(np.int64)


def stale_code(days: Any) -> np.ndarray:
    """-1 recent or unknown; 3-11 months without contact; 100 + n for n years."""
    d = np.nan_to_num(np.asarray(days, dtype=float), nan=0.0)
    months = np.round(d / 30.44)
    years = np.maximum(np.floor(d / 365.25), 1)
    return np.where(d <= 90, -1, np.where(months < 12, np.maximum(months, 3), 100 + years)).astype(
        np.int64
    )


def ring_code(overall: Any, confidence: Any, cfg: ProximityConfig) -> np.ndarray:
    """0 inner, 1 middle, 2 outer; -1 when unknown or known too little: the rings of `profile`."""
    o = np.asarray(overall, dtype=float)
    p = cfg.profile
    unsure = np.isnan(o) | (np.asarray(confidence, dtype=float) < p.min_confidence)
    return np.where(unsure, -1, np.where(o >= p.inner, 0, np.where(o >= p.middle, 1, 2)))
