"""What handlers take from the app: the store, the register, settings, paging, the caller.

Handlers get these through FastAPI dependencies so tests can build an app around any store and
register (`graphsvc.api.create_app`), and so no handler opens a connection of its own.
"""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from graphsvc.api.access import authorise
from graphsvc.api.store_link import store_of
from graphsvc.config import Settings
from graphsvc.governance.base import Register
from graphsvc.governance.types import Principal
from graphsvc.store.base import GraphStore

__all__ = ["Caller", "Conf", "Limit", "Page", "Reg", "Store", "next_link"]

T = TypeVar("T")


# The cheap dependencies are ``async def``: FastAPI runs a plain ``def`` dependency on the
# thread pool, and a hop there and back costs more than these lookups themselves.
async def _store(request: Request) -> GraphStore:
    store = getattr(request.app.state, "store", None)
    if store is not None:
        return store  # type: ignore[no-any-return]
    return await run_in_threadpool(store_of, request)  # (re)connecting blocks: not on the loop


async def _register(request: Request) -> Register:
    return request.app.state.register  # type: ignore[no-any-return]


async def _settings(request: Request) -> Settings:
    return request.app.state.settings  # type: ignore[no-any-return]


Store = Annotated[GraphStore, Depends(_store)]
Reg = Annotated[Register, Depends(_register)]
Conf = Annotated[Settings, Depends(_settings)]
Caller = Annotated[Principal, Depends(authorise)]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page (1-500).")]


class Page(BaseModel, Generic[T]):
    """One page of a list. Follow ``next`` (a full URL) until it is null."""

    items: list[T]
    next: str | None = Field(None, description="URL of the next page; null on the last page.")
    limit: int


def next_link(request: Request, **params: object) -> str:
    """This request's URL with ``params`` replaced: the next page keeps every other filter."""
    return str(request.url.include_query_params(**params))
