"""Latency of a person's map as JSON through the HTTP API, next to the bare store call, on Neo4j.

What a broker waits for is ``GET /people/{id}/map``: sign-in (key hash looked up in the
register), the caseload check, an audit entry, the ego network from Neo4j, consent redaction,
the response model and JSON, and HTTP. This script measures that end to end against a real
server (``graphsvc serve``, uvicorn, in a subprocess on 127.0.0.1; one keep-alive connection,
one request at a time, so the figures are latency, not throughput), and beside it:

- ``bare``: ``store.ego(id, hops)`` in this process, on the same Neo4j, the same people;
- ``handler``: the map handler's own work in this process (ego, consent check, redaction,
  response model, JSON), without HTTP, sign-in or audit, to show where any overhead goes;
- ``signed_in``: ``GET /whoami`` through the same server: HTTP and sign-in, no graph, the
  fixed cost every signed-in request pays.

The graph is ``generate(--people, seed=1)`` (100,000 people: about 150k nodes and 1.08M ties),
loaded into an emptied Neo4j (the one in ``NEO4J_URI``, or one started from Maven artifacts as
the tests do; ``--reuse`` keeps a database that already holds it). The sample is ``--sample``
people drawn with a fixed seed among those whose map is open (consent not withdrawn), all on
the signed-in broker's caseload. Every id is fetched once by each path to warm caches, then
timed passes run in the order bare, api, handler, signed_in, then the same backwards, so drift
on a shared machine falls on every path alike. Results go to
``benchmarks/results/api-<date>-<commit>.json``.

Run from the repository root::

    .venv/bin/python benchmarks/api.py                    # 100,000 people (loads in minutes)
    .venv/bin/python benchmarks/api.py --people 10000     # a quicker look
"""

from __future__ import annotations

import argparse
import gc
import http.client
import importlib.util
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from types import SimpleNamespace
from typing import Any

from common import ROOT, machine, save, served_neo4j

from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.model import Label
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.synth import generate

TIE_CHUNK = 100_000  # ties per transaction while loading: bounded memory in the server
GOAL_P95_MS = 80.0
GOAL_OVERHEAD = 1.5


def load(store: Neo4jStore, people: int, *, reuse: bool) -> dict[str, Any]:
    """Put the synthetic town in the store (emptied first) unless ``reuse`` finds it there."""
    t0 = time.perf_counter()
    town = generate(people, seed=1)
    made_s = time.perf_counter() - t0
    counts = store.counts()
    if (
        reuse
        and counts.nodes.get("Person") == people
        and sum(counts.ties.values()) == len(town.ties)
    ):
        print(f"reusing the {people:,}-person graph already in Neo4j")
        return {"generated_s": round(made_s, 1), "loaded_s": None, "reused": True}
    store.clear()
    t1 = time.perf_counter()
    store.upsert(town.nodes, [])
    for i in range(0, len(town.ties), TIE_CHUNK):
        store.upsert([], town.ties[i : i + TIE_CHUNK])
        print(f"  loaded {min(i + TIE_CHUNK, len(town.ties)):,} of {len(town.ties):,} ties",
              flush=True)  # fmt: skip
    loaded_s = time.perf_counter() - t1
    print(f"loaded {len(town.nodes):,} nodes and {len(town.ties):,} ties in {loaded_s:.0f} s")
    return {"generated_s": round(made_s, 1), "loaded_s": round(loaded_s, 1), "reused": False}


