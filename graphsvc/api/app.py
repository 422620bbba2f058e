"""The FastAPI application: one store per process, opened at start-up and closed at shutdown.

For now it answers the health checks a deployment needs (``/health``: the process is up;
``/ready``: the store answers). The routers for people, maps, scores and asset maps hang off
this app as they are built.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from graphsvc import __version__
from graphsvc.config import Settings
from graphsvc.errors import StoreError, StoreUnavailable
from graphsvc.store import GraphStore, open_store

RETRY_AFTER_S = 5


def create_app(
    settings: Settings | None = None, *, store_factory: Callable[[], GraphStore] | None = None
) -> FastAPI:
    """Build the app. ``store_factory`` lets tests hand in a store; otherwise `open_store`."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = None
        # Start even if the store is down: /ready says 503 until it can be reached.
        with suppress(StoreUnavailable):
            app.state.store = store_factory() if store_factory else open_store(settings)
        yield
        if app.state.store is not None:
            app.state.store.close()

    app = FastAPI(title="graphsvc", version=__version__, lifespan=lifespan)

    @app.get("/health", tags=["ops"], summary="The process is up")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", tags=["ops"], summary="The store answers; 503 with Retry-After if not")
    def ready(request: Request) -> JSONResponse:
        try:
            if request.app.state.store is None:
                request.app.state.store = store_factory() if store_factory else open_store(settings)
            request.app.state.store.counts()
        except StoreError as exc:
            return JSONResponse(
                {"status": "unavailable", "detail": str(exc)},
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        return JSONResponse({"status": "ready", "store": settings.store})

    return app
