"""One tie's inputs read straight off the graph: the per-tie path.

`tie_inputs` gathers, for one pair, exactly the columns `features.tie_features` computes for
every tie at once (same names, same rules, same order of words), walking only the two people's
own ties. `score_tie`, `person_ties` and `profile` use it, so asking about one person never
builds frames for the whole graph; the benchmark's per-tie loop uses it too. A test checks that
both paths give the same numbers (within 1e-9) and the same sentences on whole towns.

Graph-wide facts that one pair cannot see (how rare each interest is) come from `GraphStats`,
computed once per call.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphsvc.errors import BadRequest, NotFound
from graphsvc.proximity.config import ProximityConfig
from graphsvc.proximity.contexts import HOUSEHOLD_WORDS, NEIGHBOUR_WORDS, match_key, slot_overlap
from graphsvc.proximity.dimensions import idf
from graphsvc.proximity.extract import tie_type
from graphsvc.proximity.features import MAX_FREQUENCY, first_name
from graphsvc.proximity.values import (
    EMPLOYERS,
    KINDS,
    MODES,
    ROLES,
    checked,
    code_of,
    date_or_nan,
    help_mask,
    number,
    tag_tuple,
)

__all__ = ["GraphStats", "find_tie", "graph_stats", "tie_inputs"]


@dataclass(frozen=True)
class GraphStats:
    """What one pair's score needs from the whole graph: interest rarity."""

    idf: dict[Hashable, float]
    share: dict[Hashable, float]

    @classmethod
    def from_counts(cls, people: int, holders: Mapping[Hashable, int]) -> GraphStats:
        """Rarity from counts: ``holders`` of each interest among ``people`` with any interest.

        Counted elsewhere (a store's ``interest_counts`` over everyone), this lets a person's
        one-hop map be scored exactly as the whole graph would score it.

        >>> GraphStats.from_counts(99, {"bowls": 9}).share["bowls"]
        0.09090909090909091
        """
        return cls(
            idf={i: float(idf(people, c)) for i, c in holders.items()},
            share={i: c / max(people, 1) for i, c in holders.items()},
        )


def graph_stats(G: nx.MultiDiGraph) -> GraphStats:
    """IDF and share of people of every interest, over people who recorded any interest."""
    holders: dict[Hashable, int] = {}
    people: set[Hashable] = set()
    for u, nbrs in G._adj.items():
        for v, keydict in nbrs.items():
            for k, d in keydict.items():
                if tie_type(k, d) == "INTERESTED_IN":
                    holders[v] = holders.get(v, 0) + 1
                    people.add(u)
    return GraphStats.from_counts(len(people), holders)


def _ties(G: nx.MultiDiGraph, u: Hashable, kind: str) -> dict[Hashable, dict[str, Any]]:
    """``u``'s outgoing ties of one type, by target."""
    return {
        v: d
        for v, keydict in G._adj[u].items()
        for k, d in keydict.items()
        if tie_type(k, d) == kind
    }


def find_tie(G: nx.MultiDiGraph, u: Hashable, v: Hashable, kind: str) -> dict[str, Any] | None:
    """The property dict of the ``kind`` tie from ``u`` to ``v``, if there is one."""
    for k, d in G._adj[u].get(v, {}).items():
        if tie_type(k, d) == kind:
            return d
    return None


def _frequency(value: object) -> float:
    return number(value, upper=MAX_FREQUENCY)


def _where(kind: str, u: Hashable, v: Hashable) -> str:
    return f"{kind} tie {u!r} -> {v!r}"


def _report(d: dict[str, Any] | None, where: str) -> dict[str, Any]:
    """One KNOWS account as numbers (codes -1 and NaN where unknown, or no account at all)."""
    if d is None:
        nan = math.nan
        return {"mode": -1, "kind": -1, "frequency": nan, "since": nan, "last_contact": nan,
                "gives": -1, "receives": -1, "contexts": None}  # fmt: skip
    return {
        "mode": checked(lambda x: code_of(x, MODES), d.get("mode"), where, "mode"),
        "kind": checked(lambda x: code_of(x, KINDS), d.get("kind"), where, "kind"),
        "frequency": checked(_frequency, d.get("frequency"), where, "frequency"),
        "since": checked(date_or_nan, d.get("since"), where, "since"),
        "last_contact": checked(date_or_nan, d.get("last_contact"), where, "last_contact"),
        "gives": checked(help_mask, d.get("gives"), where, "gives"),
        "receives": checked(help_mask, d.get("receives"), where, "receives"),
        "contexts": checked(tag_tuple, d.get("contexts"), where, "contexts"),
    }


