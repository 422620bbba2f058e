"""People: a broker's caseload, one person, their consent, and records added to their map.

Access (caseload, reach) and audit are applied before these handlers run, by
`graphsvc.api.access.authorise`; handlers only do the work.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from graphsvc.api.deps import Caller, Limit, Page, Reg, Store, next_link
from graphsvc.errors import BadRequest, NotFound
from graphsvc.model import Consent, Label, Person, parse_node, parse_tie

__all__ = ["NodeOut", "PersonId", "node_out", "router"]

router = APIRouter(tags=["people"])

PersonId = Annotated[str, Path(description="The person's id.", examples=["p000002"])]


class PersonSummary(BaseModel):
    """A person on the caller's caseload."""

    id: str
    name: str | None = None
    consent: str | None = None


class NodeOut(BaseModel):
    """A node: its id, label and stored properties (unknown properties are left out)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "p000002", "label": "Person", "properties": {"name": "Barbara Turner",
                                                             "consent": "given"}}]})  # fmt: skip

    id: str
    label: str
    properties: dict[str, Any] = Field(default_factory=dict)
    redacted: bool = Field(False, description="True: shown as a role only (no consent).")


class ConsentIn(BaseModel):
    consent: Literal["given", "withdrawn", "not_asked"]
    date: dt.date | None = Field(
        None, description="When it was given or withdrawn; today if empty."
    )


class ConsentRecordOut(BaseModel):
    consent: str
    recorded_at: str
    recorded_by: str


class ConsentOut(BaseModel):
    person_id: str
    consent: str | None
    consent_date: str | None
    history: list[ConsentRecordOut]


class RecordsIn(BaseModel):
    """Nodes and ties to add to a person's map, written all or nothing."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "nodes": [{"label": "Person", "id": "p-jo", "name": "Jo", "consent": "not_asked"}],
        "ties": [{"type": "KNOWS", "source": "p000002", "target": "p-jo", "kind": "neighbour",
                  "frequency": 4, "mode": "in_person"}],
    }]})  # fmt: skip

    nodes: list[dict[str, Any]] = Field(default_factory=list, max_length=5000)
    ties: list[dict[str, Any]] = Field(default_factory=list, max_length=5000)


class Written(BaseModel):
    nodes: int
    ties: int


def node_out(node: Any) -> NodeOut:
    return NodeOut(id=node.id, label=node.node_label.value, properties=node.properties())


@router.get("/people", name="list_people", response_model=Page[PersonSummary],
            summary="The people on your caseload, by id")  # fmt: skip
def list_people(
    request: Request, caller: Caller, store: Store, after: str | None = None, limit: Limit = 50
) -> Page[PersonSummary]:
    ids = sorted(i for i in caller.caseload if after is None or i > after)
    shown = ids[:limit]
    items = []
    for pid in shown:
        try:
            node = store.get(pid)
        except NotFound:  # on the caseload but not (yet) in the graph
            items.append(PersonSummary(id=pid))
            continue
        props = node.properties()
        items.append(PersonSummary(id=pid, name=props.get("name"), consent=props.get("consent")))
    more = len(ids) > limit
    return Page(items=items, limit=limit,
                next=next_link(request, after=shown[-1]) if more else None)  # fmt: skip


@router.get("/people/{person_id}", name="get_person", response_model=NodeOut,
            summary="One person (a role only: a third party without consent)")  # fmt: skip
def get_person(person_id: PersonId, caller: Caller, store: Store) -> NodeOut:
    node = store.get(person_id)
    if node.node_label != Label.PERSON:
        raise NotFound(f"no Person with id {person_id!r}")
    props = node.properties()
    if person_id not in caller.caseload and props.get("consent") != Consent.GIVEN:
        return NodeOut(id=person_id, label="Person", redacted=True)
    return node_out(node)


@router.put("/people/{person_id}", name="put_person", response_model=NodeOut,
            responses={201: {"model": NodeOut, "description": "Created"}},
            summary="Create or replace a person; a new person joins your caseload")  # fmt: skip
