"""The audit trail: append-only, a hash chain that finds tampering, safe to append concurrently."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graphsvc.errors import BadRequest
from graphsvc.governance.sqlite import GENESIS_HASH, SqliteRegister, chain_hash
from tests.governance.conftest import raw_sql


def _fill(register: SqliteRegister, n: int = 5) -> None:
    for i in range(1, n + 1):
        register.audit(f"user{i % 2}", "read_map", f"p{i}")


def test_entries_form_a_hash_chain(register: SqliteRegister) -> None:
    first = register.audit("ann", "read_map", "p1")
    second = register.audit("ann", "export_pseudonymised", outcome="refused")
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.hash
    at = first.at.isoformat(timespec="microseconds")
    assert first.hash == chain_hash(GENESIS_HASH, 1, at, "ann", "read_map", "p1", "ok")
    assert register.audit_log() == [first, second]
    assert register.verify_audit() is None


def test_an_empty_trail_verifies(register: SqliteRegister) -> None:
    assert register.verify_audit() is None


@pytest.mark.parametrize(
    ("action", "outcome"),
    [
        ("Read_Map", "ok"),
        ("read map", "ok"),
        ("read_map:Ann Lee", "ok"),
        ("a" * 41, "ok"),
        ("", "ok"),
        ("read_map", "failed"),
        ("read_map", "OK"),
    ],
)
def test_names_and_payloads_are_refused(
    register: SqliteRegister, action: str, outcome: str
) -> None:
    with pytest.raises(BadRequest):
        register.audit("ann", action, "p1", outcome)
    assert register.audit_log() == []


def test_the_database_refuses_update_and_delete(
    register: SqliteRegister, register_path: Path
) -> None:
    _fill(register, 2)
    for statement in ("UPDATE audit SET outcome = 'refused'", "DELETE FROM audit WHERE seq = 1"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw_sql(register_path, statement)
    assert len(register.audit_log()) == 2 and register.verify_audit() is None


def test_a_changed_entry_is_found(register: SqliteRegister, register_path: Path) -> None:
    _fill(register)
    raw_sql(register_path, "UPDATE audit SET person_id = 'p9' WHERE seq = 3", drop_triggers=True)
    assert register.verify_audit() == 3


def test_a_changed_entry_with_its_hash_recomputed_breaks_the_next_link(
    register: SqliteRegister, register_path: Path
) -> None:
    _fill(register)
    e = register.audit_log()[2]
    forged = chain_hash(
        e.prev_hash, 3, e.at.isoformat(timespec="microseconds"), e.user_id, e.action, "p9", "ok"
    )
    raw_sql(
        register_path,
        f"UPDATE audit SET person_id = 'p9', hash = '{forged}' WHERE seq = 3",
        drop_triggers=True,
    )
    assert register.verify_audit() == 4


@pytest.mark.parametrize(("removed", "found"), [(3, 4), (1, 2)])
def test_a_removed_entry_is_found(
    register: SqliteRegister, register_path: Path, removed: int, found: int
) -> None:
    _fill(register)
    raw_sql(register_path, f"DELETE FROM audit WHERE seq = {removed}", drop_triggers=True)
    assert register.verify_audit() == found


def test_reordered_entries_are_found(register: SqliteRegister, register_path: Path) -> None:
    _fill(register)
    raw_sql(
        register_path,
        "UPDATE audit SET seq = -1 WHERE seq = 2",
        "UPDATE audit SET seq = 2 WHERE seq = 3",
        "UPDATE audit SET seq = 3 WHERE seq = -1",
        drop_triggers=True,
    )
    assert register.verify_audit() == 2


def test_a_changed_timestamp_is_found(register: SqliteRegister, register_path: Path) -> None:
    _fill(register)
    at = (register.audit_log()[1].at - timedelta(days=1)).isoformat(timespec="microseconds")
    raw_sql(register_path, f"UPDATE audit SET at = '{at}' WHERE seq = 2", drop_triggers=True)
    assert register.verify_audit() == 2


def test_the_log_pages_and_filters(register: SqliteRegister) -> None:
    _fill(register, 6)
    assert [e.seq for e in register.audit_log(after=2, limit=3)] == [3, 4, 5]
    assert [e.seq for e in register.audit_log(user_id="user0")] == [2, 4, 6]
    assert [e.seq for e in register.audit_log(person_id="p5")] == [5]
    assert len(register.audit_log(since=datetime.now(UTC) - timedelta(minutes=1))) == 6
    assert register.audit_log(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    with pytest.raises(BadRequest, match="timezone"):
        register.audit_log(since=datetime(2026, 1, 1))
    with pytest.raises(BadRequest, match="limit"):
        register.audit_log(limit=0)


def _assert_one_valid_chain(register: SqliteRegister, expected: int) -> None:
    seqs = [e.seq for e in register.audit_log(limit=1000)]
    assert seqs == list(range(1, expected + 1))  # no duplicate, no gap
    assert register.verify_audit() is None


def test_concurrent_appends_from_threads_keep_one_chain(register_path: Path) -> None:
    """Four threads with a connection each (as four processes would be) and two sharing one."""
    shared = SqliteRegister(register_path)
    own = [SqliteRegister(register_path) for _ in range(4)]
    registers = [*own, shared, shared]
    start, errors = threading.Barrier(len(registers)), []

    def append(register: SqliteRegister, worker: int) -> None:
        try:
            start.wait()
            for i in range(40):
                register.audit(f"worker{worker}", "read_map", f"p{i}")
        except Exception as exc:  # reported below: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(r, w)) for w, r in enumerate(registers)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        _assert_one_valid_chain(shared, 40 * len(registers))
    finally:
        for r in [*own, shared]:
            r.close()


_APPENDER = """
import sys
from graphsvc.governance.sqlite import SqliteRegister
with SqliteRegister(sys.argv[1]) as register:
    for i in range(int(sys.argv[2])):
        register.audit("proc" + sys.argv[3], "read_map", f"p{i}")
"""


def test_concurrent_appends_from_processes_keep_one_chain(
    register: SqliteRegister, register_path: Path
) -> None:
    procs = [
        subprocess.Popen([sys.executable, "-c", _APPENDER, str(register_path), "60", str(n)])
        for n in range(3)
    ]
    for i in range(60):  # and this process too, at the same time
        register.audit("here", "read_map", f"p{i}")
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    _assert_one_valid_chain(register, 4 * 60)
