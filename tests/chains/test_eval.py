"""The evaluation harness's time split: what the graph may see, and what counts as new later.

The figures in ``docs/chains.md`` rest on it: a pair first in contact after the cut must never
leak into the earlier graph, and contacts and classes must become ties as documented.
"""

from __future__ import annotations

import pytest

from benchmarks.chains_eval import Contact, ranks, split_contacts


def _contacts() -> list[Contact]:
    day = 86400.0
    return [
        Contact(0, "1", "2", "1A", "1A"),  # one contact: two records 20 s apart
        Contact(20, "1", "2", "1A", "1A"),
        Contact(40, "2", "3", "1A", "2B"),
        Contact(600, "1", "2", "1A", "1A"),  # a second contact, ten minutes later
        Contact(day + 0, "1", "3", "1A", "2B"),  # after the cut: new
        Contact(day + 20, "2", "3", "1A", "2B"),  # after the cut, but already known
        Contact(day + 40, "1", "4", "1A", "1A"),  # new, and 4 was never seen before
        Contact(day + 60, "3", "4", "2B", "1A"),  # beyond the truth window
    ]


def test_the_graph_sees_only_the_earlier_window() -> None:
    split = split_contacts(_contacts(), 0.5, 0.875, setting="the school", scale=1.0)
    ties = {(t.source, t.target): t for t in split.ties}
    assert set(ties) == {("n1", "n2"), ("n2", "n3")}
    assert ties[("n1", "n2")].frequency == 2  # two contacts in one day observed
    assert ties[("n1", "n2")].contexts == ["the school", "class 1a"]
    assert ties[("n2", "n3")].contexts == ["the school"]  # not in the same class
    assert ties[("n1", "n2")].mode == "in_person"
    assert split.later == {frozenset({"n1", "n3"}), frozenset({"n1", "n4"})}
    assert {n.id for n in split.nodes} == {"n1", "n2", "n3", "n4"}


def test_scale_turns_contacts_a_day_into_contacts_a_month() -> None:
    split = split_contacts(_contacts(), 0.5, 1.0, setting="", scale=0.25)
    ties = {(t.source, t.target): t for t in split.ties}
    assert ties[("n1", "n2")].frequency == pytest.approx(0.5)
    assert ties[("n1", "n2")].contexts == ["class 1a"]
    assert frozenset({"n3", "n4"}) in split.later


def test_hits_and_reciprocal_rank_count_the_first_new_tie_in_ten() -> None:
    assert ranks(["a", "b", "c"], {"c", "b"}) == (1, 0.5)
    assert ranks([str(i) for i in range(20)], {"12"}) == (0, 0.0)