def put_person(
    person_id: PersonId,
    caller: Caller,
    store: Store,
    register: Reg,
    response: Response,
    body: Annotated[dict[str, Any], Body(examples=[{"name": "Jo Bloggs", "birth_year": 1950}])],
) -> NodeOut:
    if body.get("id", person_id) != person_id:
        raise BadRequest(f"the body's id {body['id']!r} differs from the path's {person_id!r}")
    node = parse_node({**body, "id": person_id, "label": "Person"}, where=f"Person {person_id!r}")
    try:
        store.get(person_id)
        created = False
    except NotFound:
        created = True
    store.upsert([node])
    if created:
        register.assign(caller.user.id, [person_id])
        response.status_code = 201
    return node_out(node)


def _consent_out(store: Store, register: Reg, person_id: str) -> ConsentOut:
    props = store.get(person_id).properties()
    history = [
        ConsentRecordOut(consent=r.consent, recorded_at=r.recorded_at.isoformat(),
                         recorded_by=r.recorded_by)
        for r in register.consent_history(person_id)
    ]  # fmt: skip
    return ConsentOut(person_id=person_id, consent=props.get("consent"),
                      consent_date=props.get("consent_date"), history=history)  # fmt: skip


@router.get("/people/{person_id}/consent", name="get_consent", response_model=ConsentOut,
            summary="A person's consent now, and who recorded each change")  # fmt: skip
def get_consent(person_id: PersonId, caller: Caller, store: Store, register: Reg) -> ConsentOut:
    return _consent_out(store, register, person_id)


@router.put("/people/{person_id}/consent", name="put_consent", response_model=ConsentOut,
            summary="Record consent given, withdrawn or not asked; effective at once")  # fmt: skip
def put_consent(
    person_id: PersonId, body: ConsentIn, caller: Caller, store: Store, register: Reg
) -> ConsentOut:
    node = store.get(person_id)
    if not isinstance(node, Person):
        raise NotFound(f"no Person with id {person_id!r}")
    when = (body.date or dt.date.today()).isoformat()
    store.upsert([node.model_copy(update={"consent": Consent(body.consent), "consent_date": when})])
    register.record_consent(person_id, body.consent, caller.user.id)
    return _consent_out(store, register, person_id)


@router.post("/people/{person_id}/records", name="add_records", response_model=Written,
             summary="Add people, places and ties to a person's map, all or nothing")  # fmt: skip
def add_records(
    person_id: PersonId, body: RecordsIn, caller: Caller, store: Store, request: Request
) -> Written:
    nodes = [parse_node(n, where=f"nodes[{i}]") for i, n in enumerate(body.nodes)]
    ties = [parse_tie(t, where=f"ties[{i}]") for i, t in enumerate(body.ties)]
    near = set(store.ego(person_id, hops=1).nodes) | {person_id}
    new_ids = {n.id for n in nodes}
    for i, n in enumerate(nodes):  # a broker may not overwrite someone outside this map
        if n.id not in near and _label(store, n.id) is not None:
            raise BadRequest(f"nodes[{i}]: {n.describe()} exists outside {person_id!r}'s map; "
                             "it cannot be changed from here")  # fmt: skip
    inside = near | new_ids
    for i, t in enumerate(ties):
        ends = {t.source, t.target}
        if not ends & inside:
            raise BadRequest(f"ties[{i}]: {t.describe()} touches nothing in {person_id!r}'s "
                             "map; every tie must join something in it")  # fmt: skip
        for end in ends - inside:  # places, groups, interests: yes; other people: no
            if _label(store, end) == Label.PERSON:
                raise BadRequest(f"ties[{i}]: {t.describe()} reaches Person {end!r}, who is "
                                 f"outside {person_id!r}'s map")  # fmt: skip
    summary = store.upsert(nodes, ties)
    return Written(nodes=summary.nodes, ties=summary.ties)


def _label(store: Store, node_id: str) -> Label | None:
    try:
        return store.get(node_id).node_label
    except NotFound:
        return None
