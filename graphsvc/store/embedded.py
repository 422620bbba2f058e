"""The default store: one SQLite file, mirrored in memory as a NetworkX graph. No server.

SQLite keeps the data (WAL journal, one transaction per upsert, so a batch lands whole or not at
all, even if the process is killed halfway). The in-memory graph answers reads quickly and is
rebuilt from the file on open. When another process commits to the same file (a CLI import
while the service runs, say), SQLite's ``data_version`` changes and the mirror is rebuilt before
the next read, so no reader sees stale data.

Reads (ego networks, neighbourhoods) use the pure definitions in `graphsvc.graph`, the same ones
the Neo4j store's Cypher implements.

Tie versions (decision 0005): the ``ties`` table holds every version, keyed by (type, source,
target, ``vfrom``), with ``vfrom`` ``''`` for "since always" and ``vto`` NULL for the current
version (a partial unique index keeps that to one per tie). The in-memory mirror holds current
versions only, so today's reads and writes take the same fast path as before versions existed;
reads with ``as_of`` are answered from SQLite (see `EmbeddedStore.ego`). Files written with
schema 1 (no versions) are migrated when opened: their ties become current versions.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from pathlib import Path

import networkx as nx

from graphsvc import graph as g
from graphsvc.errors import NotFound, StoreCorrupt
from graphsvc.model import Label, Node, RelType, Tie, node_from_properties
from graphsvc.store.base import (
    MAX_HOPS,
    AssetCounts,
    Counts,
    DeletionReceipt,
    InterestCounts,
    Page,
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
    sqlite_errors,
)
from graphsvc.store.revision import check_review_ties, plan_revision

SCHEMA_VERSION = "2"
_TIES_TABLE = """
CREATE TABLE IF NOT EXISTS ties (
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes (id),
    target TEXT NOT NULL REFERENCES nodes (id),
    vfrom TEXT NOT NULL DEFAULT '',
    vto TEXT,
    props TEXT NOT NULL,
    PRIMARY KEY (type, source, target, vfrom)
) WITHOUT ROWID
"""
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label, id);
{_TIES_TABLE.strip()};
CREATE INDEX IF NOT EXISTS ties_source ON ties (source);
CREATE INDEX IF NOT EXISTS ties_target ON ties (target);
CREATE UNIQUE INDEX IF NOT EXISTS ties_current ON ties (type, source, target) WHERE vto IS NULL;
"""
#: The validity rule (`graphsvc.model.valid_on`) in SQL; ``?`` twice: the day, as YYYY-MM-DD.
_VALID_ON = "(vfrom = '' OR vfrom <= ?) AND (vto IS NULL OR ? < vto)"
_TIE_COLUMNS = "type, source, target, vfrom, vto, props"
#: Writing a current version: it replaces any version of the tie with the same vfrom.
_WRITE_CURRENT = (
    "INSERT INTO ties (type, source, target, vfrom, vto, props) VALUES (?, ?, ?, ?, NULL, ?) "
    "ON CONFLICT (type, source, target, vfrom) DO UPDATE SET vto = NULL, props = excluded.props"
)
_END_CURRENT = (
    "UPDATE ties SET vto = ? WHERE type = ? AND source = ? AND target = ? AND vto IS NULL"
)
_CHUNK = 500  # ids per IN (...) list: well under SQLite's limit on bound variables
TieRow = tuple[str, str, str, str, str | None, str]


