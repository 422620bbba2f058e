"""Errors as pages a person can act on, for browsers on the pages; problem+json for the API.

The API's errors (`graphsvc.api.problems`) are written for programmers: ``PUT
/people/{id}/consent``, "send an API key". Someone opening a page in a browser needs to know
what happened in plain words and what to do next: sign in, go back home, ask for consent. So
`error_page` turns the problem `graphsvc.api.problems` made into a page when, and only when,
the request was for a page (a route tagged ``pages``, or an address that matched nothing) and
the browser asked for HTML. Everything else, including a browser calling an API route, keeps
problem+json: a script that reads the API must never receive HTML.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from graphsvc.api.page_render import html_page, wants_html
from graphsvc.api.session_cookie import SESSION_COOKIE, clear_session_cookie

__all__ = ["PAGE_TAG", "error_page", "is_page_request"]

PAGE_TAG = "pages"


@dataclass(frozen=True)
class _Words:
    heading: str
    says: str
    show_detail: bool = True


_WORDS: dict[int, _Words] = {
    400: _Words("Something in what was sent is not right", "Please go back and try again."),
    401: _Words("Please sign in", "You need to sign in to see this page.", show_detail=False),
    403: _Words("You cannot open this page", "Your account is not allowed to see this page."),
    404: _Words(
        "We could not find this page",
        "The address may be wrong, or what it showed may have been removed.",
    ),
    409: _Words(
        "This map is closed",
        "This person has said no to sharing their map, so nobody can see it now. "
        "If they say yes again, their broker can record it, and the map opens again.",
        show_detail=False,
    ),
    422: _Words("Something in the address is not right", "Please check the address."),
    503: _Words(
        "The service is not ready yet",
        "Please wait a minute and try again.",
        show_detail=False,
    ),
}
_OTHER = _Words(
    "Something went wrong",
    "Please try again. If it happens again, tell your administrator.",
    show_detail=False,
)
#: Headers of the problem response that still matter on the page.
_KEEP = ("www-authenticate", "retry-after", "allow")


def is_page_request(request: Request) -> bool:
    """A page route (tagged ``pages``) or an address no route matched, asked for by a browser."""
    route = request.scope.get("route")
    is_page = route is None or PAGE_TAG in (getattr(route, "tags", None) or ())
    return is_page and wants_html(request)


def _local(path: str) -> str:
    """Only a path on this site may be the place to return to after signing in."""
    return path if path.startswith("/") and not path.startswith("//") else "/"


def error_page(request: Request, exc: Exception, problem: JSONResponse) -> Response | None:
    """The page for ``problem`` (same status), or None to send problem+json as it is."""
    if not is_page_request(request):
        return None
    body = json.loads(bytes(problem.body))
    status = problem.status_code
    words = _WORDS.get(status, _OTHER)
    target = _local(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    page = html_page(
        request,
        "error.html",
        title=words.heading,
        status_code=status,
        status=status,
        says=words.says,
        detail=str(body.get("detail", "")) if words.show_detail else "",
        sign_in=f"/sign-in?next={quote(target, safe='/')}" if status == 401 else None,
    )
    for name in _KEEP:
        if name in problem.headers:
            page.headers[name] = problem.headers[name]
    if status == 401 and SESSION_COOKIE in request.cookies:
        # a session that ended (or a cookie from before sessions lived in the register, which
        # held the API key itself): nothing to keep in the browser
        clear_session_cookie(request, page)
    return page
