"""A bound on the expensive requests a worker computes at once, so cheap ones keep flowing.

A person's map is a few milliseconds; their scores, chains of connection or page are tens to
hundreds of milliseconds of CPU. Left unbounded, a burst of those fills the worker's thread
pool and every map waits behind them (the first load test: maps at 5 per second, chains timing
out after 60 s). Routes that depend on `analytics_slot` take one of ``analytics_slots`` slots
of their own kind per worker; the rest wait, without holding a thread, up to
``analytics_wait_s`` and then get a 503 with ``Retry-After``, which a client can act on,
rather than a timeout, which it cannot.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import Request

from graphsvc.errors import Busy

__all__ = ["analytics_slot"]


def _slots(request: Request) -> asyncio.Semaphore:
    """This route's semaphore, made on first use (inside the running event loop).

    One per route: scores, which take tens of milliseconds, never queue behind chains of
    connection, which can take a second on Neo4j; each kind is bounded on its own.
    """
    state = request.app.state
    by_route: dict[str, asyncio.Semaphore] | None = getattr(state, "analytics_slots", None)
    if by_route is None:
        by_route = state.analytics_slots = {}
    name = getattr(request.scope.get("route"), "name", "")
    slots = by_route.get(name)
    if slots is None:
        slots = by_route[name] = asyncio.Semaphore(state.settings.analytics_slots)
    return slots


async def analytics_slot(request: Request) -> AsyncIterator[None]:
    """Hold one analytics slot for the request; `Busy` (503) if none frees up in time."""
    slots = _slots(request)
    wait_s = request.app.state.settings.analytics_wait_s
    try:
        await asyncio.wait_for(slots.acquire(), timeout=wait_s)
    except TimeoutError:
        raise Busy(
            f"Too many scores, chains or person pages are being worked out at once; none "
            f"finished within {wait_s:g} s. Try again in a few seconds."
        ) from None
    try:
        yield
    finally:
        slots.release()
