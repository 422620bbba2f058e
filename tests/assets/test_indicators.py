"""Proximity indicators: the rule of `graphsvc.proximity.profile`, for everyone at once."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from graphsvc.assets.indicators import indicators_from_scores, support_indicators
from graphsvc.graph import neighbourhood_graph
from graphsvc.synth import generate


def scores(rows: list[tuple[str, str, bool, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["source", "target", "paid", "overall"])


def test_good_unpaid_ties_and_the_support_dominated_rule() -> None:
    frame = scores(
        [
            ("a", "b", False, 0.8),  # good, for a and b
            ("a", "c", False, 0.3),  # not good
            ("w1", "a", True, 0.4),
            ("w1", "d", True, 0.4),
            ("w2", "d", True, 0.4),
            ("d", "e", False, 0.9),  # d: 2 paid of 3 ties, 1 good unpaid: dominated
            ("f", "g", False, float("nan")),  # unknown proximity is not good
        ]
    )
    ind = indicators_from_scores(frame, people="abcdefgh")
    assert ind.good_unpaid == {"a": 1, "b": 1, "c": 0, "d": 1, "e": 1, "f": 0, "g": 0, "h": 0}
    assert ind.support_dominated == frozenset({"d"})
    strict = indicators_from_scores(frame, people="abcdefgh", max_good_unpaid=0)
    assert strict.support_dominated == frozenset()
    assert "at most 0 unpaid ties" in strict.rule


def test_nobody_scored_is_isolated_not_dominated() -> None:
    ind = indicators_from_scores(scores([]), people=["a"])
    assert ind.good_unpaid == {"a": 0} and not ind.support_dominated


def test_indicators_agree_with_the_proximity_profile_person_by_person() -> None:
    proximity = pytest.importorskip("graphsvc.proximity")
    G = neighbourhood_graph(generate(150, seed=5).graph(), "n01")
    cfg = proximity.ProximityConfig(as_of=date(2024, 6, 30))
    ind = support_indicators(G, cfg)
    people = sorted(n for n, d in G.nodes(data=True) if d["label"] == "Person")
    assert ind.support_dominated  # the synthetic town has support-dominated people
    for p in people[::3]:
        prof = proximity.profile(G, p, cfg)
        assert ind.good_unpaid[p] == prof.good_unpaid_ties, p
        assert (p in ind.support_dominated) == prof.support_dominated, p