class EmbeddedStore:
    """A `GraphStore` in one SQLite file (``":memory:"`` for a throwaway store).

    Safe to share between threads (one lock serialises access); several processes may open the
    same file, and each sees the others' committed writes.
    """

    def __init__(self, path: str | Path = "graphsvc.sqlite", *, busy_timeout_s: float = 5.0):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        with _translated(self.path):
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            self.init_schema()
            self._check_version()
            self._G = self._load()
            self._version = self._data_version()

    def init_schema(self) -> list[str]:
        with self._lock, _translated(self.path):
            self._db.executescript(_SCHEMA)
        return [s.strip() for s in _SCHEMA.split(";") if s.strip()]

    # --- writes ---------------------------------------------------------------------------

    def upsert(self, nodes: Iterable[Node] = (), ties: Iterable[Tie] = ()) -> WriteSummary:
        with self._lock, _translated(self.path), gc_paused():
            with self._transaction() as db:
                self._refresh()  # inside the write lock: no other process can commit meanwhile
                batch = check_batch(nodes, ties, self._labels_of)
                nodes_props = [(n.id, n.label, n.properties()) for n in batch.nodes]
                G = self._G
                historical: list[tuple[str, str, str, str, str, dict[str, object]]] = []
                current: list[tuple[str, str, str, str, dict[str, object]]] = []
                replaced: list[tuple[str, str, str]] = []  # current versions with another vfrom
                same: set[int] = set()  # rows of `current` whose current version has its vfrom
                for t in batch.ties:
                    props = t.properties()
                    vfrom = props.pop("valid_from", "")
                    vto = props.pop("valid_to", None)
                    if vto is not None:
                        historical.append((t.type, t.source, t.target, vfrom, vto, props))
                        continue
                    old = G.get_edge_data(t.source, t.target, t.type)
                    if old is not None:
                        if old.get("valid_from", "") == vfrom:
                            same.add(len(current))
                        else:
                            replaced.append((t.type, t.source, t.target))
                    current.append((t.type, t.source, t.target, vfrom, props))
                if historical and same:  # made history by this very batch: not "the same"
                    past = {row[:4] for row in historical}
                    same = {i for i in same if current[i][:4] not in past}
                db.executemany(
                    "INSERT INTO nodes (id, label, props) VALUES (?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET props = excluded.props",
                    [(i, label, _dumps(p)) for i, label, p in nodes_props],
                )
                db.executemany(
                    "INSERT INTO ties (type, source, target, vfrom, vto, props) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (type, source, target, vfrom) "
                    "DO UPDATE SET vto = excluded.vto, props = excluded.props",
                    [(k, u, v, f, e, _dumps(p)) for k, u, v, f, e, p in historical],
                )
                db.executemany(
                    "DELETE FROM ties WHERE type = ? AND source = ? AND target = ? AND vto IS NULL",
                    replaced,
                )
                # a version replacing itself changes only its properties, which leaves the
                # index of current versions alone (a third faster on re-imports)
                db.executemany(
                    "UPDATE ties SET props = ? "
                    "WHERE type = ? AND source = ? AND target = ? AND vfrom = ?",
                    [
                        (_dumps(p), k, u, v, f)
                        for i, (k, u, v, f, p) in enumerate(current)
                        if i in same
                    ],
                )
                db.executemany(
                    _WRITE_CURRENT,
                    [
                        (k, u, v, f, _dumps(p))
                        for i, (k, u, v, f, p) in enumerate(current)
                        if i not in same
                    ],
                )
            # committed: now the mirror (current versions only)
            for node_id, label, props in nodes_props:
                g.put_node(G, node_id, label, props)
            for rel_type, source, target, vfrom, _, _ in historical:
                old = G.get_edge_data(source, target, rel_type)
                if old is not None and old.get("valid_from", "") == vfrom:  # it became history
                    G.remove_edge(source, target, rel_type)
            for rel_type, source, target, vfrom, props in current:
                g.put_tie(G, rel_type, source, target, _with_validity(props, vfrom, None))
            self._version = self._data_version()
            return WriteSummary(nodes=len(nodes_props), ties=len(batch.ties))

    def revise(self, person_id: str, ties: Iterable[Tie], on: date) -> Revision:
        """`GraphStore.revise`: the plan from `graphsvc.store.revision`, in one transaction."""
        given = check_review_ties(person_id, ties)
        day = as_of_text(on)
        assert day is not None
        with self._lock, _translated(self.path):
            with self._transaction() as db:
                self._refresh()
                self._require_person(person_id)
                batch = check_batch([], given, self._labels_of)
                G = self._G
                current = {
                    (k, u, v): {a: x for a, x in d.items() if a != "type"}
                    for u, v, k, d in (
                        *G.out_edges(person_id, keys=True, data=True),
                        *G.in_edges(person_id, keys=True, data=True),
                    )
                }
                plan = plan_revision(batch.ties, current, date.fromisoformat(day))
                db.executemany(_END_CURRENT, [(day, *key) for key in plan.end])
                written = []
                for t in plan.write:
                    props = t.properties()
                    props.pop("valid_from", None)
                    written.append((t.type, t.source, t.target, props))
                db.executemany(
                    _WRITE_CURRENT, [(k, u, v, day, _dumps(p)) for k, u, v, p in written]
                )
            for rel_type, source, target in plan.end:
                G.remove_edge(source, target, rel_type)
            for rel_type, source, target, props in written:
                g.put_tie(G, rel_type, source, target, _with_validity(props, day, None))
            self._version = self._data_version()
            return plan.revision

    def delete_person(self, person_id: str) -> DeletionReceipt:
        """Erasure, from SQLite rather than the mirror: history is erased too."""
        with self._lock, _translated(self.path):
            with self._transaction() as db:
                self._refresh()
                self._require_person(person_id)
                needs = [
                    n
                    for (n,) in db.execute(
                        "SELECT DISTINCT t.target FROM ties t JOIN nodes n ON n.id = t.target "
                        "WHERE t.type = 'HAS_NEED' AND t.source = ? AND n.label = 'Need' "
                        "AND NOT EXISTS (SELECT 1 FROM ties o WHERE o.type = 'HAS_NEED' "
                        "AND o.target = t.target AND o.source <> t.source)",
                        (person_id,),
                    )
                ]
                gone = [person_id, *needs]
                versions = {
                    (k, u, v, f): None
                    for rows in (self._versions_touching(gone, "source", None, None),
                                 self._versions_touching(gone, "target", None, None))
                    for k, u, v, f, _, _ in rows
                }  # fmt: skip
                db.executemany(
                    "DELETE FROM ties WHERE type = ? AND source = ? AND target = ? AND vfrom = ?",
                    list(versions),
                )
                db.executemany("DELETE FROM nodes WHERE id = ?", [(n,) for n in gone])
                G = self._G
                receipt = DeletionReceipt(
                    nodes=_group({n: G.nodes[n]["label"] for n in gone}),
                    ties=_count(k for k, _, _, _ in versions),
                )
            G.remove_nodes_from(gone)
            self._version = self._data_version()
            return receipt

    def clear(self) -> None:
        with self._lock, _translated(self.path):
            with self._transaction() as db:
                db.execute("DELETE FROM ties")
                db.execute("DELETE FROM nodes")
            self._G = nx.MultiDiGraph()
            self._version = self._data_version()

    # --- reads ----------------------------------------------------------------------------

    def get(self, node_id: str) -> Node:
        with self._lock, _translated(self.path):
            self._refresh()
            if node_id not in self._G:
                raise NotFound(f"no node with id {node_id!r}")
            attrs = dict(self._G.nodes[node_id])
            return node_from_properties(attrs.pop("label"), node_id, attrs)

    def page(self, label: Label, *, after: str | None = None, limit: int = 100) -> Page:
        check_limit(limit)
        label = Label(label)
        with self._lock, _translated(self.path):
            rows = self._db.execute(
                "SELECT id, props FROM nodes WHERE label = ? AND id > ? ORDER BY id LIMIT ?",
                (label.value, after or "", limit + 1),
            ).fetchall()
        items = [node_from_properties(label, i, json.loads(p)) for i, p in rows[:limit]]
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
        """`GraphStore.ego`. Current ties: a walk of the in-memory mirror. With ``as_of``: the
        same walk over SQLite, ring by ring (indexed lookups of the tie versions valid that
        day touching the last ring; see `_dated_around`), so the cost grows with the ego
        network, not the store: measured on a 108k-tie town, 1 hop well under a millisecond,
        2 hops through a whole neighbourhood about 1.5x the in-memory walk."""
        check_hops(hops, MAX_HOPS)
        labels, types = check_filters(labels, types)
        day = as_of_text(as_of)
        with self._lock, _translated(self.path):
            self._refresh()
            if day is None:
                return _detached(
                    g.ego_graph(self._G, person_id, hops=hops, labels=labels, types=types)
                )
            H = self._dated_around(person_id, hops, labels, types, day)
            return g.ego_graph(H, person_id, hops=hops, labels=labels, types=types)

    def ties_around(
        self, node_ids: Collection[str], types: Sequence[RelType], *, as_of: date | None = None
    ) -> nx.MultiDiGraph:
        """`GraphStore.ties_around`: from the in-memory mirror, or with ``as_of`` the tie
        versions valid that day, by the indexes on either end."""
        _, checked = check_filters(None, types)
        type_names = sorted(t.value for t in checked or ())
        day = as_of_text(as_of)
        with self._lock, _translated(self.path):
            self._refresh()
            G = self._G
            ids = sorted(n for n in set(node_ids) if n in G)
            H = nx.MultiDiGraph()
            if day is None:
                ties = _ties_touching(G, ids, set(type_names))
                ends = set(ids) | {e[0] for e in ties} | {e[1] for e in ties}
                H.add_nodes_from((n, _copy_attrs(G.nodes[n])) for n in ends)
                H.add_edges_from((u, v, k, _copy_attrs(d)) for u, v, k, d in ties)
                return H
            rows = {
                r[:4]: r
                for end in ("source", "target")
                for r in self._versions_touching(ids, end, day, type_names)
            }
            ends = set(ids) | {r[1] for r in rows.values()} | {r[2] for r in rows.values()}
            H.add_nodes_from((n, _copy_attrs(G.nodes[n])) for n in ends)
            _put_versions(H, sorted(rows.values(), key=lambda r: r[3]))
            return H

    def neighbourhood(self, neighbourhood_id: str, *, as_of: date | None = None) -> nx.MultiDiGraph:
        """`GraphStore.neighbourhood`; with ``as_of``, from the whole dated graph (the cost of
        `to_networkx` with ``as_of``: neighbourhoods are read by commissioners, rarely)."""
        day = as_of_text(as_of)
        with self._lock, _translated(self.path):
            self._refresh()
            if day is None:
                return _detached(g.neighbourhood_graph(self._G, neighbourhood_id))
            return g.neighbourhood_graph(self._dated_graph(day), neighbourhood_id)

    def to_networkx(self, *, as_of: date | None = None) -> nx.MultiDiGraph:
        """`GraphStore.to_networkx`. With ``as_of`` the graph is built from SQLite: one scan of
        the ``ties`` table and a copy of every node, about as long as opening the store (under
        a second for 108k ties)."""
        day = as_of_text(as_of)
        with self._lock, _translated(self.path):
            self._refresh()
            return _detached(self._G) if day is None else self._dated_graph(day)

    def counts(self) -> Counts:
        with self._lock, _translated(self.path):
            nodes = dict(self._db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
            ties = dict(
                self._db.execute("SELECT type, count(*) FROM ties WHERE vto IS NULL GROUP BY type")
            )
        return Counts(
            nodes={lab.value: nodes.get(lab.value, 0) for lab in Label},
            ties={t.value: ties.get(t.value, 0) for t in RelType},
        )

    def interest_counts(
        self, interest_ids: Collection[str], *, as_of: date | None = None
    ) -> InterestCounts:
        """`GraphStore.interest_counts`, counted by SQLite on its tie indexes."""
        day = as_of_text(as_of)
        valid, params = ("vto IS NULL", []) if day is None else (_VALID_ON, [day, day])
        ids = list(dict.fromkeys(interest_ids))
        with self._lock, _translated(self.path):
            people = self._db.execute(
                f"SELECT count(DISTINCT source) FROM ties WHERE type = 'INTERESTED_IN' AND {valid}",
                params,
            ).fetchone()[0]
            holders: dict[str, int] = {}
            for i in range(0, len(ids), 500):  # SQLite caps the parameters of one statement
                chunk = ids[i : i + 500]
                marks = ",".join("?" * len(chunk))
                found = self._db.execute(f"SELECT id FROM nodes WHERE id IN ({marks})", chunk)
                holders |= {row[0]: 0 for row in found}
                held = self._db.execute(
                    "SELECT target, count(DISTINCT source) FROM ties"
                    f" WHERE target IN ({marks}) AND type = 'INTERESTED_IN' AND {valid}"
                    " GROUP BY target",
                    [*chunk, *params],
                )
                holders |= dict(held.fetchall())
        return InterestCounts(int(people), holders)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> EmbeddedStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ------------------------------------------------------------------------

    def _labels_of(self, ids: set[str]) -> dict[str, str]:
        return {i: self._G.nodes[i]["label"] for i in ids if i in self._G}

    def _require_person(self, person_id: str) -> None:
        if person_id not in self._G or self._G.nodes[person_id]["label"] != Label.PERSON:
            raise NotFound(f"no Person with id {person_id!r}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _data_version(self) -> int:
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    def _refresh(self) -> None:
        """Rebuild the mirror if another connection committed since we last looked."""
        version = self._data_version()
        if version != self._version:
            self._G = self._load()
            self._version = version

    def _load(self) -> nx.MultiDiGraph:
        """The mirror: every node and the current version of every tie.

        Every row SQLite returns brings new string objects, so a million ties would hold a
        copy of the same ids, keys, types, dates and modes each. They are shared instead
        (`graph.Shared`, as `graph.build_graph` does): at 100,000 people the mirror took
        1,454 MiB before and 831 MiB after, and every walk over it reads hotter objects.
        """
        G = nx.MultiDiGraph()
        shared = g.Shared()
        text = shared.text
        for node_id, label, props in self._db.execute("SELECT id, label, props FROM nodes"):
            G.add_node(text(node_id), label=text(label), **shared.props(json.loads(props)))
        for rel_type, source, target, vfrom, props in self._db.execute(
            "SELECT type, source, target, vfrom, props FROM ties WHERE vto IS NULL"
        ):
            attrs = shared.props(json.loads(props))
            if vfrom:
                attrs["valid_from"] = text(vfrom)
            rel_type = text(rel_type)
            G.add_edge(text(source), text(target), key=rel_type, type=rel_type, **attrs)
        return G

    def _dated_graph(self, day: str) -> nx.MultiDiGraph:
        """Every node (a copy) and the tie versions valid on ``day``."""
        H = nx.MultiDiGraph()
        H.add_nodes_from((n, _copy_attrs(d)) for n, d in self._G.nodes(data=True))
        rows = self._db.execute(
            f"SELECT {_TIE_COLUMNS} FROM ties WHERE {_VALID_ON} ORDER BY vfrom", (day, day)
        )
        _put_versions(H, rows)
        return H

    def _dated_around(
        self,
        person_id: str,
        hops: int,
        labels: Collection[str] | None,
        types: Collection[str] | None,
        day: str,
    ) -> nx.MultiDiGraph:
        """The nodes the ego walk reaches on ``day`` and the tie versions valid then among them.

        The walk of `graphsvc.graph.ego_nodes`, ring by ring, over the ties (of ``types``)
        touching the last ring, entering nodes of ``labels``; then the ties between two nodes
        of the last ring, whose ties were not walked. Rows are decoded only if both ends were
        reached, so a walk through a neighbourhood of thousands costs index lookups, not JSON.
        """
        G = self._G
        g.ego_nodes(G, person_id, hops=0)  # NotFound unless a Person, as without as_of
        type_names = None if types is None else sorted({RelType(t).value for t in types})
        rows: dict[tuple[str, str, str, str], TieRow] = {}
        reached, ring = {person_id}, {person_id}
        for _ in range(hops):
            ids = sorted(ring)
            found = [
                *self._versions_touching(ids, "source", day, type_names),
                *self._versions_touching(ids, "target", day, type_names),
            ]
            rows.update((r[:4], r) for r in found)
            ring = {
                end
                for r in found
                for end in r[1:3]
                if end not in reached and (labels is None or G.nodes[end]["label"] in labels)
            }
            reached |= ring
            if not ring:
                break
        for r in self._versions_touching(sorted(ring), "source", day, type_names):
            if r[2] in ring:
                rows[r[:4]] = r
        H = nx.MultiDiGraph()
        H.add_nodes_from((n, _copy_attrs(G.nodes[n])) for n in reached)
        kept = [r for r in rows.values() if r[1] in reached and r[2] in reached]
        _put_versions(H, sorted(kept, key=lambda r: r[3]))
        return H

    def _versions_touching(
        self, ids: Sequence[str], end: str, day: str | None, types: Sequence[str] | None
    ) -> list[TieRow]:
        """Tie versions whose ``end`` (source or target) is in ``ids``: those valid on ``day``,
        or all of them when ``day`` is None; of ``types`` only, unless None."""
        assert end in ("source", "target")
        out: list[TieRow] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            sql = f"SELECT {_TIE_COLUMNS} FROM ties WHERE {end} IN ({','.join('?' * len(chunk))})"
            params: list[str] = chunk
            if day is not None:
                sql += f" AND {_VALID_ON}"
                params = [*params, day, day]
            if types is not None:
                sql += f" AND type IN ({','.join('?' * len(types))})"
                params = [*params, *types]
            out += self._db.execute(sql, params).fetchall()
        return out

    def _migrate(self) -> None:
        """Bring a file written by an older graphsvc up to `SCHEMA_VERSION`, in one transaction.

        Schema 1 had one row per (type, source, target) and no dates: each becomes the current
        version of its tie (``vfrom`` ``''``, ``vto`` NULL), which is what it meant.
        """
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
        )
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None or row[0] != "1":
            return
        with self._transaction() as db:
            db.execute("ALTER TABLE ties RENAME TO ties_v1")
            db.execute(_TIES_TABLE)
            db.execute(
                "INSERT INTO ties (type, source, target, vfrom, vto, props) "
                "SELECT type, source, target, '', NULL, props FROM ties_v1"
            )
            db.execute("DROP TABLE ties_v1")  # and its indexes; init_schema makes the new ones
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION,))

    def _check_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        if row is None:
            self._db.execute(
                "INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,)
            )
        elif row[0] != SCHEMA_VERSION:
            raise StoreCorrupt(
                f"{self.path} was written by another graphsvc version (schema {row[0]}, "
                f"this version reads {SCHEMA_VERSION}); export it with that version"
            )

    # --- asset-map aggregates (appended; see GraphStore.asset_counts) ---------------------

    def asset_population(
        self, neighbourhoods: Sequence[str] | None = None
    ) -> dict[str, dict[int | None, int]]:
        """`GraphStore.asset_population` on the in-memory mirror."""
        from graphsvc.assets.counts import population_by_year

        with self._lock:
            self._refresh()
            return population_by_year(self._G, neighbourhoods)

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
        """`GraphStore.asset_counts` on the in-memory mirror (no copy of the graph is made)."""
        from graphsvc.assets.counts import count_assets

        with self._lock:
            self._refresh()
            return count_assets(
                self._G,
                neighbourhoods,
                birth_years=birth_years,
                exclude_kinds=exclude_kinds,
                support_dominated=support_dominated,
                good_unpaid=good_unpaid,
                projection=projection,
            )


