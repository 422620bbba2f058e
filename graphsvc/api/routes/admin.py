"""Admin: users and keys, caseloads, erasure and the audit trail. Admins read no maps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import BaseModel, Field

from graphsvc.api.deps import Caller, Limit, Page, Reg, Store, next_link
from graphsvc.governance.types import AuditEntry, Role, User

__all__ = ["router"]

router = APIRouter(prefix="/admin", tags=["admin"])

#: Largest paging cursor: SQLite integers are 64-bit; beyond this is a caller mistake (422).
MAX_CURSOR = 2**53

UserId = Annotated[str, Path(description="The user's id.", examples=["b.jones"])]


class UserIn(BaseModel):
    id: str = Field(min_length=1, max_length=120, examples=["b.jones"])
    name: str = Field(min_length=1, max_length=200, examples=["Bea Jones"])
    role: Role


class UserOut(BaseModel):
    id: str
    name: str
    role: Role
    active: bool

    @classmethod
    def of(cls, user: User) -> UserOut:
        return cls(id=user.id, name=user.name, role=user.role, active=user.active)


class ActiveIn(BaseModel):
    active: bool


class KeyOut(BaseModel):
    key_id: str
    user_id: str
    token: str = Field(description="Shown once: only its hash is kept. Store it safely.")
    created: datetime


class CaseloadIn(BaseModel):
    person_ids: list[str] = Field(min_length=1, max_length=10_000)


class CaseloadOut(BaseModel):
    broker_id: str
    person_ids: list[str]


class ReceiptOut(BaseModel):
    """What an erasure removed. Copies already exported cannot be recalled by graphsvc."""

    person_id: str
    erased_at: datetime
    erased_by: str
    nodes_removed: dict[str, list[str]]
    ties_removed: dict[str, int]
    caseload_entries_removed: int
    consent_records_removed: int
    note: str = (
        "Removed from the graph, every caseload and the consent history. The audit trail keeps "
        "this person's id (never a name) as the record that this erasure happened."
    )


class AuditOut(BaseModel):
    seq: int
    at: datetime
    user_id: str = Field(description="Who acted ('cli' for the command line).")
    action: str
    subject_user_id: str | None = Field(
        None,
        description="The user acted on, for user management (add_user, issue_key, revoke_key, "
        "set_user_active, assign_caseload, unassign_caseload); null otherwise, and in entries "
        "written before graphsvc recorded it.",
    )
    person_id: str | None = Field(description="The person in the graph acted on, if any.")
    outcome: str
    hash: str

    @classmethod
    def of(cls, e: AuditEntry) -> AuditOut:
        return cls(seq=e.seq, at=e.at, user_id=e.user_id, action=e.action,
                   subject_user_id=e.subject_user_id, person_id=e.person_id,
                   outcome=e.outcome, hash=e.hash)  # fmt: skip


class VerifyOut(BaseModel):
    intact: bool
    first_broken_seq: int | None


@router.get("/users", name="list_users", response_model=Page[UserOut])
def list_users(
    request: Request, caller: Caller, register: Reg,
    offset: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    limit: Limit = 100,
) -> Page[UserOut]:  # fmt: skip
    users = register.users(offset=offset, limit=limit + 1)
    more = len(users) > limit
    return Page(items=[UserOut.of(u) for u in users[:limit]], limit=limit,
                next=next_link(request, offset=offset + limit) if more else None)  # fmt: skip


@router.post("/users", name="add_user", response_model=UserOut, status_code=201)
def add_user(body: UserIn, caller: Caller, register: Reg) -> UserOut:
    return UserOut.of(register.add_user(body.id, body.name, body.role))


@router.put("/users/{user_id}/active", name="set_user_active", response_model=UserOut)
def set_user_active(user_id: UserId, body: ActiveIn, caller: Caller, register: Reg) -> UserOut:
    return UserOut.of(register.set_active(user_id, body.active))


@router.post("/users/{user_id}/keys", name="issue_key", response_model=KeyOut, status_code=201)
def issue_key(user_id: UserId, caller: Caller, register: Reg) -> KeyOut:
    k = register.issue_key(user_id)
    return KeyOut(key_id=k.key_id, user_id=k.user_id, token=k.token, created=k.created)


@router.delete("/keys/{key_id}", name="revoke_key", status_code=204)
def revoke_key(key_id: str, caller: Caller, register: Reg) -> Response:
    register.revoke_key(key_id)
    return Response(status_code=204)


@router.get("/caseloads/{user_id}", name="get_caseload", response_model=CaseloadOut)
def get_caseload(user_id: UserId, caller: Caller, register: Reg) -> CaseloadOut:
    register.get_user(user_id)  # NotFound for an unknown user
    return CaseloadOut(broker_id=user_id, person_ids=sorted(register.caseload(user_id)))


@router.post("/caseloads/{user_id}", name="assign", response_model=CaseloadOut)
def assign(user_id: UserId, body: CaseloadIn, caller: Caller, register: Reg) -> CaseloadOut:
    register.assign(user_id, body.person_ids)
    return CaseloadOut(broker_id=user_id, person_ids=sorted(register.caseload(user_id)))


@router.delete("/caseloads/{user_id}", name="unassign", response_model=CaseloadOut)
def unassign(user_id: UserId, body: CaseloadIn, caller: Caller, register: Reg) -> CaseloadOut:
    register.unassign(user_id, body.person_ids)
    return CaseloadOut(broker_id=user_id, person_ids=sorted(register.caseload(user_id)))


@router.delete("/people/{person_id}", name="erase_person", response_model=ReceiptOut)
def erase_person(person_id: str, caller: Caller, store: Store, register: Reg) -> ReceiptOut:
    """Erase a person on request: graph (cascade), caseloads and consent history, then receipt."""
    removed = store.delete_person(person_id)
    caseloads, consents = register.forget_person(person_id)
    return ReceiptOut(
        person_id=person_id,
        erased_at=datetime.now(UTC),
        erased_by=caller.user.id,
        nodes_removed=removed.nodes,
        ties_removed=removed.ties,
        caseload_entries_removed=caseloads,
        consent_records_removed=consents,
    )


@router.get("/audit", name="audit_log", response_model=Page[AuditOut])
def audit_log(
    request: Request,
    caller: Caller,
    register: Reg,
    after: Annotated[int, Query(ge=0, le=MAX_CURSOR, description="Entries after this seq.")] = 0,
    limit: Limit = 100,
    person_id: Annotated[str | None, Query(description="Only entries about this person.")] = None,
    user_id: Annotated[str | None, Query(description="Only entries by this user.")] = None,
    subject_user_id: Annotated[
        str | None, Query(description="Only entries done to this user (keys, caseload...).")
    ] = None,
) -> Page[AuditOut]:
    rows = register.audit_log(after=after, limit=limit + 1, person_id=person_id, user_id=user_id,
                              subject_user_id=subject_user_id)  # fmt: skip
    more = len(rows) > limit
    shown = rows[:limit]
    return Page(items=[AuditOut.of(e) for e in shown], limit=limit,
                next=next_link(request, after=shown[-1].seq) if more else None)  # fmt: skip


@router.get("/audit/verify", name="verify_audit", response_model=VerifyOut)
def verify_audit(caller: Caller, register: Reg) -> VerifyOut:
    broken = register.verify_audit()
    return VerifyOut(intact=broken is None, first_broken_seq=broken)
