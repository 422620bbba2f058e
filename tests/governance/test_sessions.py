"""Page sessions in the register: only a hash is kept, and a session ends when it should.

Sessions are timed by a clock the tests move (`Clock`), so no test waits for a timeout.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest

from graphsvc.errors import BadRequest, NotFound
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role, SessionPolicy
from tests.governance.conftest import Clock, file_bytes

POLICY = SessionPolicy(idle=timedelta(minutes=30), lifetime=timedelta(hours=12))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reg(register_path: Path, clock: Clock) -> Iterator[SqliteRegister]:
    with SqliteRegister(register_path, clock=clock) as register:
        register.add_user("ann", "Ann Lee", Role.broker)
        register.add_user("bob", "Bob Roe", Role.admin)
        yield register


def _rows(path: Path) -> list[tuple[str, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT id_sha256, user_id, created, last_seen FROM sessions").fetchall()


def test_a_session_is_a_random_id_whose_hash_alone_is_kept(
    reg: SqliteRegister, register_path: Path
) -> None:
    session = reg.start_session("ann", POLICY)
    assert len(session) == 43 and session != reg.start_session("ann", POLICY)
    user = reg.session_user(session, POLICY)
    assert user is not None and user.id == "ann"
    digest = hashlib.sha256(session.encode()).hexdigest()
    assert (digest, "ann") in [row[:2] for row in _rows(register_path)]
    assert session.encode() not in file_bytes(register_path)


def test_a_session_ends_when_left_unused(reg: SqliteRegister, clock: Clock) -> None:
    session = reg.start_session("ann", POLICY)
    for _ in range(5):  # used every 25 minutes: it lives on, past the idle limit many times over
        clock.move(minutes=25)
        assert reg.session_user(session, POLICY) is not None
    clock.move(minutes=30)
    assert reg.session_user(session, POLICY) is None
    clock.move(seconds=-1)  # and it is gone: turning the clock back does not bring it back
    assert reg.session_user(session, POLICY) is None


def test_a_session_ends_after_its_lifetime_however_busy(reg: SqliteRegister, clock: Clock) -> None:
    session = reg.start_session("ann", POLICY)
    for _ in range(12 * 6 - 1):  # a request every 10 minutes for 11 h 50 min
        clock.move(minutes=10)
        assert reg.session_user(session, POLICY) is not None
    clock.move(minutes=10)
    assert reg.session_user(session, POLICY) is None


def test_the_idle_limit_is_kept_to_within_a_minute(reg: SqliteRegister, clock: Clock) -> None:
    """``last_seen`` is written at most once a minute: a session may end that much early."""
    session = reg.start_session("ann", POLICY)
    clock.move(seconds=59)
    assert reg.session_user(session, POLICY) is not None  # too soon to write last_seen
    clock.move(minutes=29, seconds=1)
    assert reg.session_user(session, POLICY) is None


def test_signing_out_ends_the_session_for_good(reg: SqliteRegister) -> None:
    session = reg.start_session("ann", POLICY)
    other = reg.start_session("ann", POLICY)
    assert reg.end_session(session) == "ann"
    assert reg.session_user(session, POLICY) is None
    assert reg.end_session(session) is None  # again: nothing to end
    assert reg.session_user(other, POLICY) is not None  # the other browser stays signed in


def test_revoking_any_key_of_a_user_ends_all_their_sessions(reg: SqliteRegister) -> None:
    key = reg.issue_key("ann")
    reg.issue_key("ann")
    sessions = [reg.start_session("ann", POLICY) for _ in range(2)]
    bobs = reg.start_session("bob", POLICY)
    reg.revoke_key(key.key_id)
    assert [reg.session_user(s, POLICY) for s in sessions] == [None, None]
    assert reg.session_user(bobs, POLICY) is not None
    assert reg.key_owner(key.key_id) == "ann" and reg.key_owner("key_nope") is None


def test_deactivating_a_user_ends_their_sessions_and_reactivating_brings_none_back(
    reg: SqliteRegister, register_path: Path
) -> None:
    session = reg.start_session("ann", POLICY)
    reg.set_active("ann", False)
    assert reg.session_user(session, POLICY) is None
    assert _rows(register_path) == []
    reg.set_active("ann", True)
    assert reg.session_user(session, POLICY) is None
    reg.set_active("ann", False)
    with pytest.raises(BadRequest, match="deactivated"):
        reg.start_session("ann", POLICY)


def test_removing_a_user_row_removes_their_sessions(
    reg: SqliteRegister, register_path: Path
) -> None:
    """No command deletes a user today; the foreign key makes sure one would end sessions."""
    reg.start_session("bob", POLICY)
    with closing(sqlite3.connect(register_path, isolation_level=None)) as db:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM users WHERE id = 'bob'")
    assert _rows(register_path) == []


def test_only_existing_users_get_a_session(reg: SqliteRegister) -> None:
    with pytest.raises(NotFound):
        reg.start_session("nobody", POLICY)


@pytest.mark.parametrize(
    "session",
    ["", "x", "a" * 43 + "=", "é" * 43, "a" * 10_000, "eyJhcGlfa2V5IjogImdzayJ9.Zx.abc", None, 7],
)
def test_anything_else_is_no_session(reg: SqliteRegister, session: object) -> None:
    assert reg.session_user(session, POLICY) is None  # type: ignore[arg-type]
    assert reg.end_session(session) is None  # type: ignore[arg-type]


def test_a_random_id_of_the_right_shape_is_no_session(reg: SqliteRegister) -> None:
    reg.start_session("ann", POLICY)
    assert reg.session_user("A" * 43, POLICY) is None


def test_sessions_past_their_time_are_cleared_out_at_the_next_sign_in(
    reg: SqliteRegister, register_path: Path, clock: Clock
) -> None:
    for _ in range(3):
        reg.start_session("ann", POLICY)
    clock.move(hours=1)
    reg.start_session("bob", POLICY)
    assert [row[1] for row in _rows(register_path)] == ["bob"]
