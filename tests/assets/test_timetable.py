"""The weekly timetable and its gaps."""

from __future__ import annotations

import pytest

from graphsvc.assets.config import AssetConfig
from graphsvc.assets.timetable import quiet_slots, weekly_grid
from graphsvc.errors import BadRequest


def test_each_schedule_counts_once_per_hour_it_touches() -> None:
    grid = weekly_grid([["Mon 09:30-11:00", "Mon 10:00-10:15"], ["Mon 10:59-11:01"]])
    assert grid[0][9:12] == [1, 2, 1]
    assert sum(map(sum, grid)) == 4


def test_runs_past_midnight_and_past_sunday_wrap() -> None:
    grid = weekly_grid([["Sun 23:00-01:00"]])
    assert grid[6][23] == 1 and grid[0][0] == 1


def test_quiet_daytime_is_reported_as_slots() -> None:
    grid = weekly_grid([["Mon-Sun 10:00-12:00"], ["Sat 08:00-22:00"]])
    gaps = quiet_slots(grid, hours=(8, 22))
    assert gaps[:2] == ["Mon 08:00-10:00", "Mon 12:00-22:00"]
    assert not any(g.startswith("Sat") for g in gaps)


def test_day_hours_are_checked() -> None:
    with pytest.raises(BadRequest, match="day_hours"):
        AssetConfig(day_hours=(22, 8))
    with pytest.raises(BadRequest, match="overlap"):
        AssetConfig(age_bands=[{"name": "a", "low": 0, "high": 40}, {"name": "b", "low": 30}])
