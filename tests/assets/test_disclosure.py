"""Disclosure control: small counts hidden, totals cannot give them away, queries are fenced."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from graphsvc.assets.build import asset_map
from graphsvc.assets.config import AssetConfig
from graphsvc.assets.disclosure import (
    SECONDARY,
    QueryPlan,
    Relation,
    Table,
    plan_query,
    protect,
    round_to_base,
)
from graphsvc.errors import BadRequest
from graphsvc.store.base import AssetCounts, AssetRow, PaidRow

CFG = AssetConfig(as_of=__import__("datetime").date(2024, 6, 30))


def counts(**changes: object) -> AssetCounts:
    """A 40-person neighbourhood's raw counts, changed where a test says."""
    base: dict[str, object] = {
        "neighbourhoods": ("n1",),
        "population": 40,
        "reached": 30,
        "unpaid_ties": (10, 10, 20),
        "good_unpaid_ties": None,
        "support_dominated": None,
        "interests": {},
        "need_tags": {},
        "paid": {},
        "assets": (),
    }
    return AssetCounts(**{**base, **changes})  # type: ignore[arg-type]


def space(asset_id: str, reach: int, dominated: int | None = None) -> AssetRow:
    return AssetRow(asset_id, "Space", "n1", "café", None, None, (), None, None, (), (), reach,
                    dominated)  # fmt: skip


PLAN = QueryPlan(("n1",), None, None)


# --- primary suppression and rounding -------------------------------------------------------


def test_four_people_are_suppressed_and_five_are_shown() -> None:
    m = asset_map(counts(assets=(space("four", 4), space("five", 5))), PLAN, residents=40)
    reach = {a.id: a.reach for a in m.assets}
    assert reach == {"four": "<5", "five": 5}


def test_zero_is_shown_and_no_published_count_is_one_to_four() -> None:
    rows = tuple(space(f"s{n}", n) for n in range(0, 30))
    m = asset_map(counts(assets=rows), PLAN, residents=40)
    shown = [a.reach for a in m.assets]
    assert shown[0] == 0
    assert all(v == "<5" for v in shown[1:5])
    assert all(isinstance(v, int) and v % 5 == 0 and v >= 5 for v in shown[5:])


@pytest.mark.parametrize(
    ("value", "rounded"), [(5, 5), (7, 5), (8, 10), (12, 10), (13, 15), (2374, 2375), (30.5, 30)]
)
def test_rounding_to_base_five(value: float, rounded: int) -> None:
    assert round_to_base(value, 5) == rounded


def test_threshold_is_configurable() -> None:
    m = asset_map(
        counts(assets=(space("nine", 9), space("ten", 10))),
        PLAN,
        residents=40,
        config=AssetConfig(threshold=10, rounding_base=1),
    )
    assert {a.id: a.reach for a in m.assets} == {"nine": "<10", "ten": 10}


# --- secondary suppression --------------------------------------------------------------------


def test_a_suppressed_cell_in_a_row_with_a_total_hides_the_smallest_other() -> None:
    m = asset_map(counts(unpaid_ties=(3, 9, 28)), PLAN, residents=40)
    assert m.isolation["unpaid_ties"] == {"none": "<5", "one": SECONDARY, "two_or_more": 30}
    assert m.population["people"] == 40


def test_a_small_complement_is_protected_too() -> None:
    # 38 of 40 reached: "not reached" is 2, so "reached" must go, or 40 - 38 gives it away
    m = asset_map(counts(reached=38), PLAN, residents=40)
    assert m.isolation["reached_by_assets"] == {"yes": SECONDARY, "no": "<5"}


def test_a_row_total_is_suppressed_when_no_other_cell_can_protect_the_small_one() -> None:
    # care workers' hours come from 3 people (hidden); the GPs' hours are 0 (not recorded), so
    # no other role can hide with them: "all roles" would equal the care hours, and goes
    paid = {
        "care_worker": PaidRow("care_worker", 3, 30.5, 0),
        "gp": PaidRow("gp", 8, 0.0, 8),
    }
    m = asset_map(counts(paid=paid), PLAN, residents=40)
    rows = {e.role: e for e in m.paid_support}
    assert rows["care_worker"].people == "<5"
    assert rows["care_worker"].hours_per_week == SECONDARY
    assert rows["gp"].hours_per_week == 0 and rows["gp"].people == 10
    assert rows["all roles"].hours_per_week == SECONDARY


