"""The governance vocabulary: who the users are, what they may do, and what the audit records.

Kept apart from the graph model on purpose: users, keys, caseloads and the audit trail are about
the people *using* graphsvc, not the people *in* it, and they must outlive an erasure of graph
data (the receipt of an erasure is itself an audit entry). See docs/decisions/0004.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


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
class ConsentRecord:
    """One recorded change of a person's consent: what, when, and which user recorded it."""

    person_id: str
    consent: str  # graphsvc.model.Consent value: given / withdrawn / not_asked
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class AuditEntry:
    """One line of the append-only audit trail. No names, no payloads: ids and verbs only.

    ``hash`` is sha256 over the previous entry's hash and this entry's canonical fields, so
    changing, removing or reordering any earlier line breaks every hash after it.
    """

    seq: int
    at: datetime
    user_id: str
    action: str  # e.g. "read_map", "write_person", "erase_person", "export_pseudonymised"
    person_id: str | None
    outcome: str  # "ok" or "refused"
    prev_hash: str
    hash: str
