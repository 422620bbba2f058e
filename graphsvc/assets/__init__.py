"""Commissioner asset maps: a neighbourhood's spaces and groups, who they reach, where people are
isolated, which places bridge, and what is missing, with no person ever identifiable.

Public API
----------
map_assets(store, neighbourhood=None, *, ages=None, config=None, proximity=False) -> AssetMap
    The published map of one neighbourhood, or of all of them together (None).
side_by_side(store, neighbourhoods, *, ages=None, config=None, proximity=False) -> Comparison
    Each neighbourhood's map and their headline figures in one table.
asset_map(counts, plan, *, residents, config=None) -> AssetMap
    The pure step: raw store counts to a published map (for notebooks and tests).
count_assets(G, neighbourhoods, ...) -> AssetCounts
    The raw counts on any NetworkX graph of the standard shape (what the stores count).
AssetConfig
    Threshold (default 5), rounding, minimum population, age bands, bridging settings.
to_json, to_csv, to_geojson, timetable_svg, map_svg, read_hsds, write_hsds
    Outputs and Open Referral UK import/export (`graphsvc.assets.export`, `.svg`, `.hsds`).

How it is layered: the store counts (`GraphStore.asset_counts`, in Cypher on Neo4j), the pure
functions here add the timetable and bridging, and `graphsvc.assets.disclosure` protects every
figure, last, in one place. See ``docs/assets.md``.
"""

from __future__ import annotations

from graphsvc.assets.build import asset_map
from graphsvc.assets.config import AssetConfig
from graphsvc.assets.counts import count_assets
from graphsvc.assets.published import AssetMap, Comparison
from graphsvc.assets.service import map_assets, side_by_side

__all__ = [
    "AssetConfig",
    "AssetMap",
    "Comparison",
    "asset_map",
    "count_assets",
    "map_assets",
    "side_by_side",
]
