"""The store contract: what every graph store does, so the rest of graphsvc need not care which.

Two stores keep it: `EmbeddedStore` (the default: a SQLite file plus an in-memory NetworkX
index, no server) and `Neo4jStore` (a Neo4j server over Bolt). One contract test suite runs
unchanged against both (``tests/store/test_contract.py``).

The rules every store keeps:

- **Upserts are idempotent and atomic.** Nodes are keyed by id, ties by (type, source, target);
  writing a record again replaces its properties with the new record's. One `upsert` call is
  one transaction: if any record is refused (bad endpoint, id used by another label), nothing
  of the call is written, and the error lists every record at fault.
- **Ties have versions** (decision 0005). A version is identified by (type, source, target,
  ``valid_from`` or ``""``) and holds from ``valid_from`` up to, not including, ``valid_to``.
  The *current* version has no ``valid_to``; there is at most one per (type, source, target),
  and at most one version of a tie holds on any date, so graphs keep one edge per (type,
  source, target). A tie without ``valid_to`` given to `upsert` replaces the current version
  (whatever its ``valid_from``); one with ``valid_to`` creates or replaces the historical
  version with its ``valid_from``: that is how history is imported. `revise` is a review:
  changes end the current version and start a new one, so nothing said before is lost.
- **Dates follow one rule**: a version holds on day D when ``(valid_from is None or
  valid_from <= D) and (valid_to is None or D < valid_to)``, compared as strings
  (`graphsvc.model.valid_on`), in Python, SQL and Cypher alike. Reads take ``as_of``: without
  it they see current versions only, as before versions existed.
- **Ids are global**: one id names one node whatever its label.
- **Graphs come back in one shape** (see `graphsvc.graph`): a NetworkX ``MultiDiGraph`` whose
  nodes carry ``label`` plus properties and whose edges are keyed by type and carry ``type``
  plus properties. Equal input gives equal graphs from both stores.
- **Unknown stays unknown**: a property never set is absent, never zero or empty.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

import networkx as nx

from graphsvc.model import Label, Node, RelType, Tie

MAX_HOPS = 3
MAX_PAGE = 1000


@dataclass(frozen=True)
class WriteSummary:
    """How many records one upsert wrote (created or replaced)."""

    nodes: int
    ties: int


@dataclass(frozen=True)
class Page:
    """One page of nodes of a label, in id order; pass ``next_after`` to get the next page."""

    items: list[Node]
    next_after: str | None


@dataclass(frozen=True)
class DeletionReceipt:
    """What a cascading delete removed: node ids by label and tie counts by type.

    A person's needs go with them (they describe that person); people, places and groups they
    were tied to stay, minus the ties.
    """

    nodes: dict[str, list[str]] = field(default_factory=dict)
    ties: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.nodes.values()) + sum(self.ties.values())


#: A tie, all versions together: (type, source, target).
TieKey = tuple[str, str, str]


@dataclass(frozen=True)
class Revision:
    """What one review (`GraphStore.revise`) did to a person's current ties, by tie key.

    ``new``: ties that had no current version, now started on the review date. ``changed``:
    ties whose properties differ, ended on the review date and started again with the new
    ones. ``ended``: current ties of the person the review did not confirm, ended on that date
    (kept as history, never deleted). ``unchanged``: confirmed as they were. Each list sorted.
    """

    new: list[TieKey] = field(default_factory=list)
    changed: list[TieKey] = field(default_factory=list)
    ended: list[TieKey] = field(default_factory=list)
    unchanged: list[TieKey] = field(default_factory=list)

    @property
    def changes(self) -> int:
        """How many ties the review wrote: 0 when it only confirmed what was there."""
        return len(self.new) + len(self.changed) + len(self.ended)


@dataclass(frozen=True)
class Counts:
    """How many nodes of each label and current ties of each type; absent ones are 0.

    Historical versions are not counted: a tie that ended is not part of today's map.
    """

    nodes: dict[str, int]
    ties: dict[str, int]


@dataclass(frozen=True)
class InterestCounts:
    """How rare interests are across the whole store: the inputs of interest rarity (IDF).

    ``people``: people (any node) with at least one ``INTERESTED_IN`` tie; ``holders``: for each
    interest asked about that exists, how many hold it (0 if nobody does).
    """

    people: int
    holders: dict[str, int]


@runtime_checkable
class GraphStore(Protocol):
    """The contract. See the module docstring for the rules every implementation keeps."""

    def init_schema(self) -> list[str]:
        """Make sure the store's tables or constraints exist (idempotent); say what was run."""
        ...

    def upsert(self, nodes: Iterable[Node] = (), ties: Iterable[Tie] = ()) -> WriteSummary:
        """Write nodes, then ties, in one transaction; all or nothing.

        A tie without ``valid_to`` replaces the current version of its (type, source, target),
        whatever that version's ``valid_from``; a tie with ``valid_to`` creates or replaces the
        historical version with the same ``valid_from``. Within one call the historical
        versions are written first, then the current ones, and a written version replaces any
        version of the same tie with the same ``valid_from``.
        """
        ...

    def revise(self, person_id: str, ties: Iterable[Tie], on: date) -> Revision:
        """A review of ``person_id``'s map on ``on``: the ties given are the map as it now is.

        Every tie must touch the person and carry no ``valid_from`` / ``valid_to`` of its own
        (`BadRequest` names the first that does not); their ends must exist, as for `upsert`.
        For each tie: no current version -> one is started (``valid_from = on``); a current
        version with equal properties (validity aside) -> unchanged; else the current version
        ends (``valid_to = on``) and a new one starts on ``on`` with the given properties.
        Every current tie touching the person (any type, either direction) that is not given
        is ended on ``on``. One transaction. Running the same review again changes nothing.
        `BadRequest` if ``on`` is before the start of a version it would end; `NotFound` if
        ``person_id`` is not a Person.
        """
        ...

    def get(self, node_id: str) -> Node:
        """The node with this id; `NotFound` if there is none."""
        ...

    def page(self, label: Label, *, after: str | None = None, limit: int = 100) -> Page:
        """Nodes of one label in id order, ``limit`` at a time, starting after id ``after``."""
        ...

    def delete_person(self, person_id: str) -> DeletionReceipt:
        """Remove a person, every version of every tie touching them, and their needs.

        Erasure: history goes too (the receipt counts every version removed). A need goes
        when no other person has ever had a ``HAS_NEED`` tie to it.
        """
        ...

    def ego(
        self,
        person_id: str,
        *,
        hops: int = 1,
        labels: Sequence[Label] | None = None,
        types: Sequence[RelType] | None = None,
        as_of: date | None = None,
    ) -> nx.MultiDiGraph:
        """The person's network to ``hops`` steps (1-3), ignoring tie direction.

        Only ties of ``types`` are walked and only nodes of ``labels`` entered (all when None);
        the result holds the nodes reached and every tie of ``types`` among them. With
        ``as_of``, the map as it was that day: only the tie versions valid then are walked and
        returned (nodes are not versioned); without it, the current versions.
        """
        ...

    def ties_around(
        self, node_ids: Collection[str], types: Sequence[RelType], *, as_of: date | None = None
    ) -> nx.MultiDiGraph:
        """The nodes ``node_ids``, their ties of ``types`` (either direction), and the nodes at
        the other ends, in one read; ids that are not nodes are left out.

        What fetches for analytics ask of many people at once ("each one's interests", "where
        each one goes"): one query where a loop of `ego` calls would cost a round trip each.
        Only ties touching ``node_ids`` are returned, not those among the nodes at their ends.
        """
        ...

    def neighbourhood(self, neighbourhood_id: str, *, as_of: date | None = None) -> nx.MultiDiGraph:
        """The neighbourhood node, everything ``IN`` it, and what hangs off those members.

        Members are the people, spaces and groups with an ``IN`` tie to it. Also included: the
        interests, needs and paid workers tied directly to a member (they have no neighbourhood
        of their own). Every tie among these nodes is included. ``as_of`` as for `ego`.
        """
        ...

    def to_networkx(self, *, as_of: date | None = None) -> nx.MultiDiGraph:
        """The whole graph in the shape of `graphsvc.graph`: current ties, or those of ``as_of``."""
        ...

    def counts(self) -> Counts:
        """Nodes by label and current ties by type."""
        ...

    def interest_counts(
        self, interest_ids: Collection[str], *, as_of: date | None = None
    ) -> InterestCounts:
        """How many hold each of ``interest_ids``, and how many hold any interest at all.

        Counted over the current ties (or those valid on ``as_of``) of the whole store, so a
        person's scores from their one-hop map judge a shared interest's rarity as a score of
        the whole graph would (`graphsvc.proximity.Rarity`), without fetching everyone who
        shares it. Ids that are not nodes are left out of ``holders``.
        """
        ...

    def clear(self) -> None:
        """Remove everything (tests, demos). Not for erasure of one person: `delete_person`."""
        ...

    def close(self) -> None:
        """Release files and connections."""
        ...

    def asset_population(
        self, neighbourhoods: Sequence[str] | None = None
    ) -> dict[str, dict[int | None, int]]:
        """Residents of each neighbourhood by birth year (``None``: not known); every one if None.

        Residents are people ``IN`` the neighbourhood whose consent is not ``withdrawn``. Only
        years with someone in them appear; a neighbourhood with nobody maps to ``{}``. The asset
        map's disclosure checks need these raw counts before any query is answered; they are
        never published as they are. `NotFound` names a neighbourhood that does not exist.
        """
        ...

    def asset_counts(
        self,
        neighbourhoods: Sequence[str],
        *,
        birth_years: Collection[int] | None = None,
        exclude_kinds: Collection[str] = (),
        support_dominated: Collection[str] | None = None,
        good_unpaid: Mapping[str, int] | None = None,
        projection: bool = False,
    ) -> AssetCounts:
        """Raw counts for a commissioner's asset map, counted where the data lives.

        Every people count is over the *population*: people ``IN`` one of ``neighbourhoods``
        whose consent is not ``withdrawn`` and, when ``birth_years`` is given, whose birth year is
        in it. Assets are the spaces and groups ``IN`` the neighbourhoods, minus those whose
        ``kind`` is in ``exclude_kinds`` (circles of support: about one person, not the
        community). ``support_dominated`` (ids) and ``good_unpaid`` (id -> unpaid ties of good
        proximity) come from `graphsvc.proximity`; when None the counts that need them are None.
        ``projection`` adds the anonymous person-asset memberships that bridging needs.

        The result holds counts and asset attributes only: no person's id or name. These counts
        are *raw*; `graphsvc.assets.disclosure` must be applied before anyone sees them.
        The pure definition is `graphsvc.assets.counts.count_assets`; `NotFound` names a
        neighbourhood that does not exist.
        """
        ...


