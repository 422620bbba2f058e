"""The pages' session cookie: its name and attributes, in one place.

It carries an opaque session id (`graphsvc.api.sign_in`); `graphsvc.api.access.principal_of`
looks it up. Setting and clearing go through here so that both use the same name, path and
flags: a browser only drops a cookie for a ``Set-Cookie`` with the same name, path and domain,
and keeping Secure, HttpOnly and SameSite on the clearing one too keeps it acceptable to
browsers that refuse to overwrite a Secure cookie with an insecure one.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from graphsvc.config import Settings

__all__ = ["SESSION_COOKIE", "clear_session_cookie", "set_session_cookie"]

SESSION_COOKIE = "graphsvc_session"


def set_session_cookie(request: Request, response: Response, session_id: str, age: int) -> None:
    """Give the browser ``session_id`` for ``age`` seconds."""
    response.set_cookie(SESSION_COOKIE, session_id, max_age=age, path="/", httponly=True,
                        secure=_secure(request), samesite="strict")  # fmt: skip


def clear_session_cookie(request: Request, response: Response) -> None:
    """Tell the browser to drop its session cookie."""
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, secure=_secure(request), samesite="strict"
    )


def _secure(request: Request) -> bool:
    settings: Settings = request.app.state.settings
    return settings.session_https_only
