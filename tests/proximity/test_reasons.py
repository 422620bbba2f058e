"""Plain-English reasons: every template, and a whole town's reasons, are easy to read.

People with learning disabilities may read their own map. The bar is a Flesch reading ease of
at least 70 ("fairly easy") for every sentence template, filled in with ordinary words, and for
all the reasons of a synthetic town together. Numbers are words ("six years", "about once a
month"), never a score alone, and every unknown dimension is said to be unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from graphsvc.proximity import DIMENSIONS, score_ties
from graphsvc.proximity import sentences as S
from graphsvc.proximity import words as W
from graphsvc.proximity.reasons import fill
from graphsvc.proximity.values import ROLES
from graphsvc.synth import generate
from tests.proximity.cases import CFG
from tests.proximity.readability import reading_ease

BAR = 70.0


def _filled(sentences: tuple[str, ...]) -> list[str]:
    return fill(sentences, "Sam", "Jo")


def every_template() -> Iterator[str]:
    """Each sentence function over the inputs that change its words."""
    for mode in range(-1, 6):
        for band in range(-1, 9):
            for inferred in (False, True):
                yield from S.contact(mode, band, inferred)
    for code in (-1, 0, 1, 2, 6, 12, 25, 45):
        for paid in (False, True):
            yield S.duration(code, paid)
    for turnover in (-1, 0, 1, 2, 5):
        for ends in (None, "2025-03", "2025"):
            for stale in (-1, 3, 7, 101, 103):
                for ended in (False, True):
                    yield from S.stability(turnover, ends, ended, stale)
    for role in range(-1, len(ROLES)):
        for employer in (-1, 0, 1):
            for gate in (False, True):
                yield from _filled(S.paid_intro(role, employer, gate))
    for ab in range(64):
        for ba in (0, 1, 6, 63):
            yield from _filled(S.helping(ab, ba, True))
    yield from _filled(S.helping(0, 0, False))
    labels = ("neighbours", "work", "the quiz team", "rugby", "the choir")
    for n in range(6):
        yield from S.contexts(labels[:n], False, (), (), (), None)
    yield from S.contexts((), True, ("The Red Lion Quizzers",), ("The Copper Kettle",),
                          ("Jubilee Park", "Bean There"), "Ashfield")  # fmt: skip
    yield from _filled(S.tasks_sentence(("getting out", "shopping", "appointments")))
    for interests in ((), ("rugby",), ("rugby", "music", "walking", "darts")):
        for purposes in ((), ("The Red Lion Quizzers",)):
            for known in (False, True):
                for paid in (False, True):
                    yield from _filled(S.common(interests, bool(interests), purposes, known, paid))
    for weakest in range(-1, 5):
        for two in (False, True):
            yield from S.closing(weakest, two, False)
    yield from S.RING.values()
    for a in range(6):
        b = (a + 1) % 6
        yield from _filled(S.disagreement_sentences(3, a, b, a, b, 0, 0, 0, 0, 0, 0, 0, 0))
    for band in range(9):
        yield from _filled(S.disagreement_sentences(4, 0, 0, 0, 0, band, (band + 3) % 9, 0, 0,
                                                    0, 0, 0, 0))  # fmt: skip
    yield from _filled(S.disagreement_sentences(8 | 16 | 32, 0, 0, 0, 0, 0, 0, 2010, 2019,
                                                1, 6, 24, 32))  # fmt: skip


TEMPLATES = sorted(set(every_template()))


def test_there_are_many_templates() -> None:
    assert len(TEMPLATES) > 150


@pytest.mark.parametrize("sentence", TEMPLATES)
def test_every_template_is_easy_to_read(sentence: str) -> None:
    assert reading_ease(sentence) >= BAR, sentence


@pytest.fixture(scope="module")
def town_reasons() -> list[list[str]]:
    ties = score_ties(generate(300, seed=5).graph(), CFG)
    return list(ties["reasons"])


def test_a_whole_towns_reasons_are_easy_to_read(town_reasons: list[list[str]]) -> None:
    text = " ".join(s for reasons in town_reasons for s in reasons)
    assert reading_ease(text) >= BAR


def test_the_hardest_tenth_of_ties_still_reads_fairly_easily(
    town_reasons: list[list[str]],
) -> None:
    scores = sorted(reading_ease(" ".join(r)) for r in town_reasons)
    assert scores[len(scores) // 10] >= 60  # names of places and people can be long words


def test_numbers_are_words_except_years(town_reasons: list[list[str]]) -> None:
    """Digits appear only as calendar years ("in 2019", "March 2025"), never as scores."""
    for reasons in town_reasons:
        for sentence in reasons:
            for number in re.findall(r"\d+(?:[.,]\d+)*", sentence):
                assert re.fullmatch(r"(19|20)\d\d", number), sentence


def test_every_unknown_dimension_is_said_to_be_unknown() -> None:
    ties = score_ties(generate(300, seed=6).graph(), CFG)
    says = {
        "directness": "We do not know how you keep in touch",
        "continuity": "We do not know how long",
        "multiplexity": "We do not know where you know each other from.",
        "parity": "We do not know if you help each other.",
        "commonality": "We do not know what you",
    }
    checked = dict.fromkeys(DIMENSIONS, 0)
    for row in ties.itertuples(index=False):
        text = " ".join(row.reasons)
        for d in row.unknown:
            if d == "continuity" and row.paid:
                assert "We do not know when this support started." in text
            else:
                assert says[d] in text, (d, row.reasons)
            checked[d] += 1
    assert all(checked[d] for d in ("directness", "continuity", "parity", "commonality"))


@pytest.mark.parametrize(
    ("n", "words"), [(0, "zero"), (6, "six"), (13, "thirteen"), (20, "twenty"), (45, "forty five")]
)
def test_number_words(n: int, words: str) -> None:
    assert W.number_words(n) == words


@pytest.mark.parametrize(
    ("freq", "words"),
    [(30, "every day"), (8.6, "a few times a week"), (4.3, "every week"),
     (2.2, "every two weeks"), (1, "about once a month"), (0.3, "every few months"),
     (0.08, "about once a year"), (0.01, "less than once a year"), (0, "not at the moment")],
)  # fmt: skip
def test_how_often_in_words(freq: float, words: str) -> None:
    assert W.when(freq) == words


def test_lists_read_naturally() -> None:
    assert W.listing(["a"]) == "a"
    assert W.listing(["a", "b"]) == "a and b"
    assert W.listing(["a", "b", "c", "d", "e"]) == "a, b and three more"
