"""A person's map, scores and chains: what a broker explores with the person beside them.

Every graph is fetched through the store contract, checked for the centre's consent and
redacted for everyone else's (`graphsvc.governance.consent`) before any analytic sees it, so the
map, the scores and the chain stories all say "a neighbour" for someone who has not consented.
"""

from __future__ import annotations

from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from graphsvc.api.deps import Caller, Store
from graphsvc.api.limits import analytics_slot
from graphsvc.api.routes.people import PersonId
from graphsvc.chains.core import suggest
from graphsvc.chains.fetch import fetch_for_chains
from graphsvc.governance.consent import check_centre, redact
from graphsvc.maps import render_map
from graphsvc.proximity import GraphStats, person_ties, profile
from graphsvc.proximity.commands import fetch_for_scores

__all__ = ["router"]

router = APIRouter(tags=["maps"])

Hops = Annotated[int, Query(ge=1, le=3, description="How many steps out from the person.")]


class MapNode(BaseModel):
    id: str
    label: str
    properties: dict[str, Any] = Field(default_factory=dict)


class MapTie(BaseModel):
    source: str
    target: str
    type: str
    properties: dict[str, Any] = Field(default_factory=dict)


class MapOut(BaseModel):
    """A person's network as nodes and ties. Redacted people carry ``redacted: true``."""

    centre: str
    hops: int
    nodes: list[MapNode]
    ties: list[MapTie]
    notes: list[str] = Field(default_factory=list, description="Things a reader must know.")


def _key(request: Request) -> bytes:
    return request.app.state.secret  # type: ignore[no-any-return]


def fetched(request: Request, store: Store, person_id: str, hops: int) -> nx.MultiDiGraph:
    """The ego network, the centre's consent checked, everyone else's applied."""
    return guarded(request, store.ego(person_id, hops=hops), person_id)


def fetched_for_scores(
    request: Request, store: Store, person_id: str
) -> tuple[nx.MultiDiGraph, GraphStats]:
    """`fetch_for_scores`, guarded as `fetched` is: what scores, pages and map colours use."""
    G, rarity = fetch_for_scores(store, person_id)
    return guarded(request, G, person_id), rarity


def guarded(request: Request, G: nx.MultiDiGraph, person_id: str) -> nx.MultiDiGraph:
    """``G`` with the centre's consent checked (409 if withdrawn) and everyone else's applied."""
    check_centre(G, person_id)
    return redact(G, person_id, _key(request))


def _notes(G: nx.MultiDiGraph, centre: str) -> list[str]:
    notes = []
    if G.nodes[centre].get("consent") != "given":
        notes.append("This person's consent has not been recorded as given: ask them.")
    hidden = sum(1 for _, a in G.nodes(data=True) if a.get("redacted"))
    if hidden:
        notes.append(f"{hidden} people are shown by role only: they have not given consent.")
    return notes


@router.get("/people/{person_id}/map", name="get_map", response_model=MapOut,
            summary="A person's network as JSON (nodes and ties)")  # fmt: skip
def get_map(
    person_id: PersonId, caller: Caller, store: Store, request: Request, hops: Hops = 1
) -> MapOut:
    G = fetched(request, store, person_id, hops)
    nodes = [
        MapNode(id=n, label=a["label"], properties={k: v for k, v in a.items() if k != "label"})
        for n, a in sorted(G.nodes(data=True))
    ]
    ties = [
        MapTie(source=u, target=v, type=k, properties={x: y for x, y in d.items() if x != "type"})
        for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[:3])
    ]
    return MapOut(centre=person_id, hops=hops, nodes=nodes, ties=ties, notes=_notes(G, person_id))


@router.get("/people/{person_id}/map.html", name="get_map_html", response_class=HTMLResponse,
            dependencies=[Depends(analytics_slot)],
            summary="A person's interactive connection map (works offline)")  # fmt: skip