def sample(store: Neo4jStore, n: int, seed: int) -> list[str]:
    """``n`` people whose map is open (consent not withdrawn), drawn with a fixed seed."""
    ids: list[str] = []
    after = None
    while True:
        page = store.page(Label.PERSON, after=after, limit=1000)
        ids += [p.id for p in page.items if p.properties().get("consent") != "withdrawn"]
        if page.next_after is None:
            break
        after = page.next_after
    return sorted(random.Random(seed).sample(ids, n))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def server(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``graphsvc serve`` on 127.0.0.1:port, stopped (by its own pid) when the block ends."""
    cmd = [str(Path(sys.executable).with_name("graphsvc")), "serve", "--port", str(port)]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/ready")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
                conn.close()
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the API server did not start; see {log}")
            time.sleep(0.2)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def timed(fn: Callable[[str], Any], ids: list[str]) -> list[float]:
    """Milliseconds of ``fn(id)`` for each id, in order (GC collected before, not during)."""
    gc.collect()
    out = []
    for pid in ids:
        t0 = time.perf_counter()
        fn(pid)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "n": len(ms),
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(q[94], 2),
        "p99_ms": round(q[98], 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "max_ms": round(max(ms), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=300, help="people whose maps are timed")
    parser.add_argument("--hops", type=int, default=1, help="the map's hops (the API default)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep a graph already loaded")
    args = parser.parse_args()

    results: dict[str, Any] = {"people": args.people, "sample": args.sample, "hops": args.hops}
    # what uvicorn picks by itself: the C parser and loop when installed (uvicorn[standard])
    fast = {m: importlib.util.find_spec(m) is not None for m in ("httptools", "uvloop")}
    results["server"] = {"command": "graphsvc serve (uvicorn, 1 worker)",
                         "http": "httptools" if fast["httptools"] else "h11",
                         "loop": "uvloop" if fast["uvloop"] else "asyncio"}  # fmt: skip
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(TemporaryDirectory(prefix="graphsvc-bench-api-")))
        settings, env, results["neo4j"] = served_neo4j(stack)
        store = stack.enter_context(Neo4jStore.from_settings(settings))
        results["load"] = load(store, args.people, reuse=args.reuse)
        counts = store.counts()
        results["graph"] = {"nodes": sum(counts.nodes.values()), "ties": sum(counts.ties.values())}
        ids = sample(store, args.sample, args.seed)

        register = SqliteRegister(tmp / "register.sqlite")
        register.add_user("bench", "Benchmark broker", Role.broker)
        token = register.issue_key("bench").token
        register.assign("bench", ids)
        register.close()
        secret = "s" * 32
        env |= {"GRAPHSVC_STORE": "neo4j", "GRAPHSVC_REGISTER": str(tmp / "register.sqlite"),
                "GRAPHSVC_SECRET": secret}  # fmt: skip
        port = free_port()
        stack.enter_context(server(env, port, tmp / "server.log"))
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        stack.callback(conn.close)
        headers = {"Authorization": f"Bearer {token}"}
        sizes: list[int] = []

        def api(pid: str) -> None:
            conn.request("GET", f"/people/{pid}/map?hops={args.hops}", headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                raise RuntimeError(f"{pid}: {resp.status} {body[:300]!r}")
            sizes.append(len(body))

        def bare(pid: str) -> None:
            store.ego(pid, hops=args.hops)

        from graphsvc.api.routes.maps import get_map

        request = SimpleNamespace(
            app=SimpleNamespace(state=SimpleNamespace(secret=secret.encode()))
        )

        def handler(pid: str) -> None:
            get_map(pid, None, store, request, args.hops).model_dump_json()  # type: ignore[arg-type]

        def signed_in(pid: str) -> None:
            conn.request("GET", "/whoami", headers=headers)
            resp = conn.getresponse()
            resp.read()
            assert resp.status == 200

        paths = {"bare": bare, "api": api, "handler": handler, "signed_in": signed_in}
        for fn in paths.values():  # warm every cache on every path
            timed(fn, ids)
        conn.request("GET", f"/people/{ids[0]}/map?hops={args.hops}", headers=headers)
        assert json.loads(conn.getresponse().read())["centre"] == ids[0]  # real maps come back
        sizes.clear()
        runs: dict[str, list[float]] = {name: [] for name in paths}
        for name in [*paths, *reversed(paths)]:
            runs[name] += timed(paths[name], ids)
        sizes_kb = statistics.median(sizes) / 1024

    figures = {name: summary(ms) for name, ms in runs.items()}
    results |= figures
    results["response_kb_median"] = round(sizes_kb, 1)
    results["overhead_p50"] = round(figures["api"]["p50_ms"] / figures["bare"]["p50_ms"], 2)
    results["overhead_p95"] = round(figures["api"]["p95_ms"] / figures["bare"]["p95_ms"], 2)
    results["goals"] = {"api_p95_ms": GOAL_P95_MS, "overhead": GOAL_OVERHEAD}

    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['platform']}")
    print(f"graph: {results['graph']['nodes']:,} nodes, {results['graph']['ties']:,} ties; "
          f"{args.sample} maps, hops={args.hops}, median response {sizes_kb:.1f} KiB")  # fmt: skip
    print(f"{'path':<10}{'p50 ms':>10}{'p95 ms':>10}{'p99 ms':>10}{'mean ms':>10}")
    rows = (("bare", "bare ego"), ("handler", "handler"), ("signed_in", "/whoami"),
            ("api", "HTTP API"))  # fmt: skip
    for name, label in rows:
        f = figures[name]
        print(f"{label:<10}{f['p50_ms']:>10.1f}{f['p95_ms']:>10.1f}{f['p99_ms']:>10.1f}"
              f"{f['mean_ms']:>10.1f}")  # fmt: skip
    print(f"overhead (API / bare): p50 {results['overhead_p50']:.2f}x, "
          f"p95 {results['overhead_p95']:.2f}x (goals: p95 <= {GOAL_P95_MS:.0f} ms, "
          f"overhead <= {GOAL_OVERHEAD}x)")  # fmt: skip
    print(f"saved {save('api', results)}")


if __name__ == "__main__":
    main()
