"""The app's link to its graph store, opened lazily when it could not be at start-up.

The API starts even when Neo4j is down (a container may come up before its database). Every
request that needs the store then answers 503 with ``Retry-After`` and tries to open the store
again, so the service recovers by itself when the store returns, whether or not anything polls
``/ready``. One lock makes concurrent requests open it once, not once each.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from fastapi import FastAPI, Request

from graphsvc.errors import StoreUnavailable
from graphsvc.store.base import GraphStore

__all__ = ["install", "store_of"]

NOT_YET = "The graph store cannot be reached yet; try again shortly."


def install(app: FastAPI, opener: Callable[[], GraphStore]) -> None:
    """Give ``app`` a way to (re)open its store with ``opener``; nothing is opened here."""
    lock = threading.Lock()

    def connect() -> GraphStore:
        with lock:
            store = getattr(app.state, "store", None)
            if store is None:
                store = opener()  # StoreUnavailable propagates: 503 with Retry-After
                app.state.store = store
            return store  # type: ignore[no-any-return]

    app.state.connect_store = connect


def store_of(request: Request) -> GraphStore:
    """The app's store; opened now if it is not open yet (`StoreUnavailable` if it cannot be)."""
    store = getattr(request.app.state, "store", None)
    if store is not None:
        return store  # type: ignore[no-any-return]
    connect = getattr(request.app.state, "connect_store", None)
    if connect is None:
        raise StoreUnavailable(NOT_YET)
    return connect()  # type: ignore[no-any-return]
