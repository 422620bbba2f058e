"""The pages people use: sign in, then the page each role needs, served by the API itself.

Brokers open a person's page *with* the person (their map, their relationship circle, how close
each tie is and why, chains of connection); commissioners see published asset maps with no
person in them; researchers are pointed at the pseudonymised export; admins get read-only lists
of users and the audit trail. Pages are server-rendered (Jinja, `graphsvc.api.page_render`) with
one small script, everything served from here, so they work on a locked-down council network.

Access is the API's own: every page route has a rule in `graphsvc.api.access.POLICY` and runs
`authorise` first (the app adds it to `router`), so a page can show nothing its role could not
fetch from the API. Signing in and out is `graphsvc.api.sign_in`.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import NoMatchFound

from graphsvc.api import problems, sign_in
from graphsvc.api.deps import Caller, Reg, Store
from graphsvc.api.error_pages import PAGE_TAG, error_page
from graphsvc.api.limits import analytics_slot
from graphsvc.api.neighbourhood_page import neighbourhood_view
from graphsvc.api.page_render import html_page
from graphsvc.api.person_page import person_view
from graphsvc.api.routes.maps import _notes, fetched_for_scores
from graphsvc.api.routes.people import PersonId
from graphsvc.assets import AssetConfig, map_assets
from graphsvc.chains import fetch_for_chains
from graphsvc.errors import BadRequest, NotFound
from graphsvc.governance.consent import check_centre, redact
from graphsvc.governance.types import Role
from graphsvc.model import Label

__all__ = ["PAGE_SIZE", "install", "router"]

#: Pages for signed-in users; the app adds `authorise` to every one.
router = APIRouter(tags=[PAGE_TAG], include_in_schema=False)
PAGE_SIZE = 25
HOME = {
    Role.broker: "page_caseload",
    Role.commissioner: "page_neighbourhoods",
    Role.researcher: "page_research",
    Role.admin: "page_admin",
}


def install(app: FastAPI) -> None:
    """Sign-in routes (sessions live in the register), static files and error pages.

    `router` is included by the app.
    """
    app.include_router(sign_in.router)
    app.mount("/static", StaticFiles(packages=[("graphsvc.api", "static")]), name="static")
    problems.add_pages(app, error_page)


def _path(request: Request, name: str, **params: str) -> str:
    """A page's path, each parameter quoted (ids may hold spaces or ``#``)."""
    return str(request.app.url_path_for(name, **{k: quote(v, safe="") for k, v in params.items()}))


# --- every role's home ------------------------------------------------------------------------


@router.get("/", name="page_home")
def page_home(request: Request, caller: Caller) -> RedirectResponse:
    """Each role starts on the one page it needs."""
    return RedirectResponse(_path(request, HOME[caller.role]), status_code=303)


# --- brokers ----------------------------------------------------------------------------------


@router.get("/pages/caseload", name="page_caseload", response_class=HTMLResponse)
def page_caseload(
    request: Request, caller: Caller, store: Store, after: str | None = None
) -> HTMLResponse:
    ids = sorted(i for i in caller.caseload if after is None or i > after)
    people = []
    for pid in ids[:PAGE_SIZE]:
        try:
            props = store.get(pid).properties()
        except NotFound:
            props = {}
        people.append(
            {
                "name": props.get("name") or "Name not recorded",
                "consent": props.get("consent"),
                "found": bool(props),
                "href": _path(request, "page_person", person_id=pid),
            }
        )
    more = len(ids) > PAGE_SIZE
    following = (
        f"{_path(request, 'page_caseload')}?after={quote(ids[PAGE_SIZE - 1])}" if more else None
    )
    return html_page(
        request,
        "caseload.html",
        title="Your caseload",
        people=people,
        next=following if more else None,
        first=after is not None,
        total=len(caller.caseload),
    )


@router.get("/pages/people/{person_id}", name="page_person", response_class=HTMLResponse,
            dependencies=[Depends(analytics_slot)])  # fmt: skip
