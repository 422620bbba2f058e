"""Commissioners' asset maps: neighbourhood aggregates with small numbers suppressed, never a name.

The work is exactly what ``graphsvc assets`` does (`graphsvc.assets.commands`): no
neighbourhood means all of them together, one means its map, several means side by side (never
counted as one arbitrary combination, which could be differenced against another). Every figure
comes out of `graphsvc.assets.disclosure`; names of spaces and groups are left out as the CLI
leaves them out by default, because a name is free text that can hold a person's name.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from graphsvc.api.deps import Caller, Limit, Page, Store, next_link
from graphsvc.assets.config import AssetConfig
from graphsvc.assets.export import to_csv, to_geojson
from graphsvc.assets.published import AssetMap, Comparison
from graphsvc.assets.service import map_assets, side_by_side
from graphsvc.errors import BadRequest
from graphsvc.model import Label

__all__ = ["router"]

router = APIRouter(tags=["asset maps"])

#: Most neighbourhoods one side-by-side request may name: each is a map of its own.
MAX_NEIGHBOURHOODS = 20


class NeighbourhoodOut(BaseModel):
    """A neighbourhood: the unit asset maps are asked about."""

    id: str = Field(examples=["n01"])
    name: str | None = Field(None, examples=["Hollinford"])
    code: str | None = Field(None, examples=["N0001"])


@router.get("/neighbourhoods", name="list_neighbourhoods", response_model=Page[NeighbourhoodOut],
            summary="Neighbourhoods, by id: what /assets can be asked about")  # fmt: skip
def list_neighbourhoods(
    request: Request, caller: Caller, store: Store, after: str | None = None, limit: Limit = 50
) -> Page[NeighbourhoodOut]:
    page = store.page(Label.NEIGHBOURHOOD, after=after, limit=limit)
    items = [
        NeighbourhoodOut(id=n.id, name=n.properties().get("name"), code=n.properties().get("code"))
        for n in page.items
    ]
    more = page.next_after is not None
    return Page(items=items, limit=limit,
                next=next_link(request, after=page.next_after) if more else None)  # fmt: skip


_EXAMPLE = {
    "neighbourhoods": ["n01"],
    "age_group": "65-79",
    "population": {"residents": 1240, "people": 215},
    "isolation": {"unpaid_ties": {"none": "<5", "1-2": 35, "3+": 175}},
    "assets": [{"id": "s0001", "type": "space", "kind": "community centre", "name": None,
                "reach": 60}],
    "notes": ["Counts are rounded to 5; <5 means fewer than five."],
}  # fmt: skip


@router.get(
    "/assets",
    name="get_assets",
    response_model=dict[str, Any],
    summary="A neighbourhood's asset map, several side by side, or all together",
    responses={200: {"content": {"application/json": {"example": _EXAMPLE},
                                 "text/csv": {}, "application/geo+json": {}}}},
)  # fmt: skip
def get_assets(
    caller: Caller,
    store: Store,
    neighbourhood: Annotated[
        list[str] | None,
        Query(description="Neighbourhood ids: none for all together, one for its map, several "
              "side by side.", max_length=MAX_NEIGHBOURHOODS),
    ] = None,
    ages: Annotated[
        str | None,
        Query(description="One permitted age group, e.g. 65-79, or bands that must go "
              "together: 65-79,80+.", examples=["65-79"], max_length=100),
    ] = None,
    proximity: Annotated[
        bool,
        Query(description="Also count good unpaid ties and support-dominated networks "
              "(slower: scores every relationship in the neighbourhoods)."),
    ] = False,
    format: Annotated[
        Literal["json", "csv", "geojson"],
        Query(description="json (the map), csv (one figure a line) or geojson (the spaces)."),
    ] = "json",
) -> Any:  # fmt: skip
    hoods = list(dict.fromkeys(neighbourhood or []))  # a repeated id is one neighbourhood
    age_bands = [a.strip() for a in ages.split(",") if a.strip()] if ages else None
    if ages is not None and not age_bands:
        raise BadRequest("ages: name an age group, e.g. 65-79, or leave it out for everyone")
    config = AssetConfig()  # names of spaces and groups off: free text can name a person
    result: AssetMap | Comparison
    if len(hoods) > 1:
        result = side_by_side(store, hoods, ages=age_bands, config=config, proximity=proximity)
    else:
        only = hoods[0] if hoods else None
        result = map_assets(store, only, ages=age_bands, config=config, proximity=proximity)
    if format == "csv":
        disposition = {"Content-Disposition": 'attachment; filename="assets.csv"'}
        return Response(to_csv(result), media_type="text/csv; charset=utf-8", headers=disposition)
    if format == "geojson":
        body = json.dumps(to_geojson(result), ensure_ascii=False)
        return Response(body, media_type="application/geo+json")
    return result.to_dict()
