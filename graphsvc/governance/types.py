"""The governance vocabulary: who the users are, what they may do, and what the audit records.

Kept apart from the graph model on purpose: users, keys, caseloads and the audit trail are about
the people *using* graphsvc, not the people *in* it, and they must outlive an erasure of graph
data (the receipt of an erasure is itself an audit entry). See docs/decisions/0004.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from graphsvc.errors import BadRequest


class Role(StrEnum):
    """The four roles of DOMAIN.md/DESIGN.md; a user has exactly one."""

    broker = "broker"  # their caseload, and the third parties in those maps
    commissioner = "commissioner"  # neighbourhood aggregates only: never a name or a person id
    researcher = "researcher"  # pseudonymised exports only
    admin = "admin"  # users, keys, caseloads, erasure, the audit log


@dataclass(frozen=True)
class User:
    """Someone who signs in. ``id`` is chosen by the admin (an email or staff number)."""

    id: str
    name: str
    role: Role
    active: bool = True
    created: datetime | None = None


@dataclass(frozen=True)
class Principal:
    """The user behind one request, with the caseload resolved once per request."""

    user: User
    caseload: frozenset[str] = field(default_factory=frozenset)

    @property
    def role(self) -> Role:
        return self.user.role


@dataclass(frozen=True)
class IssuedKey:
    """A new API key: ``token`` is shown once and never stored; the register keeps its hash."""

    key_id: str
    user_id: str
    token: str
    created: datetime


@dataclass(frozen=True)
class SessionPolicy:
    """How long a signed-in page session lasts (``GRAPHSVC_SESSION_IDLE_MINUTES``/``_MAX_HOURS``).

    Two limits, because they guard against different things: ``idle`` ends a session left open
    on a shared council PC soon after its user walks away; ``lifetime`` ends even a busy session
    (or a copied cookie kept alive by whoever copied it) after a working day, so nobody stays
    signed in on one sign-in for ever.
    """

    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=12)

    def __post_init__(self) -> None:
        if self.idle <= timedelta(0) or self.lifetime <= timedelta(0):
            raise BadRequest("session timeouts must be longer than zero")


@dataclass(frozen=True)
class ConsentRecord:
    """One recorded change of a person's consent: what, when, and which user recorded it."""

    person_id: str
    consent: str  # graphsvc.model.Consent value: given / withdrawn / not_asked
    recorded_at: datetime
    recorded_by: str


#: The longest id a register keeps (users, people, keys).
MAX_ID = 200
#: How an audited action ended.
OUTCOMES = frozenset({"ok", "refused"})
_ACTION = re.compile(r"[a-z_]{1,40}")


def check_id(value: object, what: str) -> None:
    """Ids are short and printable: the audit trail holds ids, never free text."""
    if (
        not isinstance(value, str)
        or not value
        or len(value) > MAX_ID
        or value != value.strip()
        or not value.isprintable()
    ):
        raise BadRequest(
            f"a {what} is 1 to {MAX_ID} printable characters with no surrounding spaces "
            f"(got {value!r})"
        )


@dataclass(frozen=True)
class AuditEvent:
    """What is to be written to the audit trail: who did what to whom, and how it ended.

    ``user_id`` is who acted, ``person_id`` the person in the graph acted on, and
    ``subject_user_id`` the *user* acted on by user management (added, given or refused a
    key, deactivated, given a caseload): without it the trail could say that an admin revoked
    a key but not whose. Checked when made (ids and verbs only: a name or payload is
    refused), so an event that is queued for writing cannot fail later for what it holds.
    """

    user_id: str
    action: str
    person_id: str | None = None
    outcome: str = "ok"
    subject_user_id: str | None = None

    def __post_init__(self) -> None:
        check_id(self.user_id, "user id")
        if self.person_id is not None:
            check_id(self.person_id, "person id")
        if self.subject_user_id is not None:
            check_id(self.subject_user_id, "subject user id")
        if not isinstance(self.action, str) or not _ACTION.fullmatch(self.action):
            raise BadRequest(f"an audit action is 1-40 of a-z and _ (got {self.action!r})")
        if self.outcome not in OUTCOMES:
            raise BadRequest(f"an audit outcome is 'ok' or 'refused' (got {self.outcome!r})")


@dataclass(frozen=True)
class AuditEntry:
    """One line of the append-only audit trail. No names, no payloads: ids and verbs only.

    ``hash`` is sha256 over the previous entry's hash and this entry's canonical fields, so
    changing, removing or reordering any earlier line breaks every hash after it.
    ``subject_user_id`` (the user acted on, for user management) comes last with a default
    because entries written before it existed have none, and must read and verify as written.
    """

    seq: int
    at: datetime
    user_id: str
    action: str  # e.g. "read_map", "write_person", "erase_person", "export_pseudonymised"
    person_id: str | None
    outcome: str  # "ok" or "refused"
    prev_hash: str
    hash: str
    subject_user_id: str | None = None
