"""Disclosure control for asset maps: the one place where raw counts become publishable.

Commissioners see neighbourhood aggregates, never a person. Everything graphsvc publishes about
people in an asset map passes through here, last, and is protected in five ways (the method,
with its limits, is written out for readers in ``docs/assets.md``):

1. **Query restrictions** (`plan_query`). A query covers one neighbourhood, several side by
   side, or all of them, optionally narrowed to *one* age group. Every selected neighbourhood
   must have at least ``min_population`` residents (default 4 x threshold = 20); age groups are
   fixed bands, and a band with 1 to ``min_population - 1`` residents in any selected
   neighbourhood is merged with its neighbour, so a group can only be asked for whole; a query
   whose population, or whose excluded remainder in any neighbourhood, is 1 to
   ``min_population - 1`` people is refused. So two permitted queries never differ by a handful
   of people, and one group at a time (not unions or ranges of bands) keeps the number of
   overlapping queries, and so of differencing equations, to one.
2. **Primary suppression**: a people count from 1 to ``threshold - 1`` is shown as ``"<5"``
   (for the default threshold). Zero is shown as 0. A magnitude (paid hours) is hidden, as
   ``"[c]"``, when it comes from 1 to ``threshold - 1`` people.
3. **Secondary suppression**: in every published additive relation (a row of categories that
   sum to the population, role hours that sum to the total), a relation with exactly one hidden
   cell (hidden zeros do not count: a reader may guess them) gets a second one, the smallest
   non-zero visible part (else the total), shown as
   ``"[c]"``; then a linear-programming audit checks that no ``"<5"`` cell can be pinned to one
   value from the published cells, and hides more until none can. A breakdown of a subgroup
   (reach among people with support-dominated networks) is hidden whole when the subgroup has
   fewer than ``min_population`` people.
4. **Rounding**: every published people count (and hours figure) is rounded to the nearest
   multiple of ``rounding_base`` (5), so the difference of any two published figures is a
   multiple of 5: never 1 to 4.
5. **No identities**: asset maps carry counts and the attributes of places and groups only; no
   person's id, name or words. Names of spaces and groups are free text, shown only when
   `AssetConfig.show_names` says so.

Examples
--------
>>> t = Table(counts={("none",): 3, ("one",): 9, ("more",): 30, ("all",): 42},
...           relations=(Relation(("all",), (("none",), ("one",), ("more",))),),
...           fixed=frozenset({("all",)}))
>>> p = protect(t, threshold=5, rounding_base=5, min_population=20)
>>> [p.show(k) for k in [("none",), ("one",), ("more",), ("all",)]]
['<5', '[c]', 30, 40]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

import numpy as np
from scipy.optimize import linprog

from graphsvc.assets.config import AgeBand, AssetConfig
from graphsvc.errors import BadRequest

__all__ = [
    "SECONDARY",
    "Key",
    "Protection",
    "QueryPlan",
    "Relation",
    "Shown",
    "Table",
    "plan_query",
    "primary_marker",
    "protect",
    "round_to_base",
]

Key: TypeAlias = tuple[str, ...]
#: A published figure: a rounded number, or a marker for a hidden one.
Shown: TypeAlias = int | str
#: The marker of a cell hidden to protect another (or a whole small subgroup's breakdown).
SECONDARY = "[c]"


def primary_marker(threshold: int) -> str:
    """How a count from 1 to ``threshold - 1`` is shown: ``"<5"`` for the default."""
    return f"<{threshold}"


def round_to_base(value: float, base: int) -> int:
    """``value`` to the nearest multiple of ``base``, halves up (``7 -> 5``, ``8 -> 10``)."""
    return int(base * math.floor(value / base + 0.5))


# --- 1. what may be asked -----------------------------------------------------------------


@dataclass(frozen=True)
class QueryPlan:
    """A permitted query: what to ask the store, and what to say about it.

    ``birth_years`` is None when no age group was asked for. ``left_out`` names neighbourhoods
    of an "all neighbourhoods" query that have too few residents to publish.
    """

    neighbourhoods: tuple[str, ...]
    age_group: str | None
    birth_years: tuple[int, ...] | None
    left_out: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()


def plan_query(
    residents: Mapping[str, Mapping[int | None, int]],
    *,
    ages: Sequence[str] | None = None,
    everything: bool = False,
    config: AssetConfig | None = None,
) -> QueryPlan:
    """Check a query against the restrictions of method step 1; raise `BadRequest` if refused.

    Parameters
    ----------
    residents
        `GraphStore.asset_population` of the selected neighbourhoods (all of them when
        ``everything``): residents by birth year.
    ages
        Names of the age bands asked for (together they must be exactly one permitted group),
        or None for everyone.
    everything
        The query is "all neighbourhoods": leave out those too small to publish (and say so)
        instead of refusing.

    Returns
    -------
    QueryPlan

    Raises
    ------
    BadRequest
        With a message that names the rule, never a count below the minimum.
    """
    cfg = config or AssetConfig()
    least = cfg.min_population
    small = [h for h, years in residents.items() if sum(years.values()) < least]
    if small and not everything:
        raise BadRequest(
            f"neighbourhood {small[0]!r} has fewer than {least} people on the map, too few to "
            "publish on its own without risk of identifying someone; ask for all neighbourhoods "
            "or a larger area"
        )
    hoods = tuple(h for h in residents if h not in small)
    if not hoods:
        raise BadRequest(f"no neighbourhood has {least} or more people on the map to publish")
    bands = sorted(cfg.age_bands, key=lambda b: b.low)
    groups = _groups(bands, [residents[h] for h in hoods], cfg)
    names = tuple(" + ".join(bands[i].name for i in g) for g in groups)
    if ages is None:
        return QueryPlan(hoods, None, None, tuple(small), names)
    chosen = _chosen_group(bands, groups, names, ages)
    years = tuple(sorted({y for i in chosen for y in _years(bands[i], cfg.reference_year())}))
    for h in hoods:
        inside = sum(n for y, n in residents[h].items() if y in years)
        outside = sum(residents[h].values()) - inside
        if 0 < inside < least:
            raise BadRequest(
                f"in {h!r}, fewer than {least} people are in this age group; ask without one"
            )
        if 0 < outside < least:
            raise BadRequest(
                f"in {h!r}, this age group would leave out fewer than {least} people (some "
                "have no birth year on the map), so two queries could be compared to single "
                "them out; ask without an age group"
            )
    if sum(n for h in hoods for y, n in residents[h].items() if y in years) < least:
        raise BadRequest(f"fewer than {least} people are in this age group here; ask more widely")
    return QueryPlan(hoods, names[groups.index(chosen)], years, tuple(small), names)


def _years(band: AgeBand, year: int) -> range:
    """Birth years of people whose age at their birthday this year is in the band."""
    oldest = 130 if band.high is None else band.high
    return range(year - oldest, year - band.low + 1)


def _band_of(year: int | None, bands: list[AgeBand], ref: int) -> int | None:
    if year is None:
        return None
    age = ref - year
    for i, b in enumerate(bands):
        if age >= b.low and (b.high is None or age <= b.high):
            return i
    return None


def _groups(
    bands: list[AgeBand], hoods: list[Mapping[int | None, int]], cfg: AssetConfig
) -> list[tuple[int, ...]]:
    """Bands merged so that, in every neighbourhood, each group has 0 or enough residents."""
    parent = list(range(len(bands)))

    def find(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for years in hoods:
        sizes = [0] * len(bands)
        for y, n in years.items():
            i = _band_of(y, bands, cfg.reference_year())
            if i is not None:
                sizes[i] += n
        for block in _merge(sizes, cfg.min_population):
            for i in block[1:]:
                parent[find(i)] = find(block[0])
    out: dict[int, list[int]] = {}
    for i in range(len(bands)):
        out.setdefault(find(i), []).append(i)
    return sorted(tuple(g) for g in out.values())


def _merge(sizes: list[int], least: int) -> list[list[int]]:
    """Adjacent bands joined, youngest small one first, to the smaller of its neighbours."""
    blocks = [[i] for i in range(len(sizes))]
    total = [sizes[i] for i in range(len(sizes))]
    while len(blocks) > 1:
        small = [j for j, n in enumerate(total) if 0 < n < least]
        if not small:
            break
        j = small[0]
        # the smaller neighbour that has people in it (merging with an empty band helps nobody)
        sides = [k for k in (j - 1, j + 1) if 0 <= k < len(blocks)]
        k = min(sides, key=lambda k: (total[k] == 0, total[k], k))
        lo, hi = min(j, k), max(j, k)
        blocks[lo : hi + 1] = [blocks[lo] + blocks[hi]]
        total[lo : hi + 1] = [total[lo] + total[hi]]
    return blocks


def _chosen_group(
    bands: list[AgeBand],
    groups: list[tuple[int, ...]],
    names: tuple[str, ...],
    ages: Sequence[str],
) -> tuple[int, ...]:
    index = {b.name: i for i, b in enumerate(bands)}
    unknown = [a for a in ages if a not in index]
    if unknown:
        raise BadRequest(f"unknown age band {unknown[0]!r}; the bands are {', '.join(index)}")
    wanted = tuple(sorted({index[a] for a in ages}))
    if wanted not in groups:
        raise BadRequest(
            "ask for one age group at a time, whole; in these neighbourhoods the groups are: "
            + "; ".join(repr(n) for n in names)
            + " (a band with few people is joined to its neighbour, so that no small group can "
            "be singled out)"
        )
    return wanted


# --- 2-4. what may be shown -----------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """``total`` is the sum of ``parts``: a row or a column that a reader could add up."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class Table:
    """Every raw figure of one publication, and how they relate.

    ``counts``: people counts. ``magnitudes``: key -> (value, key of the count of people it
    comes from), such as paid hours of a role. ``relations``: additive relations among counts,
    or among magnitudes. ``fixed``: figures published elsewhere in full (the population), never
    chosen to hide. ``subgroups``: count key of a subgroup -> the keys breaking it down, hidden
    whole when the subgroup is smaller than the minimum population.
    """

    counts: Mapping[Key, int]
    magnitudes: Mapping[Key, tuple[float, Key]] = field(default_factory=dict)
    relations: tuple[Relation, ...] = ()
    fixed: frozenset[Key] = frozenset()
    subgroups: Mapping[Key, tuple[Key, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Protection:
    """Which figures are hidden and why; `show` gives what may be published for each."""

    table: Table
    hidden: Mapping[Key, str]
    threshold: int
    rounding_base: int

    def show(self, key: Key) -> Shown:
        """The published form of a count or magnitude: rounded, or its marker if hidden."""
        if key in self.hidden:
            return self.hidden[key]
        value = (
            self.table.counts[key] if key in self.table.counts else self.table.magnitudes[key][0]
        )
        return round_to_base(value, self.rounding_base)


def protect(
    table: Table, *, threshold: int = 5, rounding_base: int = 5, min_population: int = 20
) -> Protection:
    """Primary, subgroup and secondary suppression of ``table`` (method steps 2 and 3).

    Parameters
    ----------
    table
        The raw figures and their relations.
    threshold, rounding_base, min_population
        As in `AssetConfig`.

    Returns
    -------
    Protection
        Use its `Protection.show` for every published figure.
    """
    marker = primary_marker(threshold)
    hidden: dict[Key, str] = {k: marker for k, v in table.counts.items() if 0 < v < threshold}
    for k, (_, people) in table.magnitudes.items():
        if 0 < table.counts.get(people, 0) < threshold:
            hidden[k] = SECONDARY  # hours from too few people; "<5" would read as hours
    for sub, keys in table.subgroups.items():
        if 0 < table.counts.get(sub, 0) < min_population:
            for k in keys:  # all alike, so the markers do not tell zero from non-zero
                hidden[k] = SECONDARY
    while True:
        _complete_relations(table, hidden)
        exposed = _exposed(table, hidden, marker, threshold)
        if not exposed or not _hide_one_more(table, hidden, exposed[0]):
            break
    return Protection(table, hidden, threshold, rounding_base)


def _value(table: Table, key: Key) -> float:
    if key in table.counts:
        return table.counts[key]
    return table.magnitudes[key][0]


def _complementary(table: Table, hidden: Mapping[Key, str], relation: Relation) -> Key | None:
    """The smallest non-zero visible part; else the total, unless it is fixed."""
    visible = [k for k in relation.parts if k not in hidden and _value(table, k) > 0]
    if visible:
        return min(visible, key=lambda k: (_value(table, k), k))
    if relation.total not in hidden and relation.total not in table.fixed:
        return relation.total
    rest = [k for k in relation.parts if k not in hidden]
    return min(rest, key=lambda k: (_value(table, k), k)) if rest else None


def _complete_relations(table: Table, hidden: dict[Key, str]) -> None:
    """Until no relation has exactly one hidden cell (which its total would give away)."""
    changed = True
    while changed:
        changed = False
        for rel in table.relations:
            members = (rel.total, *rel.parts)
            # a hidden zero protects nothing: a reader may well guess it
            if sum(k in hidden and _value(table, k) != 0 for k in members) == 1:
                extra = _complementary(table, hidden, rel)
                if extra is not None:
                    hidden[extra] = SECONDARY
                    changed = True


def _exposed(table: Table, hidden: Mapping[Key, str], marker: str, threshold: int) -> list[Key]:
    """Primary-suppressed counts that the published counts and relations pin to one value.

    The reader is assumed to know every visible count exactly (rounding ignored, which is on
    the safe side), that a ``"<5"`` cell is 1-4, and that a ``"[c]"`` cell is at least the
    threshold when it is (a hidden zero is assumed known). Each primary cell's feasible range
    is found by linear programming (minimise, then maximise it).
    """
    rels = [
        r
        for r in table.relations
        if all(k in table.counts for k in (r.total, *r.parts))
        and any(k in hidden for k in (r.total, *r.parts))
    ]
    unknown = sorted({k for r in rels for k in (r.total, *r.parts) if k in hidden})
    if not unknown:
        return []
    col = {k: i for i, k in enumerate(unknown)}
    a_eq = np.zeros((len(rels), len(unknown)))
    b_eq = np.zeros(len(rels))
    for i, r in enumerate(rels):
        for k, sign in [(r.total, -1.0), *((p, 1.0) for p in r.parts)]:
            if k in col:
                a_eq[i, col[k]] += sign
            else:
                b_eq[i] -= sign * table.counts[k]
    bounds: list[tuple[float, float | None]] = []
    for k in unknown:
        v = table.counts[k]
        if hidden[k] == marker:
            bounds.append((1.0, threshold - 1.0))
        elif v >= threshold:
            bounds.append((float(threshold), None))
        else:
            bounds.append((float(v), float(v)))
    exposed = []
    for k in unknown:
        if hidden[k] != marker:
            continue
        c = np.zeros(len(unknown))
        c[col[k]] = 1.0
        lo = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        hi = linprog(-c, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if lo.status == 0 and hi.status == 0 and -hi.fun - lo.fun < 1.0 - 1e-9:
            exposed.append(k)
    return exposed


def _hide_one_more(table: Table, hidden: dict[Key, str], key: Key) -> bool:
    """Hide one more visible count in a relation holding ``key``; False if none is left."""
    for rel in table.relations:
        if key not in (rel.total, *rel.parts):
            continue
        visible = [k for k in rel.parts if k not in hidden]
        if not visible and rel.total not in hidden and rel.total not in table.fixed:
            visible = [rel.total]
        if visible:
            extra = min(visible, key=lambda k: (_value(table, k) == 0, _value(table, k), k))
            hidden[extra] = SECONDARY
            return True
    return False
