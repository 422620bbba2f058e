"""A person's network profile: counts, paid shares, rings and the support-dominated flag."""

from __future__ import annotations

import pandas as pd
import pytest

from graphsvc.graph import build_graph
from graphsvc.model import Knows, PaidWorker, Person, Supports
from graphsvc.proximity import GraphStats, ProximityConfig, person_ties, profile
from graphsvc.synth import generate
from tests.proximity.cases import AS_OF, CFG, dan_town
from tests.proximity.readability import reading_ease

WEEK = 4.348  # contacts per month in one a week


def test_dans_profile() -> None:
    """Dan: two unpaid ties (Quinn, Bev) and three paid ones; most contact is unpaid."""
    p = profile(dan_town(), "dan", CFG)
    assert (p.ties, p.paid_ties, p.unpaid_ties) == (5, 3, 2)
    assert p.by_kind == {"acquaintance": 1, "friend": 1, "paid: personal_assistant": 2,
                         "paid: social_worker": 1}  # fmt: skip
    assert p.paid_share_of_ties == pytest.approx(0.6)
    paid, unpaid = (4.3 + 4.3 + 1.0) / WEEK, (22.0 + 4.3) / WEEK
    assert p.contacts_per_week_paid == pytest.approx(paid, abs=1e-3)
    assert p.contacts_per_week_unpaid == pytest.approx(unpaid, abs=1e-3)
    assert p.paid_share_of_weekly_contact == pytest.approx(paid / (paid + unpaid))
    assert p.mean_overall_unpaid > p.mean_overall_paid
    assert [m.id for m in p.rings["inner"]] == ["quinn"]
    assert [m.id for m in p.rings["middle"]] == ["bev", "own_pa"]
    assert {m.id for m in p.rings["outer"]} == {"sw", "agency_pa"}
    assert all(m.paid for m in p.rings["outer"])
    assert p.good_unpaid_ties == 2 and not p.support_dominated
    assert p.weakest_dimension in p.dimension_means
    assert p.as_of == AS_OF


def _sid(*, good_friend: bool) -> object:
    """Sid: three agency carers, and one relative he phones now and then (or a close friend)."""
    carers = [PaidWorker(id=f"c{i}", name=f"Carer {i}", role="care_worker") for i in range(3)]
    friend = (
        Knows(source="sid", target="kim", kind="friend", mode="in_person", frequency=8.6,
              since="2001", contexts=["school", "church"], gives=["company"],
              receives=["company"])
        if good_friend
        else Knows(source="sid", target="kim", kind="family", mode="phone", frequency=0.5)
    )  # fmt: skip
    return build_graph(
        [Person(id="sid", name="Sid"), Person(id="kim", name="Kim"), *carers],
        [friend, *(Supports(source=c.id, target="sid", frequency=30.0, employer="provider",
                            turnover_per_year=5, mode="in_person") for c in carers)],
    )  # fmt: skip


def test_support_dominated_by_the_stated_rule() -> None:
    p = profile(_sid(good_friend=False), "sid", CFG)
    assert p.paid_share_of_ties == 0.75 and p.good_unpaid_ties == 0
    assert p.support_dominated
    assert p.support_dominated_rule == (
        "Support-dominated when at least 50% of ties are paid and at most 1 unpaid tie reaches "
        "overall proximity 0.60."
    )
    assert "Paid support fills most of this network." in " ".join(p.summary)


def test_the_rule_is_configurable() -> None:
    """A study may draw the line elsewhere; the result states the rule it used."""
    strict = ProximityConfig(as_of=AS_OF, profile={"paid_share": 0.8})
    assert not profile(_sid(good_friend=False), "sid", strict).support_dominated
    no_good = ProximityConfig(as_of=AS_OF, profile={"max_good_unpaid": 0})
    assert profile(_sid(good_friend=True), "sid", CFG).support_dominated
    p = profile(_sid(good_friend=True), "sid", no_good)
    assert p.good_unpaid_ties == 1 and not p.support_dominated
    assert "at most 0 unpaid ties reach" in p.support_dominated_rule


def test_low_confidence_ties_are_left_unplaced() -> None:
    G = build_graph([Person(id="a"), Person(id="b", name="Bo")], [Knows(source="a", target="b")])
    p = profile(G, "a", CFG)
    assert [m.id for m in p.rings["unplaced"]] == ["b"]
    assert p.ties_without_frequency == 1 and p.paid_share_of_weekly_contact is None


def test_synthetic_support_dominated_people_are_flagged() -> None:
    """The generator makes ~7% of people with 3+ paid workers and at most one unpaid tie."""
    G = generate(300, seed=2).graph()
    flagged = clear = 0
    for person, data in G.nodes(data=True):
        if data["label"] != "Person":
            continue
        paid = sum(1 for _, _, k in G.in_edges(person, keys=True) if k == "SUPPORTS")
        unpaid = {o for o in (*G.successors(person), *G.predecessors(person))
                  if G.nodes[o]["label"] == "Person"}  # fmt: skip
        if paid >= 3 and len(unpaid) <= 1:
            assert profile(G, person, CFG).support_dominated, person
            flagged += 1
        elif paid == 0 and clear < 30:
            assert not profile(G, person, CFG).support_dominated, person
            clear += 1
    assert flagged >= 5 and clear == 30


def test_summary_is_plain() -> None:
    for p in (profile(dan_town(), "dan", CFG), profile(_sid(good_friend=False), "sid", CFG)):
        assert p.summary
        for sentence in p.summary:
            assert reading_ease(sentence) >= 70, sentence
    dan = profile(dan_town(), "dan", CFG)
    assert dan.summary[0] == "There are five people in this network: two unpaid and three paid."
    assert "One person is close: Quinn." in dan.summary


def test_profile_serialises_to_json() -> None:
    text = profile(dan_town(), "dan", CFG).model_dump_json()
    assert '"support_dominated":false' in text and "NaN" not in text


def test_a_profile_from_ties_already_scored_is_the_same() -> None:
    """Callers that list a person's ties pass them to `profile` rather than have it score them
    again: the result must not differ by one field, whichever way the ties were scored (with
    or without reasons and views) and with the interest rarity of a bigger population."""
    G = generate(400, seed=7).graph()
    people = sorted(n for n, label in G.nodes(data="label") if label == "Person")
    interests = sorted(n for n, label in G.nodes(data="label") if label == "Interest")
    rarity = GraphStats.from_counts(5000, {n: 3 + i % 40 for i, n in enumerate(interests)})
    checked = paid = dominated = 0
    rings: set[str] = set()
    for person in people[::4]:
        want = profile(G, person, CFG).model_dump_json()
        for kw in ({}, {"reasons": False, "views": False}):
            ties = person_ties(G, person, CFG, **kw)  # type: ignore[arg-type]
            before = ties.copy()
            assert profile(G, person, CFG, ties=ties).model_dump_json() == want, person
            pd.testing.assert_frame_equal(ties, before)  # the caller's frame is not changed
        scored = person_ties(G, person, CFG, rarity=rarity)
        assert (
            profile(G, person, CFG, rarity=rarity, ties=scored).model_dump_json()
            == profile(G, person, CFG, rarity=rarity).model_dump_json()
        ), person
        p = profile(G, person, CFG)
        checked += p.ties > 0
        paid += p.paid_ties > 0
        dominated += p.support_dominated
        rings |= {ring for ring, members in p.rings.items() if members}
    # the sample covers the profile's branches: paid ties, the flag, every ring
    assert checked >= 50 and paid >= 10 and dominated >= 1
    assert rings >= {"inner", "middle", "outer"}
