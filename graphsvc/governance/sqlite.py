"""The register on one SQLite file of its own (``GRAPHSVC_REGISTER``), beside either graph store.

Why SQLite: the register is small (users, keys, caseloads, a consent history, an audit trail),
must survive a crash halfway through a write, and must be shared by the CLI and every API worker
on one host; WAL gives one writer and many readers with no server (decision 0004).

Three promises are kept by the database itself, not only by this code:

- **Only the hash of an API key, or of a page session's id, is stored.** A stolen file lets
  nobody sign in.
- **The audit trail is append-only and tamper-evident.** Triggers refuse ``UPDATE`` and
  ``DELETE`` of audit rows, so an edit needs deliberate tampering with the file; each entry's
  hash covers the previous entry's hash, so `SqliteRegister.verify_audit` then finds the first
  entry that was changed, removed or reordered. Appends take ``BEGIN IMMEDIATE``, so two threads
  or two processes never write the same ``seq`` or fork the chain.
- **An erasure leaves no copy behind in the file.** ``secure_delete`` zeroes deleted rows and a
  ``TRUNCATE`` checkpoint empties the WAL, so a forgotten person's id is gone from the bytes of
  the register, not just from its tables (the audit trail keeps it on purpose; see
  `SqliteRegister.forget_person`).

Examples
--------
>>> from graphsvc.governance.types import Role
>>> with SqliteRegister(":memory:") as register:
...     _ = register.add_user("ann@example.org", "Ann Lee", Role.broker)
...     key = register.issue_key("ann@example.org")
...     register.authenticate(key.token).id
...     register.audit("ann@example.org", "read_map", "p1").seq
...     register.verify_audit() is None
'ann@example.org'
1
True
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from graphsvc.errors import BadRequest, Conflict, NotFound, StoreCorrupt
from graphsvc.governance.types import (
    MAX_ID,
    AuditEntry,
    AuditEvent,
    ConsentRecord,
    IssuedKey,
    Role,
    SessionPolicy,
    User,
    check_id,
)
from graphsvc.model import Consent
from graphsvc.store.common import sqlite_errors

__all__ = ["GENESIS_HASH", "MAX_PAGE", "SqliteRegister", "chain_hash", "open_register"]

GENESIS_HASH = "0" * 64  # the prev_hash of the first audit entry
MAX_PAGE = 1000
RESERVED_USER_IDS = frozenset({"cli"})  # the CLI's own name in the audit trail
_APPLICATION_ID = 0x67737672  # "gsvr": marks the file as a graphsvc register

# _MIGRATIONS[i] takes a file from schema version i to i + 1 (``PRAGMA user_version``).
# Never edit a released step: append a new one, so every older file can be brought forward.
_MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('broker', 'commissioner', 'researcher', 'admin')),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
            created TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE api_keys (
            key_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            token_sha256 TEXT NOT NULL UNIQUE,
            created TEXT NOT NULL,
            revoked TEXT
        )""",
        "CREATE INDEX api_keys_user ON api_keys (user_id)",
        """CREATE TABLE caseloads (
            broker_id TEXT NOT NULL REFERENCES users (id),
            person_id TEXT NOT NULL,
            PRIMARY KEY (broker_id, person_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX caseloads_person ON caseloads (person_id)",
        """CREATE TABLE consent_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            person_id TEXT NOT NULL,
            consent TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            recorded_by TEXT NOT NULL
        )""",
        "CREATE INDEX consent_log_person ON consent_log (person_id, id)",
        """CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id TEXT NOT NULL,
            action TEXT NOT NULL,
            person_id TEXT,
            outcome TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
        "CREATE INDEX audit_person ON audit (person_id, seq)",
        "CREATE INDEX audit_user ON audit (user_id, seq)",
        """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
        """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
           BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END""",
    ],
    # 1 -> 2: the user an audited action was done to, and the pages' sessions, held here
    # rather than in the browser's cookie so that signing out (or a revoked key) ends them.
    # Existing entries keep a NULL subject, which leaves their hashes as they were.
    [
        "ALTER TABLE audit ADD COLUMN subject_user_id TEXT",
        """CREATE TABLE sessions (
            id_sha256 TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
            created TEXT NOT NULL,
            last_seen TEXT NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX sessions_user ON sessions (user_id)",
        "CREATE INDEX audit_subject ON audit (subject_user_id, seq)",
    ],
]
SCHEMA_VERSION = len(_MIGRATIONS)


