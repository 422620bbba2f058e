"""The FastAPI application: one store and one register per process, opened at start-up.

Every route except the health checks, the documentation and sign-in goes through
`graphsvc.api.access.authorise` (added to each router here, not left to handlers), so an
endpoint cannot forget to check who is calling. Errors are problem+json (`graphsvc.api.problems`).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from graphsvc import __version__
from graphsvc.api import openapi, pages, problems, store_link
from graphsvc.api.access import authorise, check_policy
from graphsvc.api.audit_gate import AuditGate
from graphsvc.api.deps import Caller
from graphsvc.api.routes import admin, assets, io, maps, nodes, people, research
from graphsvc.config import Settings
from graphsvc.errors import StoreError, StoreUnavailable
from graphsvc.governance.audit_writer import AuditWriter
from graphsvc.governance.base import Register
from graphsvc.model import Label
from graphsvc.store import GraphStore, open_store

RETRY_AFTER_S = problems.RETRY_AFTER_S
log = logging.getLogger("graphsvc.api")

DESCRIPTION = """
Relationship maps, relational proximity, chains of connection and asset maps for social care.

**Sign in** with an API key: `Authorization: Bearer <key>` (or `X-API-Key: <key>`). An admin
issues keys (`graphsvc admin key USER_ID`). What you may call depends on your role:

| role | may |
| --- | --- |
| broker | read and write the people on their caseload, and third parties in those maps |
| commissioner | neighbourhood aggregates only, small numbers suppressed; never a name |
| researcher | pseudonymised exports only |
| admin | users, keys, caseloads, erasure and the audit trail; no maps |

Errors are `application/problem+json` (RFC 9457): `detail` says what to fix, `errors` names
each field at fault. Lists are paged: follow `next` until it is null.
"""


def create_app(
    settings: Settings | None = None,
    *,
    store_factory: Callable[[], GraphStore] | None = None,
    register_factory: Callable[[], Register] | None = None,
) -> FastAPI:
    """Build the app. The factories let tests hand in a store and a register.

    What a factory returns belongs to its caller, who closes it; what the app opens itself
    (from ``settings``) it closes at shutdown.
    """
    settings = settings or Settings()

    def open_register() -> Register:
        if register_factory:
            return register_factory()
        from graphsvc.governance.sqlite import SqliteRegister

        return SqliteRegister(settings.register_db)

    def open_graph_store() -> GraphStore:
        return store_factory() if store_factory else open_store(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = None
        # Start even if the store is down: requests answer 503 (with Retry-After) and try to
        # open it again, so the service recovers by itself when the store returns.
        with suppress(StoreUnavailable):
            app.state.store = open_graph_store()
        app.state.register = open_register()
        app.state.audit_writer = AuditWriter(app.state.register)
        yield
        app.state.audit_writer.close()  # what is queued is written before the register closes
        if register_factory is None:
            app.state.register.close()
        if store_factory is None and app.state.store is not None:
            app.state.store.close()

    app = FastAPI(title="graphsvc", version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    store_link.install(app, open_graph_store)
    if settings.secret is not None:
        app.state.secret = settings.secret.get_secret_value().encode()
    else:
        log.warning("GRAPHSVC_SECRET is not set: using a random secret for this process")
        app.state.secret = secrets.token_bytes(32)
    problems.install(app)
    app.add_middleware(AuditGate)
    routers = [m.router for m in (people, maps, nodes, assets, research, io, admin, pages)]
    for router in routers:
        app.include_router(router, dependencies=[Depends(authorise)])
    pages.install(app)  # sign-in, static files, error pages

    @app.get("/health", name="health", tags=["ops"], summary="The process is up")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", name="ready", tags=["ops"],
             summary="The store answers; 503 with Retry-After if not")  # fmt: skip
    def ready(request: Request) -> JSONResponse:
        try:  # one tiny indexed read: a load balancer polls this (counts() scans every tie)
            store_link.store_of(request).page(Label.NEIGHBOURHOOD, limit=1)
        except StoreError as exc:
            return problems.problem(
                503, "The graph store cannot be reached", str(exc),
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )  # fmt: skip
        return JSONResponse({"status": "ready", "store": settings.store})

    @app.get("/whoami", name="whoami", tags=["ops"], summary="Who you are signed in as")
    def whoami(p: Caller) -> dict[str, object]:
        return {"id": p.user.id, "name": p.user.name, "role": p.role.value,
                "caseload": len(p.caseload)}  # fmt: skip

    all_routes = [*app.routes, *(r for router in routers for r in router.routes)]
    check_policy(all_routes)
    openapi.install(app, all_routes)
    return app
