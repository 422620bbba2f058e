"""Who may call what: authentication, the access policy and the audit, enforced in one place.

Every route of the API has a name, and `POLICY` maps each name to a `Rule`: the roles allowed,
how a broker's caseload scopes it, and the verb written to the audit trail. One dependency,
`authorise`, applies the rule before any handler runs; a route with no rule is refused (deny by
default) and `check_policy` refuses to start an app with an unruled route. Handlers never check
roles themselves, so the role x route matrix test reads one table.

Scopes, for brokers (other roles never reach a person-scoped route):

- ``caseload``: the ``{person_id}`` of the path is on the broker's caseload;
- ``reach``: on the caseload, or a third party directly tied to someone who is;
- ``create``: as ``reach``, or a person who does not exist yet (they join the caseload).

Credentials: ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``, or the session cookie the
sign-in page sets (`graphsvc.api.sign_in`). Both are looked up by hash in the register
(`graphsvc.governance`), in `principal_of`: the one place a request's user is found, for the
API and the pages alike.

Audit entries of user management name the user acted on (`Rule.subject`), found here too, so
the handlers stay free of audit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from graphsvc.api.audit_gate import record
from graphsvc.api.problems import Forbidden, Unauthorised
from graphsvc.api.session_cookie import SESSION_COOKIE
from graphsvc.api.store_link import store_of
from graphsvc.config import Settings
from graphsvc.errors import BadRequest, NotFound
from graphsvc.governance.base import Register
from graphsvc.governance.types import AuditEvent, Principal, Role, SessionPolicy, check_id
from graphsvc.model import Label
from graphsvc.store.base import GraphStore

__all__ = [
    "POLICY",
    "PUBLIC",
    "Rule",
    "authorise",
    "check_policy",
    "principal_of",
    "session_policy",
]

Scope = Literal["none", "caseload", "reach", "create"]
#: Where the user an action manages is named: nowhere, the ``{user_id}`` of the path, the
#: ``id`` of the JSON body (a user being added), or the owner of the path's ``{key_id}``.
Subject = Literal["none", "path", "body", "key"]
B, C, R, A = Role.broker, Role.commissioner, Role.researcher, Role.admin
_MAX_SUBJECT_BODY = 64 * 1024  # an add-user body is tiny; a bigger one is not read for its id


@dataclass(frozen=True)
class Rule:
    """Who may call a route, how the caseload scopes it, and what the audit calls it.

    ``subject``: where the user the route manages is named, for the audit entry's
    ``subject_user_id`` (user management only; person routes name a person instead).
    """

    roles: frozenset[Role]
    audit: str = ""  # the audit verb; "" for reads that show no one (templates, aggregates)
    scope: Scope = "none"
    subject: Subject = "none"


def _rule(*roles: Role, audit: str = "", scope: Scope = "none", subject: Subject = "none") -> Rule:
    return Rule(frozenset(roles), audit, scope, subject)


#: Routes anyone may call, signed in or not.
PUBLIC = frozenset({"health", "ready", "openapi", "swagger_ui_html", "swagger_ui_redirect",
                    "redoc_html", "whoami_page", "sign_in_page", "sign_in", "sign_out",
                    "static"})  # fmt: skip

#: The access policy: route name -> rule. The one table of who may do what.
POLICY: dict[str, Rule] = {
    "whoami": _rule(B, C, R, A),
    # people and their maps: brokers, scoped by caseload
    "list_people": _rule(B),
    "get_person": _rule(B, audit="read_person", scope="reach"),
    "put_person": _rule(B, audit="write_person", scope="create"),
    "put_consent": _rule(B, audit="record_consent", scope="reach"),
    "get_consent": _rule(B, audit="read_consent", scope="reach"),
    "add_records": _rule(B, audit="write_ties", scope="caseload"),
    "get_map": _rule(B, audit="read_map", scope="caseload"),
    "get_map_html": _rule(B, audit="read_map", scope="caseload"),
    "get_scores": _rule(B, audit="read_scores", scope="caseload"),
    "get_chains": _rule(B, audit="read_chains", scope="caseload"),
    "list_needs": _rule(B, audit="read_needs", scope="caseload"),
    # places and groups: not people; brokers read and write them, the others do not
    "list_spaces": _rule(B),
    "list_groups": _rule(B),
    "get_space": _rule(B),
    "get_group": _rule(B),
    "put_space": _rule(B, audit="write_node"),
    "put_group": _rule(B, audit="write_node"),
    # commissioners: aggregates only
    "list_neighbourhoods": _rule(C),
    "get_assets": _rule(C),
    # researchers: pseudonymised exports only
    "export_research": _rule(R, audit="export_research"),
    # import and templates
    "get_template": _rule(B, A),
    "import_records": _rule(A, audit="import_records"),
    # admin
    "list_users": _rule(A),
    "add_user": _rule(A, audit="add_user", subject="body"),
    "set_user_active": _rule(A, audit="set_user_active", subject="path"),
    "issue_key": _rule(A, audit="issue_key", subject="path"),
    "revoke_key": _rule(A, audit="revoke_key", subject="key"),
    "get_caseload": _rule(A),
    "assign": _rule(A, audit="assign_caseload", subject="path"),
    "unassign": _rule(A, audit="unassign_caseload", subject="path"),
    "erase_person": _rule(A, audit="erase_person"),
    "audit_log": _rule(A, audit="read_audit"),
    "verify_audit": _rule(A),
    # pages for people (graphsvc.api.pages): each shows what its role's API routes would
    "page_home": _rule(B, C, R, A),
    "page_caseload": _rule(B),
    "page_person": _rule(B, audit="read_map", scope="caseload"),
    "page_neighbourhoods": _rule(C),
    "page_neighbourhood": _rule(C),
    "page_research": _rule(R),
    "page_admin": _rule(A),
    "page_users": _rule(A),
    "page_audit": _rule(A, audit="read_audit"),
}


def check_policy(routes: Iterable[BaseRoute]) -> None:
    """Refuse to build an app with a route the policy does not cover (deny by default).

    ``routes``: the app's own routes and those of every router it includes (recent FastAPI
    wraps included routers, so ``app.routes`` alone no longer lists their routes).
    """
    names = {r.name for r in routes if isinstance(r, APIRoute)}
    missing = sorted(names - POLICY.keys() - PUBLIC)
    if missing:
        raise RuntimeError(f"routes without an access rule in graphsvc.api.access: {missing}")


def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip() or None
    key = request.headers.get("x-api-key")
    if key:
        return key.strip() or None
    return None


def session_policy(request: Request) -> SessionPolicy:
    """The idle and absolute limits of page sessions, from the app's settings."""
    settings: Settings = request.app.state.settings
    return SessionPolicy(
        idle=timedelta(minutes=settings.session_idle_minutes),
        lifetime=timedelta(hours=settings.session_max_hours),
    )


