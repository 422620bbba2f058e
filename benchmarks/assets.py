"""Asset map of one neighbourhood on Neo4j: counted in Cypher vs fetched and counted in Python.

    .venv/bin/python benchmarks/assets.py [--people 100000] [--neighbourhood ID] [--repeat 7]
                                          [--skip-load]

A synthetic town of ``--people`` people (seed 1) is loaded into Neo4j once (timed: nodes, then
ties); then, for one neighbourhood (by default the one with the most residents, the worst
case), each way is run three times to warm up and ``--repeat`` times measured (median reported):

- **pushdown**: `graphsvc.assets.map_assets`: the population query and ``assets_counts.cypher``
  in one read transaction each, then bridging, timetable and disclosure in Python.
- **pull**: fetch the neighbourhood's subgraph (`GraphStore.neighbourhood`) plus the ``KNOWS``
  ties its people have with people elsewhere (``benchmarks/assets_knows_around.cypher``;
  without them the isolation counts would differ), count with `count_assets` in Python, and
  publish the same way. The two published maps are checked to be equal.

Also reported, apart: the proximity indicators for the neighbourhood (fetch its graph and
score every tie in Python; this part is a pull on both stores) and the pushdown map with them.
Neo4j is the one in ``NEO4J_URI`` (``--skip-load`` reuses data already there), or one started
from Maven artifacts as the tests do. Goal: pushdown at least 5x faster than pull, <= 300 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

import networkx as nx
from common import ROOT, machine, save

from graphsvc.assets import AssetConfig, map_assets
from graphsvc.assets.build import asset_map, residents_total
from graphsvc.assets.counts import count_assets
from graphsvc.assets.disclosure import plan_query
from graphsvc.assets.service import neighbourhood_indicators
from graphsvc.config import Settings
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.synth import generate

KNOWS_AROUND = (ROOT / "benchmarks" / "assets_knows_around.cypher").read_text()


def timed(fn: Callable[[], Any], repeat: int, *, warm: int = 3) -> tuple[float, list[float], Any]:
    """Median seconds of ``repeat`` runs after ``warm`` warm-ups (query plans, the JVM's JIT),
    every run, and the last result."""
    for _ in range(warm):
        result = fn()
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs), runs, result


def load(store: Neo4jStore, people: int, batch: int = 200_000) -> dict[str, float]:
    town = generate(people, seed=1)
    store.clear()
    t0 = time.perf_counter()
    store.upsert(town.nodes, [])
    t1 = time.perf_counter()
    for i in range(0, len(town.ties), batch):
        store.upsert([], town.ties[i : i + batch])
    t2 = time.perf_counter()
    return {"nodes": len(town.nodes), "ties": len(town.ties), "nodes_s": t1 - t0,
            "ties_s": t2 - t1, "total_s": t2 - t0}  # fmt: skip


def pulled_graph(store: Neo4jStore, hood: str) -> nx.MultiDiGraph:
    """The neighbourhood's subgraph, plus its people's KNOWS ties with people elsewhere."""
    G = store.neighbourhood(hood)
    people = [n for n, d in G.nodes(data=True) if d["label"] == "Person"]

    def work(tx: Any) -> list[Any]:
        return list(tx.run(KNOWS_AROUND, ids=people))

    for r in store._read(work):
        for end in (r["source"], r["target"]):
            if end not in G:
                G.add_node(end, label="Person")
        G.add_edge(r["source"], r["target"], key="KNOWS", type="KNOWS", **r["props"])
    return G


def pull_map(store: Neo4jStore, hood: str, cfg: AssetConfig) -> Any:
    """The same published map as `map_assets`, counted in Python on the fetched subgraph."""
    residents = store.asset_population([hood])
    plan = plan_query(residents, config=cfg)
    G = pulled_graph(store, hood)
    counts = count_assets(
        G, [hood], exclude_kinds=cfg.private_kinds, projection=cfg.bridging != "none"
    )
    return asset_map(counts, plan, residents=residents_total(residents, (hood,)), config=cfg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--neighbourhood", default=None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--skip-load", action="store_true", help="reuse data in NEO4J_URI")
    args = parser.parse_args()
    cfg = AssetConfig()
    results: dict[str, Any] = {"people": args.people, "repeat": args.repeat}
    with ExitStack() as stack:
        if os.environ.get("NEO4J_URI"):
            settings = Settings(store="neo4j")
        else:
            from tests.neo4j_server import LocalNeo4j

            server = stack.enter_context(LocalNeo4j())
            settings = Settings(store="neo4j", neo4j_uri=server.uri, neo4j_password=None)
        store = stack.enter_context(Neo4jStore.from_settings(settings))
        if args.skip_load:
            results["load"] = "skipped (data already in the store)"
        else:
            results["load"] = load(store, args.people)
            print(f"loaded in {results['load']['total_s']:.0f} s: {results['load']}")
        sizes = {h: sum(v.values()) for h, v in store.asset_population().items()}
        hood = args.neighbourhood or max(sizes, key=lambda h: (sizes[h], h))
        results["neighbourhood"] = hood
        results["residents"] = sizes[hood]
        results["neighbourhoods"] = len(sizes)

        push_s, push_runs, pushed = timed(lambda: map_assets(store, hood, config=cfg), args.repeat)
        counts_s, _, _ = timed(
            lambda: store.asset_counts([hood], exclude_kinds=cfg.private_kinds, projection=True),
            args.repeat,
        )
        pull_s, pull_runs, pulled = timed(lambda: pull_map(store, hood, cfg), args.repeat)
        fetch_s, _, G = timed(lambda: pulled_graph(store, hood), max(3, args.repeat // 2))
        same = pulled == pushed
        ind_s, _, indicators = timed(
            lambda: neighbourhood_indicators(store, [hood]), max(3, args.repeat // 2)
        )
        with_ind_s, _, _ = timed(
            lambda: map_assets(store, hood, config=cfg, indicators=indicators), args.repeat
        )
        results.update(
            {
                "pushdown_map_ms": push_s * 1000,
                "pushdown_runs_ms": [round(x * 1000, 1) for x in push_runs],
                "pushdown_store_counts_ms": counts_s * 1000,
                "pull_map_ms": pull_s * 1000,
                "pull_runs_ms": [round(x * 1000, 1) for x in pull_runs],
                "pull_fetch_only_ms": fetch_s * 1000,
                "pulled_nodes": G.number_of_nodes(),
                "pulled_ties": G.number_of_edges(),
                "speedup": pull_s / push_s,
                "same_published_map": same,
                "proximity_indicators_ms": ind_s * 1000,
                "pushdown_map_with_indicators_ms": with_ind_s * 1000,
            }
        )
    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['platform']}")
    print(f"neighbourhood {hood}: {sizes[hood]:,} residents of {args.people:,} people")
    lines = [
        ("pushdown map (Cypher counts; bridging, disclosure in Python)", push_s),
        ("  of which store.asset_counts", counts_s),
        (f"pull map (fetch {G.number_of_edges():,} ties, count in Python)", pull_s),
        ("  of which the fetch", fetch_s),
        ("proximity indicators (fetch and score, in Python)", ind_s),
        ("pushdown map with those indicators given", with_ind_s),
    ]
    for label, seconds in lines:
        print(f"  {label:<64}{seconds * 1000:8.0f} ms")
    print(f"  speed-up: {pull_s / push_s:.1f}x (goal >= 5x); same published map: {same}")
    print(f"saved {save('assets', results)}")


if __name__ == "__main__":
    main()
