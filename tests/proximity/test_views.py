"""Both sides' views: each account kept, differences found and said plainly."""

from __future__ import annotations

import pytest

from graphsvc.proximity import score_tie, score_ties
from tests.proximity.cases import CFG, both, pair

SAM = {"kind": "friend", "mode": "in_person", "frequency": 4.3, "since": "2010",
       "gives": ["practical", "company"], "receives": ["company"],
       "contexts": ["choir"]}  # fmt: skip


def test_agreeing_accounts_have_no_disagreements() -> None:
    jo = {**SAM, "gives": ["company"], "receives": ["practical", "company"]}
    s = score_tie(both(SAM, jo), "a", "b", CFG)
    assert s.both_views and s.views is not None
    assert s.views.disagree == ()
    assert s.views.source["frequency"] == 4.3 and s.views.target["gives"] == ["company"]
    assert "You both told us about this." in s.reasons


def test_each_difference_is_found_and_said_with_names() -> None:
    """Jo remembers a different start, sees it as monthly phone calls, calls Sam a neighbour,
    does not mention the practical help Sam gives, and says Sam gives advice Sam never named."""
    jo = {"kind": "neighbour", "mode": "phone", "frequency": 1.0, "since": "2019",
          "gives": ["company"], "receives": ["company", "information"],
          "contexts": ["street"]}  # fmt: skip
    s = score_tie(both(SAM, jo), "a", "b", CFG)
    assert s.views is not None
    assert s.views.disagree == ("kind", "mode", "frequency", "since", "help", "contexts")
    said = set(s.reasons)
    assert "Sam calls Jo a friend. Jo calls Sam a neighbour." in said
    assert "Sam says you mostly meet face to face. Jo says you mostly talk on the phone." in said
    assert "Sam says you are in touch every week. Jo says about once a month." in said
    assert "Sam says you met in 2010. Jo says it was in 2019." in said
    assert "Sam says they give Jo help with jobs, but Jo did not say so." in said
    assert "Jo says Sam gives them advice, but Sam did not say so." in said
    assert "You each told us about different ways you know each other." in said


def test_scores_use_both_accounts() -> None:
    """Frequencies are averaged, contexts and help pooled: neither account wins silently."""
    jo = {**SAM, "frequency": 1.0, "contexts": ["allotment"], "gives": [], "receives": []}
    s = score_tie(both(SAM, jo), "a", "b", CFG)
    alone = score_tie(pair(**{**SAM, "frequency": (4.3 + 1.0) / 2}), "a", "b", CFG)
    assert s.continuity == pytest.approx(alone.continuity)
    assert s.multiplexity > alone.multiplexity  # choir and allotment


def test_help_only_one_account_names_is_not_a_disagreement() -> None:
    """Jo did not say what help flows (unknown): that is silence, not a contradiction."""
    jo = {k: v for k, v in SAM.items() if k not in ("gives", "receives")}
    s = score_tie(both(SAM, jo), "a", "b", CFG)
    assert s.views is not None and "help" not in s.views.disagree


def test_one_sided_ties_have_no_views() -> None:
    s = score_tie(pair(**SAM), "a", "b", CFG)
    assert not s.both_views and s.views is None
    assert "Only one of you told us about this." in s.reasons


def test_views_column_in_the_table() -> None:
    jo = {**SAM, "frequency": 30.0, "gives": ["company"], "receives": ["practical", "company"]}
    ties = score_ties(both(SAM, jo), CFG)
    cell = ties.loc[0, "views"]
    assert cell["disagree"] == ["frequency"]
    assert cell["source"]["frequency"] == 4.3 and cell["target"]["frequency"] == 30.0
    assert "type" not in cell["source"]
    assert ties.loc[0, "both_views"]
