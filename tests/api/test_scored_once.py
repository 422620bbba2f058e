"""A person's ties are scored once per request: the profile reuses the ties the page lists.

Scoring is the costliest part of the scores route and of the person page. Both list the ties
and show the profile, which used to score every tie again; each tie is now scored once. Counted
at `graphsvc.proximity.score.score_one`, through which `person_ties` scores every tie, so the
count holds however the callers are arranged.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

import graphsvc.proximity.score as score
from graphsvc.api.routes.maps import fetched_for_scores
from graphsvc.proximity import profile
from tests.api.conftest import Api


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, Any]]:
    """Record the (source, target) of every tie scored from now on."""
    scored: list[tuple[Any, Any]] = []
    real: Callable[..., dict[str, Any]] = score.score_one

    def counted(G: Any, u: Any, v: Any, *args: Any, **kw: Any) -> dict[str, Any]:
        scored.append((u, v))
        return real(G, u, v, *args, **kw)

    monkeypatch.setattr(score, "score_one", counted)
    return scored


def test_the_scores_route_scores_each_tie_once(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    scored = _counting(monkeypatch)
    response = api.get("bea", "/people/pat/scores")
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["ties"]) == 4  # gil, nia, wyn (redacted) and the paid worker
    assert len(scored) == len(set(scored)) == len(body["ties"])
    # and the profile is the one scored on its own from the same graph
    request = SimpleNamespace(app=api.client.app)
    G, rarity = fetched_for_scores(request, api.store, "pat")  # type: ignore[arg-type]
    assert body["profile"] == profile(G, "pat", rarity=rarity).model_dump(mode="json")


def test_the_person_page_scores_each_tie_once(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    scored = _counting(monkeypatch)
    response = api.get("bea", "/pages/people/pat")
    assert response.status_code == 200, response.text
    assert len(scored) == len(set(scored)) == 4
