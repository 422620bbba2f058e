"""Spaces, groups and a person's needs: the places and purposes chains of connection run through.

Spaces and groups are not people, so they carry no consent and no caseload: any broker may list,
read and write them (a chain from one broker's person often runs through a place another broker
recorded). Each route has a name of its own (``list_spaces``, ``get_group``...) so the access
policy (`graphsvc.api.access.POLICY`) can rule on each, and writes are audited as
``write_node``. Needs describe one person, so they are read through that person
(``/people/{person_id}/needs``, scoped by the caseload like the person's map).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response
from pydantic import BaseModel, Field

from graphsvc.api.deps import Caller, Limit, Page, Store, next_link
from graphsvc.api.routes.people import NodeOut, PersonId, node_out
from graphsvc.errors import BadRequest, NotFound
from graphsvc.governance.consent import check_centre
from graphsvc.model import Label, RelType, parse_node

__all__ = ["router"]

router = APIRouter(tags=["places and groups"])

#: PUT answers 201 when it created the node, 200 when it replaced one.
CREATED: dict[int | str, dict[str, Any]] = {201: {"model": NodeOut, "description": "Created"}}
SpaceId = Annotated[str, Path(description="The space's id.", examples=["s0001"])]
GroupId = Annotated[str, Path(description="The group's id.", examples=["g0001"])]

_SPACE_EXAMPLE = {
    "name": "Eastfield Library",
    "kind": "library",
    "lat": 53.79,
    "lon": -1.55,
    "slots": ["Tue 10:00-12:00", "Sat 10:00-16:00"],
}
_GROUP_EXAMPLE = {
    "name": "Crown quiz team",
    "kind": "quiz team",
    "purpose": "fun and friendship",
    "slots": ["Thu 20:00-22:00"],
}


def _list(request: Request, store: Store, label: Label, after: str | None, limit: int) -> Page:
    page = store.page(label, after=after, limit=limit)
    more = page.next_after is not None
    return Page(
        items=[node_out(n) for n in page.items],
        limit=limit,
        next=next_link(request, after=page.next_after) if more else None,
    )


def _get(store: Store, label: Label, node_id: str) -> NodeOut:
    """The node if it has this label; the same 404 whether the id is unknown or another kind's,
    so a place's route says nothing about which ids belong to people."""
    missing = NotFound(f"no {label.value} with id {node_id!r}")
    try:
        node = store.get(node_id)
    except NotFound:
        raise missing from None
    if node.node_label != label:
        raise missing
    return node_out(node)


def _put(
    store: Store, label: Label, node_id: str, body: dict[str, Any], response: Response
) -> NodeOut:
    """Validate with the model (errors name the field), then create or replace the node.

    The path names the node: an ``id`` or ``label`` in the body that says otherwise is refused
    rather than silently ignored, since it usually means the caller meant another node.
    """
    if body.get("id", node_id) != node_id:
        raise BadRequest(f"the body's id {body['id']!r} differs from the path's {node_id!r}")
    if body.get("label", label.value) != label.value:
        raise BadRequest(f"the body's label {body['label']!r} is not {label.value!r}; "
                         f"a {label.value} is written here")  # fmt: skip
    node = parse_node({**body, "id": node_id, "label": label.value}, where=f"{label} {node_id!r}")
    try:
        store.get(node_id)
        created = False
    except NotFound:
        created = True
    store.upsert([node])  # Conflict (409) if the id belongs to a node of another label
    if created:
        response.status_code = 201
    return node_out(node)


@router.get("/spaces", name="list_spaces", response_model=Page[NodeOut],
            summary="Bumping spaces (cafés, libraries, parks...), by id")  # fmt: skip
def list_spaces(
    request: Request, caller: Caller, store: Store, after: str | None = None, limit: Limit = 50
) -> Page[NodeOut]:
    return _list(request, store, Label.SPACE, after, limit)


@router.get("/groups", name="list_groups", response_model=Page[NodeOut],
            summary="Groups (clubs, teams, faith communities...), by id")  # fmt: skip
def list_groups(
    request: Request, caller: Caller, store: Store, after: str | None = None, limit: Limit = 50
) -> Page[NodeOut]:
    return _list(request, store, Label.GROUP, after, limit)


@router.get("/spaces/{node_id}", name="get_space", response_model=NodeOut,
            summary="One bumping space")  # fmt: skip
def get_space(node_id: SpaceId, caller: Caller, store: Store) -> NodeOut:
    return _get(store, Label.SPACE, node_id)


@router.get("/groups/{node_id}", name="get_group", response_model=NodeOut,
            summary="One group")  # fmt: skip
def get_group(node_id: GroupId, caller: Caller, store: Store) -> NodeOut:
    return _get(store, Label.GROUP, node_id)


@router.put("/spaces/{node_id}", name="put_space", response_model=NodeOut, responses=CREATED,
            summary="Create or replace a bumping space (201 when created)")  # fmt: skip
def put_space(
    node_id: SpaceId,
    caller: Caller,
    store: Store,
    response: Response,
    body: Annotated[dict[str, Any], Body(examples=[_SPACE_EXAMPLE])],
) -> NodeOut:
    return _put(store, Label.SPACE, node_id, body, response)


@router.put("/groups/{node_id}", name="put_group", response_model=NodeOut, responses=CREATED,
            summary="Create or replace a group (201 when created)")  # fmt: skip
def put_group(
    node_id: GroupId,
    caller: Caller,
    store: Store,
    response: Response,
    body: Annotated[dict[str, Any], Body(examples=[_GROUP_EXAMPLE])],
) -> NodeOut:
    return _put(store, Label.GROUP, node_id, body, response)


class NeedOut(BaseModel):
    """One of a person's needs, in their words; pass its id as ``need=`` to ask for chains."""

    id: str = Field(examples=["need000001"])
    what: str | None = Field(None, examples=["company at the weekend"])
    tags: list[str] | None = Field(None, examples=[["company", "outings"]])
    slots: list[str] | None = Field(None, examples=[["Sat 10:00-16:00"]])


@router.get("/people/{person_id}/needs", name="list_needs", response_model=Page[NeedOut],
            summary="A person's needs: what chains of connection can be asked to meet")  # fmt: skip
def list_needs(
    request: Request,
    person_id: PersonId,
    caller: Caller,
    store: Store,
    after: str | None = None,
    limit: Limit = 50,
) -> Page[NeedOut]:
    G = store.ego(person_id, hops=1, labels=[Label.NEED], types=[RelType.HAS_NEED])
    check_centre(G, person_id)  # needs are part of the map: closed when consent is withdrawn
    ids = sorted(n for n, a in G.nodes(data=True) if a.get("label") == Label.NEED)
    ids = [i for i in ids if after is None or i > after]
    shown = ids[:limit]
    items = [
        NeedOut(id=i, **{k: G.nodes[i].get(k) for k in ("what", "tags", "slots")}) for i in shown
    ]
    more = len(ids) > limit
    return Page(items=items, limit=limit,
                next=next_link(request, after=shown[-1]) if more else None)  # fmt: skip