def chain_hash(
    prev_hash: str,
    seq: int,
    at: str,
    user_id: str,
    action: str,
    person_id: str | None,
    outcome: str,
    subject_user_id: str | None = None,
) -> str:
    """The hash of one audit entry: sha256 of ``prev_hash`` + the entry's canonical JSON.

    Canonical JSON is a JSON object of the six fields with sorted keys, no spaces and ASCII
    escapes (``at`` is the stored ISO text, ``person_id`` null when absent), so anyone can
    recompute the chain from the table with any language's standard library. A seventh key,
    ``subject_user_id``, is there only when the entry names the user it acted on: entries
    written before that field existed have none, so their canonical JSON, and their hash, are
    exactly what they were, and a chain running across the change still verifies.

    >>> chain_hash(GENESIS_HASH, 1, "2026-01-01T00:00:00.000000+00:00", "cli", "add_user",
    ...            None, "ok")[:12]
    '29cfba289a43'
    >>> chain_hash(GENESIS_HASH, 1, "2026-01-01T00:00:00.000000+00:00", "cli", "add_user",
    ...            None, "ok", "ann")[:12]
    '154826a76df7'
    """
    fields: dict[str, object] = {
        "seq": seq,
        "at": at,
        "user_id": user_id,
        "action": action,
        "person_id": person_id,
        "outcome": outcome,
    }
    if subject_user_id is not None:
        fields["subject_user_id"] = subject_user_id
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def open_register(path: str | Path) -> SqliteRegister:
    """Open (creating if needed) the register file at ``path``; close it when done."""
    return SqliteRegister(path)