def principal_of(request: Request) -> Principal:
    """The signed-in user, with their caseload; `Unauthorised` if there is none.

    An API key in a header wins over a session cookie: a script that sends a key means that
    key, whatever cookie its client keeps. A cookie is only ever a session id: the register
    says whose it is while the session lives (not signed out, idle or too old, the user still
    active), so nothing a cookie holds can be turned into a key.
    """
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    register: Register = request.app.state.register
    token = _token(request)
    session_id = request.cookies.get(SESSION_COOKIE)
    if token is not None:
        user = register.authenticate(token)
        if user is None:
            raise Unauthorised("That API key is not valid: it is unknown, revoked or its user "
                               "is deactivated. Ask an admin for a new one.")  # fmt: skip
    elif session_id:
        user = register.session_user(session_id, session_policy(request))
        if user is None:
            raise Unauthorised("Your session has ended: you signed out, it was left unused or "
                               "open too long, or your access changed. Sign in again at "
                               "/sign-in.")  # fmt: skip
    else:
        raise Unauthorised(
            "Send an API key as 'Authorization: Bearer <key>' (or 'X-API-Key'), or sign in at "
            "/sign-in. An admin issues keys with 'graphsvc admin key USER_ID'."
        )
    caseload = register.caseload(user.id) if user.role == Role.broker else frozenset()
    principal = Principal(user=user, caseload=caseload)
    request.state.principal = principal
    return principal


