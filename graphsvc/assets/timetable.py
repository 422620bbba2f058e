"""The weekly timetable of a neighbourhood: when spaces are open and groups meet, and the gaps.

An hour of the week counts a space as open (a group as meeting) when any of its slots overlaps
that hour. These are counts of places and groups, not of people, so they are published exactly.

Examples
--------
>>> t = weekly_grid([["Mon 09:30-11:00"], ["Mon 10:00-10:30", "Tue 23:00-01:00"]])
>>> t[0][9:12], t[1][23], t[2][0]
([1, 2, 0], 1, 1)
>>> quiet_slots([[0] * 24] + [[1] * 24] * 6, hours=(8, 22))
['Mon 08:00-22:00']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from graphsvc.slots import DAYS, parse_slots

__all__ = ["quiet_slots", "weekly_grid"]

_WEEK_HOURS = 7 * 24


def weekly_grid(schedules: Iterable[Iterable[str]]) -> list[list[int]]:
    """7 x 24 counts: how many of the ``schedules`` (one list of slots each) touch each hour.

    Each schedule counts at most once per hour, however many of its slots overlap it.
    """
    grid = [[0] * 24 for _ in DAYS]
    for slots in schedules:
        hours: set[int] = set()
        for text in slots:
            for slot in parse_slots(text):
                for lo, hi in slot.intervals():
                    hours.update(range(lo // 60, -(-hi // 60)))
        for h in hours:
            h %= _WEEK_HOURS
            grid[h // 24][h % 24] += 1
    return grid


def quiet_slots(grid: Sequence[Sequence[int]], *, hours: tuple[int, int] = (8, 22)) -> list[str]:
    """Runs of hours within ``hours`` of each day when the grid is 0, as slot strings."""
    out = []
    lo, hi = hours
    for d, day in enumerate(DAYS):
        start = None
        for h in range(lo, hi + 1):
            quiet = h < hi and grid[d][h] == 0
            if quiet and start is None:
                start = h
            elif not quiet and start is not None:
                out.append(f"{day} {start:02d}:00-{h:02d}:00")
                start = None
    return out
