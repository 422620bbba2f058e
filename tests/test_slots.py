"""Weekly slots: what a broker types is read the way they meant it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graphsvc.slots import DAYS, expand_slots, overlap_minutes, parse_slots


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu 19:00-23:00", ["Thu 19:00-23:00"]),
        ("thursday 7:05-9:30", ["Thu 07:05-09:30"]),
        ("Mon-Wed 09:00-12:00", ["Mon 09:00-12:00", "Tue 09:00-12:00", "Wed 09:00-12:00"]),
        ("Sat-Mon 10:00-11:00", ["Sat 10:00-11:00", "Sun 10:00-11:00", "Mon 10:00-11:00"]),
        ("daily 06:00-07:00", [f"{d} 06:00-07:00" for d in DAYS]),
        ("Fri 22:00-02:00", ["Fri 22:00-02:00"]),
    ],
)
def test_slots_are_normalised(text: str, expected: list[str]) -> None:
    assert expand_slots([text]) == expected


def test_duplicates_collapse_and_order_is_kept() -> None:
    assert expand_slots(["Tue 10:00-11:00", "tuesday 10:00-11:00", "Mon 10:00-11:00"]) == [
        "Tue 10:00-11:00",
        "Mon 10:00-11:00",
    ]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Thurs 7pm", "write a day and 24-hour times"),
        ("Funday 10:00-11:00", "unknown day 'Funday'"),
        ("Mon 25:00-26:00", "impossible time"),
        ("Mon 10:61-11:00", "impossible time"),
    ],
)
def test_bad_slots_say_how_to_write_them(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_slots(text)


def test_overlap_counts_shared_minutes_including_past_midnight_and_week_wrap() -> None:
    assert overlap_minutes("Thu 19:00-23:00", "Thu 20:00-22:00") == 120
    assert overlap_minutes("Thu 19:00-23:00", "Fri 19:00-23:00") == 0
    assert overlap_minutes("Fri 22:00-02:00", "Sat 00:00-01:00") == 60
    assert overlap_minutes("Sun 23:00-01:00", "Mon 00:00-00:30") == 30  # Sunday night -> Monday
    assert overlap_minutes(["Mon-Fri 09:00-17:00"], ["daily 12:00-13:00"]) == 5 * 60


slot_text = st.builds(
    lambda d, h1, m1, h2, m2: f"{DAYS[d]} {h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}",
    st.integers(0, 6),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 23),
    st.integers(0, 59),
)


@given(slot_text, slot_text)
def test_overlap_is_symmetric_and_bounded(a: str, b: str) -> None:
    ab = overlap_minutes(a, b)
    assert ab == overlap_minutes(b, a)
    assert 0 <= ab <= min(overlap_minutes(a, a), overlap_minutes(b, b))


@given(slot_text)
def test_normalising_is_idempotent(a: str) -> None:
    once = expand_slots([a])
    assert expand_slots(once) == once