def tie_inputs(
    G: nx.MultiDiGraph, u: Hashable, v: Hashable, stats: GraphStats, cfg: ProximityConfig,
    *, text: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    """The feature columns (as numbers) and the words of the tie between ``u`` and ``v``.

    ``u`` is the row's source: for a KNOWS pair its account is ``_a``; for paid support ``u``
    must be the worker. Raises `NotFound` when no KNOWS or SUPPORTS tie joins them.
    """
    sup = find_tie(G, u, v, "SUPPORTS")
    if sup is not None:
        c, w = _paid_inputs(G, u, v, sup, cfg, text=text)
    else:
        ab, ba = find_tie(G, u, v, "KNOWS"), find_tie(G, v, u, "KNOWS")
        if ab is None and ba is None:
            raise NotFound(f"no KNOWS or SUPPORTS tie between {u!r} and {v!r}")
        for x, y, d in ((u, v, ab), (v, u, ba)):
            if d is not None and (G.nodes[x].get("label"), G.nodes[y].get("label")) != (
                "Person", "Person"
            ):  # fmt: skip
                raise BadRequest(
                    f"{_where('KNOWS', x, y)}: a KNOWS tie must go from a Person to a Person"
                )
        c, w = _knows_inputs(u, v, ab, ba, cfg, text=text)
    _derived(G, u, v, c, w, stats, cfg, text=text)
    return c, w


def _knows_inputs(
    u: Hashable, v: Hashable, ab: dict[str, Any] | None, ba: dict[str, Any] | None,
    cfg: ProximityConfig, *, text: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    ra, rb = _report(ab, _where("KNOWS", u, v)), _report(ba, _where("KNOWS", v, u))
    c: dict[str, Any] = {"paid": False, "two_sided": ab is not None and ba is not None}
    for side, r in (("a", ra), ("b", rb)):
        c[f"mode_{side}"], c[f"kind_{side}"] = r["mode"], r["kind"]
        c[f"freq_{side}"], c[f"since_{side}"] = r["frequency"], r["since"]
        c[f"last_{side}"] = r["last_contact"]
        c[f"gives_{side}"], c[f"receives_{side}"] = r["gives"], r["receives"]
    c |= {"role": -1, "employer": -1, "turnover": math.nan, "ends": math.nan}
    labels: dict[str, str] = {}  # match key -> the first label that said it
    for tags in (ra["contexts"] or (), rb["contexts"] or ()):
        for tag in tags:
            labels.setdefault(match_key(tag), tag)
    for r in (ra, rb):
        word = cfg.multiplexity.kind_contexts.get(KINDS[r["kind"]]) if r["kind"] >= 0 else None
        if word:
            labels.setdefault(match_key(word), word)
    said_a = {match_key(t) for t in ra["contexts"] or ()}
    said_b = {match_key(t) for t in rb["contexts"] or ()}
    c["contexts_disjoint"] = bool(said_a) and bool(said_b) and not said_a & said_b
    c["declared"] = bool(labels)
    c["certain"] = float(len(labels))
    w: dict[str, Any] = {"_declared": set(labels)}
    if text:
        w |= {"declared": tuple(labels.values()), "ends_raw": None, "tasks": (),
              "report_a": ab, "report_b": ba}  # fmt: skip
    return c, w


def _paid_inputs(
    G: nx.MultiDiGraph, u: Hashable, v: Hashable, d: dict[str, Any], cfg: ProximityConfig,
    *, text: bool,
) -> tuple[dict[str, Any], dict[str, Any]]:  # fmt: skip
    where = _where("SUPPORTS", u, v)
    if (G.nodes[u].get("label"), G.nodes[v].get("label")) != ("PaidWorker", "Person"):
        raise BadRequest(f"{where}: a SUPPORTS tie must go from a PaidWorker to a Person")
    role = d.get("role") or G.nodes[u].get("role")
    tasks = checked(tag_tuple, d.get("tasks"), where, "tasks") or ()
    mx = cfg.multiplexity
    c: dict[str, Any] = {
        "paid": True, "two_sided": False,
        "mode_a": checked(lambda x: code_of(x, MODES), d.get("mode"), where, "mode"),
        "mode_b": -1, "kind_a": -1, "kind_b": -1,
        "freq_a": checked(_frequency, d.get("frequency"), where, "frequency"),
        "freq_b": math.nan,
        "since_a": checked(date_or_nan, d.get("since"), where, "since"), "since_b": math.nan,
        "last_a": math.nan, "last_b": math.nan,
        "gives_a": -1, "receives_a": -1, "gives_b": -1, "receives_b": -1,
        "role": checked(lambda x: code_of(x, ROLES), role, where, "role"),
        "employer": checked(lambda x: code_of(x, EMPLOYERS), d.get("employer"), where, "employer"),
        "turnover": checked(number, d.get("turnover_per_year"), where, "turnover_per_year"),
        "ends": checked(date_or_nan, d.get("ends"), where, "ends"),
        "declared": True, "contexts_disjoint": False,
        "certain": mx.paid_support + mx.task * len(tasks),
    }  # fmt: skip
    w: dict[str, Any] = {"_declared": set()}
    if text:
        w |= {"declared": (), "ends_raw": d.get("ends"), "tasks": tasks,
              "report_a": None, "report_b": None}  # fmt: skip
    return c, w


def _name(G: nx.MultiDiGraph, n: Hashable) -> str:
    name = G.nodes[n].get("name")
    return name if isinstance(name, str) and name.strip() else str(n)


def _by_id(nodes: set[Hashable]) -> list[Hashable]:
    return sorted(nodes, key=str)


def _derived(
    G: nx.MultiDiGraph, u: Hashable, v: Hashable, c: dict[str, Any], w: dict[str, Any],
    stats: GraphStats, cfg: ProximityConfig, *, text: bool,
) -> None:  # fmt: skip
    """Contexts the graph shows, and shared interests: the rules of `features._Derived`."""
    mx = cfg.multiplexity
    declared: set[str] = w.pop("_declared")

    def said(*words: object) -> bool:
        return any(isinstance(x, str) and x and match_key(x) in declared for x in words)

    hu, hv = G.nodes[u].get("household"), G.nodes[v].get("household")
    same_home = isinstance(hu, str) and isinstance(hv, str) and hu == hv
    home = same_home and not said(*HOUSEHOLD_WORDS)
    certain, possible = c["certain"] + mx.household * home, 0.0

    groups_u, groups_v = _ties(G, u, "MEMBER_OF"), _ties(G, v, "MEMBER_OF")
    shared_groups = set(groups_u) & set(groups_v)
    fresh_groups = {
        g for g in shared_groups if not said(G.nodes[g].get("name"), G.nodes[g].get("kind"))
    }
    certain += mx.group * len(fresh_groups)
    purpose = {g for g in shared_groups if G.nodes[g].get("purpose")}

    met = {s for g in shared_groups for s in _ties(G, g, "MEETS_AT")}
    visits_u, visits_v = _ties(G, u, "VISITS"), _ties(G, v, "VISITS")
    spaces, maybe = set(), set()
    for s in set(visits_u) & set(visits_v):
        if s in met or said(G.nodes[s].get("name"), G.nodes[s].get("kind")):
            continue
        a, b = visits_u[s].get("slots"), visits_v[s].get("slots")
        if not a or not b:
            maybe.add(s)
        elif slot_overlap(tuple(a), tuple(b)) >= mx.min_overlap_minutes:
            spaces.add(s)
    certain += mx.space * len(spaces)
    possible += mx.space_possible * len(maybe)

    hoods = set(_ties(G, u, "IN")) & set(_ties(G, v, "IN"))
    area = bool(hoods) and not same_home and not said(*NEIGHBOUR_WORDS)
    possible += mx.neighbourhood * area

    likes_u, likes_v = _ties(G, u, "INTERESTED_IN"), _ties(G, v, "INTERESTED_IN")
    shared = set(likes_u) & set(likes_v)
    c |= {
        "household": same_home, "certain": certain, "possible": possible,
        "idf_sum": float(sum(stats.idf[i] for i in shared)),
        "interests_known": bool(likes_u) and bool(likes_v), "purpose": len(purpose),
    }  # fmt: skip
    if text:
        interests = sorted(shared, key=lambda i: (-stats.idf[i], str(i)))
        w |= {
            "name_a": first_name(G.nodes[u].get("name")),
            "name_b": first_name(G.nodes[v].get("name")),
            "household": home,
            "groups": tuple(_name(G, g) for g in _by_id(fresh_groups)),
            "purpose_groups": tuple(_name(G, g) for g in _by_id(purpose)),
            "spaces": tuple(_name(G, s) for s in _by_id(spaces)),
            "maybe_spaces": tuple(_name(G, s) for s in _by_id(maybe)),
            "neighbourhood": _name(G, _by_id(hoods)[0]) if area else None,
            "interests": tuple(_name(G, i) for i in interests),
            "rarest_share": min((stats.share[i] for i in shared), default=math.nan),
        }