def _with_validity(props: dict[str, object], vfrom: str, vto: str | None) -> dict[str, object]:
    """A version's attributes in the graph: its properties plus ``valid_from`` / ``valid_to``
    when set (SQLite keeps those two in columns, not in the JSON)."""
    if vfrom:
        props = {**props, "valid_from": vfrom}
    if vto is not None:
        props = {**props, "valid_to": vto}
    return props


def _put_versions(H: nx.MultiDiGraph, rows: Iterable[TieRow]) -> None:
    """Put tie versions into ``H``, given in ``vfrom`` order: where imported history overlaps,
    the version that began last wins, so a graph keeps one edge per (type, source, target)."""
    for rel_type, source, target, vfrom, vto, props in rows:
        g.put_tie(H, rel_type, source, target, _with_validity(json.loads(props), vfrom, vto))


def _dumps(props: dict[str, object]) -> str:
    return json.dumps(props, ensure_ascii=False, separators=(",", ":"))


def _group(labels: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for node_id, label in labels.items():
        out.setdefault(label, []).append(node_id)
    return {k: sorted(v) for k, v in out.items()}


def _count(keys: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in keys:
        out[k] = out.get(k, 0) + 1
    return out


def _ties_touching(
    G: nx.MultiDiGraph, ids: Sequence[str], wanted: set[str]
) -> list[tuple[str, str, str, dict[str, object]]]:
    """The ties of ``wanted`` types touching ``ids`` (nodes of ``G``), each once, in the order
    of ``ids``: each node's outgoing ties, then its incoming ones from nodes not in ``ids``.

    Read from the adjacency dicts (keyed by tie type) rather than through edge views, which
    also gave each tie between two of ``ids`` twice: `ties_around` is how fetches read
    hundreds of nodes' ties at once (the chains fetch's place walks, ring by ring), and the
    views took twice as long (the place ties of 667 people of the 100k town: 11 ms, now 5).
    """
    asked = set(ids)
    succ, pred = G._succ, G._pred
    out: list[tuple[str, str, str, dict[str, object]]] = []
    for n in ids:
        for v, keyed in succ[n].items():
            out += [(n, v, k, d) for k, d in keyed.items() if k in wanted]
        for u, keyed in pred[n].items():
            if u not in asked:  # else already found as one of u's outgoing ties
                out += [(u, n, k, d) for k, d in keyed.items() if k in wanted]
    return out


def _detached(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy a caller may change freely without touching the store's mirror (lists too)."""
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, _copy_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, _copy_attrs(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def _copy_attrs(d: dict[str, object]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, list) else v for k, v in d.items()}


def _translated(path: str) -> AbstractContextManager[None]:
    return sqlite_errors(path, noun="store", setting="GRAPHSVC_DB")
