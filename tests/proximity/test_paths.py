"""Two paths, one model: the vectorised pass equals the per-tie path, tie for tie.

`score_ties` computes every tie's inputs with joins over whole columns; `score_tie`,
`person_ties` and the benchmark's loop read one tie at a time off the graph. Both feed the same
formulas (`dimensions`) and the same sentence functions (`reasons`); these tests hold the two
input paths equal on whole synthetic towns, to 1e-9 and word for word. Also here: what the API
refuses, and that it never changes the graph it is given.
"""

from __future__ import annotations

import copy
import gc
import math
from typing import Any

import networkx as nx
import pandas as pd
import pytest

from graphsvc.errors import BadRequest, NotFound
from graphsvc.graph import build_graph
from graphsvc.model import Knows, PaidWorker, Person
from graphsvc.proximity import COLUMNS, DIMENSIONS, person_ties, profile, score_tie, score_ties
from graphsvc.proximity.score import _as_of, score_one
from graphsvc.proximity.single import graph_stats
from graphsvc.synth import generate
from tests.proximity.cases import CFG, dan_town, pair

NUMBERS = (*DIMENSIONS, "overall", "confidence")
EXACT = ("type", "paid", "weakest", "unknown", "both_views", "reasons", "views")


def same_number(x: float, y: float) -> bool:
    return (math.isnan(x) and math.isnan(y)) or abs(x - y) <= 1e-9


@pytest.fixture(scope="module", params=[3, 8])
def town(request: pytest.FixtureRequest) -> nx.MultiDiGraph:
    return generate(300, seed=request.param).graph()


def test_vectorised_equals_per_tie_on_a_town(town: nx.MultiDiGraph) -> None:
    ties = score_ties(town, CFG)
    stats, as_of = graph_stats(town), _as_of(CFG)
    assert len(ties) > 500
    for row in ties.to_dict("records"):
        one = score_one(town, row["source"], row["target"], stats, CFG, as_of)
        for col in NUMBERS:
            assert same_number(row[col], one[col]), (row["source"], row["target"], col)
        for col in EXACT:
            assert row[col] == one[col], (row["source"], row["target"], col)


def test_one_row_per_pair_and_every_paid_tie(town: nx.MultiDiGraph) -> None:
    ties = score_ties(town, CFG, reasons=False, views=False)
    knows = {frozenset((u, v)) for u, v, k in town.edges(keys=True) if k == "KNOWS"}
    supports = {(u, v) for u, v, k in town.edges(keys=True) if k == "SUPPORTS"}
    unpaid = ties[~ties["paid"]]
    assert {frozenset(p) for p in zip(unpaid["source"], unpaid["target"], strict=True)} == knows
    assert len(unpaid) == len(knows)
    assert set(zip(ties[ties["paid"]]["source"], ties[ties["paid"]]["target"], strict=True)) == (
        supports
    )
    assert list(ties.columns) == list(COLUMNS)
    assert ties["reasons"].isna().all() and ties["views"].isna().all()


def test_person_ties_match_the_whole_graph_pass(town: nx.MultiDiGraph) -> None:
    ties = score_ties(town, CFG, reasons=False, views=False)
    by_pair = {frozenset((r["source"], r["target"])): r for r in ties.to_dict("records")}
    people = [n for n, d in town.nodes(data=True) if d["label"] == "Person"][:40]
    for person in people:
        mine = person_ties(town, person, CFG)
        assert mine["overall"].is_monotonic_decreasing or mine["overall"].isna().any()
        for row in mine.to_dict("records"):
            whole = by_pair[frozenset((row["source"], row["target"]))]
            for col in NUMBERS:
                assert same_number(row[col], whole[col])
            assert row["other"] in (row["source"], row["target"]) and row["other"] != person


def test_score_tie_either_way_round() -> None:
    G = dan_town()
    there, back = score_tie(G, "dan", "quinn", CFG), score_tie(G, "quinn", "dan", CFG)
    assert (there.source, there.target) == ("dan", "quinn")
    for d in NUMBERS:
        assert same_number(getattr(there, d), getattr(back, d))
    assert there.views is not None and back.views is not None
    assert there.views.source == back.views.target  # each side's own account, as stored
    paid = score_tie(G, "dan", "own_pa", CFG)  # paid support is read from the worker's side
    assert (paid.source, paid.target, paid.type, paid.paid) == ("own_pa", "dan", "SUPPORTS", True)


def _snapshot(G: nx.MultiDiGraph) -> Any:
    return (
        copy.deepcopy(dict(G.nodes(data=True))),
        copy.deepcopy(list(G.edges(keys=True, data=True))),
    )


def test_the_graph_is_never_changed() -> None:
    G = dan_town()
    before = _snapshot(G)
    ties = score_ties(G, CFG)
    person_ties(G, "dan", CFG)
    profile(G, "dan", CFG)
    score_tie(G, "dan", "quinn", CFG)
    assert _snapshot(G) == before
    views = ties[ties["both_views"]]["views"].iloc[0]
    views["source"]["contexts"].append("changed through a result")
    assert _snapshot(G) == before


def test_garbage_collector_state_is_restored() -> None:
    assert gc.isenabled()
    score_ties(dan_town(), CFG)
    assert gc.isenabled()
    gc.disable()
    try:
        score_ties(dan_town(), CFG)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_empty_graph_gives_an_empty_table() -> None:
    ties = score_ties(nx.MultiDiGraph(), CFG)
    assert ties.empty and list(ties.columns) == list(COLUMNS)


