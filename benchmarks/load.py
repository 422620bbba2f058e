"""Load test: concurrent signed-in clients against ``graphsvc serve --workers 2`` on Neo4j.

    .venv/bin/python benchmarks/load.py [--people 100000] [--clients 50] [--seconds 60]
                                        [--workers 2] [--max-requests 200000] [--reuse]

Everything is on loopback (127.0.0.1) and bounded: in time (``--seconds`` per phase, after a
``--warmup`` that is not counted, for the JIT of a freshly loaded Neo4j) and in count
(``--max-requests`` per phase). The graph is ``generate(--people, seed=1)`` (100,000 people:
about 151k nodes and 1.08M ties), loaded into the Neo4j in ``NEO4J_URI`` or one started from
Maven artifacts as the tests do (page cache 1g, as ``benchmarks/api.py``). The API runs as
``graphsvc serve --workers 2`` in a subprocess with a register of its own: ``--brokers``
brokers (real users with real API keys, each with a caseload of the sampled people), made as
``graphsvc admin`` makes them.

``--clients`` clients share one asyncio event loop in this process (``httpx2.AsyncClient``,
one keep-alive connection each). Each picks its next request at random with fixed weights, as
the broker whose caseload holds the person: a person's map, their proximity scores, their
chains of connection (reads), recording their consent, adding a neighbour to their map
(writes). Two phases run one after the other, each on a freshly started server (a request
whose client gave up would otherwise still be running into the next phase) (``--phases``):

- ``maps``: maps and the writes only (90% maps), to show what the map path alone carries;
- ``mixed``: a broker's session (``--mix``, by default 80% maps, 5% scores, 3% chains and 12%
  writes); the issue's goal is judged here.

Reported per phase and kind: requests, requests per second, p50/p95/p99 latency and errors
(any answer but 2xx, or none within 60 s; a chains 404 says no chain was found and is counted
apart). Afterwards every write the API acknowledged is looked for in Neo4j. Goal (issue 9):
>= 400 ego maps per second, 0 errors. Results: ``benchmarks/results/load-<date>-<commit>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import httpx2
from common import ROOT, machine, save, served_neo4j

from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.model import Label
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.synth import generate

HOST = "127.0.0.1"  # loopback only, always
TIE_CHUNK = 100_000
GOAL_MAP_RPS = 400.0
DEFAULT_MIX = "map=80,scores=5,chains=3,consent=6,records=6"
#: The phases, each on a fresh server: maps with the writes only (what the map path alone can
#: carry), and the mix of a broker's session (where the issue's goal is judged).
PHASES = {"maps": "map=90,consent=5,records=5", "mixed": None}
WRITES = ("consent", "records")


@dataclass
class Tally:
    """What one kind of request did during the measured window."""

    ms: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: int = 0
    expected_404: int = 0

    def summary(self, seconds: float) -> dict[str, Any]:
        ms = sorted(self.ms) or [0.0]
        q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
        return {
            "count": len(self.ms),
            "rps": round(len(self.ms) / seconds, 1),
            "p50_ms": round(statistics.median(ms), 2),
            "p95_ms": round(q[94], 2),
            "p99_ms": round(q[98], 2),
            "max_ms": round(ms[-1], 2),
            "errors": self.errors,
            "no_chain_404": self.expected_404,
            "statuses": dict(sorted(self.statuses.items())),
        }


def load_town(store: Neo4jStore, people: int, *, reuse: bool) -> dict[str, Any]:
    """The synthetic town in an emptied store, unless ``reuse`` finds it there already."""
    t0 = time.perf_counter()
    town = generate(people, seed=1)
    counts = store.counts()
    if reuse and counts.nodes.get("Person") == people:
        return {"generated_s": round(time.perf_counter() - t0, 1), "reused": True}
    store.clear()
    t1 = time.perf_counter()
    store.upsert(town.nodes, [])
    for i in range(0, len(town.ties), TIE_CHUNK):
        store.upsert([], town.ties[i : i + TIE_CHUNK])
        print(
            f"  loaded {min(i + TIE_CHUNK, len(town.ties)):,} of {len(town.ties):,} ties",
            flush=True,
        )
    return {
        "generated_s": round(t1 - t0, 1),
        "loaded_s": round(time.perf_counter() - t1, 1),
        "reused": False,
    }


def open_people(store: Neo4jStore, n: int, seed: int) -> list[str]:
    """``n`` people whose maps are open (consent not withdrawn), drawn with a fixed seed."""
    ids: list[str] = []
    after = None
    while True:
        page = store.page(Label.PERSON, after=after, limit=1000)
        ids += [p.id for p in page.items if p.properties().get("consent") != "withdrawn"]
        if page.next_after is None:
            break
        after = page.next_after
    return sorted(random.Random(seed).sample(ids, min(n, len(ids))))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], port: int, workers: int, log: Path) -> Iterator[None]:
    """``graphsvc serve --workers N`` on loopback, stopped (by its own pid) afterwards."""
    cmd = [
        str(Path(sys.executable).with_name("graphsvc")),
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx2.get(f"http://{HOST}:{port}/ready", timeout=5).status_code == 200:
                    break
            except httpx2.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the API server did not start; see {log}")
            time.sleep(0.3)
        yield
    finally:
        # the server's own process group (its workers too), by the id of the process we started
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def parse_mix(text: str) -> dict[str, int]:
    mix = {k.strip(): int(v) for k, v in (part.split("=") for part in text.split(","))}
    unknown = set(mix) - {"map", "scores", "chains", "consent", "records"}
    if unknown:
        raise SystemExit(f"unknown request kinds in --mix: {', '.join(sorted(unknown))}")
    return mix


@dataclass
class Run:
    """Shared state of the clients: who may see whom, the tallies, the writes acknowledged."""

    base: str
    keys: dict[str, str]  # broker id -> key
    people: dict[str, str]  # person id -> their broker
    mix: dict[str, int]
    measuring: bool = False
    stop: bool = False
    requests: int = 0
    max_requests: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    created: list[str] = field(default_factory=list)
    consents: int = 0
    prefix: str = "load-"


async def client(run: Run, number: int, seed: int) -> None:
    """One client: one keep-alive connection, requests one after another until told to stop."""
    rng = random.Random(seed * 1000 + number)
    ids = sorted(run.people)
    kinds, weights = zip(*run.mix.items(), strict=True)
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx2.AsyncClient(base_url=run.base, timeout=60, limits=limits) as http:
        n = 0
        while not run.stop:
            kind = rng.choices(kinds, weights)[0]
            pid = rng.choice(ids)
            headers = {"Authorization": f"Bearer {run.keys[run.people[pid]]}"}
            new_id = f"{run.prefix}{number}-{n}"
            n += 1
            t0 = time.perf_counter()
            try:
                if kind == "map":
                    r = await http.get(f"/people/{pid}/map", headers=headers)
                elif kind == "scores":
                    r = await http.get(f"/people/{pid}/scores", headers=headers)
                elif kind == "chains":
                    r = await http.get(f"/people/{pid}/chains", params={"k": 5}, headers=headers)
                elif kind == "consent":
                    body = {"consent": "given", "date": "2026-11-01"}
                    r = await http.put(f"/people/{pid}/consent", json=body, headers=headers)
                else:
                    body = {
                        "nodes": [{"label": "Person", "id": new_id, "name": "Load Neighbour"}],
                        "ties": [
                            {
                                "type": "KNOWS",
                                "source": pid,
                                "target": new_id,
                                "kind": "neighbour",
                                "frequency": 4,
                            }
                        ],
                    }
                    r = await http.post(f"/people/{pid}/records", json=body, headers=headers)
                status = str(r.status_code)
                ok = 200 <= r.status_code < 300
                no_chain = kind == "chains" and r.status_code == 404
            except httpx2.HTTPError as exc:
                status, ok, no_chain = type(exc).__name__, False, False
            ms = (time.perf_counter() - t0) * 1000
            if ok and kind == "records":
                run.created.append(new_id)  # acknowledged, measured or not: checked afterwards
            if ok and kind == "consent":
                run.consents += 1
            if not run.measuring:
                continue
            tally = run.tallies.setdefault(kind, Tally())
            tally.ms.append(ms)
            tally.statuses[status] += 1
            if no_chain:
                tally.expected_404 += 1
            elif not ok:
                tally.errors += 1
            run.requests += 1
            if run.requests >= run.max_requests:
                run.stop = True


async def drive(run: Run, clients: int, warmup: float, seconds: float, seed: int) -> float:
    """Start the clients, warm up, measure for ``seconds``; the measured wall time."""
    tasks = [asyncio.create_task(client(run, i, seed)) for i in range(clients)]
    await asyncio.sleep(warmup)
    run.measuring = True
    t0 = time.perf_counter()
    while not run.stop and time.perf_counter() - t0 < seconds:
        await asyncio.sleep(0.05)
    elapsed = time.perf_counter() - t0
    run.measuring = False
    run.stop = True
    await asyncio.gather(*tasks)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=15.0, help="seconds not counted")
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--brokers", type=int, default=10)
    parser.add_argument("--sample", type=int, default=2000, help="people the clients visit")
    parser.add_argument("--mix", default=DEFAULT_MIX, help="weights of the mixed phase")
    parser.add_argument("--phases", default="maps,mixed", help="phases to run, in order")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--reuse", action="store_true", help="keep a graph already loaded")
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 0 < args.seconds <= 600):
        raise SystemExit("--clients must be 1-500 and --seconds at most 600 (bounded runs only)")
    phases = {name: parse_mix(PHASES[name] or args.mix) for name in args.phases.split(",")}
    results: dict[str, Any] = {
        "people": args.people,
        "clients": args.clients,
        "seconds": args.seconds,
        "warmup_s": args.warmup,
        "workers": args.workers,
        "brokers": args.brokers,
        "sample": args.sample,
        "phases": {name: {"mix": mix} for name, mix in phases.items()},
        "max_requests": args.max_requests,
        "goals": {"map_rps": GOAL_MAP_RPS, "errors": 0},
    }
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(TemporaryDirectory(prefix="graphsvc-load-")))
        settings, env, results["neo4j"] = served_neo4j(stack)
        store = stack.enter_context(Neo4jStore.from_settings(settings))
        results["load"] = load_town(store, args.people, reuse=args.reuse)
        before = store.counts()
        results["graph"] = {"nodes": sum(before.nodes.values()), "ties": sum(before.ties.values())}
        visit = open_people(store, args.sample, args.seed)

        register = SqliteRegister(tmp / "register.sqlite")
        keys: dict[str, str] = {}
        people: dict[str, str] = {}
        for b in range(args.brokers):
            uid = f"broker{b:02d}"
            register.add_user(uid, f"Load broker {b}", Role.broker)
            keys[uid] = register.issue_key(uid).token
            mine = visit[b :: args.brokers]
            register.assign(uid, mine)
            people |= dict.fromkeys(mine, uid)
        register.close()
        env |= {
            "GRAPHSVC_STORE": "neo4j",
            "GRAPHSVC_REGISTER": str(tmp / "register.sqlite"),
            "GRAPHSVC_SECRET": "s" * 32,
        }
        log = tmp / "server.log"
        created: list[str] = []
        for name, mix in phases.items():
            # a fresh server for each phase: a handler whose client gave up (a 60 s timeout)
            # runs on to its end, and would weigh on the next phase
            port = free_port()
            with serve(env, port, args.workers, log):
                load_before = list(os.getloadavg())
                run = Run(
                    base=f"http://{HOST}:{port}",
                    keys=keys,
                    people=people,
                    mix=mix,
                    max_requests=args.max_requests,
                    prefix=f"load-{name}-",
                )
                warmup = args.warmup
                elapsed = asyncio.run(drive(run, args.clients, warmup, args.seconds, args.seed))
                kinds = {k: t.summary(elapsed) for k, t in sorted(run.tallies.items())}
                count = sum(k["count"] for k in kinds.values())
                errors = sum(k["errors"] for k in kinds.values())
                results["phases"][name] |= {
                    "measured_s": round(elapsed, 2),
                    "warmup_s": warmup,
                    "load_average": {"before": load_before, "after": list(os.getloadavg())},
                    "kinds": kinds,
                    "total": {"count": count, "rps": round(count / elapsed, 1), "errors": errors},
                    "consents_acknowledged": run.consents,
                    "records_acknowledged": len(run.created),
                }
                created += run.created
                _print_phase(name, results["phases"][name], args)
        goal_phase = results["phases"].get("mixed") or next(iter(results["phases"].values()))
        results["kinds"], results["total"] = goal_phase["kinds"], goal_phase["total"]

        # every write the API acknowledged is in Neo4j
        found = {n.id for n in _people_named(store, "load-")}
        lost = sorted(set(created) - found)
        results["writes"] = {
            "records_acknowledged": len(created),
            "records_found": len(set(created) & found),
            "records_lost": len(lost),
        }
        results["server_log_tail"] = log.read_text(errors="replace").splitlines()[-5:]

    map_rps = results["kinds"].get("map", {}).get("rps", 0.0)
    print(
        f"ego maps under the mixed load: {map_rps:.1f} req/s (goal >= {GOAL_MAP_RPS:.0f}); "
        f"errors: {results['total']['errors']} (goal 0); acknowledged writes lost: {len(lost)}"
    )
    print(f"saved {save('load', results)}")


def _print_phase(name: str, phase: dict[str, Any], args: argparse.Namespace) -> None:
    m = machine()
    load = phase["load_average"]
    print(
        f"phase {name}: {args.clients} clients, {phase['measured_s']:.0f} s, {args.workers} "
        f"workers; {m['cpu']}, {m['cores']} cores; load {load['before'][0]:.1f} -> "
        f"{load['after'][0]:.1f}"
    )
    print(
        f"{'kind':<9}{'count':>8}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
    )
    for kind, k in phase["kinds"].items():
        print(
            f"{kind:<9}{k['count']:>8,}{k['rps']:>9.1f}{k['p50_ms']:>9.1f}{k['p95_ms']:>9.1f}"
            f"{k['p99_ms']:>9.1f}{k['errors']:>8,}"
        )
    total = phase["total"]
    print(f"{'all':<9}{total['count']:>8,}{total['rps']:>9.1f}{'':>27}{total['errors']:>8,}")


def _people_named(store: Neo4jStore, prefix: str) -> list[Any]:
    """Every person whose id starts with ``prefix`` (the neighbours the clients added)."""
    out = []
    start = prefix[:-1] + chr(ord(prefix[-1]) - 1)  # just before the first id with the prefix
    page = store.page(Label.PERSON, after=start, limit=1000)
    while True:
        out += [p for p in page.items if p.id.startswith(prefix)]
        if page.next_after is None or not page.items[-1].id.startswith(prefix):
            return out
        page = store.page(Label.PERSON, after=page.next_after, limit=1000)


if __name__ == "__main__":
    main()
