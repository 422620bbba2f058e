"""No response leaves before its audit entry is on disk; the entry is written alongside the work.

`graphsvc.api.access.authorise` submits each audited request's entry to the app's
`AuditWriter` (group commit on a thread of its own) and carries on: the map query and the
entry's fsync overlap instead of adding up. `AuditGate`, an ASGI middleware, holds the
response's first message until every entry the request submitted is committed. If one could
not be written, the response is replaced by a 503: data that cannot be audited is not shown.

Without the gate (an app built some other way), `record` waits for the entry there and then,
so an entry can be slower but never missing.
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import Future
from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graphsvc.api.problems import PROBLEM_JSON, RETRY_AFTER_S
from graphsvc.governance.audit_writer import AuditWriter
from graphsvc.governance.types import AuditEntry, AuditEvent

__all__ = ["AuditGate", "record"]

log = logging.getLogger("graphsvc.api")

#: Where the gate keeps this request's pending entries, in the ASGI scope.
PENDING = "graphsvc.audit_pending"


def record(request: Request, event: AuditEvent, *, wait: bool = False) -> None:
    """Audit ``event`` for this request; the gate makes the response wait for it.

    ``wait``: block until it is written (a refusal is on record before it is answered, and
    the caller learns now if it could not be).
    """
    writer: AuditWriter | None = getattr(request.app.state, "audit_writer", None)
    if writer is None:  # no writer thread (an app without lifespan): write it now
        request.app.state.register.audit_many([event])
        return
    future = writer.submit(event)
    pending: list[Future[AuditEntry]] | None = request.scope.get(PENDING)
    if wait or pending is None:
        future.result()
    else:
        pending.append(future)


class AuditGate:
    """ASGI middleware: hold ``http.response.start`` until the request's entries are written."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        pending: list[Future[AuditEntry]] = []
        scope[PENDING] = pending
        replaced = False

        async def gated(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the body of a response that was replaced by the 503 below
            if message["type"] == "http.response.start" and pending:
                try:
                    await asyncio.gather(*(asyncio.wrap_future(f) for f in pending))
                except Exception:
                    log.exception("an audit entry could not be written; the response is withheld")
                    replaced = True
                    await _unavailable(send)
                    return
            await send(message)

        await self.app(scope, receive, gated)


async def _unavailable(send: Send) -> None:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": "The audit trail cannot be written",
        "status": 503,
        "detail": "Nothing is shown that cannot be audited. Try again shortly; if it persists, "
        "an admin should check the register file (GRAPHSVC_REGISTER) and its disk.",
    }
    data = json.dumps(body).encode()
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(data)).encode()),
        (b"retry-after", str(RETRY_AFTER_S).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": data})
