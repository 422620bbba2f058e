"""The stories of DOMAIN.md, scored: orderings a support broker would agree with.

Each test says in its docstring why a broker would expect the order it checks. The graph is
`cases.dan_town`: Dan, his bus driver Bev, his quiz-team friend Quinn (they share a love of
rugby), an agency personal assistant with high turnover, a personal assistant Dan employs
himself through a direct payment on otherwise identical terms, and his social worker.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from graphsvc.proximity import person_ties, score_tie
from tests.proximity.cases import AS_OF, CFG, dan_town, paid_pair, pair

AS_OF_YEAR = 2024 + (AS_OF.timetuple().tm_yday - 0.5) / 366  # 2024 is a leap year


@pytest.fixture(scope="module")
def dan() -> pd.DataFrame:
    return person_ties(dan_town(), "dan", CFG).set_index("other")


def test_bus_driver_known_answer(dan: pd.DataFrame) -> None:
    """Bev, the bus driver Dan chats with every weekday (22 times a month) since 2022.

    Each number is the documented formula by hand: face to face is the most direct mode;
    continuity averages the time part ``1 - exp(-years / 4)`` and the rhythm ``f / (f + 2)``;
    one declared context ("the bus") plus a possible one (the same neighbourhood, 0.5) gives
    ``1 - exp(-1.5 / 2)``; company both ways is fully reciprocal; they have recorded interests
    but share none, which is known to be 0, not unknown.
    """
    bev = dan.loc["bev"]
    years = AS_OF_YEAR - 2022.5  # "2022" stands for the middle of 2022
    continuity = ((1 - math.exp(-years / 4)) + 22 / (22 + 2)) / 2
    multiplexity = 1 - math.exp(-1.5 / 2)
    assert bev["directness"] == 1.0
    assert bev["continuity"] == pytest.approx(continuity)
    assert bev["multiplexity"] == pytest.approx(multiplexity)
    assert bev["parity"] == 1.0
    assert bev["commonality"] == 0.0
    assert bev["overall"] == pytest.approx((1 + continuity + multiplexity + 1 + 0) / 5)
    assert bev["confidence"] == 1.0 and bev["unknown"] == ()
    assert "You meet every day, face to face." in bev["reasons"]
    assert "You know each other in one way: the bus." in bev["reasons"]


def test_quiz_friend_is_closer_than_the_bus_driver(dan: pd.DataFrame) -> None:
    """Quinn shares the quiz team *and* rugby with Dan: more contexts, more in common.

    The worked example's whole point: the pub, the quiz and the shared passion make a richer
    relationship than a daily chat on the bus, even though Dan sees Bev more often.
    """
    quinn, bev = dan.loc["quinn"], dan.loc["bev"]
    assert quinn["multiplexity"] > bev["multiplexity"]
    assert quinn["commonality"] > bev["commonality"]
    assert quinn["overall"] > bev["overall"]
    assert bev["continuity"] > quinn["continuity"]  # daily for two years beats weekly for one
    assert "You both like rugby." in quinn["reasons"]
    assert "You share a goal through The Red Lion Quizzers." in quinn["reasons"]


def test_unpaid_ties_come_before_paid_support(dan: pd.DataFrame) -> None:
    """A broker starts from strengths: Dan's closest ties are the unpaid ones."""
    unpaid = dan[~dan["paid"]]["overall"]
    paid = dan[dan["paid"]]["overall"]
    assert unpaid.min() > paid.max()
    assert list(dan.index[:2]) == ["quinn", "bev"]  # person_ties ranks closest first


def test_direct_payment_assistant_is_closer_than_an_agency_one(dan: pd.DataFrame) -> None:
    """Same hours, same tasks; Dan employs Pat himself and keeps the same person.

    Employing your own assistant shifts power towards you (parity), and one worker instead of
    six a year keeps the story going (continuity): a broker would expect Pat closer than Alex.
    """
    own, agency = dan.loc["own_pa"], dan.loc["agency_pa"]
    assert own["parity"] > agency["parity"]
    assert own["continuity"] > agency["continuity"]
    assert own["overall"] > agency["overall"]
    assert own["directness"] == agency["directness"]
    assert own["multiplexity"] == agency["multiplexity"]
    assert "You employ Pat yourself, so you have more say." in own["reasons"]
    assert "About six different workers come each year." in agency["reasons"]


def test_social_worker_has_the_least_parity(dan: pd.DataFrame) -> None:
    """Sue controls Dan's support budget: the least equal relationship in his network.

    Her overall proximity is not asserted against the agency assistant's: six different
    workers a year cost about as much closeness as a budget holder's power, and a broker could
    rank those two either way.
    """
    assert dan["parity"].idxmin() == "sw"
    assert dan.loc["sw", "parity"] < dan.loc["agency_pa", "parity"] < dan.loc["bev", "parity"]
    assert "Social workers have a say over your support budget." in dan.loc["sw", "reasons"]


def test_paid_ties_say_commonality_is_unknown_not_zero(dan: pd.DataFrame) -> None:
    """Nobody records a worker's interests: that is unknown, not "nothing in common"."""
    for worker in ("own_pa", "agency_pa", "sw"):
        assert math.isnan(dan.loc[worker, "commonality"])
        assert dan.loc[worker, "unknown"] == ("commonality",)
        assert dan.loc[worker, "confidence"] < 1.0


def test_same_terms_paid_has_less_parity_than_unpaid() -> None:
    """Weekly care from a friend versus the same care bought from an agency."""
    unpaid = score_tie(pair(mode="in_person", frequency=4.3, gives=["care"], receives=[]),
                       "a", "b", CFG)  # fmt: skip
    paid = score_tie(paid_pair(mode="in_person", frequency=4.3, employer="provider"),
                     "w", "a", CFG)  # fmt: skip
    assert paid.parity < unpaid.parity
    assert paid.directness == unpaid.directness


def test_fixed_term_support_is_less_continuous() -> None:
    """Support due to end in three months breaks the story: lower continuity than open-ended."""
    terms = {"mode": "in_person", "frequency": 4.3, "since": "2023"}
    open_ended = score_tie(paid_pair(**terms), "w", "a", CFG)
    ending = score_tie(paid_pair(**terms, ends="2024-09"), "w", "a", CFG)
    assert ending.continuity < open_ended.continuity
    assert "This support is due to stop in September 2024." in ending.reasons


def test_long_silence_lowers_continuity() -> None:
    """A weekly friendship with no contact for two years is not what it was."""
    recent = score_tie(pair(frequency=4.3, since="2010", last_contact="2024-06-01"), "a", "b", CFG)
    silent = score_tie(pair(frequency=4.3, since="2010", last_contact="2022-05"), "a", "b", CFG)
    assert silent.continuity < recent.continuity
    assert "You have not been in touch for two years." in silent.reasons