async def _principal(request: Request) -> Principal:
    """`principal_of`, on the thread pool when it may write.

    A key is checked by one indexed read, cheap enough for the event loop. A session's use is
    written to the register now and then (its ``last_seen``), and a write may wait for the
    register's lock behind an audit commit: that wait must not stall every other request.
    """
    if _token(request) is None and request.cookies.get(SESSION_COOKIE):
        return await run_in_threadpool(principal_of, request)
    return principal_of(request)


def _store(request: Request) -> GraphStore:
    return store_of(request)


def _in_reach(store: GraphStore, principal: Principal, person_id: str) -> bool:
    """On the caseload, or a person directly tied to someone who is."""
    if person_id in principal.caseload:
        return True
    try:
        near = store.ego(person_id, hops=1, labels=[Label.PERSON])
    except NotFound:
        return False
    return not principal.caseload.isdisjoint(near.nodes)


def _exists(store: GraphStore, person_id: str) -> bool:
    try:
        store.get(person_id)
    except NotFound:
        return False
    return True


async def _allowed(request: Request, rule: Rule, principal: Principal, person: str | None) -> bool:
    if principal.role not in rule.roles:
        return False
    if rule.scope == "none" or person is None:
        return True
    if rule.scope == "caseload":
        return person in principal.caseload
    if person in principal.caseload:
        return True
    return await run_in_threadpool(_reach_or_create, request, rule, principal, person)


def _reach_or_create(request: Request, rule: Rule, principal: Principal, person: str) -> bool:
    """The checks that ask the graph store (blocking I/O: run on the thread pool)."""
    store = _store(request)
    if _in_reach(store, principal, person):
        return True
    return rule.scope == "create" and not _exists(store, person)


async def authorise(request: Request) -> Principal:
    """The dependency on every non-public route: authenticate, apply the rule, audit.

    ``async`` so that the common case (a key and a caseload looked up in the register, a few
    microseconds each) costs no hop to the thread pool; what asks the graph store goes there.
    """
    route = request.scope.get("route")
    name = getattr(route, "name", None)
    rule = POLICY.get(name or "")
    if rule is None:  # check_policy makes this unreachable; kept so a slip fails closed
        raise Forbidden(f"No access rule covers {request.url.path}.")
    principal = await _principal(request)
    person = request.path_params.get("person_id")
    allowed = await _allowed(request, rule, principal, person)
    if rule.audit:  # written alongside the handler's work; refusals before they are answered
        outcome = "ok" if allowed else "refused"
        subject = await _subject(request, rule)
        event = AuditEvent(principal.user.id, rule.audit, person, outcome, subject)
        if allowed:
            record(request, event)
        else:
            await run_in_threadpool(record, request, event, wait=True)
    if not allowed:
        raise Forbidden(_refusal(rule, principal, person))
    return principal


async def _subject(request: Request, rule: Rule) -> str | None:
    """The user a user-management route acts on, for its audit entry; None if not named.

    Refused calls name their target too (who tried to give whom a key). An id that could not
    be a user's (too long, blank) is left out rather than failing the request here: the
    handler refuses it with its own error, and the entry still records the attempt.
    """
    found: object = None
    if rule.subject == "path":
        found = request.path_params.get("user_id")
    elif rule.subject == "key":
        key_id = request.path_params.get("key_id")
        register: Register = request.app.state.register
        found = register.key_owner(key_id) if isinstance(key_id, str) else None
    elif rule.subject == "body":
        found = await _body_id(request)
    try:
        check_id(found, "user id")
    except BadRequest:
        return None
    return found if isinstance(found, str) else None


async def _body_id(request: Request) -> object:
    """The ``id`` of a JSON object body (FastAPI has read the body already: it is cached)."""
    body = await request.body()
    if not body or len(body) > _MAX_SUBJECT_BODY:
        return None
    try:
        parsed = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return parsed.get("id") if isinstance(parsed, dict) else None


def _refusal(rule: Rule, principal: Principal, person: str | None) -> str:
    if principal.role not in rule.roles:
        allowed = ", ".join(sorted(r.value + "s" for r in rule.roles))
        article = "an" if principal.role.value[0] in "aeiou" else "a"
        return f"This is for {allowed} only; you are signed in as {article} {principal.role.value}."
    scope = {"caseload": "on your caseload", "reach": "on your caseload or in their maps",
             "create": "on your caseload or in their maps"}[rule.scope]  # fmt: skip
    return f"Person {person!r} is not {scope}. An admin can add them to your caseload."