def test_a_total_from_too_few_people_is_itself_suppressed() -> None:
    paid = {"care_worker": PaidRow("care_worker", 3, 30.5, 0)}
    m = asset_map(counts(paid=paid), PLAN, residents=40)
    assert [e.hours_per_week for e in m.paid_support] == [SECONDARY, SECONDARY]


def test_hours_of_a_small_role_are_protected_by_hiding_another_role() -> None:
    paid = {
        "care_worker": PaidRow("care_worker", 3, 30.5, 0),
        "personal_assistant": PaidRow("personal_assistant", 6, 30.0, 0),
        "support_worker": PaidRow("support_worker", 20, 100.0, 0),
    }
    m = asset_map(counts(paid=paid), PLAN, residents=40)
    hours = {e.role: e.hours_per_week for e in m.paid_support}
    assert hours == {
        "care_worker": SECONDARY,
        "personal_assistant": SECONDARY,
        "support_worker": 100,
        "all roles": 160,
    }


def test_the_audit_hides_more_when_a_pair_would_still_pin_a_cell() -> None:
    # none = 1, one = 5: hiding both leaves none + one = 6; a reader who knows "<5" is 1-4 and
    # "[c]" is at least 5 gets none = 1 exactly, so the audit must hide a third cell
    t = Table(
        counts={("all",): 40, ("none",): 1, ("one",): 5, ("more",): 34},
        relations=(Relation(("all",), (("none",), ("one",), ("more",))),),
        fixed=frozenset({("all",)}),
    )
    p = protect(t, threshold=5, rounding_base=1, min_population=20)
    assert [p.show(k) for k in [("none",), ("one",), ("more",), ("all",)]] == [
        "<5",
        SECONDARY,
        SECONDARY,
        40,
    ]


def test_a_small_subgroup_is_not_broken_down() -> None:
    rows = (space("a", 20, 3), space("b", 12, 0))
    m = asset_map(counts(support_dominated=3, assets=rows), PLAN, residents=40)
    assert [a.reach_support_dominated for a in m.assets] == [SECONDARY, SECONDARY]
    assert m.isolation["support_dominated"] == {
        "yes": "<5",
        "no": SECONDARY,
        "share_percent": SECONDARY,
    }


def test_a_large_subgroup_is_broken_down_under_the_same_rules() -> None:
    rows = (space("a", 20, 3), space("b", 12, 7))
    m = asset_map(counts(support_dominated=22, assets=rows), PLAN, residents=40)
    assert [a.reach_support_dominated for a in m.assets] == ["<5", 5]
    assert m.isolation["support_dominated"]["share_percent"] == 50  # 20 / 40, published


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=0, max_value=30), min_size=2, max_size=5),
    st.integers(min_value=0, max_value=60),
)
def test_no_suppressed_count_can_be_pinned_from_a_protected_row(
    parts: list[int], more: int
) -> None:
    """Whatever the row, the published cells and the total never fix a "<5" cell's value."""
    parts = [*parts, more]
    total = sum(parts)
    assume(total >= 20)  # a published total is a population, never below the minimum
    keys = [(f"c{i}",) for i in range(len(parts))]
    t = Table(
        counts={("total",): total, **dict(zip(keys, parts, strict=True))},
        relations=(Relation(("total",), tuple(keys)),),
        fixed=frozenset({("total",)}),
    )
    p = protect(t, threshold=5, rounding_base=1, min_population=20)
    shown = {k: p.show(k) for k in keys}
    hidden = [k for k in keys if isinstance(shown[k], str)]
    for k in keys:
        assert not (isinstance(shown[k], int) and 0 < shown[k] < 5)
    primary = [k for k in hidden if shown[k] == "<5"]
    if not primary:
        return
    # the reader's view: visible cells exact, "<5" in 1..4, "[c]" in {0} or 5.. (relaxed: >= 0)
    rest = total - sum(v for v in shown.values() if isinstance(v, int))
    for k in primary:
        lo, hi = _range(k, hidden, shown, rest)
        assert hi - lo >= 1, (parts, shown)


