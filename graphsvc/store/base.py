"""The store contract: what every graph store does, so the rest of graphsvc need not care which.

Two stores keep it: `EmbeddedStore` (the default: a SQLite file plus an in-memory NetworkX
index, no server) and `Neo4jStore` (a Neo4j server over Bolt). One contract test suite runs
unchanged against both (``tests/store/test_contract.py``).

The rules every store keeps:

- **Upserts are idempotent and atomic.** Nodes are keyed by id, ties by (type, source, target);
  writing a record again replaces its properties with the new record's. One `upsert` call is
  one transaction: if any record is refused (bad endpoint, id used by another label), nothing
  of the call is written, and the error lists every record at fault.
- **Ids are global**: one id names one node whatever its label.
- **Graphs come back in one shape** (see `graphsvc.graph`): a NetworkX ``MultiDiGraph`` whose
  nodes carry ``label`` plus properties and whose edges are keyed by type and carry ``type``
  plus properties. Equal input gives equal graphs from both stores.
- **Unknown stays unknown**: a property never set is absent, never zero or empty.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
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


@dataclass(frozen=True)
class Counts:
    """How many nodes of each label and ties of each type; labels and types absent are 0."""

    nodes: dict[str, int]
    ties: dict[str, int]


@runtime_checkable
class GraphStore(Protocol):
    """The contract. See the module docstring for the rules every implementation keeps."""

    def init_schema(self) -> list[str]:
        """Make sure the store's tables or constraints exist (idempotent); say what was run."""
        ...

    def upsert(self, nodes: Iterable[Node] = (), ties: Iterable[Tie] = ()) -> WriteSummary:
        """Write nodes, then ties, in one transaction; all or nothing."""
        ...

    def get(self, node_id: str) -> Node:
        """The node with this id; `NotFound` if there is none."""
        ...

    def page(self, label: Label, *, after: str | None = None, limit: int = 100) -> Page:
        """Nodes of one label in id order, ``limit`` at a time, starting after id ``after``."""
        ...

    def delete_person(self, person_id: str) -> DeletionReceipt:
        """Remove a person, every tie touching them and their needs; say what went."""
        ...

    def ego(
        self,
        person_id: str,
        *,
        hops: int = 1,
        labels: Sequence[Label] | None = None,
        types: Sequence[RelType] | None = None,
    ) -> nx.MultiDiGraph:
        """The person's network to ``hops`` steps (1-3), ignoring tie direction.

        Only ties of ``types`` are walked and only nodes of ``labels`` entered (all when None);
        the result holds the nodes reached and every tie of ``types`` among them.
        """
        ...

    def neighbourhood(self, neighbourhood_id: str) -> nx.MultiDiGraph:
        """The neighbourhood node, everything ``IN`` it, and what hangs off those members.

        Members are the people, spaces and groups with an ``IN`` tie to it. Also included: the
        interests, needs and paid workers tied directly to a member (they have no neighbourhood
        of their own). Every tie among these nodes is included.
        """
        ...

    def to_networkx(self) -> nx.MultiDiGraph:
        """The whole graph in the shape of `graphsvc.graph`."""
        ...

    def counts(self) -> Counts:
        """Nodes by label and ties by type."""
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
