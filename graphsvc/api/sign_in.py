"""Signing in and out of the pages: an API key in, an opaque session id out.

People do not paste API keys into headers, so the sign-in form takes the key once, checks it,
and starts a session in the register (`Register.start_session`). The cookie carries only the
session's random id, never the key: a cookie that leaks (a shared council PC, a proxy's log)
gives away a session that ends by itself, not a key that lasts until someone revokes it. The
register keeps the id's hash, whose session it is, and when it began and was last used, so a
session ends when it is left unused (``GRAPHSVC_SESSION_IDLE_MINUTES``, 30) or gets too old
(``GRAPHSVC_SESSION_MAX_HOURS``, 12), when its user signs out (a copied cookie then opens
nothing), and when the user is deactivated or any of their keys is revoked.

The cookie is HttpOnly (no script can read it), SameSite=Strict (no other site can make the
browser send it), and Secure when ``GRAPHSVC_SESSION_HTTPS_ONLY`` is on.
`graphsvc.api.access.principal_of` turns it into the signed-in user, as it does an API key.

The forms only accept posts from this site (`_same_origin`), so another site can neither sign
someone out nor sign them in under the attacker's key, and after signing in the browser only
ever goes to a path on this site (`_local`). Both events are written to the audit trail.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graphsvc.api import problems
from graphsvc.api.access import session_policy
from graphsvc.api.deps import Reg
from graphsvc.api.error_pages import PAGE_TAG
from graphsvc.api.page_render import html_page
from graphsvc.api.session_cookie import (
    SESSION_COOKIE,
    clear_session_cookie,
    set_session_cookie,
)
from graphsvc.errors import BadRequest

__all__ = ["SESSION_COOKIE", "router"]

#: Sign-in and sign-out: open to anyone (`graphsvc.api.access.PUBLIC`).
router = APIRouter(tags=[PAGE_TAG], include_in_schema=False)

_MAX_FORM = 4096


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
    """Check the key; start a session; go on (303, so a reload does not post again).

    A new session id every time, and the browser's old session (if any) ended: an id someone
    planted in the browser before the sign-in never becomes a signed-in session.
    """
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
    old = request.cookies.get(SESSION_COOKIE)
    if old:
        register.end_session(old)
    policy = session_policy(request)
    session_id = register.start_session(user.id, policy)
    register.audit(user.id, "sign_in")
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(request, response, session_id, int(policy.lifetime.total_seconds()))
    return response


@router.post("/sign-out", name="sign_out")
def sign_out(request: Request, register: Reg) -> RedirectResponse:
    """End the session in the register, so the cookie opens nothing even if it was copied.

    The browser is told to drop the cookie too, and the sign-in page says so.
    """
    _same_origin(request)
    session_id = request.cookies.get(SESSION_COOKIE)
    user_id = register.end_session(session_id) if session_id else None
    if user_id is not None:
        register.audit(user_id, "sign_out")
    response = RedirectResponse("/sign-in?signed_out=true", status_code=303)
    clear_session_cookie(request, response)
    return response
