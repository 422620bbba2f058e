"""Property tests of the formulas: the promises hold for every input, by construction.

Each dimension is a function of numbers (or arrays); Hypothesis draws inputs, including
missing ones (NaN, -1), and checks the model's promises: more of a good thing never lowers a
score, paid support is never fairer than the same tie unpaid, scores stay in [0, 1], and
missing inputs give NaN (unknown), never 0.
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.proximity.config import (
    CommonalityConfig,
    ContinuityConfig,
    DirectnessConfig,
    MultiplexityConfig,
    ParityConfig,
    Weights,
)
from graphsvc.proximity.dimensions import (
    combine,
    commonality,
    continuity,
    directness,
    multiplexity,
    paid_power,
    parity,
)
from graphsvc.proximity.values import EMPLOYERS, MODES, ROLES

#: Enough examples to find a broken promise; no deadline (the first call compiles numpy paths).
props = settings(max_examples=150, deadline=None)

NAN = float("nan")
unit = st.floats(0.0, 1.0)
maybe = st.one_of(st.just(NAN), st.floats(0.0, 100.0))
years = st.floats(0.0, 90.0)
per_month = st.floats(0.0, 24 * 31)
masks = st.integers(-1, 63)
mode = st.sampled_from(range(len(MODES)))


def in_unit_or_nan(x: object) -> bool:
    v = float(x)  # type: ignore[arg-type]
    return math.isnan(v) or 0.0 <= v <= 1.0


@st.composite
def directness_configs(draw: st.DrawFn) -> DirectnessConfig:
    """Any valid config: weights that never rise down the list of modes."""
    values = sorted((draw(unit) for _ in MODES), reverse=True)
    return DirectnessConfig(**dict(zip(MODES, values, strict=True)))


@props
@given(directness_configs(), st.integers(-1, len(MODES) - 1), st.booleans())
def test_face_to_face_is_never_less_direct_than_a_message(
    cfg: DirectnessConfig, other: int, household: bool
) -> None:
    """The same tie, with one account saying in person instead of by message."""
    in_person, _ = directness(MODES.index("in_person"), other, household, cfg)
    message, _ = directness(MODES.index("message"), other, household, cfg)
    assert float(in_person) >= float(message)
    assert in_unit_or_nan(in_person) and in_unit_or_nan(message)


@props
@given(directness_configs(), mode, mode)
def test_a_more_direct_mode_never_scores_lower(cfg: DirectnessConfig, m1: int, m2: int) -> None:
    lo, hi = sorted((m1, m2))
    assert float(directness(lo, -1, False, cfg)[0]) >= float(directness(hi, -1, False, cfg)[0])


def test_unknown_mode_is_unknown_unless_they_live_together() -> None:
    score, known = directness(-1, -1, False, DirectnessConfig())
    assert math.isnan(float(score)) and float(known) == 0.0
    score, known = directness(-1, -1, True, DirectnessConfig())
    assert float(score) == 1.0 and float(known) == 0.5


@props
@given(years, years, maybe, maybe, maybe, maybe)
def test_longer_never_lowers_continuity(
    y1: float, y2: float, freq: float, days: float, turnover: float, left: float
) -> None:
    cfg = ContinuityConfig()
    short, _ = continuity(min(y1, y2), freq, days, turnover, left, cfg)
    long, _ = continuity(max(y1, y2), freq, days, turnover, left, cfg)
    assert float(long) >= float(short) - 1e-12
    assert in_unit_or_nan(short) and in_unit_or_nan(long)


@props
@given(per_month, per_month, st.one_of(st.just(NAN), years), maybe, maybe, maybe)
def test_more_frequent_never_lowers_continuity(
    f1: float, f2: float, y: float, days: float, turnover: float, left: float
) -> None:
    cfg = ContinuityConfig()
    rare, _ = continuity(y, min(f1, f2), days, turnover, left, cfg)
    often, _ = continuity(y, max(f1, f2), days, turnover, left, cfg)
    assert float(often) >= float(rare) - 1e-12


@props
@given(years, per_month, st.floats(0.0, 20.0), st.floats(0.0, 20.0))
def test_more_turnover_never_raises_continuity(y: float, f: float, t1: float, t2: float) -> None:
    cfg = ContinuityConfig()
    steady, _ = continuity(y, f, NAN, min(t1, t2), NAN, cfg)
    churn, _ = continuity(y, f, NAN, max(t1, t2), NAN, cfg)
    assert float(churn) <= float(steady) + 1e-12


@props
@given(maybe, maybe, maybe)
def test_continuity_is_unknown_without_years_or_frequency(
    days: float, turnover: float, left: float
) -> None:
    score, known = continuity(NAN, NAN, days, turnover, left, ContinuityConfig())
    assert math.isnan(float(score)) and float(known) == 0.0


@props
@given(st.floats(0, 50), st.floats(0, 50), st.floats(0, 10), st.booleans())
def test_more_contexts_never_lower_multiplexity(
    a: float, b: float, possible: float, declared: bool
) -> None:
    cfg = MultiplexityConfig()
    fewer, _ = multiplexity(min(a, b), possible, declared, cfg)
    more, _ = multiplexity(max(a, b), possible, declared, cfg)
    assert float(np.nan_to_num(more)) >= float(np.nan_to_num(fewer))
    assert in_unit_or_nan(fewer) and in_unit_or_nan(more)


def test_no_context_at_all_is_unknown_not_zero() -> None:
    score, known = multiplexity(0.0, 0.0, False, MultiplexityConfig())
    assert math.isnan(float(score)) and float(known) == 0.0


@props
@given(masks, masks, st.booleans(), st.sampled_from(range(-1, len(ROLES))),
       st.sampled_from(range(-1, len(EMPLOYERS))))  # fmt: skip
def test_paid_is_never_fairer_than_the_same_tie_unpaid(
    ab: int, ba: int, known: bool, role: int, employer: int
) -> None:
    cfg = ParityConfig()
    power, _ = paid_power(True, role, employer, cfg)
    unpaid = parity(ab, ba, known, 1.0, cfg)
    paid = parity(ab, ba, known, power, cfg)
    assert float(np.nan_to_num(paid)) <= float(np.nan_to_num(unpaid))
    assert in_unit_or_nan(paid) and in_unit_or_nan(unpaid)
    assert math.isnan(float(paid)) == (not known)


def test_power_order_employer_person_over_provider_over_gatekeeper() -> None:
    cfg = ParityConfig()
    pa = ROLES.index("personal_assistant")
    own, _ = paid_power(True, pa, EMPLOYERS.index("person"), cfg)
    agency, _ = paid_power(True, pa, EMPLOYERS.index("provider"), cfg)
    social, _ = paid_power(True, ROLES.index("social_worker"), EMPLOYERS.index("person"), cfg)
    assert float(own) > float(agency) > float(social)


@props
@given(st.floats(0, 30), st.floats(0, 30), st.integers(0, 5), st.integers(0, 5), st.booleans())
def test_more_in_common_never_lowers_commonality(
    s1: float, s2: float, g1: int, g2: int, known: bool
) -> None:
    cfg = CommonalityConfig()
    less, _ = commonality(min(s1, s2), min(g1, g2), known, cfg)
    more, _ = commonality(max(s1, s2), max(g1, g2), known, cfg)
    assert float(np.nan_to_num(more)) >= float(np.nan_to_num(less))
    assert in_unit_or_nan(less) and in_unit_or_nan(more)


def test_commonality_unknown_without_interests_or_shared_purpose() -> None:
    score, _ = commonality(0.0, 0, False, CommonalityConfig())
    assert math.isnan(float(score))
    score, _ = commonality(0.0, 0, True, CommonalityConfig())  # known: nothing shared
    assert float(score) == 0.0


dims = st.lists(st.one_of(st.just(NAN), unit), min_size=5, max_size=5)


@props
@given(dims, st.lists(unit, min_size=5, max_size=5), st.lists(st.floats(0.01, 5), min_size=5,
                                                             max_size=5))  # fmt: skip
def test_overall_is_a_weighted_mean_of_known_dimensions_only(
    scores: list[float], completeness: list[float], w: list[float]
) -> None:
    weights = Weights(**dict(zip(("directness", "continuity", "multiplexity", "parity",
                                  "commonality"), w, strict=True)))  # fmt: skip
    overall, confidence, weakest, unknown = combine(
        np.array(scores), np.array(completeness), weights
    )
    known = [s for s in scores if not math.isnan(s)]
    assert int(unknown) == sum(1 << i for i, s in enumerate(scores) if math.isnan(s))
    assert 0.0 <= float(confidence) <= 1.0
    if not known:
        assert math.isnan(float(overall)) and int(weakest) == -1
    else:
        assert min(known) - 1e-12 <= float(overall) <= max(known) + 1e-12
        assert scores[int(weakest)] == min(known)


def test_arrays_and_numbers_give_the_same_answer() -> None:
    """One implementation serves both paths: an array row equals the same numbers alone."""
    cfg = ContinuityConfig()
    y, f = np.array([1.0, NAN, 6.0]), np.array([NAN, 4.3, 30.0])
    array, _ = continuity(y, f, NAN, NAN, NAN, cfg)
    alone = [float(continuity(a, b, NAN, NAN, NAN, cfg)[0]) for a, b in zip(y, f, strict=True)]
    np.testing.assert_allclose(array, alone, rtol=0, atol=1e-15)
