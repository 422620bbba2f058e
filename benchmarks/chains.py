"""Time `fetch_for_chains` + `suggest` (top ten chains) on a 100,000-person synthetic town.

The goal: p95 at most 150 ms per person on the embedded store, and at least ten times faster
than enumerating every simple path (``networkx.all_simple_paths``, cutoff 4) over the same
fetched subgraph and scoring each with the same formula. Several people are timed; p50 and p95
are reported for the fetch, the suggestion and both together.

Run from the repository root (the town is built once into ``--db`` and reused)::

    .venv/bin/python benchmarks/chains.py                   # 100k people, 40 people timed
    .venv/bin/python benchmarks/chains.py --people 10000 --sample 20

The embedded store keeps the whole graph in memory as Python objects; a full garbage collection
walks all of them (seconds at 100k people), so the loaded graph is moved out of the collector's
view with ``gc.freeze()`` after loading, as a long-running service would.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib
import itertools

import networkx as nx

from benchmarks.common import machine, save
from graphsvc.chains import NoChainFound, fetch_for_chains, suggest
from graphsvc.chains.config import ChainConfig
from graphsvc.chains.core import _novelty
from graphsvc.chains.feasibility import feasibility
from graphsvc.chains.fit import fit, weights
from graphsvc.chains.index import build_index, strengths_of
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate

ENDS = {"Person", "Group", "Space"}


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, math.ceil(q * len(xs)) - 1))]


def open_town(db: Path, people: int, seed: int) -> EmbeddedStore:
    store = EmbeddedStore(db)
    if store.counts().nodes["Person"] != people:
        store.clear()
        world = generate(people, seed=seed)
        store.upsert(world.nodes, world.ties)
        del world
    store.ego("p000001", hops=1)  # load the in-memory index
    gc.collect()
    gc.freeze()
    return store


def baseline(H: nx.MultiDiGraph, person: str, k: int, cfg: ChainConfig) -> list[tuple[float, Any]]:
    """Every simple path of up to four links to every possible end, each scored, top ``k``."""
    ix = build_index(H, strengths_of(H, cfg), cfg)
    walk = nx.Graph()
    for u, steps in ix.steps.items():
        for s in steps:
            walk.add_edge(u, s.node, strength=s.strength)
    direct = set(walk[person]) if person in walk else set()
    ends = [n for n in walk if n != person and n not in direct and ix.label(n) in ENDS]
    wanted = weights(ix, sorted(ix.interests[person]))
    free = H.nodes[person].get("free_slots")
    best: dict[str, tuple[float, Any]] = {}
    for path in nx.all_simple_paths(walk, person, ends, cutoff=4):
        strength = math.prod(walk[a][b]["strength"] for a, b in itertools.pairwise(path))
        end = path[-1]
        f = fit(ix, person, end, wanted, widen=True)
        feas = feasibility(ix, person, tuple(path), free, False, cfg)
        if feas.reason:
            continue
        score = strength * f.value * feas.value * _novelty(ix, person, end, direct)
        if end not in best or score > best[end][0]:
            best[end] = (score, path)
    return sorted(best.values(), key=lambda t: -t[0])[:k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--sample", type=int, default=40, help="people timed")
    ap.add_argument("--baseline", type=int, default=8, help="people also timed with the baseline")
    ap.add_argument("--db", type=Path, default=Path("/tmp/graphsvc-chains-bench.sqlite"))
    args = ap.parse_args()
    t0 = time.perf_counter()
    store = open_town(args.db, args.people, args.seed)
    load_s = time.perf_counter() - t0
    rng = random.Random(args.seed)
    people = sorted(rng.sample(range(1, args.people + 1), args.sample))
    ids = [f"p{i:06d}" for i in people]
    cfg = ChainConfig()
    fetch_ms, suggest_ms, total_ms, cpu_ms, sizes, found = [], [], [], [], [], 0
    suggest(fetch_for_chains(store, ids[0]), ids[0], k=10)  # warm imports and caches
    for pid in ids:
        cpu = time.process_time()
        a = time.perf_counter()
        H = fetch_for_chains(store, pid)
        b = time.perf_counter()
        with contextlib.suppress(NoChainFound):
            found += bool(suggest(H, pid, k=10, config=cfg))
        c = time.perf_counter()
        cpu_ms.append((time.process_time() - cpu) * 1000)
        fetch_ms.append((b - a) * 1000)
        suggest_ms.append((c - b) * 1000)
        total_ms.append((c - a) * 1000)
        sizes.append((H.number_of_nodes(), H.number_of_edges()))
    speedups, base_ms, ours_ms = [], [], []
    for pid in ids[: args.baseline]:
        H = fetch_for_chains(store, pid)
        a = time.perf_counter()
        with contextlib.suppress(NoChainFound):
            suggest(H, pid, k=10, config=cfg)
        b = time.perf_counter()
        baseline(H, pid, 10, cfg)
        c = time.perf_counter()
        ours_ms.append((b - a) * 1000)
        base_ms.append((c - b) * 1000)
        speedups.append((c - b) / (b - a))
    figures = {
        "people": args.people,
        "seed": args.seed,
        "sampled": len(ids),
        "with_chains": found,
        "store_load_s": round(load_s, 1),
        "fetch_ms": {"p50": round(pct(fetch_ms, 0.5), 1), "p95": round(pct(fetch_ms, 0.95), 1)},
        "suggest_ms": {
            "p50": round(pct(suggest_ms, 0.5), 1),
            "p95": round(pct(suggest_ms, 0.95), 1),
        },
        "total_ms": {"p50": round(pct(total_ms, 0.5), 1), "p95": round(pct(total_ms, 0.95), 1)},
        "total_cpu_ms": {"p50": round(pct(cpu_ms, 0.5), 1), "p95": round(pct(cpu_ms, 0.95), 1)},
        "load_average": list(os.getloadavg()),
        "fetched_nodes_median": statistics.median(n for n, _ in sizes),
        "fetched_edges_median": statistics.median(e for _, e in sizes),
        "baseline_all_simple_paths_ms": {
            "median": round(statistics.median(base_ms), 1),
            "max": round(max(base_ms), 1),
        },
        "suggest_same_people_ms_median": round(statistics.median(ours_ms), 1),
        "speedup_vs_all_simple_paths": {
            "median": round(statistics.median(speedups), 1),
            "min": round(min(speedups), 1),
        },
        "goal": "total p95 <= 150 ms; speedup >= 10x",
        "machine": machine(),
    }
    for key, value in figures.items():
        if key != "machine":
            print(f"{key}: {value}")
    print("wrote", save("chains", figures))
    store.close()


if __name__ == "__main__":
    main()