def _transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT around the caller's block; ROLLBACK if it raises."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class SqliteRegister:
    """A `graphsvc.governance.base.Register` in one SQLite file (``":memory:"`` for tests).

    Safe to share between threads (a lock serialises each of its two connections: one for
    audit appends, one for everything else); several processes may open the same file. Use it as a
    context manager, or call `close`.

    ``clock`` is what page sessions are timed by (now, as an aware datetime); tests pass one
    they can move, to see a session expire without waiting for it.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        busy_timeout_s: float = 10.0,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.path = str(path)
        self._busy_timeout_s = busy_timeout_s
        self._clock = clock or _utcnow
        self._lock = threading.RLock()
        if self.path != ":memory:":
            _create_private(Path(self.path).expanduser())
        self._db = self._connect()
        try:
            with _translated(self.path):
                self._migrate()
        except BaseException:
            self._db.close()
            raise
        # Audit appends get a connection of their own (opened on first use), so a sign-in
        # check never waits behind an audit commit's fsync; SQLite's file lock orders the two.
        self._appender: sqlite3.Connection | None = None
        self._append_lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        with _translated(self.path):
            db = sqlite3.connect(
                self.path,
                timeout=self._busy_timeout_s,
                isolation_level=None,
                check_same_thread=False,
            )
        try:
            with _translated(self.path):
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")  # an audit entry must survive a crash
                db.execute("PRAGMA foreign_keys=ON")
                db.execute("PRAGMA secure_delete=ON")  # erased rows are zeroed, not freed
        except BaseException:
            db.close()
            raise
        return db

    # --- users and keys ----------------------------------------------------------------

    def add_user(self, user_id: str, name: str, role: Role) -> User:
        check_id(user_id, "user id")
        if user_id in RESERVED_USER_IDS:
            raise BadRequest(f"the user id {user_id!r} is reserved for the command line")
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_ID:
            raise BadRequest(f"a user needs a name of 1 to {MAX_ID} characters (got {name!r})")
        role = _role(role)
        created = self._now()
        with self._write() as db:
            try:
                db.execute(
                    "INSERT INTO users (id, name, role, active, created) VALUES (?, ?, ?, 1, ?)",
                    (user_id, name.strip(), role.value, created),
                )
            except sqlite3.IntegrityError as exc:
                raise Conflict(f"there is already a user with id {user_id!r}") from exc
        return User(user_id, name.strip(), role, True, datetime.fromisoformat(created))

    def get_user(self, user_id: str) -> User:
        with self._read() as db:
            row = db.execute(
                "SELECT id, name, role, active, created FROM users WHERE id = ?", (user_id,)
            ).fetchone()
        if row is None:
            raise NotFound(f"no user with id {user_id!r}")
        return _user(row)

    def users(self, *, offset: int = 0, limit: int = 100) -> list[User]:
        _check_page(offset, limit, "offset")
        with self._read() as db:
            rows = db.execute(
                "SELECT id, name, role, active, created FROM users ORDER BY id LIMIT ? OFFSET ?",
                (limit, offset),
            ).fetchall()
        return [_user(r) for r in rows]

    def set_active(self, user_id: str, active: bool) -> User:
        """Deactivate (or reactivate) a user; deactivating also ends their page sessions.

        Sessions are deleted, not just refused while the user is inactive, so reactivating
        someone does not bring back a session that may have been left open or copied.
        """
        with self._write() as db:
            changed = db.execute(
                "UPDATE users SET active = ? WHERE id = ?", (int(bool(active)), user_id)
            )
            if changed.rowcount == 0:
                raise NotFound(f"no user with id {user_id!r}")
            if not active:
                db.execute("DELETE FROM sessions WHERE user_id = ?", (user_id,))
        return self.get_user(user_id)

    def issue_key(self, user_id: str) -> IssuedKey:
        """A new key; the token is returned once and only its sha256 is written.

        A fast, unsalted hash is right here, unlike for passwords: the token is 32 random bytes
        (256 bits) from `secrets`, so no dictionary or brute-force search of the hash can find
        it, and a plain sha256 lets `authenticate` find the key by an indexed lookup per request.
        """
        token = "gsk_" + secrets.token_urlsafe(32)
        created = self._now()
        with self._write() as db:
            _require_active(db, user_id)
            key_id = _new_key_id()
            while db.execute("SELECT 1 FROM api_keys WHERE key_id = ?", (key_id,)).fetchone():
                key_id = _new_key_id()  # 48 random bits collide about never; if so, draw again
            db.execute(
                "INSERT INTO api_keys (key_id, user_id, token_sha256, created) VALUES (?, ?, ?, ?)",
                (key_id, user_id, _token_hash(token), created),
            )
        return IssuedKey(key_id, user_id, token, datetime.fromisoformat(created))

    def revoke_key(self, key_id: str) -> None:
        """Revoke a key at once, and end every page session of its owner.

        A session does not record which key signed it in, so all of the owner's end: a key is
        revoked because it may have been seen, and a session begun with it may be someone
        else's. Revoking again keeps the first revocation time.
        """
        with self._write() as db:
            row = db.execute(
                "SELECT revoked, user_id FROM api_keys WHERE key_id = ?", (key_id,)
            ).fetchone()
            if row is None:
                raise NotFound(f"no API key with id {key_id!r}")
            if row[0] is None:
                revoked = self._now()
                db.execute("UPDATE api_keys SET revoked = ? WHERE key_id = ?", (revoked, key_id))
            db.execute("DELETE FROM sessions WHERE user_id = ?", (row[1],))

    def key_owner(self, key_id: str) -> str | None:
        """The user a key was issued to, revoked or not; None if there is no such key."""
        if not isinstance(key_id, str):
            return None
        with self._read() as db:
            row = db.execute("SELECT user_id FROM api_keys WHERE key_id = ?", (key_id,)).fetchone()
        return None if row is None else str(row[0])

    def authenticate(self, token: str) -> User | None:
        """The active user holding this key, or None.

        The lookup is by the token's sha256 on a unique index: the database never compares the
        secret itself, and timing reveals nothing useful (an attacker cannot choose the hash).
        """
        if not isinstance(token, str) or not token.startswith("gsk_") or len(token) > 100:
            return None
        with self._read() as db:
            row = db.execute(
                "SELECT u.id, u.name, u.role, u.active, u.created FROM api_keys k"
                " JOIN users u ON u.id = k.user_id"
                " WHERE k.token_sha256 = ? AND k.revoked IS NULL AND u.active = 1",
                (_token_hash(token),),
            ).fetchone()
        return None if row is None else _user(row)

    # --- page sessions -----------------------------------------------------------------

    def start_session(self, user_id: str, policy: SessionPolicy) -> str:
        """A new session for an active user; the id is returned once and only its sha256 kept.

        As with API keys, a plain sha256 suffices: the id is 32 random bytes, so its hash
        cannot be searched back to it, and a stolen register file holds no live session.
        Sessions already past ``policy`` are deleted here, so the table never grows with
        sessions nobody signed out of.
        """
        session_id = secrets.token_urlsafe(32)
        now = self._clock()
        with self._write() as db:
            _require_active(db, user_id)
            db.execute(
                "DELETE FROM sessions WHERE created < ? OR last_seen < ?",
                (_iso(now - policy.lifetime), _iso(now - policy.idle)),
            )
            db.execute(
                "INSERT INTO sessions (id_sha256, user_id, created, last_seen) VALUES (?, ?, ?, ?)",
                (_token_hash(session_id), user_id, _iso(now), _iso(now)),
            )
        return session_id

    def session_user(self, session_id: str, policy: SessionPolicy) -> User | None:
        """The active user of a live session, or None; the session's last use is moved on.

        ``last_seen`` is written at most once every ``_touch_every(policy)``, not on every
        request, so a page with its map and scripts costs one write a minute, not one each;
        the idle timeout is therefore kept to within that much.
        """
        if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
            return None  # not one of ours (forged, damaged, an old signed cookie): no lookup
        digest = _token_hash(session_id)
        now = self._clock()
        with self._read() as db:
            row = db.execute(
                "SELECT s.created, s.last_seen, u.id, u.name, u.role, u.active, u.created"
                " FROM sessions s JOIN users u ON u.id = s.user_id"
                " WHERE s.id_sha256 = ? AND u.active = 1",
                (digest,),
            ).fetchone()
        if row is None:
            return None
        created, last_seen = datetime.fromisoformat(row[0]), datetime.fromisoformat(row[1])
        if now - created >= policy.lifetime or now - last_seen >= policy.idle:
            with self._write() as db:
                db.execute("DELETE FROM sessions WHERE id_sha256 = ?", (digest,))
            return None
        if now - last_seen >= _touch_every(policy):
            with self._write() as db:
                db.execute(
                    "UPDATE sessions SET last_seen = ? WHERE id_sha256 = ? AND last_seen < ?",
                    (_iso(now), digest, _iso(now)),
                )
        return _user(row[2:])

    def end_session(self, session_id: str) -> str | None:
        """Sign out: delete the session, so the cookie is worthless even if it was copied."""
        if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
            return None
        digest = _token_hash(session_id)
        with self._write() as db:
            row = db.execute(
                "SELECT user_id FROM sessions WHERE id_sha256 = ?", (digest,)
            ).fetchone()
            db.execute("DELETE FROM sessions WHERE id_sha256 = ?", (digest,))
        return None if row is None else str(row[0])

    # --- caseloads ---------------------------------------------------------------------

    def assign(self, broker_id: str, person_ids: Iterable[str]) -> None:
        people = _ids(person_ids)
        with self._write() as db:
            role = _role_of(db, broker_id)
            if role != Role.broker:
                raise BadRequest(f"user {broker_id!r} is a {role}, not a broker: no caseload")
            db.executemany(
                "INSERT OR IGNORE INTO caseloads (broker_id, person_id) VALUES (?, ?)",
                [(broker_id, p) for p in people],
            )

    def unassign(self, broker_id: str, person_ids: Iterable[str]) -> None:
        people = _ids(person_ids)
        with self._write() as db:
            _role_of(db, broker_id)
            db.executemany(
                "DELETE FROM caseloads WHERE broker_id = ? AND person_id = ?",
                [(broker_id, p) for p in people],
            )

    def caseload(self, broker_id: str) -> frozenset[str]:
        with self._read() as db:
            rows = db.execute(
                "SELECT person_id FROM caseloads WHERE broker_id = ?", (broker_id,)
            ).fetchall()
        return frozenset(r[0] for r in rows)

    # --- consent history -------------------------------------------------------------

    def record_consent(self, person_id: str, consent: str, recorded_by: str) -> ConsentRecord:
        check_id(person_id, "person id")
        check_id(recorded_by, "recorded_by")
        try:
            value = Consent(consent).value
        except ValueError as exc:
            allowed = ", ".join(c.value for c in Consent)
            raise BadRequest(f"consent must be one of {allowed} (got {consent!r})") from exc
        at = self._now()
        with self._write() as db:
            db.execute(
                "INSERT INTO consent_log (person_id, consent, recorded_at, recorded_by)"
                " VALUES (?, ?, ?, ?)",
                (person_id, value, at, recorded_by),
            )
        return ConsentRecord(person_id, value, datetime.fromisoformat(at), recorded_by)

    def consent_history(self, person_id: str) -> list[ConsentRecord]:
        with self._read() as db:
            rows = db.execute(
                "SELECT person_id, consent, recorded_at, recorded_by FROM consent_log"
                " WHERE person_id = ? ORDER BY id",
                (person_id,),
            ).fetchall()
        return [ConsentRecord(p, c, datetime.fromisoformat(at), by) for p, c, at, by in rows]

    # --- audit -------------------------------------------------------------------------

    def audit(
        self,
        user_id: str,
        action: str,
        person_id: str | None = None,
        outcome: str = "ok",
        *,
        subject_user_id: str | None = None,
    ) -> AuditEntry:
        """Append one entry to the chain. Ids and verbs only: a name or payload is refused."""
        event = AuditEvent(user_id, action, person_id, outcome, subject_user_id)
        return self.audit_many([event])[0]

    def audit_many(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        """Append several entries in one transaction: all are written, or none is.

        One commit (one fsync) for many entries is what lets a busy API audit every read
        without waiting on the disk once per request (`graphsvc.governance.audit_writer`).
        """
        entries: list[AuditEntry] = []
        with self._append() as db:  # BEGIN IMMEDIATE: read the head and append in one lock
            head = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (head[0], head[1]) if head else (0, GENESIS_HASH)
            for e in events:
                seq, at = seq + 1, self._now()
                subject = e.subject_user_id
                digest = chain_hash(
                    prev, seq, at, e.user_id, e.action, e.person_id, e.outcome, subject
                )
                db.execute(
                    "INSERT INTO audit (seq, at, user_id, action, person_id, outcome,"
                    " prev_hash, hash, subject_user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (seq, at, e.user_id, e.action, e.person_id, e.outcome, prev, digest, subject),
                )
                when = datetime.fromisoformat(at)
                fields = (e.user_id, e.action, e.person_id, e.outcome, prev, digest, subject)
                entries.append(AuditEntry(seq, when, *fields))
                prev = digest
        return entries

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
        _check_page(after, limit, "after")
        where, params = ["seq > ?"], [after]
        if person_id is not None:
            where.append("person_id = ?")
            params.append(person_id)
        if user_id is not None:
            where.append("user_id = ?")
            params.append(user_id)
        if subject_user_id is not None:
            where.append("subject_user_id = ?")
            params.append(subject_user_id)
        if since is not None:
            if since.tzinfo is None:
                raise BadRequest("since must carry a timezone (UTC, say)")
            where.append("at >= ?")
            params.append(_iso(since))
        with self._read() as db:
            rows = db.execute(
                f"SELECT {_AUDIT_COLUMNS} FROM audit WHERE {' AND '.join(where)}"
                " ORDER BY seq LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [_entry(r) for r in rows]

    def verify_audit(self) -> int | None:
        """Walk the whole chain; None if intact, else the seq of the first entry that fails.

        An entry fails if its stored hash is not the hash of its fields, or if its prev_hash is
        not the stored hash of the entry before it (the first one's: 64 zeros). A changed entry
        fails itself; a removed entry makes the next one fail; a reordering fails at the first
        moved entry. Removing entries from the *end* leaves a shorter, valid chain: keep a copy
        of the last hash elsewhere (``graphsvc admin verify-audit`` prints it) to detect that.
        """
        expected_prev = GENESIS_HASH
        with self._read() as db:
            for row in db.execute(f"SELECT {_AUDIT_COLUMNS} FROM audit ORDER BY seq"):
                seq, at, user_id, action, person_id, outcome, prev, digest, subject = row
                if prev != expected_prev or digest != chain_hash(
                    prev, seq, at, user_id, action, person_id, outcome, subject
                ):
                    return int(seq)
                expected_prev = digest
        return None

    # --- erasure -----------------------------------------------------------------------

    def forget_person(self, person_id: str) -> tuple[int, int]:
        """Remove the person from every caseload and their consent history, from the bytes too.

        The audit trail keeps the person's id (never a name): the record that their data was
        read, written and erased is itself required, and the chain could not verify without it.
        """
        check_id(person_id, "person id")
        with self._write() as db:
            caseloads = db.execute("DELETE FROM caseloads WHERE person_id = ?", (person_id,))
            consents = db.execute("DELETE FROM consent_log WHERE person_id = ?", (person_id,))
            counts = (caseloads.rowcount, consents.rowcount)
        with self._lock, _translated(self.path):
            # Old page images stay in the WAL until it is reset; TRUNCATE empties the file now.
            # Best effort: a reader holding an old snapshot delays it to a later checkpoint.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return counts

    # --- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        with self._append_lock:
            if self._appender is not None:
                self._appender.close()
        with self._lock:
            self._db.close()

    def __enter__(self) -> SqliteRegister:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ---------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _translated(self.path):
            yield self._db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front so reads inside it cannot go stale."""
        with self._lock, _translated(self.path):
            yield from _transaction(self._db)

    def _now(self) -> str:
        """Now by the register's clock, as stored (every time it writes comes from here)."""
        return _iso(self._clock())

    @contextmanager
    def _append(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on the audit connection (the only one for ``:memory:``)."""
        if self.path == ":memory:":  # a second connection would open another, empty database
            with self._write() as db:
                yield db
            return
        with self._append_lock:
            if self._appender is None:
                self._appender = self._connect()
            with _translated(self.path):
                yield from _transaction(self._appender)

    def _migrate(self) -> None:
        with self._write() as db:
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(db.execute("PRAGMA application_id").fetchone()[0])
            if version == 0 and db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                raise StoreCorrupt(
                    f"{self.path} is another database, not a graphsvc register (is it the graph "
                    "store?); point GRAPHSVC_REGISTER at a file of its own"
                )
            if version and app_id != _APPLICATION_ID:
                raise StoreCorrupt(f"{self.path} is not a graphsvc register")
            if version > SCHEMA_VERSION:
                raise StoreCorrupt(
                    f"{self.path} was written by a newer graphsvc (register schema {version}, "
                    f"this version reads up to {SCHEMA_VERSION}); upgrade graphsvc"
                )
            for step in _MIGRATIONS[version:]:
                for statement in step:
                    db.execute(statement)
            if version < SCHEMA_VERSION:
                db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


_AUDIT_COLUMNS = "seq, at, user_id, action, person_id, outcome, prev_hash, hash, subject_user_id"
#: What `secrets.token_urlsafe(32)` gives: 43 URL-safe characters. Anything else is not a session.
_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{43}")


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    seq, at, user_id, action, person_id, outcome, prev, digest, subject = row
    return AuditEntry(
        seq, datetime.fromisoformat(at), user_id, action, person_id, outcome, prev, digest, subject
    )


def _touch_every(policy: SessionPolicy) -> timedelta:
    """How stale a session's ``last_seen`` may get before a request writes it again."""
    return min(timedelta(minutes=1), policy.idle / 10)


def _user(row: tuple[str, str, str, int, str]) -> User:
    user_id, name, role, active, created = row
    return User(user_id, name, Role(role), bool(active), datetime.fromisoformat(created))


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        allowed = ", ".join(r.value for r in Role)
        raise BadRequest(f"role must be one of {allowed} (got {role!r})") from exc


def _role_of(db: sqlite3.Connection, user_id: str) -> Role:
    row = db.execute("SELECT role FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise NotFound(f"no user with id {user_id!r}")
    return Role(row[0])


def _ids(values: Iterable[str]) -> list[str]:
    if isinstance(values, str):  # a lone id would otherwise be read as its characters
        values = [values]
    out = list(dict.fromkeys(values))
    for value in out:
        check_id(value, "person id")
    return out


def _check_page(start: int, limit: int, name: str) -> None:
    if not isinstance(start, int) or start < 0:
        raise BadRequest(f"{name} must be a whole number, 0 or more (got {start!r})")
    if not isinstance(limit, int) or not 1 <= limit <= MAX_PAGE:
        raise BadRequest(f"limit must be a whole number from 1 to {MAX_PAGE} (got {limit!r})")


def _new_key_id() -> str:
    """A short public name for a key, to list and revoke it by; it reveals nothing of the token."""
    return "key_" + secrets.token_hex(6)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _iso(moment: datetime) -> str:
    """Fixed-width UTC ISO text, so text order is time order in SQL comparisons."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _require_active(db: sqlite3.Connection, user_id: str) -> None:
    """Refuse to give a key or a session to a user who does not exist or is deactivated."""
    row = db.execute("SELECT active FROM users WHERE id = ?", (user_id,)).fetchone()
    if row is None:
        raise NotFound(f"no user with id {user_id!r}")
    if not row[0]:
        raise BadRequest(f"user {user_id!r} is deactivated; reactivate them first")


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _create_private(path: Path) -> None:
    """Create a new register readable by its owner only: it holds caseloads and key hashes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _translated(path: str) -> AbstractContextManager[None]:
    return sqlite_errors(path, noun="register", setting="GRAPHSVC_REGISTER")
