"""Group commit: entries from many threads land in one valid chain, and errors reach callers."""

from __future__ import annotations

import threading
from collections.abc import Sequence

import pytest

from graphsvc.errors import BadRequest
from graphsvc.governance.audit_writer import AuditWriter
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import AuditEntry, AuditEvent


def test_entries_from_many_threads_form_one_valid_chain(register: SqliteRegister) -> None:
    results: list[AuditEntry] = []
    lock = threading.Lock()

    def reader(n: int) -> None:
        futures = [writer.submit(AuditEvent(f"u{n}", "read_map", f"p{i}")) for i in range(25)]
        entries = [f.result(timeout=30) for f in futures]
        with lock:
            results.extend(entries)

    with AuditWriter(register) as writer:
        threads = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(e.seq for e in results) == list(range(1, 201))
    assert register.verify_audit() is None
    log = register.audit_log(limit=500)
    assert [(e.user_id, e.person_id) for e in log] == [
        (e.user_id, e.person_id) for e in sorted(results, key=lambda e: e.seq)
    ]
    # each thread's own entries keep the order it submitted them in
    for n in range(8):
        mine = [e.person_id for e in log if e.user_id == f"u{n}"]
        assert mine == [f"p{i}" for i in range(25)]


def test_close_writes_what_is_queued(register: SqliteRegister) -> None:
    writer = AuditWriter(register)
    futures = [writer.submit(AuditEvent("ann", "read_map", "p1")) for _ in range(50)]
    writer.close()
    assert all(f.done() for f in futures)
    assert len(register.audit_log(limit=100)) == 50
    late = writer.submit(AuditEvent("ann", "read_map", "p1"))
    with pytest.raises(RuntimeError, match="closed"):
        late.result(timeout=1)


class FailingFor(SqliteRegister):
    """A register whose disk fails for one user's entries (as a full disk would for all)."""

    def audit_many(self, events: Sequence[AuditEvent]) -> list[AuditEntry]:
        if any(e.user_id == "mallory" for e in events):
            raise OSError("disk I/O error")
        return super().audit_many(events)


def test_a_failed_write_reaches_its_caller_and_spares_the_others() -> None:
    with FailingFor(":memory:") as register, AuditWriter(register) as writer:
        futures = [
            writer.submit(AuditEvent(user, "read_map", "p1")) for user in ("ann", "mallory", "bo")
        ]
        with pytest.raises(OSError, match="disk"):
            futures[1].result(timeout=10)
        assert futures[0].result(timeout=10).user_id == "ann"
        assert futures[2].result(timeout=10).user_id == "bo"
        assert register.verify_audit() is None


def test_an_event_holding_free_text_is_refused_when_made() -> None:
    with pytest.raises(BadRequest, match="person id"):
        AuditEvent("ann", "read_map", " Pat Lane, 4 Mill Rd ")
    with pytest.raises(BadRequest, match="action"):
        AuditEvent("ann", "Read the map of Pat")
