"""Asset maps from a store: check the query, count in the store, publish through disclosure.

The functions here are the only ones that talk to a store; everything they return is already
protected. On Neo4j the counting runs in the database (``cypher/assets_*.cypher``); only counts,
attributes of places and groups, and (for bridging) anonymous numbers come back.

Proximity indicators (good unpaid ties, support-dominated networks) need the proximity model,
which scores ties in Python; with ``proximity=True`` each selected neighbourhood's graph is
fetched and scored (`graphsvc.assets.indicators.support_indicators`) and only the per-person
results go back into the store's count. That part is a pull on both stores, and costs more
than the rest of the map (see ``benchmarks/assets.py``); pass precomputed ``indicators``
instead to reuse one scoring across maps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx

from graphsvc.assets.build import CATEGORIES, asset_map, residents_total
from graphsvc.assets.config import AssetConfig
from graphsvc.assets.disclosure import SECONDARY, QueryPlan, Shown, plan_query
from graphsvc.assets.indicators import Indicators, support_indicators
from graphsvc.assets.published import AssetMap, Comparison
from graphsvc.store.base import GraphStore

__all__ = ["map_assets", "neighbourhood_indicators", "side_by_side"]


def neighbourhood_indicators(
    store: GraphStore, neighbourhoods: Sequence[str], *, proximity_config: Any = None
) -> Indicators:
    """Score the ties of the neighbourhoods' graphs and return every resident's indicators."""
    graphs = [store.neighbourhood(h) for h in neighbourhoods]
    G = nx.compose_all(graphs) if graphs else nx.MultiDiGraph()
    return support_indicators(G, proximity_config)


def map_assets(
    store: GraphStore,
    neighbourhood: str | None = None,
    *,
    ages: Sequence[str] | None = None,
    config: AssetConfig | None = None,
    proximity: bool = False,
    proximity_config: Any = None,
    indicators: Indicators | None = None,
) -> AssetMap:
    """The published asset map of one neighbourhood, or of all of them together.

    Parameters
    ----------
    store
        Any `GraphStore`.
    neighbourhood
        A neighbourhood id, or None for all neighbourhoods together (those too small to publish
        are left out, and the map says so). Several neighbourhoods are compared with
        `side_by_side`, never counted as an arbitrary combination: combinations could be
        differenced against each other (see `graphsvc.assets.disclosure`).
    ages
        Names of the age bands of one permitted age group, or None for everyone.
    config
        Disclosure, timetable and bridging settings.
    proximity, proximity_config, indicators
        Count the proximity indicators: computed here when ``proximity`` (with
        ``proximity_config``), or taken from ``indicators``.

    Returns
    -------
    AssetMap

    Raises
    ------
    BadRequest
        The query is refused by the disclosure rules (`plan_query`).
    NotFound
        The neighbourhood does not exist.
    """
    cfg = config or AssetConfig()
    everything = neighbourhood is None
    residents = store.asset_population(None if everything else [neighbourhood])
    plan = plan_query(residents, ages=ages, everything=everything, config=cfg)
    if indicators is None and proximity:
        indicators = neighbourhood_indicators(
            store, plan.neighbourhoods, proximity_config=proximity_config
        )
    return _counted(store, plan, residents_total(residents, plan.neighbourhoods), cfg, indicators)


def _counted(
    store: GraphStore,
    plan: QueryPlan,
    residents: int,
    cfg: AssetConfig,
    indicators: Indicators | None,
) -> AssetMap:
    extra: dict[str, Any] = {}
    if indicators is not None:
        extra["support_dominated"] = sorted(indicators.support_dominated)
        extra["good_unpaid"] = {p: n for p, n in indicators.good_unpaid.items() if n}
    counts = store.asset_counts(
        plan.neighbourhoods,
        birth_years=plan.birth_years,
        exclude_kinds=cfg.private_kinds,
        projection=cfg.bridging != "none",
        **extra,
    )
    rule = None if indicators is None else indicators.rule
    return asset_map(counts, plan, residents=residents, config=cfg, indicator_rule=rule)


def side_by_side(
    store: GraphStore,
    neighbourhoods: Sequence[str],
    *,
    ages: Sequence[str] | None = None,
    config: AssetConfig | None = None,
    proximity: bool = False,
    proximity_config: Any = None,
    indicators: Indicators | None = None,
) -> Comparison:
    """Each neighbourhood's own map, and their headline figures in one table.

    The age group is checked for all the neighbourhoods at once, so the same group is asked of
    each. The table's ``together`` column adds the *published* figures, hidden where any is
    hidden: it tells nothing the columns do not, so no combination of neighbourhoods can be
    differenced against another.
    """
    cfg = config or AssetConfig()
    residents = store.asset_population(list(neighbourhoods))
    plan = plan_query(residents, ages=ages, config=cfg)
    if indicators is None and proximity:
        indicators = neighbourhood_indicators(
            store, plan.neighbourhoods, proximity_config=proximity_config
        )
    maps = [
        _counted(
            store,
            QueryPlan((h,), plan.age_group, plan.birth_years, (), plan.groups),
            residents_total(residents, (h,)),
            cfg,
            indicators,
        )
        for h in plan.neighbourhoods
    ]
    return Comparison(maps=maps, table=headline_table(maps))


def headline_table(maps: Sequence[AssetMap]) -> dict[str, dict[str, Shown]]:
    """Indicator -> neighbourhood -> published figure, with a ``together`` sum of published ones."""
    rows: dict[str, dict[str, Shown]] = {}

    def put(name: str, hood: str, value: Shown | None) -> None:
        if value is not None:
            rows.setdefault(name, {})[hood] = value

    for m in maps:
        hood = m.neighbourhoods[0]
        put("residents", hood, m.population["residents"])
        put("people", hood, m.population["people"])
        for name, cats in CATEGORIES.items():
            part = m.isolation.get(name)
            for cat in cats:
                put(f"{name}: {cat}", hood, None if part is None else part[cat])
        for e in m.paid_support:
            put(f"paid hours per week: {e.role}", hood, e.hours_per_week)
        put("spaces and groups", hood, len(m.assets))
    for values in rows.values():
        shown = list(values.values())
        numbers = [v for v in shown if isinstance(v, int)]
        values["together"] = sum(numbers) if len(numbers) == len(shown) else SECONDARY
    return rows
