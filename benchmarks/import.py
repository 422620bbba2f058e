"""Import speed: ties per second into the embedded store, Neo4j with UNWIND, and a per-row baseline.

    .venv/bin/python benchmarks/import.py [--people 10000] [--baseline-ties 5000]

10k synthetic people give about 100k ties. Each store is emptied, the nodes are written (timed
apart), then the ties in one `upsert` (one transaction); the median of three runs is reported,
after one warm-up run on Neo4j (query plans, JIT). The per-row baseline sends one MERGE
per tie through the same driver in one transaction; it runs on the first ``--baseline-ties`` ties
only (100k round trips take minutes) and is reported as a rate. Neo4j is the one in NEO4J_URI,
or one started from Maven artifacts as the tests do.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from contextlib import ExitStack
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from common import ROOT, machine, save

from graphsvc.config import Settings
from graphsvc.model import RelType
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.synth import generate


def timed_upsert(store: Any, nodes: list, ties: list, *, repeat: int = 3) -> dict[str, Any]:
    """Median of ``repeat`` runs into an emptied store: nodes first, then ties, timed apart."""
    runs = []
    for _ in range(repeat):
        store.clear()
        t0 = time.perf_counter()
        store.upsert(nodes, [])
        t1 = time.perf_counter()
        store.upsert([], ties)
        t2 = time.perf_counter()
        runs.append((t1 - t0, t2 - t1))
    nodes_s = statistics.median(r[0] for r in runs)
    ties_s = statistics.median(r[1] for r in runs)
    return {"nodes_s": nodes_s, "ties_s": ties_s, "ties_per_s": len(ties) / ties_s,
            "runs_ties_s": [round(r[1], 3) for r in runs]}  # fmt: skip


def per_row_baseline(store: Neo4jStore, nodes: list, ties: list) -> dict[str, float]:
    store.clear()
    store.upsert(nodes, [])
    template = (ROOT / "benchmarks" / "merge_tie_per_row.cypher").read_text()
    texts = {t: template.replace("$($type)", t.value) for t in RelType}

    def work(tx: Any) -> None:
        for t in ties:
            tx.run(
                texts[RelType(t.type)], source=t.source, target=t.target, props=t.properties()
            ).consume()

    with store._driver.session(database=store.database) as session:
        session.execute_write(
            lambda tx: [
                tx.run(texts[RelType(t.type)], source=t.source, target=t.target, props={}).consume()
                for t in ties[:300]
            ]
        )  # warm-up, rolled into the data
        store.clear()
        store.upsert(nodes, [])
        t0 = time.perf_counter()
        session.execute_write(work)
    seconds = time.perf_counter() - t0
    return {"ties": len(ties), "ties_s": seconds, "ties_per_s": len(ties) / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--baseline-ties", type=int, default=5_000)
    parser.add_argument("--batch-size", type=int, default=Settings().batch_size)
    args = parser.parse_args()

    town = generate(args.people, seed=1)
    nodes, ties = town.nodes, town.ties
    print(f"data: {args.people:,} people, {len(nodes):,} nodes, {len(ties):,} ties")
    results: dict[str, Any] = {
        "people": args.people,
        "nodes": len(nodes),
        "ties": len(ties),
        "batch_size": args.batch_size,
    }

    with TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "bench.sqlite")
        results["embedded"] = timed_upsert(store, nodes, ties)
        store.close()

    with ExitStack() as stack:
        if os.environ.get("NEO4J_URI"):
            settings = Settings(store="neo4j", batch_size=args.batch_size)
        else:
            from tests.neo4j_server import LocalNeo4j

            server = stack.enter_context(LocalNeo4j())
            settings = Settings(
                store="neo4j",
                neo4j_uri=server.uri,
                neo4j_password=None,
                batch_size=args.batch_size,
            )
        neo = stack.enter_context(Neo4jStore.from_settings(settings))
        timed_upsert(neo, nodes, ties, repeat=1)  # warm up: query plans and the JVM's JIT
        results["neo4j_unwind"] = timed_upsert(neo, nodes, ties)
        results["neo4j_per_row"] = per_row_baseline(neo, nodes, ties[: args.baseline_ties])
        neo.clear()

    unwind, per_row = results["neo4j_unwind"]["ties_per_s"], results["neo4j_per_row"]["ties_per_s"]
    results["unwind_vs_per_row"] = unwind / per_row
    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['platform']}")
    print(f"{'store':<28}{'ties':>10}{'seconds':>10}{'ties/s':>12}")
    for key, label in (
        ("embedded", "embedded (SQLite+NetworkX)"),
        ("neo4j_unwind", f"Neo4j UNWIND x{args.batch_size}"),
        ("neo4j_per_row", "Neo4j per-row MERGE"),
    ):
        r = results[key]
        print(
            f"{label:<28}{r.get('ties', len(ties)):>10,}{r['ties_s']:>10.2f}"
            f"{r['ties_per_s']:>12,.0f}"
        )
    print(
        f"UNWIND is {results['unwind_vs_per_row']:.1f}x the per-row baseline "
        "(target >= 20x, and >= 50,000 ties/s)"
    )
    print(f"saved {save('import', results)}")


if __name__ == "__main__":
    main()
