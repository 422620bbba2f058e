"""The Neo4j store: the same contract as the embedded store, over Bolt with the official driver.

Every query is a named file in ``cypher/`` (see `graphsvc.store.cypher`). Writes are managed
transactions (``execute_write``), which the driver retries on transient errors such as a leader
switch in a cluster; one `upsert` is one transaction, sent as ``UNWIND`` statements of
``batch_size`` rows. Reads use ``execute_read`` so a ``neo4j://`` cluster routes them to
secondaries. Driver errors are translated into graphsvc's error tree in one place,
`_translated`.

Tie versions (decision 0005) are one relationship each, with ``valid_from`` / ``valid_to`` as
properties; the current version is the one without ``valid_to``. Writes find the version to
replace with ``OPTIONAL MATCH ... WHERE`` (``MERGE`` cannot match "the one whose valid_to is
null"), still one static relationship type per statement; reads filter on ``$as_of`` with the
validity rule of `graphsvc.model.valid_on`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, TypeVar

import neo4j
import networkx as nx
from neo4j import GraphDatabase, ManagedTransaction
from neo4j import exceptions as neo4j_errors

from graphsvc.config import NEO4J_TIMEOUT_S, Settings
from graphsvc.errors import Conflict, NotFound, StoreError, StoreUnavailable
from graphsvc.graph import ATTACHED_LABELS, put_tie
from graphsvc.model import Label, Node, RelType, Tie, node_from_properties
from graphsvc.store.base import (
    MAX_HOPS,
    AssetCounts,
    AssetRow,
    Counts,
    DeletionReceipt,
    InterestCounts,
    Page,
    PaidRow,
    Revision,
    WriteSummary,
)
from graphsvc.store.batch import check_batch
from graphsvc.store.common import (
    as_of_text,
    check_filters,
    check_hops,
    check_limit,
    gc_paused,
)
from graphsvc.store.cypher import query, specialised, statements
from graphsvc.store.revision import check_review_ties, plan_revision

T = TypeVar("T")

#: Seconds the count of people with any interest is reused (`Neo4jStore.interest_counts`).
INTEREST_PEOPLE_TTL_S = 30.0


class Neo4jStore:
    """A `GraphStore` on a Neo4j 5 server (``bolt://`` for one server, ``neo4j://`` for a cluster).

    The store owns its driver: one per process, closed by `close` (the 6.x driver no longer
    closes itself when garbage collected). Constraints are applied on first connection and by
    ``graphsvc db init``.
    """

    def __init__(
        self,
        uri: str,
        *,
        auth: tuple[str, str] | None = None,
        database: str = "neo4j",
        batch_size: int = 5000,
        init_schema: bool = True,
        timeout: float = NEO4J_TIMEOUT_S,
    ) -> None:
        """``timeout``: seconds to connect, and the driver's budget for retrying a transaction
        after a transient failure (`Settings.neo4j_timeout`), so an unreachable Neo4j is
        reported as `StoreUnavailable` in seconds rather than after the driver's default 30 s
        to connect plus 30 s of retries. Waiting for a free pooled connection gets twice that
        (the driver wants it above the connect timeout, as connecting is part of it)."""
        self.uri = uri
        self.database = database
        self.batch_size = batch_size
        # (when, count) of people with any interest today: see `interest_counts`
        self._interest_people: tuple[float, int] | None = None
        with _translated(uri):
            self._driver = GraphDatabase.driver(
                uri,
                auth=auth,
                connection_timeout=timeout,
                connection_acquisition_timeout=2 * timeout,
                max_transaction_retry_time=timeout,
            )
            try:
                self._driver.verify_connectivity()
                if init_schema:
                    self.init_schema()
            except BaseException:
                self._driver.close()
                raise

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        password = settings.neo4j_password
        auth = (settings.neo4j_user, password.get_secret_value()) if password else None
        return cls(
            settings.neo4j_uri,
            auth=auth,
            database=settings.neo4j_database,
            batch_size=settings.batch_size,
            timeout=settings.neo4j_timeout,
        )

    def init_schema(self) -> list[str]:
        """Apply ``cypher/schema.cypher`` (idempotent); return the statements run."""
        done = []
        with _translated(self.uri), self._driver.session(database=self.database) as session:
            for stmt in statements("schema"):
                session.run(stmt).consume()
                done.append(stmt)
        return done

    # --- writes ---------------------------------------------------------------------------

    def upsert(self, nodes: Iterable[Node] = (), ties: Iterable[Tie] = ()) -> WriteSummary:
        nodes, ties = list(nodes), list(ties)

        def work(tx: ManagedTransaction) -> WriteSummary:
            batch = check_batch(nodes, ties, lambda ids: self._labels_of(tx, ids))
            node_rows = [
                {"id": n.id, "label": Label(n.label).value, "props": n.properties()}
                for n in batch.nodes
            ]
            self._write_chunks(tx, query("upsert_nodes"), node_rows)
            self._write_ties(tx, batch.ties)
            return WriteSummary(nodes=len(node_rows), ties=len(batch.ties))

        with gc_paused():
            return self._write(work)

    def revise(self, person_id: str, ties: Iterable[Tie], on: date) -> Revision:
        """`GraphStore.revise`: the plan from `graphsvc.store.revision`, in one transaction."""
        given = check_review_ties(person_id, ties)
        day = as_of_text(on)
        assert day is not None

        def work(tx: ManagedTransaction) -> Revision:
            self._require(tx, person_id, Label.PERSON)
            batch = check_batch([], given, lambda ids: self._labels_of(tx, ids))
            current = {
                (r["type"], r["source"], r["target"]): dict(r["props"])
                for r in tx.run(query("current_ties"), id=person_id)
            }
            plan = plan_revision(batch.ties, current, date.fromisoformat(day))
            ends: dict[str, list[dict[str, Any]]] = {}
            for rel_type, source, target in plan.end:
                ends.setdefault(rel_type, []).append(
                    {"source": source, "target": target, "on": day}
                )
            for rel_type, rows in ends.items():
                self._write_chunks(tx, specialised("end_ties", "$(row.type)", rel_type), rows)
            self._write_ties(tx, plan.write)
            return plan.revision

        return self._write(work)

    def delete_person(self, person_id: str) -> DeletionReceipt:
        def work(tx: ManagedTransaction) -> DeletionReceipt:
            record = tx.run(query("delete_person"), id=person_id).single()
            if record is None:
                raise NotFound(f"no Person with id {person_id!r}")
            nodes: dict[str, list[str]] = {}
            for n in record["nodes"]:
                nodes.setdefault(n["label"], []).append(n["id"])
            ties: dict[str, int] = {}
            for t in record["types"]:
                ties[t] = ties.get(t, 0) + 1
            return DeletionReceipt({k: sorted(v) for k, v in nodes.items()}, ties)

        return self._write(work)

    def clear(self) -> None:
        self._interest_people = None
        with _translated(self.uri), self._driver.session(database=self.database) as session:
            session.run(query("clear")).consume()

    # --- reads ----------------------------------------------------------------------------

    def get(self, node_id: str) -> Node:
        record = self._read(lambda tx: tx.run(query("get_node"), id=node_id).single())
        if record is None:
            raise NotFound(f"no node with id {node_id!r}")
        return node_from_properties(record["label"], node_id, _props(record["props"]))

    def page(self, label: Label, *, after: str | None = None, limit: int = 100) -> Page:
        check_limit(limit)
        label = Label(label)
        rows = self._read(
            lambda tx: list(
                tx.run(query("page_nodes"), label=label.value, after=after or "", limit=limit + 1)
            )
        )
        items = [node_from_properties(label, r["id"], _props(r["props"])) for r in rows[:limit]]
        return Page(items, items[-1].id if len(rows) > limit else None)

    def ego(
        self,
        person_id: str,
        *,
        hops: int = 1,
        labels: Sequence[Label] | None = None,
        types: Sequence[RelType] | None = None,
        as_of: date | None = None,
    ) -> nx.MultiDiGraph:
        check_hops(hops, MAX_HOPS)
        labels, types = check_filters(labels, types)
        label_names = None if labels is None else [x.value for x in labels]
        type_names = None if types is None else [x.value for x in types]
        day = as_of_text(as_of)

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            self._require(tx, person_id, Label.PERSON)
            seen, frontier = {person_id}, [person_id]
            for _ in range(hops):
                if not frontier:
                    break
                result = tx.run(
                    query("ego_step"),
                    frontier=frontier,
                    types=type_names,
                    labels=label_names,
                    as_of=day,
                )
                frontier = [r["id"] for r in result if r["id"] not in seen]
                seen.update(frontier)
            return self._subgraph(tx, seen, type_names, day)

        return self._read(work)

    def ties_around(
        self, node_ids: Collection[str], types: Sequence[RelType], *, as_of: date | None = None
    ) -> nx.MultiDiGraph:
        """`GraphStore.ties_around`: ``cypher/ties_around.cypher``, then the nodes, in one read."""
        _, checked = check_filters(None, types)
        type_names = sorted(t.value for t in checked or ())
        ids = sorted(set(node_ids))
        day = as_of_text(as_of)

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            rows = list(tx.run(query("ties_around"), ids=ids, types=type_names, as_of=day))
            keep = set(ids) | {r["source"] for r in rows} | {r["target"] for r in rows}
            G = nx.MultiDiGraph()
            for r in tx.run(query("nodes_by_id"), ids=sorted(keep)):
                G.add_node(r["id"], label=r["label"], **_props(r["props"]))
            _put_ties(G, rows, dated=day is not None)
            return G

        return self._read(work)

    def neighbourhood(self, neighbourhood_id: str, *, as_of: date | None = None) -> nx.MultiDiGraph:
        day = as_of_text(as_of)

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            record = tx.run(
                query("neighbourhood_members"),
                id=neighbourhood_id,
                attached=sorted(label.value for label in ATTACHED_LABELS),
                as_of=day,
            ).single()
            if record is None:
                raise NotFound(f"no Neighbourhood with id {neighbourhood_id!r}")
            keep = {neighbourhood_id, *record["members"], *record["attached"]}
            return self._subgraph(tx, keep, None, day)

        return self._read(work)

    def to_networkx(self, *, as_of: date | None = None) -> nx.MultiDiGraph:
        day = as_of_text(as_of)

        def work(tx: ManagedTransaction) -> nx.MultiDiGraph:
            G = nx.MultiDiGraph()
            for r in tx.run(query("all_nodes")):
                G.add_node(r["id"], label=r["label"], **_props(r["props"]))
            _put_ties(G, tx.run(query("all_ties"), as_of=day), dated=day is not None)
            return G

        return self._read(work)

    def counts(self) -> Counts:
        def work(tx: ManagedTransaction) -> tuple[dict[str, int], dict[str, int]]:
            nodes = {r["label"]: r["n"] for r in tx.run(query("count_nodes"))}
            ties = {r["type"]: r["n"] for r in tx.run(query("count_ties"))}
            return nodes, ties

        nodes, ties = self._read(work)
        return Counts(
            nodes={lab.value: nodes.get(lab.value, 0) for lab in Label},
            ties={t.value: ties.get(t.value, 0) for t in RelType},
        )

    def interest_counts(
        self, interest_ids: Collection[str], *, as_of: date | None = None
    ) -> InterestCounts:
        """`GraphStore.interest_counts` by ``cypher/interest_people`` and ``interest_holders``.

        How many people hold any interest takes a scan of every ``INTERESTED_IN`` tie (about
        0.1 s at 100k people), and every person's scores want it; it moves slowly and one more
        or less barely moves an IDF, so today's count is reused for `INTEREST_PEOPLE_TTL_S`.
        This store's own writes drop it at once; another process's show within that time.
        """
        day = as_of_text(as_of)
        ids = list(dict.fromkeys(interest_ids))
        cached = self._interest_people
        if day is None and cached and time.monotonic() - cached[0] < INTEREST_PEOPLE_TTL_S:
            people = cached[1]
        else:
            people = self._read(
                lambda tx: tx.run(query("interest_people"), as_of=day).single(strict=True)
            )["people"]
            if day is None:
                self._interest_people = (time.monotonic(), people)
        held = self._read(lambda tx: list(tx.run(query("interest_holders"), ids=ids, as_of=day)))
        return InterestCounts(people, {r["id"]: r["holders"] for r in held})

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ------------------------------------------------------------------------

    def _write(self, work: Callable[[ManagedTransaction], T]) -> T:
        self._interest_people = None  # this store's own writes are seen at once
        with _translated(self.uri), self._driver.session(database=self.database) as session:
            return session.execute_write(work)

    def _read(self, work: Callable[[ManagedTransaction], T]) -> T:
        with (
            _translated(self.uri),
            self._driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS
            ) as session,
        ):
            return session.execute_read(work)

    def _write_chunks(self, tx: ManagedTransaction, text: str, rows: list[dict[str, Any]]) -> None:
        for i in range(0, len(rows), self.batch_size):
            chunk = rows[i : i + self.batch_size]
            written = tx.run(text, rows=chunk).single(strict=True)["written"]
            if written != len(chunk):  # checked beforehand; a concurrent delete can still race
                raise Conflict(
                    f"{len(chunk) - written} of {len(chunk)} records could not be written because "
                    "a node they refer to was removed meanwhile; nothing was written, try again"
                )

    def _write_ties(self, tx: ManagedTransaction, ties: Iterable[Tie]) -> None:
        """Tie versions, one static type per statement: historical versions first, then
        current ones, so the order is that of the embedded store (`GraphStore.upsert`)."""
        historical: dict[RelType, list[dict[str, Any]]] = {}
        current: dict[RelType, list[dict[str, Any]]] = {}
        for t in ties:
            row = {"source": t.source, "target": t.target, "props": t.properties()}
            rows = current if t.valid_to is None else historical
            rows.setdefault(RelType(t.type), []).append(row)
        for by_type in (historical, current):
            for rel_type, tie_rows in by_type.items():
                self._write_chunks(
                    tx, specialised("upsert_ties", "$(row.type)", rel_type.value), tie_rows
                )

    @staticmethod
    def _labels_of(tx: ManagedTransaction, ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        return {r["id"]: r["label"] for r in tx.run(query("lookup_labels"), ids=sorted(ids))}

    @staticmethod
    def _require(tx: ManagedTransaction, node_id: str, label: Label) -> None:
        record = tx.run(query("get_node"), id=node_id).single()
        if record is None or record["label"] != label.value:
            raise NotFound(f"no {label.value} with id {node_id!r}")

    @staticmethod
    def _subgraph(
        tx: ManagedTransaction, keep: set[str], types: list[str] | None, day: str | None
    ) -> nx.MultiDiGraph:
        ids = sorted(keep)
        G = nx.MultiDiGraph()
        for r in tx.run(query("nodes_by_id"), ids=ids):
            G.add_node(r["id"], label=r["label"], **_props(r["props"]))
        rows = (
            r
            for r in tx.run(query("ties_from"), ids=ids, as_of=day)
            if r["target"] in keep and (types is None or r["type"] in types)
        )
        _put_ties(G, rows, dated=day is not None)
        return G

    # --- asset-map aggregates (appended; see GraphStore.asset_counts) ---------------------

    def asset_population(
        self, neighbourhoods: Sequence[str] | None = None
    ) -> dict[str, dict[int | None, int]]:
        """`GraphStore.asset_population`, counted by ``cypher/assets_population.cypher``."""
        ids = None if neighbourhoods is None else list(dict.fromkeys(neighbourhoods))
        return self._read(lambda tx: self._population(tx, ids))

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
        """`GraphStore.asset_counts` counted inside Neo4j by the ``cypher/assets_*`` queries.

        Only counts and asset attributes cross the wire (and, for bridging, anonymous numbers
        in place of people), never a person's id or name; one read transaction, so the counts
        are of one consistent state. Same answers as `graphsvc.assets.counts.count_assets`.
        """
        ids = list(dict.fromkeys(neighbourhoods))
        years = None if birth_years is None else sorted(set(birth_years))
        exclude = sorted(set(exclude_kinds))
        dominated = None if support_dominated is None else sorted(set(support_dominated))
        good = None if good_unpaid is None else dict(good_unpaid)

        def work(tx: ManagedTransaction) -> AssetCounts:
            r = tx.run(
                query("assets_counts"),
                ids=ids,
                years=years,
                exclude=exclude,
                dominated=dominated,
                good=good,
                projection=projection,
            ).single(strict=True)
            missing = [h for h in ids if h not in set(r["found"])]
            if missing:
                raise NotFound(f"no Neighbourhood with id {missing[0]!r}")
            reach = {a: (n, d) for a, n, d in r["reach"]}
            rows = [_asset_row(a, reach.get(a["id"], (0, 0)), dominated) for a in r["assets"]]
            pairs = None
            if projection:
                pairs = tuple(sorted((k, a) for k, direct in r["projection"] for a in direct))
            return AssetCounts(
                neighbourhoods=tuple(ids),
                population=r["population"],
                reached=r["reached"],
                unpaid_ties=_three(r["unpaid"]),
                good_unpaid_ties=None if r["good"] is None else _three(r["good"]),
                support_dominated=r["dominated"],
                interests={i: (a, b, c) for i, a, b, c in sorted(r["interests"])},
                need_tags=dict(sorted((t, n) for t, n in r["needs"])),
                paid={
                    role: PaidRow(role, n, round(hours, 2), unknown)
                    for role, n, hours, unknown in sorted(r["paid"])
                },
                assets=tuple(sorted(rows, key=lambda x: x.id)),
                projection=pairs,
            )

        return self._read(work)

    @staticmethod
    def _population(
        tx: ManagedTransaction, ids: list[str] | None
    ) -> dict[str, dict[int | None, int]]:
        out: dict[str, dict[int | None, int]] = {}
        for r in tx.run(query("assets_population"), ids=ids):
            years = out.setdefault(r["hood"], {})
            if r["n"]:
                years[r["year"]] = r["n"]
        missing = [h for h in ids or () if h not in out]
        if missing:
            raise NotFound(f"no Neighbourhood with id {missing[0]!r}")
        order = ids if ids is not None else sorted(out)
        return {
            h: dict(sorted(out[h].items(), key=lambda kv: (kv[0] is None, kv[0] or 0)))
            for h in order
        }


def _three(values: list[int]) -> tuple[int, int, int]:
    """People with no, one, or more ties: the three counts of a list from Cypher."""
    none, one, more = values
    return (none, one, more)


def _asset_row(a: dict[str, Any], reach: tuple[int, int], dominated: list[str] | None) -> AssetRow:
    slots = a["slots"]
    return AssetRow(
        id=a["id"],
        label=a["label"],
        neighbourhood=a["hood"],
        kind=a["kind"],
        name=a["name"],
        slots=None if slots is None else tuple(slots),
        meeting_slots=tuple(sorted(set(a["meeting"]))),
        lat=a["lat"],
        lon=a["lon"],
        about=tuple(sorted(a["about"])),
        links=tuple(sorted(set(a["links"]))),
        reach=reach[0],
        reach_support_dominated=None if dominated is None else reach[1],
    )


def _put_ties(G: nx.MultiDiGraph, rows: Iterable[Any], *, dated: bool) -> None:
    """Tie rows (source, type, target, props) into ``G``. Rows of a dated read are put in
    ``valid_from`` order, so where imported history overlaps the version that began last wins,
    as in the embedded store; current versions are one per tie and need no order."""
    if dated:
        rows = sorted(rows, key=lambda r: r["props"].get("valid_from", ""))
    for r in rows:
        put_tie(G, r["type"], r["source"], r["target"], _props(r["props"]))


def _props(props: dict[str, Any]) -> dict[str, Any]:
    """Node properties as the store keeps them, without the id (the node's key already)."""
    return {k: v for k, v in props.items() if k != "id"}


_UNAVAILABLE = (
    neo4j_errors.ServiceUnavailable,
    neo4j_errors.SessionExpired,
    neo4j_errors.DatabaseUnavailable,
    neo4j_errors.TransientError,
)


#: The start of the driver's message when no pooled connection came free in time.
_POOL_FULL = "failed to obtain a connection from the pool"


def _out_of_memory(exc: Exception) -> bool:
    """Neo4j's out-of-memory errors (``Neo.TransientError.General.MemoryPoolOutOfMemoryError``
    when a transaction passes a memory limit, ``...General.OutOfMemoryError`` when the JVM runs
    out of heap). Neo4j calls them transient (the driver retries them within the store's
    timeout), but they are no sign that the server cannot be reached, and a batch too large
    for the server's memory fails again however often it is sent."""
    code = getattr(exc, "code", None) or ""
    return "OutOfMemory" in code


@contextmanager
def _translated(uri: str) -> Iterator[None]:
    """The one place driver errors become graphsvc errors (tested: each maps as intended)."""
    try:
        yield
    except _UNAVAILABLE as exc:
        if _out_of_memory(exc):
            # transient by Neo4j's classification, but no connection problem: said as what it
            # is, and as a failure of the store (HTTP 500, logged), not "cannot be reached"
            raise StoreError(
                f"Neo4j at {uri} ran out of memory running this request, and nothing of it was "
                f"written ({exc.code}: {exc.message}); send smaller batches, or give Neo4j "
                "more memory (server.memory.heap.max_size, db.memory.transaction.total.max)"
            ) from exc
        raise StoreUnavailable(
            f"cannot reach Neo4j at {uri}: {exc}; check that it is running and NEO4J_URI is right"
        ) from exc
    except neo4j_errors.AuthError as exc:
        raise StoreUnavailable(
            f"Neo4j at {uri} refused the credentials; check NEO4J_USER and NEO4J_PASSWORD"
        ) from exc
    except neo4j_errors.ConstraintError as exc:
        raise Conflict(f"Neo4j refused the write: {exc.message}") from exc
    except neo4j_errors.ClientError as exc:
        if _POOL_FULL not in str(exc):
            raise StoreError(f"Neo4j failed: {exc}") from exc
        # every pooled connection stayed in use for the whole wait (the driver raises this as
        # a ClientError): the server is busy, not the request wrong; worth retrying
        raise StoreUnavailable(f"Neo4j at {uri} is busy: {exc}; try again shortly") from exc
    except neo4j_errors.ConfigurationError as exc:
        raise StoreUnavailable(f"NEO4J_URI {uri!r} cannot be used: {exc}") from exc
    except neo4j_errors.UnsupportedServerProduct as exc:
        raise StoreUnavailable(f"{uri} is not a Neo4j server graphsvc can use: {exc}") from exc
    except (neo4j_errors.GqlError, neo4j_errors.DriverError) as exc:
        raise StoreError(f"Neo4j failed: {exc}") from exc
