"""Weekly time slots: when a space is open, a group meets, a person is free.

A slot is a string such as ``"Thu 19:00-23:00"``: a day of the week and a 24-hour start and end.
A slot whose end is not after its start runs past midnight (``"Fri 22:00-02:00"``). Inputs may
say ``"Thursday"``, ``"thu"``, ``"Mon-Fri 09:00-17:00"`` or ``"daily 10:00-12:00"``; they are
normalised to one slot per day in the short form, so data from anywhere compares equal.

Examples
--------
>>> expand_slots(["mon-wed 9:00-12:30"])
['Mon 09:00-12:30', 'Tue 09:00-12:30', 'Wed 09:00-12:30']
>>> overlap_minutes("Thu 19:00-23:00", "Thu 22:00-23:30")
60
>>> overlap_minutes("Fri 22:00-02:00", "Sat 01:00-03:00")
60
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_DAY_NAMES = {
    **{d.lower(): i for i, d in enumerate(DAYS)},
    **{
        name: i
        for i, name in enumerate(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
        )
    },
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
_SLOT = re.compile(
    r"^\s*(?P<days>[A-Za-z]+(?:\s*-\s*[A-Za-z]+)?)\s+"
    r"(?P<h1>\d{1,2}):(?P<m1>\d{2})\s*-\s*(?P<h2>\d{1,2}):(?P<m2>\d{2})\s*$"
)
_WEEK = 7 * 24 * 60

EXAMPLE = "Thu 19:00-23:00"


@dataclass(frozen=True, order=True)
class Slot:
    """One weekly interval, in minutes from Monday 00:00 (``end`` may pass the week's end)."""

    day: int
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        def hhmm(m: int) -> str:
            m %= 24 * 60
            return f"{m // 60:02d}:{m % 60:02d}"

        return f"{DAYS[self.day]} {hhmm(self.start)}-{hhmm(self.end)}"

    def intervals(self) -> list[tuple[int, int]]:
        """The slot as intervals of minutes in the week, wrapping Sunday night into Monday."""
        lo = self.day * 24 * 60 + self.start
        hi = self.day * 24 * 60 + self.end
        if hi <= _WEEK:
            return [(lo, hi)]
        return [(lo, _WEEK), (0, hi - _WEEK)]


def _day(name: str, text: str) -> int:
    try:
        return _DAY_NAMES[name.strip().lower()]
    except KeyError:
        raise ValueError(
            f"unknown day {name.strip()!r} in slot {text!r}; use Mon, Tue, ... Sun, "
            f"a range such as Mon-Fri, or 'daily' (example: {EXAMPLE!r})"
        ) from None


def parse_slots(text: str) -> list[Slot]:
    """Parse one slot string, which may name a range of days, into one `Slot` per day."""
    m = _SLOT.match(text)
    if not m:
        raise ValueError(
            f"cannot read slot {text!r}; write a day and 24-hour times, like {EXAMPLE!r}"
        )
    h1, m1, h2, m2 = (int(m[g]) for g in ("h1", "m1", "h2", "m2"))
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
        raise ValueError(f"impossible time in slot {text!r}; hours run 00-23, minutes 00-59")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        end += 24 * 60  # runs past midnight
    days_text = m["days"]
    if days_text.strip().lower() in ("daily", "everyday"):
        days = list(range(7))
    elif "-" in days_text:
        first, last = (_day(part, text) for part in days_text.split("-"))
        days = [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    else:
        days = [_day(days_text, text)]
    return [Slot(d, start, end) for d in days]


def expand_slots(texts: Iterable[str]) -> list[str]:
    """Normalise slot strings: one per day, short day names, zero-padded, no duplicates."""
    seen: dict[str, None] = {}
    for text in texts:
        for slot in parse_slots(text):
            seen[str(slot)] = None
    return list(seen)


def overlap_minutes(a: str | Iterable[str], b: str | Iterable[str]) -> int:
    """Minutes per week that two sets of slots share (0 when they never meet)."""

    def week(x: str | Iterable[str]) -> list[tuple[int, int]]:
        texts = [x] if isinstance(x, str) else list(x)
        return [iv for t in texts for s in parse_slots(t) for iv in s.intervals()]

    total = 0
    for lo1, hi1 in week(a):
        for lo2, hi2 in week(b):
            total += max(0, min(hi1, hi2) - max(lo1, lo2))
    return total
