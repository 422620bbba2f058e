"""Signing in and out of the pages: an API key in, a signed session cookie out.

People do not paste API keys into headers, so the sign-in form takes the key once and
Starlette's `SessionMiddleware` keeps it in a cookie that is signed (with a key derived from
the app's secret), HttpOnly (no script can read it), SameSite=Strict (no other site can make
the browser send it), eight hours long, and Secure when ``GRAPHSVC_SESSION_HTTPS_ONLY`` is on.
`graphsvc.api.access.principal_of` reads the key from the session exactly as from a header,
so a revoked key or a deactivated user stops a session at once.

The forms only accept posts from this site (`_same_origin`), so another site can neither sign
someone out nor sign them in under the attacker's key, and after signing in the browser only
ever goes to a path on this site (`_local`). Both events are written to the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.middleware.sessions import SessionMiddleware

from graphsvc.api import problems
from graphsvc.api.access import SESSION_KEY
from graphsvc.api.deps import Reg
from graphsvc.api.error_pages import PAGE_TAG
from graphsvc.api.page_render import html_page
from graphsvc.config import Settings
from graphsvc.errors import BadRequest

__all__ = ["SESSION_COOKIE", "SESSION_HOURS", "install", "router"]

#: Sign-in and sign-out: open to anyone (`graphsvc.api.access.PUBLIC`).
router = APIRouter(tags=[PAGE_TAG], include_in_schema=False)

#: A session lasts a working day; then the person signs in again.
SESSION_HOURS = 8
SESSION_COOKIE = "graphsvc_session"
_MAX_FORM = 4096


def install(app: FastAPI, settings: Settings) -> None:
    """Add the session middleware and the sign-in routes to ``app``.

    The session key is derived from the app's secret (HMAC with a label), so the secret that
    also keys anonymous ids is never used as it is for a second purpose.
    """
    session_key = hmac.new(app.state.secret, b"graphsvc session", hashlib.sha256).hexdigest()
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_key,
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_HOURS * 3600,
        same_site="strict",
        https_only=settings.session_https_only,
    )
    app.include_router(router)


def _local(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (never ``//evil``)."""
    if not target:
        return "/"
    parts = urlsplit(target)
    ok = target.startswith("/") and not target.startswith("//") and not parts.netloc
    return target if ok and "\\" not in target else "/"


def _same_origin(request: Request) -> None:
    """Refuse a form posted from another site (sign-in and sign-out are not API calls).

    The session cookie is SameSite=Strict, so a forged post carries no session; this also
    stops a site from signing someone in under the attacker's key.
    """
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin is None:  # not a browser (a script or curl): the SameSite cookie is the guard
        return
    # The host only: behind a TLS proxy the app may see http while the browser sent https.
    if urlsplit(origin).netloc != request.headers.get("host", ""):
        raise problems.Forbidden("This form can only be sent from graphsvc's own sign-in page.")


async def _form(request: Request) -> dict[str, str]:
    """A small urlencoded form, read without python-multipart (one field needs no parser)."""
    body = await request.body()
    if len(body) > _MAX_FORM:
        raise BadRequest("The form is too long.")
    try:
        fields = parse_qs(body.decode("utf-8", "replace"), max_num_fields=10)
    except ValueError:  # more fields than any of our forms has
        raise BadRequest("The form has too many fields.") from None
    return {k: v[0] for k, v in fields.items() if v}


Form = Annotated[dict[str, str], Depends(_form)]


@router.get("/sign-in", name="sign_in_page", response_class=HTMLResponse)
def sign_in_page(
    request: Request,
    back_to: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
    signed_out: bool = False,
) -> HTMLResponse:
    """The form. ``next`` is where to go afterwards (a 401 page links here with it)."""
    return html_page(
        request,
        "sign_in.html",
        title="Sign in",
        next=_local(back_to),
        error=None,
        signed_out=signed_out,
    )


@router.post("/sign-in", name="sign_in")
def sign_in(request: Request, form: Form, register: Reg) -> Response:
    """Check the key; keep it in the session; go on (303, so a reload does not post again)."""
    _same_origin(request)
    key = form.get("api_key", "").strip()
    user = register.authenticate(key) if key else None
    target = _local(form.get("next"))
    if user is None:
        return html_page(
            request,
            "sign_in.html",
            title="Sign in",
            status_code=401,
            next=target,
            error="That key did not work. Check it and try again, or ask your administrator "
            "for a new one.",
            signed_out=False,
        )
    request.session.clear()
    request.session[SESSION_KEY] = key
    register.audit(user.id, "sign_in")
    return RedirectResponse(target, status_code=303)


@router.post("/sign-out", name="sign_out")
def sign_out(request: Request, register: Reg) -> RedirectResponse:
    """Forget the session (the browser drops the cookie) and say so on the sign-in page."""
    _same_origin(request)
    key = request.session.get(SESSION_KEY)
    user = register.authenticate(key) if isinstance(key, str) else None
    if user is not None:
        register.audit(user.id, "sign_out")
    request.session.clear()
    return RedirectResponse("/sign-in?signed_out=true", status_code=303)