# --- asset-map aggregates (see GraphStore.asset_counts) ---------------------------------------


@dataclass(frozen=True)
class AssetRow:
    """One space or group in the selected neighbourhoods, with its raw reach.

    ``reach``: population people who visit it or belong to it (for a space, also members of
    the groups meeting there). ``links``: for a group, the spaces it meets at; for a space, the
    groups meeting there (ids of assets, never of people). ``meeting_slots``: slots on the
    ``MEETS_AT`` ties (a group's times when its own ``slots`` are unknown).
    """

    id: str
    label: str
    neighbourhood: str
    kind: str | None
    name: str | None
    slots: tuple[str, ...] | None
    meeting_slots: tuple[str, ...]
    lat: float | None
    lon: float | None
    about: tuple[str, ...]
    links: tuple[str, ...]
    reach: int
    reach_support_dominated: int | None


@dataclass(frozen=True)
class PaidRow:
    """Paid support received by population people in one role (``"unknown"`` if not given).

    ``hours_per_week`` sums the ties' known hours (rounded to 2 decimals so both stores agree
    to the digit); ``people_hours_unknown`` counts people with a tie in the role lacking hours.
    """

    role: str
    people: int
    hours_per_week: float
    people_hours_unknown: int


@dataclass(frozen=True)
class AssetCounts:
    """Raw, unsuppressed counts for one query (one or several neighbourhoods together).

    Tie counts ``(0, 1, 2+)`` are people with no, one, or more unpaid ties. ``projection`` rows
    are ``(k, asset id)``: ``k`` numbers population people by id order inside the query and
    means nothing outside it.
    """

    neighbourhoods: tuple[str, ...]
    population: int
    reached: int
    unpaid_ties: tuple[int, int, int]
    good_unpaid_ties: tuple[int, int, int] | None
    support_dominated: int | None
    interests: dict[str, tuple[int, int, int]]
    need_tags: dict[str, int]
    paid: dict[str, PaidRow]
    assets: tuple[AssetRow, ...]
    projection: tuple[tuple[int, str], ...] | None = None