def page_person(
    person_id: PersonId,
    request: Request,
    caller: Caller,
    store: Store,
    need: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    G, rarity = fetched_for_scores(request, store, person_id)  # consent checked (409), redacted
    wide = fetch_for_chains(store, person_id, 4)
    check_centre(wide, person_id)
    chains_graph = redact(wide, person_id, request.app.state.secret)
    view = person_view(G, person_id, chains_graph=chains_graph, notes=_notes(G, person_id),
                       need=need, rarity=rarity)  # fmt: skip
    return html_page(
        request,
        "person.html",
        title=view.name,
        view=view,
        map_src=_path(request, "get_map_html", person_id=person_id),
        here=_path(request, "page_person", person_id=person_id),
        back=_path(request, "page_caseload"),
    )


# --- commissioners ----------------------------------------------------------------------------


def _neighbourhoods(store: Store) -> list[tuple[str, str]]:
    """Every neighbourhood's id and name (names are places, never people)."""
    out, after = [], None
    while True:
        page = store.page(Label.NEIGHBOURHOOD, after=after, limit=500)
        out += [(n.id, str(n.properties().get("name") or n.id)) for n in page.items]
        if page.next_after is None:
            return sorted(out, key=lambda pair: pair[1].lower())
        after = page.next_after


@router.get("/pages/neighbourhoods", name="page_neighbourhoods", response_class=HTMLResponse)
def page_neighbourhoods(request: Request, caller: Caller, store: Store) -> HTMLResponse:
    hoods = [
        {"name": name, "href": _path(request, "page_neighbourhood", neighbourhood_id=hid)}
        for hid, name in _neighbourhoods(store)
    ]
    return html_page(request, "neighbourhoods.html", title="Neighbourhoods", hoods=hoods)


@router.get(
    "/pages/neighbourhoods/{neighbourhood_id}",
    name="page_neighbourhood",
    response_class=HTMLResponse,
    dependencies=[Depends(analytics_slot)],
)
def page_neighbourhood(
    neighbourhood_id: str, request: Request, caller: Caller, store: Store
) -> HTMLResponse:
    node = store.get(neighbourhood_id)
    if node.node_label != Label.NEIGHBOURHOOD:
        raise NotFound(f"There is no neighbourhood {neighbourhood_id!r}.")
    name = str(node.properties().get("name") or neighbourhood_id)
    back = _path(request, "page_neighbourhoods")
    try:
        published = map_assets(store, neighbourhood_id, config=AssetConfig(), proximity=True)
    except BadRequest:
        return html_page(
            request,
            "too_few.html",
            title=name,
            name=name,
            back=back,
            minimum=AssetConfig().min_population,
        )
    return html_page(
        request,
        "neighbourhood.html",
        title=name,
        view=neighbourhood_view(published, name),
        back=back,
    )


# --- researchers and admins -------------------------------------------------------------------


@router.get("/pages/research", name="page_research", response_class=HTMLResponse)
def page_research(request: Request, caller: Caller) -> HTMLResponse:
    try:
        export = _path(request, "export_research")
    except NoMatchFound:  # the export route is not part of this deployment
        export = None
    return html_page(request, "research.html", title="Research export", export=export)


@router.get("/pages/admin", name="page_admin", response_class=HTMLResponse)
def page_admin(request: Request, caller: Caller) -> HTMLResponse:
    return html_page(
        request,
        "admin.html",
        title="Admin",
        users=_path(request, "page_users"),
        audit=_path(request, "page_audit"),
    )


@router.get("/pages/admin/users", name="page_users", response_class=HTMLResponse)
def page_users(
    request: Request,
    caller: Caller,
    register: Reg,
    offset: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> HTMLResponse:
    users = register.users(offset=offset, limit=PAGE_SIZE + 1)
    more = len(users) > PAGE_SIZE
    following = f"{_path(request, 'page_users')}?offset={offset + PAGE_SIZE}"
    return html_page(
        request,
        "users.html",
        title="Users",
        users=users[:PAGE_SIZE],
        next=following if more else None,
        back=_path(request, "page_admin"),
    )


@router.get("/pages/admin/audit", name="page_audit", response_class=HTMLResponse)
def page_audit(
    request: Request,
    caller: Caller,
    register: Reg,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
) -> HTMLResponse:
    rows = register.audit_log(after=after, limit=PAGE_SIZE + 1)
    more = len(rows) > PAGE_SIZE
    shown = rows[:PAGE_SIZE]
    following = f"{_path(request, 'page_audit')}?after={shown[-1].seq}" if more else None
    return html_page(
        request,
        "audit.html",
        title="Audit trail",
        entries=shown,
        next=following,
        broken=register.verify_audit(),
        back=_path(request, "page_admin"),
    )
