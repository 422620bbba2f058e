"""The register contract: users, keys, page sessions, caseloads, consent and the audit trail.

One implementation today (`graphsvc.governance.sqlite.SqliteRegister`, a SQLite file of its own,
beside either graph store); the API and CLI depend only on this Protocol. See decision 0004.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from graphsvc.governance.types import (
    AuditEntry,
    AuditEvent,
    ConsentRecord,
    IssuedKey,
    Role,
    SessionPolicy,
    User,
)


class Register(Protocol):
    """Who may use graphsvc, whom they look after, and what they did."""

    # users and keys ---------------------------------------------------------------
    def add_user(self, user_id: str, name: str, role: Role) -> User:
        """A new user; Conflict if the id is taken, BadRequest if id/name is blank."""
        ...

    def get_user(self, user_id: str) -> User:
        """NotFound if no such user."""
        ...

    def users(self, *, offset: int = 0, limit: int = 100) -> list[User]:
        """Users ordered by id."""
        ...

    def set_active(self, user_id: str, active: bool) -> User:
        """Deactivate (or reactivate) a user: their keys and page sessions stop at once."""
        ...

    def issue_key(self, user_id: str) -> IssuedKey:
        """A new random API key for the user; only its sha256 is stored."""
        ...

    def revoke_key(self, key_id: str) -> None:
        """Revoke a key and end every page session of its owner; NotFound if no such key."""
        ...

    def key_owner(self, key_id: str) -> str | None:
        """The id of the user a key was issued to (revoked or not), or None if no such key.

        The audit trail names the user a key revocation acts on, and a revocation names only
        the key.
        """
        ...

    def authenticate(self, token: str) -> User | None:
        """The active user holding this key, or None (unknown, revoked or inactive)."""
        ...

    # page sessions ----------------------------------------------------------------
    def start_session(self, user_id: str, policy: SessionPolicy) -> str:
        """A new random session id for a signed-in user; only its sha256 is stored.

        The id is returned once, to go in the browser's cookie. Sessions past ``policy`` are
        cleared out on the way, so the table holds only live ones.
        """
        ...

    def session_user(self, session_id: str, policy: SessionPolicy) -> User | None:
        """The active user of a live session, or None; notes that the session was just used.

        None for an unknown id, a session idle for longer than ``policy.idle`` or older than
        ``policy.lifetime`` (which is then deleted), or a user since deactivated.
        """
        ...

    def end_session(self, session_id: str) -> str | None:
        """Delete a session (signing out); the id of its user, or None if there was none."""
        ...

    # caseloads --------------------------------------------------------------------
    def assign(self, broker_id: str, person_ids: Iterable[str]) -> None:
        """Put people on a broker's caseload (idempotent); BadRequest if the user is no broker."""
        ...

    def unassign(self, broker_id: str, person_ids: Iterable[str]) -> None:
        """Take people off a broker's caseload (idempotent)."""
        ...

    def caseload(self, broker_id: str) -> frozenset[str]:
        """The person ids on a broker's caseload (empty for other roles)."""
        ...

    # consent history ----------------------------------------------------------------
    def record_consent(self, person_id: str, consent: str, recorded_by: str) -> ConsentRecord:
        """Append who recorded which consent when. The current value lives on the Person node."""
        ...

    def consent_history(self, person_id: str) -> list[ConsentRecord]:
        """Oldest first."""
        ...

    # audit ----------------------------------------------------------------------------
    def audit(
        self,
        user_id: str,
        action: str,
        person_id: str | None = None,
        outcome: str = "ok",
        *,
        subject_user_id: str | None = None,
    ) -> AuditEntry:
        """Append one entry to the hash chain and return it.

        ``subject_user_id``: the user acted on, for user management (see `AuditEvent`).
        """
        ...

    def audit_many(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Append several entries in one transaction (all or none), in order."""
        ...

    def audit_log(
        self,
        *,
        after: int = 0,
        limit: int = 100,
        person_id: str | None = None,
        user_id: str | None = None,
        since: datetime | None = None,
        subject_user_id: str | None = None,
    ) -> list[AuditEntry]:
        """Entries with seq > ``after``, oldest first (a cursor for paging).

        ``user_id`` filters by who acted, ``subject_user_id`` by the user acted on (what was
        done to one user's access: their keys, their activation, their caseload).
        """
        ...

    def verify_audit(self) -> int | None:
        """None if the chain is intact; else the seq of the first entry that does not verify."""
        ...

    # erasure ----------------------------------------------------------------------------
    def forget_person(self, person_id: str) -> tuple[int, int]:
        """Remove a person from every caseload and their consent history.

        Returns (caseload entries removed, consent records removed). Audit entries keep the
        person id (the record that an erasure happened is itself required), never a name.
        """
        ...

    def close(self) -> None: ...
