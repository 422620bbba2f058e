"""Errors as RFC 9457 problem details (``application/problem+json``), in one place.

Every error the API returns has the same shape: ``type``, ``title``, ``status``, ``detail`` (what
went wrong and what to do) and, for bad input, ``errors``: one entry per field at fault, naming
the field as the caller wrote it (``query.limit``, ``body.ties[2].frequency``). The statuses
follow graphsvc's error tree (`graphsvc.errors`): a caller's mistake is 4xx, a store that
cannot be reached is 503 with ``Retry-After``, and nothing a caller sends produces a bare 500.

The pages for people (`graphsvc.api.pages`) share these handlers: `add_pages` hands them a
renderer that may turn a problem into an HTML page for a browser on a page route. The problem
is always made first, so status, title and headers are the same either way, and an app with no
pages (or an API route) answers problem+json exactly as before.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from graphsvc.errors import (
    BadRequest,
    Busy,
    Conflict,
    GraphsvcError,
    InvalidRecord,
    NotFound,
    StoreUnavailable,
)

__all__ = ["PROBLEM_JSON", "Forbidden", "PageRenderer", "Unauthorised", "add_pages", "install",
           "problem"]  # fmt: skip

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = 5
log = logging.getLogger("graphsvc.api")


class Unauthorised(GraphsvcError):
    """No credentials, or credentials that do not belong to an active user (401)."""


class Forbidden(GraphsvcError):
    """The user is known but their role or caseload does not allow this (403)."""


_STATUS: list[tuple[type[GraphsvcError], int, str]] = [
    (Unauthorised, 401, "Sign in needed"),
    (Forbidden, 403, "Not allowed"),
    (InvalidRecord, 422, "A record breaks the model"),
    (NotFound, 404, "Not found"),
    (Conflict, 409, "Conflict"),
    (BadRequest, 400, "Bad request"),
    (StoreUnavailable, 503, "The graph store cannot be reached"),
    (Busy, 503, "Busy: try again shortly"),
]


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response. ``type`` is about:blank: the status and title say it all."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    body["detail"] = detail
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _field(loc: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "ties", 2, "frequency")`` -> ``body.ties[2].frequency``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


async def _graphsvc_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GraphsvcError)
    for cls, status, title in _STATUS:
        if isinstance(exc, cls):
            headers: dict[str, str] = {}
            if status == 401:
                headers["WWW-Authenticate"] = 'Bearer realm="graphsvc"'
            if status == 503:
                headers["Retry-After"] = str(RETRY_AFTER_S)
            errors = None
            if isinstance(exc, InvalidRecord):
                errors = [
                    {"record": p.record, "field": p.field, "message": p.message}
                    for p in exc.problems
                ]
            return problem(status, title, str(exc), errors=errors, headers=headers)
    log.error("store error on %s %s: %s", request.method, request.url.path, exc)
    return problem(500, "The store failed", "The store failed; the error has been logged.")


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"field": _field(e["loc"]), "message": e["msg"].removeprefix("Value error, ")}
        for e in exc.errors()
    ]
    first = errors[0] if errors else {"field": "request", "message": "is not valid"}
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return problem(
        422, "The request is not valid", f"{first['field']}: {first['message']}{more}",
        errors=errors,
    )  # fmt: skip


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    titles = {404: "Not found", 405: "Method not allowed"}
    detail = exc.detail if isinstance(exc.detail, str) else "See the API documentation at /docs."
    if exc.status_code == 404 and detail == "Not Found":
        detail = f"There is no {request.url.path}; the API's routes are listed at /docs."
    return problem(
        exc.status_code,
        titles.get(exc.status_code, "Error"),
        detail,
        headers=dict(exc.headers or {}),
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(500, "Internal error", "Something went wrong on our side; it has been logged.")


#: Turns a problem into a page for a person's browser, or returns None to keep problem+json.
PageRenderer = Callable[[Request, Exception, JSONResponse], Response | None]
_Handler = Callable[[Request, Exception], Awaitable[JSONResponse]]


def _negotiated(handler: _Handler) -> Callable[[Request, Exception], Awaitable[Response]]:
    """``handler``, then the app's page renderer (`add_pages`) if it has one and wants to."""

    async def handle(request: Request, exc: Exception) -> Response:
        response = await handler(request, exc)
        render: PageRenderer | None = getattr(request.app.state, "error_pages", None)
        if render is None:
            return response
        try:
            page = render(request, exc, response)
        except Exception:  # a broken error page must not hide the error itself
            log.exception("the error page for %s failed; answering problem+json", request.url.path)
            return response
        return response if page is None else page

    return handle


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(GraphsvcError, _negotiated(_graphsvc_error))
    app.add_exception_handler(RequestValidationError, _negotiated(_validation_error))
    app.add_exception_handler(StarletteHTTPException, _negotiated(_http_error))
    app.add_exception_handler(Exception, _negotiated(_unexpected))


def add_pages(app: FastAPI, render: PageRenderer) -> None:
    """Let ``render`` answer errors with pages where it decides a person asked for one."""
    app.state.error_pages = render
