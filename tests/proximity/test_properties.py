"""The model's promises, end to end: random ties in real graphs, scored by the public API.

`test_dimensions` checks the formulas; these check that what a graph records reaches them the
right way: a context added to a tie never lowers its multiplexity, more contact never lowers its
continuity, meeting face to face is never less direct than messaging, paid is never fairer than
unpaid, scores stay in [0, 1], and whatever is missing is reported unknown (NaN and listed).
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.model import Help, KnowsKind, Mode
from graphsvc.proximity import DIMENSIONS, TieScore, score_tie, score_ties
from tests.proximity.cases import CFG, paid_pair, pair

props = settings(max_examples=40, deadline=None)

dates = st.one_of(
    st.integers(1960, 2024).map(str),
    st.tuples(st.integers(1960, 2023), st.integers(1, 12)).map(lambda t: f"{t[0]}-{t[1]:02d}"),
)
helps = st.lists(st.sampled_from([h.value for h in Help]), unique=True, max_size=4)
contexts = st.lists(
    st.sampled_from(["work", "school", "choir", "the pub", "football", "church"]),
    unique=True,
    max_size=4,
)
knows = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from([k.value for k in KnowsKind]),
        "mode": st.sampled_from([m.value for m in Mode]),
        "frequency": st.floats(0.0, 60.0),
        "since": dates,
        "last_contact": dates,
        "contexts": contexts,
        "gives": helps,
        "receives": helps,
    },
)


def scored(**props_: Any) -> TieScore:
    return score_tie(pair(**props_), "a", "b", CFG)


def check_honest(s: TieScore) -> None:
    """Scores in [0, 1]; NaN exactly for the dimensions listed unknown."""
    for d in DIMENSIONS:
        value = getattr(s, d)
        assert math.isnan(value) == (d in s.unknown)
        assert math.isnan(value) or 0.0 <= value <= 1.0
    assert math.isnan(s.overall) or 0.0 <= s.overall <= 1.0
    assert 0.0 <= s.confidence <= 1.0


@props
@given(knows, st.sampled_from(["quiz team", "rugby", "neighbour", "darts"]))
def test_another_context_never_lowers_multiplexity(tie: dict[str, Any], extra: str) -> None:
    before = scored(**tie)
    after = scored(**{**tie, "contexts": [*tie.get("contexts", []), extra]})
    check_honest(before)
    check_honest(after)
    assert not math.isnan(after.multiplexity)
    assert math.isnan(before.multiplexity) or after.multiplexity >= before.multiplexity


@props
@given(knows, st.floats(0.0, 60.0), st.floats(0.0, 60.0))
def test_more_frequent_contact_never_lowers_continuity(
    tie: dict[str, Any], f1: float, f2: float
) -> None:
    rare = scored(**{**tie, "frequency": min(f1, f2)})
    often = scored(**{**tie, "frequency": max(f1, f2)})
    assert often.continuity >= rare.continuity - 1e-12


@props
@given(knows, st.integers(1960, 2024), st.integers(1960, 2024))
def test_knowing_each_other_longer_never_lowers_continuity(
    tie: dict[str, Any], y1: int, y2: int
) -> None:
    recent = scored(**{**tie, "since": str(max(y1, y2))})
    longer = scored(**{**tie, "since": str(min(y1, y2))})
    assert longer.continuity >= recent.continuity - 1e-12


@props
@given(knows)
def test_face_to_face_is_never_less_direct_than_by_message(tie: dict[str, Any]) -> None:
    assert (
        scored(**{**tie, "mode": "in_person"}).directness
        >= scored(**{**tie, "mode": "message"}).directness
    )


@props
@given(st.sampled_from([m.value for m in Mode]), st.floats(0.0, 60.0), dates,
       st.sampled_from(["person", "provider", None]),
       st.sampled_from(["care_worker", "gp", None]))  # fmt: skip
def test_the_same_tie_paid_is_never_fairer(
    mode: str, frequency: float, since: str, employer: str | None, role: str | None
) -> None:
    """The best an unpaid tie can do on parity is help both ways; one-way care is the honest
    comparison with paid care, and paid must not beat either."""
    terms = {"mode": mode, "frequency": frequency, "since": since}
    paid = score_tie(paid_pair(**terms, employer=employer, role=role), "w", "a", CFG)
    one_way = scored(**terms, gives=["care"], receives=[])
    assert paid.parity <= one_way.parity
    check_honest(paid)


@props
@given(knows)
def test_missing_inputs_are_unknown_never_zero(tie: dict[str, Any]) -> None:
    s = scored(**tie)
    check_honest(s)
    if "mode" not in tie:
        assert "directness" in s.unknown
    if "since" not in tie and "frequency" not in tie:
        assert "continuity" in s.unknown
    if "gives" not in tie and "receives" not in tie:
        assert "parity" in s.unknown
    assert "commonality" in s.unknown  # neither recorded any interests
    if not tie.get("contexts") and tie.get("kind") not in ("family", "neighbour", "colleague"):
        assert "multiplexity" in s.unknown


def test_a_bare_tie_is_all_unknown() -> None:
    """Someone said they know someone, and nothing else: every dimension is unknown."""
    s = scored()
    assert s.unknown == DIMENSIONS
    assert math.isnan(s.overall) and s.confidence == 0.0 and s.weakest is None
    assert "We know too little to say how close you are." in s.reasons


def test_synthetic_town_scores_are_honest() -> None:
    from graphsvc.synth import generate

    ties = score_ties(generate(300, seed=11).graph(), CFG, reasons=False, views=False)
    for row in ties.itertuples(index=False):
        for d in DIMENSIONS:
            value = getattr(row, d)
            assert math.isnan(value) == (d in row.unknown)
            assert math.isnan(value) or 0.0 <= value <= 1.0
    assert ties["confidence"].between(0, 1).all()
