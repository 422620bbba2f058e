"""Group commit for the audit trail: many requests' entries, one transaction, one fsync.

Every read of a person's map is audited, and an entry must be on disk before the data leaves
the service (the register runs SQLite with ``synchronous=FULL``). Written one by one, each
request waits for its own fsync (a few milliseconds on a virtual disk, more than the map query
itself), and requests queue behind each other's. `AuditWriter` keeps one thread that takes
every entry waiting, writes them in one transaction (`Register.audit_many`: all or none, in
order) and resolves each caller's future. A caller submits, goes on with its work (the graph
query) while the entry is written, and waits for the future before it answers, so an entry
is never later than the response it audits (`graphsvc.api.audit_gate`).

>>> from graphsvc.governance.sqlite import SqliteRegister
>>> with SqliteRegister(":memory:") as register, AuditWriter(register) as writer:
...     writer.submit(AuditEvent("ann", "read_map", "p1")).result().seq
1
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from types import TracebackType

from graphsvc.governance.base import Register
from graphsvc.governance.types import AuditEntry, AuditEvent

__all__ = ["AuditEvent", "AuditWriter"]

#: Entries written in one transaction at most: bounds how long one commit holds the register.
MAX_BATCH = 500

_Item = tuple[AuditEvent, "Future[AuditEntry]"]


class AuditWriter:
    """One writer thread per register; `submit` from any thread, `close` once at the end."""

    def __init__(self, register: Register) -> None:
        self._register = register
        self._queue: queue.SimpleQueue[_Item | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="graphsvc-audit", daemon=True)
        self._thread.start()

    def submit(self, event: AuditEvent) -> Future[AuditEntry]:
        """Queue ``event``; the future gives its entry once committed, or the write's error."""
        future: Future[AuditEntry] = Future()
        if self._closed:
            future.set_exception(RuntimeError("the audit writer is closed"))
            return future
        self._queue.put((event, future))
        return future

    def close(self) -> None:
        """Write what is queued, then stop the thread."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._thread.join()

    def __enter__(self) -> AuditWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < MAX_BATCH:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    stopping = True
                    break
                batch.append(item)
            self._write(batch)

    def _write(self, batch: list[_Item]) -> None:
        try:
            entries = self._register.audit_many([event for event, _ in batch])
        except Exception as exc:  # each caller gets the error (and refuses to answer)
            if len(batch) > 1:  # one bad event must not fail the others: write them alone
                for item in batch:
                    self._write([item])
                return
            batch[0][1].set_exception(exc)
            return
        for (_, future), entry in zip(batch, entries, strict=True):
            future.set_result(entry)
