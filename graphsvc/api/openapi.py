"""The OpenAPI document says what the API really does: problem+json errors and API-key sign-in.

FastAPI documents every error as ``application/json`` with its own validation-error shape, and
knows nothing of a sign-in done in a dependency. The API answers errors as
``application/problem+json`` (`graphsvc.api.problems`) and refuses unsigned calls with 401, so
a client generated from the document, or a tool that checks responses against it
(``tests/api/test_schemathesis.py``), would be misled. `install` rewrites the document once,
when it is first asked for:

- every 4xx/5xx response is ``application/problem+json`` with the `Problem` schema;
- every route behind `graphsvc.api.access.authorise` also lists 400, 401, 403, 404, 409 and
  503, the statuses the access policy and the error tree can give any of them;
- the two ways to send a key (``Authorization: Bearer``, ``X-API-Key``) are security schemes,
  so /docs has an Authorize button.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from graphsvc.api.access import PUBLIC
from graphsvc.api.problems import PROBLEM_JSON

__all__ = ["PROBLEM_SCHEMA", "install"]

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "title": "Problem",
    "description": "RFC 9457 problem details: `detail` says what to fix; `errors` names each "
    "field at fault.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["about:blank"]},
        "title": {"type": "string", "examples": ["The request is not valid"]},
        "status": {"type": "integer", "examples": [422]},
        "detail": {"type": "string", "examples": ["query.limit: Input should be at least 1"]},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "additionalProperties": True,
            },
        },
    },
    "additionalProperties": True,
}

#: Statuses any signed-in route may answer, and why.
_SIGNED_IN = {
    "400": "Bad request: an argument is out of range or of the wrong kind",
    "401": "No API key, or one that is unknown, revoked or of a deactivated user",
    "403": "Your role (or, for brokers, your caseload) does not allow this",
    "404": "Not found",
    "409": "Conflict: an id used by another kind of node, or a map closed by withdrawn consent",
    "503": "The graph store cannot be reached, or the service is busy; try again after "
    "Retry-After seconds",
}
_SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "An API key from an admin."},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}
_REF = {"$ref": "#/components/schemas/Problem"}


def install(app: FastAPI, routes: Iterable[BaseRoute]) -> None:
    """Make ``app.openapi()`` return the rewritten document (built once, then cached).

    ``routes``: every route of the app, including those of included routers (see
    `graphsvc.api.access.check_policy`), to tell public operations from signed-in ones.
    """
    public = {
        (r.path_format, m.lower())
        for r in routes
        if isinstance(r, APIRoute) and r.name in PUBLIC
        for m in r.methods
    }
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = rewrite(build(), public)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def rewrite(doc: dict[str, Any], public: set[tuple[str, str]]) -> dict[str, Any]:
    """The document with problem+json errors, signed-in statuses and security schemes."""
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    components["securitySchemes"] = _SECURITY_SCHEMES
    for path, operations in doc.get("paths", {}).items():
        for method, op in operations.items():
            responses = op.setdefault("responses", {})
            if (path, method) not in public:
                op["security"] = [{"bearer": []}, {"apiKey": []}]
                for status, why in _SIGNED_IN.items():
                    responses.setdefault(status, {"description": why})
            for status, response in responses.items():
                if status[:1] in ("4", "5"):
                    response["content"] = {PROBLEM_JSON: {"schema": _REF}}
            if responses.get("422", {}).get("description") == "Validation Error":  # FastAPI's
                responses["422"]["description"] = "The request is not valid: see errors"
    return doc
