"""Plain words for numbers, times and how often: stories a person can read on their own.

Examples
--------
>>> count_word(2), count_word(25)
('two', '25')
>>> when_phrase(["Thu 20:00-23:00"])
'on Thursdays at 8pm'
>>> when_phrase(["Mon 18:30-20:00", "Wed 18:30-20:00"])
'on Mondays and Wednesdays at 6:30pm'
>>> how_often(30.0), how_often(4.3), how_often(None)
('every day', 'every week', '')
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from graphsvc.slots import parse_slots

_NUMBERS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_DAYS = ("Mondays", "Tuesdays", "Wednesdays", "Thursdays", "Fridays", "Saturdays", "Sundays")


def count_word(n: int) -> str:
    """Small numbers as words (easier to read), bigger ones as digits."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def clock(minutes: int) -> str:
    """``20:00`` as ``8pm``, ``18:30`` as ``6:30pm``, noon and midnight by name."""
    minutes %= 24 * 60
    h, m = divmod(minutes, 60)
    if (h, m) == (12, 0):
        return "midday"
    if (h, m) == (0, 0):
        return "midnight"
    suffix = "am" if h < 12 else "pm"
    h12 = h % 12 or 12
    return f"{h12}{suffix}" if m == 0 else f"{h12}:{m:02d}{suffix}"


def when_phrase(slots: Iterable[str] | None) -> str:
    """The first start time and the days it happens: ``on Thursdays at 8pm``.

    Memoised on the slots: the search words the reason of every chain it drops ("The Book
    Club meets on Tuesdays at 10am."), and most ends share a few timetables.
    """
    return _when_phrase(tuple(slots or ()))


@lru_cache(maxsize=65536)
def _when_phrase(slots: tuple[str, ...]) -> str:
    parsed = sorted({s for text in slots for s in parse_slots(text)})
    if not parsed:
        return ""
    start = parsed[0].start
    days = [s.day for s in parsed if s.start == start]
    names = [_DAYS[d] for d in sorted(set(days))]
    if len(names) == 7:
        return f"every day at {clock(start)}"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"on {listed} at {clock(start)}"


def how_often(frequency: object) -> str:
    """Contacts per month in words; empty when unknown."""
    if not isinstance(frequency, int | float):
        return ""
    if frequency >= 20:
        return "every day"
    if frequency >= 8:
        return "a few times a week"
    if frequency >= 3:
        return "every week"
    if frequency >= 0.9:
        return "every month"
    return "now and then"


def sentence(text: str) -> str:
    """Start with a capital letter (names such as "the library" may start a sentence)."""
    return text[:1].upper() + text[1:]


@lru_cache(maxsize=65536)
def _week(text: str) -> tuple[tuple[int, int], ...]:
    return tuple(iv for slot in parse_slots(text) for iv in slot.intervals())


def overlap(a: Iterable[str], b: Iterable[str]) -> int:
    """`graphsvc.slots.overlap_minutes` with each slot parsed once per process (hot in search)."""
    total = 0
    wb = [iv for t in b for iv in _week(t)]
    for t in a:
        for lo1, hi1 in _week(t):
            for lo2, hi2 in wb:
                total += max(0, min(hi1, hi2) - max(lo1, lo2))
    return total