def test_only_one_person_has_no_ties() -> None:
    G = build_graph([Person(id="a")], [])
    assert person_ties(G, "a", CFG).empty
    p = profile(G, "a", CFG)
    assert p.ties == 0 and p.paid_share_of_ties is None and not p.support_dominated


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: score_ties(nx.Graph(), CFG), BadRequest, "MultiDiGraph"),
        (lambda: score_ties(dan_town(), "cfg"), BadRequest, "config must be"),
        (lambda: person_ties(dan_town(), "nobody", CFG), NotFound, "no Person with id 'nobody'"),
        (lambda: person_ties(dan_town(), "sw", CFG), NotFound, "no Person with id 'sw'"),
        (lambda: profile(dan_town(), "hood", CFG), NotFound, "no Person with id 'hood'"),
        (lambda: score_tie(dan_town(), "dan", "ghost", CFG), NotFound, "'ghost'"),
        (lambda: score_tie(dan_town(), "bev", "quinn", CFG), NotFound, "no KNOWS or SUPPORTS"),
    ],
)
def test_bad_requests_are_refused_up_front(call: Any, error: type, words: str) -> None:
    with pytest.raises(error, match=words):
        call()


def _hand_built(**props: Any) -> nx.MultiDiGraph:
    """A graph built by hand the way a researcher might, with whatever values they typed."""
    G = pair(frequency=4.3)
    G.edges["a", "b", "KNOWS"].update(props)
    return G


@pytest.mark.parametrize(
    ("props", "words"),
    [
        ({"mode": "pigeon"}, "KNOWS tie 'a' -> 'b', field 'mode': use one of in_person"),
        ({"since": "last spring"}, "field 'since': write dates as YYYY-MM-DD"),
        ({"since": "2019-02-30"}, "2019-02-30 is not a real date"),
        ({"frequency": "weekly"}, "field 'frequency': give a number"),
        ({"frequency": -1.0}, "field 'frequency'"),
        ({"gives": ["hugs"]}, "field 'gives': use one of practical"),
        ({"contexts": "work"}, "field 'contexts': give a list"),
    ],
)
def test_bad_values_name_the_tie_and_field_in_both_paths(props: dict[str, Any], words: str) -> None:
    G = _hand_built(**props)
    with pytest.raises(BadRequest, match=words):
        score_ties(G, CFG)
    with pytest.raises(BadRequest, match=words):
        score_tie(G, "a", "b", CFG)


def test_ties_between_the_wrong_kinds_of_node_are_refused() -> None:
    G = build_graph([Person(id="a"), PaidWorker(id="w")], [])
    G.add_edge("w", "a", key="KNOWS", type="KNOWS")
    with pytest.raises(BadRequest, match="a KNOWS tie must go from a Person to a Person"):
        score_ties(G, CFG)
    with pytest.raises(BadRequest, match="a KNOWS tie must go from a Person to a Person"):
        score_tie(G, "w", "a", CFG)


def test_graphs_built_by_hand_with_other_ids_work() -> None:
    """Integer ids and NaN for "unknown" (as pandas-built graphs have) are read correctly."""
    G = nx.MultiDiGraph()
    G.add_node(1, label="Person", name="Ann")
    G.add_node(2, label="Person")
    G.add_edge(1, 2, key="KNOWS", type="KNOWS", mode="phone", frequency=float("nan"))
    ties = score_ties(G, CFG)
    assert ties.loc[0, "source"] == 1 and ties.loc[0, "directness"] == CFG.directness.phone
    assert "continuity" in ties.loc[0, "unknown"]
    assert "Only one of you told us about this." in ties.loc[0, "reasons"]
    assert score_tie(G, 2, 1, CFG).directness == CFG.directness.phone


def test_graphs_with_plain_integer_edge_keys_work() -> None:
    """``G.add_edge(u, v, type=...)`` gives integer keys; the ``type`` attribute then counts."""
    G = nx.MultiDiGraph()
    G.add_node("a", label="Person")
    G.add_node("b", label="Person")
    G.add_node("w", label="PaidWorker", role="gp")
    G.add_edge("a", "b", type="KNOWS", mode="video")
    G.add_edge("b", "a", type="KNOWS", mode="video")
    G.add_edge("w", "a", type="SUPPORTS", frequency=1.0)
    ties = score_ties(G, CFG).set_index("type")
    assert ties.loc["KNOWS", "directness"] == CFG.directness.video
    assert ties.loc["KNOWS", "both_views"]
    assert ties.loc["SUPPORTS", "parity"] == pytest.approx(0.4 * CFG.parity.gatekeeper)
    assert len(person_ties(G, "a", CFG)) == 2
    assert score_tie(G, "a", "w", CFG).parity == ties.loc["SUPPORTS", "parity"]


def test_as_of_changes_years_known() -> None:
    G = pair(since="2014", frequency=1.0)
    early = score_tie(G, "a", "b", {"as_of": "2016-07-01"})
    late = score_tie(G, "a", "b", {"as_of": "2024-07-01"})
    assert late.continuity > early.continuity
    assert "You have known each other for two years." in early.reasons
    assert "You have known each other for ten years." in late.reasons


def test_knows_record_validation_matches_model() -> None:
    """What the model accepts, proximity reads: a tie made with the record class scores."""
    G = build_graph(
        [Person(id="a"), Person(id="b")],
        [Knows(source="a", target="b", since="2019-05", contexts=[" The  Pub "])],
    )
    row = score_ties(G, CFG).iloc[0]
    assert row["multiplexity"] == pytest.approx(1 - math.exp(-1 / 2))
    assert "You know each other in one way: the pub." in row["reasons"]
    assert isinstance(row, pd.Series)