def get_map_html(
    person_id: PersonId, caller: Caller, store: Store, request: Request, hops: Hops = 1
) -> HTMLResponse:
    G = fetched(request, store, person_id, hops)
    return HTMLResponse(render_map(G, person_id, scores=line_scores(request, store, person_id)))


def line_scores(request: Request, store: Store, person_id: str) -> dict[tuple[str, str], float]:
    """Overall proximity of each of the person's ties, to colour the map's lines.

    Scored from what the scores page scores (`fetched_for_scores`), not from the map drawn,
    which at one hop lacks the people's own interests, so a line's colour is the score the
    person's scores show. Both graphs are redacted with the same key: the ids match.
    """
    G, rarity = fetched_for_scores(request, store, person_id)
    ties = person_ties(G, person_id, reasons=False, views=False, rarity=rarity)
    return {
        (str(r.source), str(r.target)): float(r.overall)
        for r in ties.itertuples()
        if r.overall == r.overall  # NaN: unknown, drawn as a plain line
    }


class TieScoreOut(BaseModel):
    other: str
    name: str
    type: str
    paid: bool
    directness: float | None
    continuity: float | None
    multiplexity: float | None
    parity: float | None
    commonality: float | None
    overall: float | None
    confidence: float | None
    weakest: str | None
    unknown: list[str]
    reasons: list[str]


class ScoresOut(BaseModel):
    """A person's ties, closest first, each with its five dimensions and reasons."""

    person: str
    profile: dict[str, Any]
    ties: list[TieScoreOut]
    caveat: str = (
        "These scores are proxies inspired by the Relationships Foundation's relational "
        "proximity, not its Relational Health Audit: a way to start a conversation."
    )


def _num(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


@router.get("/people/{person_id}/scores", name="get_scores", response_model=ScoresOut,
            dependencies=[Depends(analytics_slot)],
            summary="Relational proximity of each of a person's ties, with reasons")  # fmt: skip
def get_scores(person_id: PersonId, caller: Caller, store: Store, request: Request) -> ScoresOut:
    G, rarity = fetched_for_scores(request, store, person_id)
    frame = person_ties(G, person_id, views=False, rarity=rarity)
    ties = [
        TieScoreOut(**{k: _num(v) for k, v in row.items() if k in TieScoreOut.model_fields}
                    | {"unknown": list(row["unknown"]), "reasons": list(row["reasons"]),
                       "other": str(row["other"]), "weakest": _num(row["weakest"]) or None})
        for row in frame.to_dict("records")
    ]  # fmt: skip
    # the ties just scored: the profile need not score them again
    prof = profile(G, person_id, rarity=rarity, ties=frame).model_dump(mode="json")
    return ScoresOut(person=person_id, profile=prof, ties=ties)


class ChainsOut(BaseModel):
    person: str
    need: str | None
    chains: list[dict[str, Any]]
    dropped: list[dict[str, Any]]
    label: str = "Conversation starters, never a plan: estimates are labelled as estimates."


@router.get("/people/{person_id}/chains", name="get_chains", response_model=ChainsOut,
            dependencies=[Depends(analytics_slot)],
            summary="Chains of connection that could meet a need, as stories")  # fmt: skip
def get_chains(
    person_id: PersonId,
    caller: Caller,
    store: Store,
    request: Request,
    need: Annotated[str | None, Query(description="One of the person's need ids.")] = None,
    interest: Annotated[list[str] | None, Query(description="Tags to match.")] = None,
    k: Annotated[int, Query(ge=1, le=50)] = 10,
) -> ChainsOut:
    raw = fetch_for_chains(store, person_id, 4)
    check_centre(raw, person_id)
    G = redact(raw, person_id, _key(request))
    chains = suggest(G, person_id, need, interests=interest or None, k=k)
    return ChainsOut(
        person=person_id,
        need=need,
        chains=[_jsonable(c.to_dict()) for c in chains],
        dropped=[_jsonable(vars(d)) for d in chains.dropped],
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    return _num(value)