def _range(key, hidden, shown, rest):
    c = np.array([1.0 if h == key else 0.0 for h in hidden])
    bounds = [(1, 4) if shown[h] == "<5" else (0, None) for h in hidden]
    a_eq, b_eq = np.ones((1, len(hidden))), [rest]
    lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
    hi = -linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds).fun
    return lo, hi


# --- which queries may be asked -------------------------------------------------------------


def residents(**bands: int) -> dict[int | None, int]:
    """Residents by birth year: ``b65_79=25`` puts 25 people aged 65-79 in 2024 (born 1950)."""
    years = {"b18_34": 2000, "b50_64": 1965, "b65_79": 1950, "b80": 1935, "unknown": None}
    return {years[k]: n for k, n in bands.items()}


def test_a_neighbourhood_with_too_few_people_is_refused_by_name_not_by_count() -> None:
    with pytest.raises(BadRequest, match="'n1' has fewer than 20 people") as info:
        plan_query({"n1": residents(b50_64=19)}, config=CFG)
    assert "19" not in str(info.value)


def test_all_neighbourhoods_leaves_out_the_small_ones_and_says_so() -> None:
    plan = plan_query(
        {"n1": residents(b50_64=30), "n2": residents(b50_64=3)}, everything=True, config=CFG
    )
    assert plan.neighbourhoods == ("n1",) and plan.left_out == ("n2",)


def test_a_small_age_band_is_merged_with_its_neighbour() -> None:
    hood = {"n1": residents(b50_64=25, b65_79=25, b80=3)}
    plan = plan_query(hood, ages=["65-79", "80+"], config=CFG)
    assert plan.age_group == "65-79 + 80+"
    assert plan.birth_years is not None and 1935 in plan.birth_years and 1950 in plan.birth_years
    with pytest.raises(BadRequest, match="one age group at a time, whole"):
        plan_query(hood, ages=["65-79"], config=CFG)
    with pytest.raises(BadRequest, match="one age group at a time"):
        plan_query(hood, ages=["80+"], config=CFG)


def test_unions_of_age_groups_are_refused() -> None:
    hood = {"n1": residents(b18_34=30, b50_64=25, b65_79=25)}
    assert plan_query(hood, ages=["50-64"], config=CFG).age_group == "50-64"
    with pytest.raises(BadRequest, match="one age group at a time"):
        plan_query(hood, ages=["50-64", "65-79"], config=CFG)


def test_merging_in_one_neighbourhood_applies_to_every_neighbourhood_asked_about() -> None:
    hoods = {"n1": residents(b50_64=25, b65_79=25), "n2": residents(b50_64=30, b65_79=2)}
    with pytest.raises(BadRequest):
        plan_query(hoods, ages=["65-79"], config=CFG)
    assert plan_query(hoods, ages=["50-64", "65-79"], config=CFG).age_group == "50-64 + 65-79"


def test_a_group_that_would_leave_out_only_a_few_people_is_refused() -> None:
    # everyone but 3 people whose birth year is unknown: comparing it with the whole
    # neighbourhood would single those 3 out
    hood = {"n1": residents(b50_64=40, unknown=3)}
    with pytest.raises(BadRequest, match="leave out fewer than 20"):
        plan_query(hood, ages=["50-64"], config=CFG)


def test_a_group_too_small_in_one_neighbourhood_is_refused_even_if_large_overall() -> None:
    # n2's known ages are all merged into one group of 15; 30 more have no birth year
    hoods = {"n1": residents(b50_64=40, b65_79=40), "n2": residents(b50_64=15, unknown=30)}
    with pytest.raises(BadRequest, match="in 'n2', fewer than 20 people are in this age group"):
        plan_query(hoods, ages=["0-17", "18-34", "35-49", "50-64", "65-79", "80+"], config=CFG)


def test_a_group_with_too_few_people_is_refused() -> None:
    with pytest.raises(BadRequest, match="fewer than 20 people are in this age group"):
        plan_query({"n1": residents(b50_64=40)}, ages=["18-34"], config=CFG)


def test_unknown_band_names_are_refused_with_the_list() -> None:
    with pytest.raises(BadRequest, match="unknown age band '65\\+'; the bands are 0-17"):
        plan_query({"n1": residents(b50_64=40)}, ages=["65+"], config=CFG)
