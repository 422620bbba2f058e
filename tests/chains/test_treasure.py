"""The community treasure chest on a small group with known matches."""

from __future__ import annotations

import pytest

from graphsvc.chains import treasure_chest
from graphsvc.errors import NotFound
from tests.chains.worlds import treasure_group


def test_shared_passions_teaching_and_outside_contacts() -> None:
    matches = treasure_chest(treasure_group(), "g")
    kinds = [(m.kind, m.interest, m.people) for m in matches]
    assert kinds == [
        ("shared_passion", "birds", ("a", "b", "c")),
        ("could_teach", "baking", ("a", "b")),
        ("outside_contact", "woodwork", ("a", "x", "c")),
    ]
    assert matches[0].story == ("Ann, Bo and Cy all love birds.",)
    assert matches[2].story == (
        "Ann knows Xan.",
        "Xan knows about woodwork.",
        "Cy would like to learn woodwork.",
    )


def test_unknown_group_is_refused() -> None:
    with pytest.raises(NotFound):
        treasure_chest(treasure_group(), "a")
