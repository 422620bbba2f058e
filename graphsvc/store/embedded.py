"""The default store: one SQLite file, mirrored in memory as a NetworkX graph. No server.

SQLite keeps the data (WAL journal, one transaction per upsert, so a batch lands whole or not at
all, even if the process is killed halfway). The in-memory graph answers reads quickly and is
rebuilt from the file on open. When another process commits to the same file (a CLI import
while the service runs, say), SQLite's ``data_version`` changes and the mirror is rebuilt before
the next read, so no reader sees stale data.

Reads (ego networks, neighbourhoods) use the pure definitions in `graphsvc.graph`, the same ones
the Neo4j store's Cypher implements.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from graphsvc import graph as g
from graphsvc.errors import NotFound, StoreCorrupt, StoreUnavailable
from graphsvc.model import Label, Node, RelType, Tie, node_from_properties
from graphsvc.store.base import (
    MAX_HOPS,
    AssetCounts,
    Counts,
    DeletionReceipt,
    Page,
    WriteSummary,
)
from graphsvc.store.batch import check_batch
from graphsvc.store.common import check_hops, check_limit, gc_paused

SCHEMA_VERSION = "1"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (
    id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes (label, id);
CREATE TABLE IF NOT EXISTS ties (
    type TEXT NOT NULL,
    source TEXT NOT NULL REFERENCES nodes (id),
    target TEXT NOT NULL REFERENCES nodes (id),
    props TEXT NOT NULL,
    PRIMARY KEY (type, source, target)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ties_source ON ties (source);
CREATE INDEX IF NOT EXISTS ties_target ON ties (target);
"""


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
            self._refresh()
            batch = check_batch(nodes, ties, self._labels_of)
            nodes_props = [(n.id, n.label, n.properties()) for n in batch.nodes]
            ties_props = [(t.type, t.source, t.target, t.properties()) for t in batch.ties]
            with self._transaction() as db:
                db.executemany(
                    "INSERT INTO nodes (id, label, props) VALUES (?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET props = excluded.props",
                    [(i, label, _dumps(p)) for i, label, p in nodes_props],
                )
                db.executemany(
                    "INSERT INTO ties (type, source, target, props) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (type, source, target) DO UPDATE SET props = excluded.props",
                    [(k, u, v, _dumps(p)) for k, u, v, p in ties_props],
                )
            for node_id, label, props in nodes_props:
                g.put_node(self._G, node_id, label, props)
            for rel_type, source, target, props in ties_props:
                g.put_tie(self._G, rel_type, source, target, props)
            self._version = self._data_version()
            return WriteSummary(nodes=len(nodes_props), ties=len(ties_props))

    def delete_person(self, person_id: str) -> DeletionReceipt:
        with self._lock, _translated(self.path):
            self._refresh()
            self._require_person(person_id)
            G = self._G
            needs = [
                n
                for n in G.successors(person_id)
                if G.nodes[n]["label"] == Label.NEED
                and all(p == person_id for p in G.predecessors(n) if _is_owner(G, p, n))
            ]
            gone = [person_id, *needs]
            edges = {(u, v, k) for n in gone for u, v, k in G.in_edges(n, keys=True)}
            edges |= {(u, v, k) for n in gone for u, v, k in G.out_edges(n, keys=True)}
            with self._transaction() as db:
                db.executemany(
                    "DELETE FROM ties WHERE type = ? AND source = ? AND target = ?",
                    [(k, u, v) for u, v, k in edges],
                )
                db.executemany("DELETE FROM nodes WHERE id = ?", [(n,) for n in gone])
            receipt = DeletionReceipt(
                nodes=_group({n: G.nodes[n]["label"] for n in gone}),
                ties=_count(k for _, _, k in edges),
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
    ) -> nx.MultiDiGraph:
        check_hops(hops, MAX_HOPS)
        with self._lock:
            self._refresh()
            return _detached(g.ego_graph(self._G, person_id, hops=hops, labels=labels, types=types))

    def neighbourhood(self, neighbourhood_id: str) -> nx.MultiDiGraph:
        with self._lock:
            self._refresh()
            return _detached(g.neighbourhood_graph(self._G, neighbourhood_id))

    def to_networkx(self) -> nx.MultiDiGraph:
        with self._lock:
            self._refresh()
            return _detached(self._G)

    def counts(self) -> Counts:
        with self._lock, _translated(self.path):
            nodes = dict(self._db.execute("SELECT label, count(*) FROM nodes GROUP BY label"))
            ties = dict(self._db.execute("SELECT type, count(*) FROM ties GROUP BY type"))
        return Counts(
            nodes={lab.value: nodes.get(lab.value, 0) for lab in Label},
            ties={t.value: ties.get(t.value, 0) for t in RelType},
        )

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
        G = nx.MultiDiGraph()
        for node_id, label, props in self._db.execute("SELECT id, label, props FROM nodes"):
            G.add_node(node_id, label=label, **json.loads(props))
        for rel_type, source, target, props in self._db.execute(
            "SELECT type, source, target, props FROM ties"
        ):
            G.add_edge(source, target, key=rel_type, type=rel_type, **json.loads(props))
        return G

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


def _dumps(props: dict[str, object]) -> str:
    return json.dumps(props, ensure_ascii=False, separators=(",", ":"))


def _is_owner(G: nx.MultiDiGraph, p: str, need: str) -> bool:
    return G.has_edge(p, need, RelType.HAS_NEED)


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


def _detached(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy a caller may change freely without touching the store's mirror (lists too)."""
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, _copy_attrs(d)) for n, d in G.nodes(data=True))
    H.add_edges_from((u, v, k, _copy_attrs(d)) for u, v, k, d in G.edges(keys=True, data=True))
    return H


def _copy_attrs(d: dict[str, object]) -> dict[str, object]:
    return {k: list(v) if isinstance(v, list) else v for k, v in d.items()}


@contextmanager
def _translated(path: str) -> Iterator[None]:
    """Turn sqlite3's errors into graphsvc's, with a message that says what to do."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        text = str(exc)
        if "locked" in text or "busy" in text:
            raise StoreUnavailable(
                f"the store file {path} is locked by another program; try again when it is done"
            ) from exc
        if "unable to open" in text:
            raise StoreUnavailable(f"cannot open the store file {path}: {text}") from exc
        raise StoreCorrupt(f"the store file {path} cannot be used: {text}") from exc
    except sqlite3.DatabaseError as exc:
        raise StoreCorrupt(
            f"{path} is not a graphsvc store or is damaged ({exc}); restore it from a backup "
            "or point GRAPHSVC_DB at another file"
        ) from exc
