"""From raw store counts to a published asset map: analytics first, disclosure control last.

`asset_map` is pure: it takes the raw `AssetCounts` a store returned for a permitted
`QueryPlan`, adds what is computed in Python (the weekly timetable and its gaps, the bridging
measures), lays every people figure out in one `Table` with its additive relations, protects
the table (`graphsvc.assets.disclosure.protect`) and builds the `AssetMap` from the protected
figures only. Nothing reaches an `AssetMap` any other way.

Examples
--------
>>> from graphsvc.store.base import AssetCounts, AssetRow
>>> row = AssetRow("s1", "Space", "n1", "café", "Bean There", ("Mon 09:00-12:00",), (), None,
...                None, ("baking",), (), 12, None)
>>> counts = AssetCounts(("n1",), 40, 30, (4, 10, 26), None, None,
...                      {"baking": (6, 1, 0), "chess": (7, 0, 0)}, {"company": 3}, {}, (row,))
>>> plan = QueryPlan(("n1",), None, None)
>>> m = asset_map(counts, plan, residents=40)
>>> m.population, m.isolation["unpaid_ties"]
({'residents': 40, 'people': 40}, {'none': '<5', 'one': '[c]', 'two_or_more': 25})
>>> [(a.id, a.reach) for a in m.assets], [g["interest"] for g in m.gaps["interests"]]
([('s1', 10)], ['chess'])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphsvc.assets.bridging import Bridging, bridge
from graphsvc.assets.config import AssetConfig
from graphsvc.assets.disclosure import (
    SECONDARY,
    Key,
    Protection,
    QueryPlan,
    Relation,
    Shown,
    Table,
    primary_marker,
    protect,
)
from graphsvc.assets.published import AssetEntry, AssetMap, InterestEntry, NeedGap, PaidEntry
from graphsvc.assets.timetable import quiet_slots, weekly_grid
from graphsvc.model import Help
from graphsvc.slots import DAYS
from graphsvc.store.base import AssetCounts, AssetRow

__all__ = ["CATEGORIES", "asset_map", "figures"]

POPULATION: Key = ("population", "people")
RESIDENTS: Key = ("population", "residents")
#: The isolation partitions: each splits the population into these categories.
CATEGORIES: dict[str, tuple[str, ...]] = {
    "unpaid_ties": ("none", "one", "two_or_more"),
    "good_unpaid_ties": ("none", "one", "two_or_more"),
    "support_dominated": ("yes", "no"),
    "reached_by_assets": ("yes", "no"),
}
#: Need tags that name a kind of help, not a topic a group could be about.
_HELP_TAGS = frozenset(h.value for h in Help)


def asset_map(
    counts: AssetCounts,
    plan: QueryPlan,
    *,
    residents: int,
    config: AssetConfig | None = None,
    indicator_rule: str | None = None,
) -> AssetMap:
    """The published asset map of one query.

    Parameters
    ----------
    counts
        What `GraphStore.asset_counts` returned for ``plan``.
    plan
        The permitted query (`graphsvc.assets.disclosure.plan_query`).
    residents
        Residents of the plan's neighbourhoods before any age group (the sum of
        `GraphStore.asset_population`'s counts).
    config
        Disclosure, timetable and bridging settings.
    indicator_rule
        The support-dominated rule in words, when proximity indicators were counted.

    Returns
    -------
    AssetMap
    """
    cfg = config or AssetConfig()
    bridging = _bridging(counts, cfg)
    table = figures(counts, residents=residents)
    p = protect(
        table,
        threshold=cfg.threshold,
        rounding_base=cfg.rounding_base,
        min_population=cfg.min_population,
    )
    return _publish(counts, plan, p, bridging, cfg, indicator_rule)


def figures(counts: AssetCounts, *, residents: int) -> Table:
    """Every people figure of the map, keyed, with the sums a reader could check."""
    c: dict[Key, int] = {RESIDENTS: residents, POPULATION: counts.population}
    rows: dict[str, tuple[int, ...] | None] = {
        "unpaid_ties": counts.unpaid_ties,
        "good_unpaid_ties": counts.good_unpaid_ties,
        "support_dominated": None
        if counts.support_dominated is None
        else (counts.support_dominated, counts.population - counts.support_dominated),
        "reached_by_assets": (counts.reached, counts.population - counts.reached),
    }
    relations = []
    for name, values in rows.items():
        if values is not None:
            keys = tuple(("isolation", name, cat) for cat in CATEGORIES[name])
            c.update(zip(keys, values, strict=True))
            relations.append(Relation(POPULATION, keys))
    magnitudes: dict[Key, tuple[float, Key]] = {}
    for role, row in counts.paid.items():
        c[("paid", role, "people")] = row.people
        c[("paid", role, "people_hours_unknown")] = row.people_hours_unknown
        magnitudes[("paid", role, "hours")] = (row.hours_per_week, ("paid", role, "people"))
    if counts.paid:
        c[("paid", "all roles", "people")] = sum(r.people for r in counts.paid.values())
        magnitudes[("paid", "all roles", "hours")] = (
            sum(r.hours_per_week for r in counts.paid.values()),
            ("paid", "all roles", "people"),
        )
        relations.append(
            Relation(
                ("paid", "all roles", "hours"), tuple(("paid", r, "hours") for r in counts.paid)
            )
        )
    subgroup: list[Key] = []
    for a in counts.assets:
        c[("assets", a.id, "reach")] = a.reach
        if a.reach_support_dominated is not None:
            c[("assets", a.id, "reach_support_dominated")] = a.reach_support_dominated
            subgroup.append(("assets", a.id, "reach_support_dominated"))
    for i, (interested, learn, skilled) in counts.interests.items():
        c[("interests", i, "interested")] = interested
        c[("interests", i, "want_to_learn")] = learn
        c[("interests", i, "skilled")] = skilled
    for tag, n in counts.need_tags.items():
        c[("needs", tag, "people")] = n
    return Table(
        counts=c,
        magnitudes=magnitudes,
        relations=tuple(relations),
        fixed=frozenset({RESIDENTS, POPULATION}),
        subgroups={("isolation", "support_dominated", "yes"): tuple(subgroup)},
    )


def _bridging(counts: AssetCounts, cfg: AssetConfig) -> Bridging | None:
    if cfg.bridging == "none" or counts.projection is None:
        return None
    groups = {a.id: a.links for a in counts.assets if a.label == "Group"}
    return bridge(
        counts.projection,
        [a.id for a in counts.assets],
        links=groups,
        method=cfg.bridging,
        min_people=cfg.bridge_min_people,
        seed=cfg.seed,
        resolution=cfg.resolution,
    )


def _times(a: AssetRow) -> list[str] | None:
    if a.slots is not None:
        return list(a.slots)
    return list(a.meeting_slots) if a.meeting_slots else None


def _publish(
    counts: AssetCounts,
    plan: QueryPlan,
    p: Protection,
    bridging: Bridging | None,
    cfg: AssetConfig,
    rule: str | None,
) -> AssetMap:
    about: dict[str, int] = {}
    for a in counts.assets:
        for i in a.about:
            about[i] = about.get(i, 0) + 1
    isolation: dict[str, dict[str, Shown] | None] = {
        name: (
            {cat: p.show(("isolation", name, cat)) for cat in cats}
            if ("isolation", name, cats[0]) in p.table.counts
            else None
        )
        for name, cats in CATEGORIES.items()
    }
    dominated = isolation["support_dominated"]
    if dominated is not None:
        dominated["share_percent"] = _share(dominated["yes"], p.show(POPULATION))
    spaces = [_times(a) for a in counts.assets if a.label == "Space"]
    groups = [_times(a) for a in counts.assets if a.label == "Group"]
    open_grid = weekly_grid(t for t in spaces if t)
    meeting_grid = weekly_grid(t for t in groups if t)
    interests = [_interest(p, i, about.get(i, 0)) for i in sorted({*counts.interests, *about})]
    notes = _notes(counts, plan, cfg, rule, spaces, groups)
    return AssetMap(
        neighbourhoods=list(plan.neighbourhoods),
        age_group=plan.age_group,
        population={"residents": p.show(RESIDENTS), "people": p.show(POPULATION)},
        isolation=isolation,
        paid_support=_paid(counts, p),
        assets=[_asset(a, p, bridging, cfg) for a in counts.assets],
        interests=interests,
        gaps={
            "interests": [
                {
                    "interest": e.interest,
                    "interested": e.interested,
                    "want_to_learn": e.want_to_learn,
                }
                for e in _by_size(
                    [e for e in interests if e.assets_about == 0 and _any(e)], "interested"
                )
            ],
            "needs": [
                NeedGap(tag, p.show(("needs", tag, "people")))
                for tag in sorted(counts.need_tags)
                if tag not in _HELP_TAGS and tag not in about
            ],
            "nothing_on": quiet_slots(meeting_grid, hours=cfg.day_hours),
            "nothing_open": quiet_slots(open_grid, hours=cfg.day_hours),
        },
        timetable={
            "days": list(DAYS),
            "hours": list(range(24)),
            "spaces_open": open_grid,
            "groups_meeting": meeting_grid,
            "spaces_without_times": sum(1 for t in spaces if not t),
            "groups_without_times": sum(1 for t in groups if not t),
        },
        bridging=_bridging_summary(bridging),
        disclosure=_disclosure(cfg),
        notes=notes,
    )


def _any(e: InterestEntry) -> bool:
    return e.interested != 0 or e.want_to_learn != 0


def _by_size(entries: list[InterestEntry], attr: str) -> list[InterestEntry]:
    """Largest published figure first (hidden ones after, by name): the order of published
    values only, so it says nothing about cells that are hidden."""

    def key(e: InterestEntry) -> tuple[int, str]:
        v = getattr(e, attr)
        return (-v if isinstance(v, int) else 0, e.interest)

    return sorted(entries, key=key)


def _share(part: Shown, whole: Shown) -> Shown:
    """A percentage of two *published* figures, so it reveals nothing they do not."""
    if isinstance(part, int) and isinstance(whole, int) and whole > 0:
        return round(100 * part / whole)
    return SECONDARY


def _interest(p: Protection, i: str, assets_about: int) -> InterestEntry:
    def get(col: str) -> Shown:
        key = ("interests", i, col)
        return p.show(key) if key in p.table.counts else 0

    return InterestEntry(i, get("interested"), get("want_to_learn"), get("skilled"), assets_about)


def _paid(counts: AssetCounts, p: Protection) -> list[PaidEntry]:
    rows = [
        PaidEntry(
            role,
            p.show(("paid", role, "people")),
            p.show(("paid", role, "hours")),
            p.show(("paid", role, "people_hours_unknown")),
        )
        for role in counts.paid
    ]
    if rows:
        rows.append(PaidEntry("all roles", None, p.show(("paid", "all roles", "hours")), None))
    return rows


def _asset(a: AssetRow, p: Protection, bridging: Bridging | None, cfg: AssetConfig) -> AssetEntry:
    dominated = ("assets", a.id, "reach_support_dominated")
    return AssetEntry(
        id=a.id,
        type=a.label.lower(),
        kind=a.kind,
        name=a.name if cfg.show_names else None,
        neighbourhood=a.neighbourhood,
        times=_times(a),
        lat=a.lat,
        lon=a.lon,
        about=list(a.about),
        links=list(a.links),
        reach=p.show(("assets", a.id, "reach")),
        reach_support_dominated=p.show(dominated) if dominated in p.table.counts else None,
        communities_joined=None if bridging is None else bridging.joined.get(a.id),
        betweenness=None if bridging is None else bridging.betweenness.get(a.id),
    )


def _bridging_summary(b: Bridging | None) -> dict[str, Any]:
    if b is None:
        return {"method": "none", "description": "Bridging was not computed."}
    return {"method": b.method, "description": b.description, "communities": b.communities}


def _disclosure(cfg: AssetConfig) -> dict[str, Any]:
    t = cfg.threshold
    return {
        "threshold": t,
        "rounding_base": cfg.rounding_base,
        "min_population": cfg.min_population,
        "markers": {
            primary_marker(t): f"1 to {t - 1} people: too few to publish",
            SECONDARY: "hidden so that a total or difference cannot reveal a small number",
        },
        "method": (
            f"Counts of 1-{t - 1} are suppressed; one more cell is hidden in any row or total "
            "that would give a suppressed cell away (checked by linear programming); every "
            f"published count and hours figure is rounded to the nearest {cfg.rounding_base}; "
            f"queries must cover at least {cfg.min_population} people and may narrow to one "
            "fixed age group only. See docs/assets.md."
        ),
    }


def _notes(
    counts: AssetCounts,
    plan: QueryPlan,
    cfg: AssetConfig,
    rule: str | None,
    spaces: list[list[str] | None],
    groups: list[list[str] | None],
) -> list[str]:
    notes = [
        "People are counted where they live (IN the neighbourhood); visitors from elsewhere "
        "are counted in their own neighbourhood. People who withdrew consent are not counted.",
        f"Figures are rounded to the nearest {cfg.rounding_base}, so rows need not add up exactly.",
    ]
    if plan.left_out:
        notes.append(f"Left out, too few people on the map to publish: {', '.join(plan.left_out)}.")
    if rule is None:
        notes.append(
            "Proximity was not computed: good_unpaid_ties and support_dominated are empty; "
            "unpaid_ties counts every unpaid tie, close or not."
        )
    else:
        notes.append(rule)
    if cfg.private_kinds:
        notes.append(
            f"Not listed or counted (they exist for one person): {', '.join(cfg.private_kinds)}."
        )
    unknown = sum(1 for t in spaces if not t) + sum(1 for t in groups if not t)
    if unknown:
        some = "1 space or group has" if unknown == 1 else f"{unknown} spaces or groups have"
        notes.append(f"{some} no times recorded; the timetable omits them.")
    return notes


def residents_total(
    residents: Mapping[str, Mapping[int | None, int]], hoods: tuple[str, ...]
) -> int:
    """Residents of ``hoods`` before any age group (from `GraphStore.asset_population`)."""
    return sum(sum(residents[h].values()) for h in hoods)
