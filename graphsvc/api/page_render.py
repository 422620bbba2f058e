"""How a page is rendered and sent: one Jinja environment, one set of security headers.

The pages show personal data about people who may be vulnerable, to people who may read them
on a shared computer in a day centre. So every page is sent with the same headers:

- a Content-Security-Policy that lets the page run only the scripts and styles served by
  graphsvc itself (``'self'``: nothing inline, no CDN), frame only graphsvc's own connection
  maps, and be framed by nobody (clickjacking);
- ``Cache-Control: no-store``, so a name does not stay in a shared browser's cache after
  sign-out, and ``Referrer-Policy: same-origin``, so a person's id in a URL goes to no other
  site (within the site the browser still says where a form came from: see `pages`).

Templates are autoescaped with `jinja2.StrictUndefined`: a missing value fails a test instead
of printing an empty string, and a name such as ``<script>`` is shown as text.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from graphsvc.governance.types import Principal

__all__ = ["CSP", "SECURITY_HEADERS", "html_page", "wants_html"]

CSP = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "frame-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

#: What each role calls its home page, for the navigation bar.
HOME_WORDS = {
    "broker": "Your caseload",
    "commissioner": "Neighbourhoods",
    "researcher": "Research export",
    "admin": "Admin",
}


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graphsvc.api", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def html_page(
    request: Request,
    template: str,
    *,
    title: str,
    status_code: int = 200,
    principal: Principal | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` inside the site's frame (header, navigation, sign-out) and send it.

    ``principal`` is who is signed in (None on the sign-in and error pages, where nobody may
    be); it decides the navigation and is never used for access, which `authorise` has done.
    """
    who = principal or getattr(request.state, "principal", None)
    body = (
        _environment()
        .get_template(template)
        .render(
            title=title,
            user=None if who is None else {"name": who.user.name, "role": who.role.value},
            home_words=HOME_WORDS.get(who.role.value, "Home") if who else "Home",
            static=lambda name: str(request.app.url_path_for("static", path=name)),
            **context,
        )
    )
    return HTMLResponse(body, status_code=status_code, headers=SECURITY_HEADERS)


def _quality(accept: str, media: str) -> float:
    """The q a header's ``Accept`` gives ``media`` (``type/*`` and ``*/*`` count, less)."""
    best = 0.0
    main = media.split("/")[0]
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if kind == media:
            best = max(best, q)
        elif kind in (f"{main}/*", "*/*"):
            best = max(best, q * 0.99)  # a wildcard never beats a named type of equal q
    return best


def wants_html(request: Request) -> bool:
    """Does the caller prefer a page to JSON? Browsers say so; API clients send ``*/*``."""
    accept = request.headers.get("accept", "")
    html = _quality(accept, "text/html")
    data = max(_quality(accept, "application/json"), _quality(accept, "application/problem+json"))
    return html > 0 and html > data
