"""The change report on a hand-made case: what changed, in which order, and in which words."""

from __future__ import annotations

import math
import re
from datetime import date

import networkx as nx
import pytest

from graphsvc.changes import ChangeConfig, changes
from graphsvc.errors import BadRequest
from graphsvc.graph import build_graph
from graphsvc.model import Knows, PaidWorker, Person, Supports
from graphsvc.proximity.dimensions import DIMENSIONS

THEN, NOW = date(2024, 3, 1), date(2025, 3, 1)
FOLK = [
    Person(id="sam", name="Sam"),
    *(Person(id=i, name=i.title()) for i in ("jo", "kim", "ali", "eve", "bo", "zed")),
    PaidWorker(id="w1", name="Wendy", role="care_worker"),
]
FRIEND = {"kind": "friend", "since": "2015", "mode": "in_person"}


def maps() -> tuple[nx.MultiDiGraph, nx.MultiDiGraph]:
    """Sam's map a year apart: Jo seen more, Kim less, Ali gone, Eve new, Bo as before, Zed
    with nothing recorded, Wendy's paid hours cut."""
    then = build_graph(
        FOLK,
        [
            Knows(source="sam", target="jo", frequency=1, **FRIEND),
            Knows(source="sam", target="kim", frequency=4.3, kind="neighbour", since="2010",
                  mode="in_person", contexts=["neighbour", "quiz team"], gives=["practical"],
                  receives=["company"]),
            Knows(source="sam", target="ali", frequency=2, **FRIEND),
            Knows(source="sam", target="bo", frequency=4.3, **FRIEND),
            Knows(source="sam", target="zed"),
            Supports(source="w1", target="sam", hours_per_week=10, frequency=30,
                     employer="provider", since="2023"),
        ],
    )  # fmt: skip
    now = build_graph(
        FOLK,
        [
            Knows(source="sam", target="jo", frequency=4.3, **FRIEND),
            Knows(source="sam", target="kim", frequency=0.2, kind="neighbour", since="2010",
                  mode="phone", contexts=["neighbour"]),
            Knows(source="sam", target="eve", frequency=4.3, kind="friend", mode="in_person",
                  since="2024"),
            Knows(source="sam", target="bo", frequency=4.3, **FRIEND),
            Knows(source="sam", target="zed"),
            Supports(source="w1", target="sam", hours_per_week=6, frequency=30,
                     employer="provider", since="2023"),
        ],
    )  # fmt: skip
    return then, now


@pytest.fixture
def report():
    return changes(*maps(), "sam", then=THEN, now=NOW)


def test_each_tie_is_classified_and_listed_in_report_order(report) -> None:
    assert [(t.other, t.change) for t in report.ties] == [
        ("eve", "new"),
        ("jo", "stronger"),
        ("kim", "weaker"),
        ("ali", "ended"),
        ("bo", "same"),  # closest of the two "same" first
        ("w1", "same"),
        ("zed", "unclear"),  # nothing recorded: never "the same"
    ]
    assert report.count("same") == 2 and report.count("new") == 1


def test_the_sentences_say_what_changed(report) -> None:
    said = {t.other: t.sentences for t in report.ties}
    assert said["jo"] == (
        "Closer than before: continuity went up.",
        "You now meet Jo every week; before it was about once a month.",
    )
    assert said["kim"] == (
        "Less close than before: directness, continuity and multiplexity went down.",
        "You are now in touch with Kim every few months; before it was every week.",
        "Not compared, as it was not known both times: parity.",
    )
    assert said["eve"] == ("New: Eve was not in your map on 1 March 2024.",)
    assert said["ali"] == ("Ended: Ali is not in your map on 1 March 2025.",)
    assert said["bo"] == ("About as close as before.",)
    assert "Paid support went from 10 to 6 hours a week." in said["w1"]
    assert said["zed"][0].startswith("We cannot tell")
    assert report.summary()[:2] == [
        "How Sam's relationships changed between 1 March 2024 and 1 March 2025.",
        "One new tie, one closer, one less close, one ended, two about the same and one with "
        "too little recorded to compare.",
    ]


def test_unknown_stays_unknown_in_the_deltas(report) -> None:
    kim = next(t for t in report.ties if t.other == "kim")
    assert kim.delta("directness") == pytest.approx(-0.4)
    assert math.isnan(kim.delta("parity"))  # known then, not now: not a fall to 0
    frame = report.to_frame()
    assert list(frame["other"]) == [t.other for t in report.ties]
    assert {f"{d}_delta" for d in DIMENSIONS} <= set(frame.columns)
    eve = frame.set_index("other").loc["eve"]
    assert math.isnan(eve["overall_then"]) and math.isnan(eve["overall_delta"])
    assert eve["overall_now"] > 0
    data = report.to_json()
    zed = next(t for t in data["ties"] if t["other"] == "zed")
    assert zed["delta"]["overall"] is None and zed["change"] == "unclear"


def test_the_threshold_is_configurable(report) -> None:
    jo = next(t for t in report.ties if t.other == "jo")
    wide = changes(*maps(), "sam", ChangeConfig(threshold=jo.delta() + 0.01), then=THEN, now=NOW)
    assert {t.other: t.change for t in wide.ties}["jo"] == "same"
    with pytest.raises(BadRequest, match="threshold"):
        ChangeConfig(threshold=1.5)


def test_each_map_is_scored_as_of_its_own_date() -> None:
    then = maps()[0]
    later = changes(then, then, "sam", then=THEN, now=date(2034, 3, 1))
    bo = next(t for t in later.ties if t.other == "bo")
    assert bo.delta("continuity") > 0  # ten more years known, nothing else changed


def test_the_picture_needs_no_colour_and_carries_its_table(report) -> None:
    svg = report.svg()
    assert svg.startswith("<svg") and "<script" not in svg and "href" not in svg
    assert 'role="img"' in svg and "<title" in svg
    desc = re.search(r"<desc[^>]*>(.*)</desc>", svg).group(1)  # type: ignore[union-attr]
    for row in report.table()[1:]:
        assert row[0].replace("(", "").split()[0] in desc  # every tie is in the text alternative
    assert 'stroke-dasharray="8 5"' in svg and 'stroke-dasharray="2 4"' in svg
    for words in ("Jo: closer", "Kim: less close", "Eve: new", "Ali: ended", "Bo: about the same"):
        assert words in svg
    assert "1 relationship not drawn" in svg  # Zed has no score to draw
    assert report.table()[0] == ("relationship", "change", "then", "now", "difference")
    assert report.table()[1] == ("Eve (knows)", "new", "-", "0.71", "")
    assert changes(*maps(), "sam", then=THEN, now=NOW).svg() == svg  # same input, same file


def test_no_ties_is_a_report_too() -> None:
    G = build_graph([Person(id="sam", name="Sam")], [])
    empty = changes(G, G, "sam")
    assert empty.ties == () and "No ties to compare." in empty.summary()
    assert "<svg" in empty.svg()


def test_the_sentences_are_easy_to_read(report) -> None:
    """People may read their own report: held to the proximity sentences' bar (Flesch 70+)."""
    from tests.proximity.readability import reading_ease

    for t in report.ties:
        assert reading_ease(" ".join(t.sentences)) >= 70, t.sentences
    assert reading_ease(" ".join(report.summary())) >= 70
