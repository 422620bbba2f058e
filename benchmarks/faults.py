"""Fault tests, long versions: Neo4j crashed and stopped under load; kill -9 of a large import.

    .venv/bin/python benchmarks/faults.py [--people 10000] [--clients 20] [--down 45]
                                          [--import-people 20000]

The short versions are in the test suite (``tests/faults/``). These take minutes:

1. **Neo4j outage under load.** A Neo4j of its own (`tests.faults.restartable_neo4j`: the test
   launcher with a store and port that survive restarts) holds ``generate(--people)``;
   ``graphsvc serve --workers 2`` runs on it, and ``--clients`` signed-in clients read maps,
   add neighbours (writes) and poll ``/ready``, all on loopback. Two outages, one after the
   other: a **crash** (SIGKILL) kept down ``--down`` seconds, longer than the driver's 30 s
   retry budget, so requests must come back as 503 with ``Retry-After``; then a **clean stop**
   kept down 10 s. After each, Neo4j starts again on the same store and port and the clients
   carry on. Counted: every answer by status; any answer that is not 200, 503 with
   ``Retry-After`` or (for the map) a deliberate 4xx; the time from Neo4j's return to the
   first map answered 200; and every write the API acknowledged, looked for in Neo4j at the
   end (after the crash recovery).
2. **kill -9 of a large import.** ``generate(--import-people)`` exported as CSV (about 12 rows a
   person) is imported with ``graphsvc import`` into each store holding a small world; the
   process is killed with SIGKILL once it is writing (the SQLite write lock held; a Neo4j
   transaction writing ties). The store must be exactly as before; the same import run again
   must complete.

Results go to ``benchmarks/results/faults-<date>-<commit>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import httpx2
from common import ROOT, machine, save
from load import HOST, free_port, serve

from graphsvc.config import Settings
from graphsvc.governance.sqlite import SqliteRegister
from graphsvc.governance.types import Role
from graphsvc.io.export import write_csv
from graphsvc.model import Label
from graphsvc.store.embedded import EmbeddedStore
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.synth import generate
from tests.api.conftest import world
from tests.faults.helpers import (
    CLI,
    cli_env,
    kill_when,
    neo4j_writing_ties,
    run_cli,
    snapshot,
    sqlite_write_held,
)
from tests.faults.restartable_neo4j import RestartableNeo4j


@dataclass
class Answer:
    kind: str
    started: float
    ended: float
    status: str
    retry_after: bool


@dataclass
class Traffic:
    """What the clients saw, in order, and the writes the API acknowledged."""

    base: str
    key: str
    people: list[str]
    stop: bool = False
    answers: list[Answer] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)


async def _client(traffic: Traffic, number: int) -> None:
    rng = random.Random(number)
    headers = {"Authorization": f"Bearer {traffic.key}"}
    limits = httpx2.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx2.AsyncClient(base_url=traffic.base, timeout=120, limits=limits) as http:
        n = 0
        while not traffic.stop:
            kind = rng.choices(["map", "write", "ready"], [70, 20, 10])[0]
            pid = rng.choice(traffic.people)
            nid = f"fault-{number}-{n}"
            n += 1
            t0 = time.monotonic()
            try:
                if kind == "map":
                    r = await http.get(f"/people/{pid}/map", headers=headers)
                elif kind == "ready":
                    r = await http.get("/ready")
                else:
                    body = {
                        "nodes": [{"label": "Person", "id": nid, "name": "Fault Neighbour"}],
                        "ties": [{"type": "KNOWS", "source": pid, "target": nid}],
                    }
                    r = await http.post(f"/people/{pid}/records", json=body, headers=headers)
                status, retry = str(r.status_code), "retry-after" in r.headers
                if kind == "write" and 200 <= r.status_code < 300:
                    traffic.acknowledged.append(nid)
            except httpx2.HTTPError as exc:
                status, retry = type(exc).__name__, False
            traffic.answers.append(Answer(kind, t0, time.monotonic(), status, retry))
            if status == "503":
                await asyncio.sleep(0.5)  # a polite client honours Retry-After (a little)


async def _outages(
    traffic: Traffic, neo: RestartableNeo4j, clients: int, down: float
) -> list[dict[str, Any]]:
    """Run the clients through a crash and a clean stop; what happened around each."""
    tasks = [asyncio.create_task(_client(traffic, i)) for i in range(clients)]
    cycles = []
    await asyncio.sleep(10)  # normal traffic first
    for how, seconds in (("crash (SIGKILL)", down), ("clean stop", 10.0)):
        t_down = time.monotonic()
        await asyncio.to_thread(neo.kill if how.startswith("crash") else neo.stop)
        await asyncio.sleep(seconds)
        took = await asyncio.to_thread(neo.start)
        t_up = time.monotonic()
        await asyncio.sleep(25)  # traffic after the return
        first_ok = min(
            (
                a.ended
                for a in traffic.answers
                if a.kind == "map" and a.status == "200" and a.started >= t_up
            ),
            default=None,
        )
        first_503 = min(
            (a.ended for a in traffic.answers if a.status == "503" and a.started >= t_down),
            default=None,
        )
        window = [a for a in traffic.answers if t_down <= a.started < t_up]
        cycles.append(
            {
                "outage": how,
                "down_s": round(t_up - t_down, 1),
                "neo4j_start_s": round(took, 1),
                "first_503_after_down_s": None
                if first_503 is None
                else round(first_503 - t_down, 1),
                "recovered_after_s": None if first_ok is None else round(first_ok - t_up, 1),
                "statuses_while_down": dict(Counter(a.status for a in window)),
                "longest_answer_while_down_s": round(
                    max((a.ended - a.started for a in window), default=0), 1
                ),
            }
        )
    traffic.stop = True
    await asyncio.gather(*tasks)
    return cycles


def outage(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    with RestartableNeo4j(page_cache="1g") as neo:
        store = Neo4jStore(neo.uri)
        town = generate(args.people, seed=1)
        store.upsert(town.nodes, [])
        store.upsert([], town.ties)
        people = sorted(
            p.id
            for p in store.page(Label.PERSON, limit=1000).items
            if p.properties().get("consent") != "withdrawn"
        )[:200]
        register = SqliteRegister(tmp / "register.sqlite")
        register.add_user("bea", "Bea", Role.broker)
        key = register.issue_key("bea").token
        register.assign("bea", people)
        register.close()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHSVC_", "NEO4J_"))}
        env |= {
            "PYTHONPATH": str(ROOT),
            "GRAPHSVC_STORE": "neo4j",
            "NEO4J_URI": neo.uri,
            "GRAPHSVC_REGISTER": str(tmp / "register.sqlite"),
            "GRAPHSVC_SECRET": "s" * 32,
        }
        port = free_port()
        with serve(env, port, 2, tmp / "server.log"):
            traffic = Traffic(base=f"http://{HOST}:{port}", key=key, people=people)
            cycles = asyncio.run(_outages(traffic, neo, args.clients, args.down))
        found = {
            n for n in store.to_networkx().nodes if str(n).startswith("fault-")
        }  # after the crash recovery and the restart
        store.close()
    statuses = Counter(a.status for a in traffic.answers)
    bad = [
        a
        for a in traffic.answers
        if not (a.status == "200" or (a.status == "503" and a.retry_after))
    ]
    lost = sorted(set(traffic.acknowledged) - found)
    return {
        "people": args.people,
        "clients": args.clients,
        "answers": len(traffic.answers),
        "statuses": dict(sorted(statuses.items())),
        "bad_statuses": len(bad),
        "bad_examples": [vars(a) for a in bad[:10]],
        "server_errors_500": statuses.get("500", 0),
        "writes_acknowledged": len(traffic.acknowledged),
        "writes_lost": len(lost),
        "lost_examples": lost[:10],
        "cycles": cycles,
        "recovered_after_s": max(
            (c["recovered_after_s"] for c in cycles if c["recovered_after_s"] is not None),
            default=None,
        ),
    }


def kill_import(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    folder = tmp / "csv"
    town = generate(args.import_people, seed=11)
    write_csv(town.graph(), folder)
    rows = len(town.nodes) + len(town.ties)
    del town
    out: dict[str, Any] = {"people": args.import_people, "rows": rows, "stores": {}}
    partial = 0
    with RestartableNeo4j(page_cache="1g") as neo:
        settings = Settings(store="neo4j", neo4j_uri=neo.uri, neo4j_password=None)
        for kind in ("embedded", "neo4j"):
            if kind == "embedded":
                db = tmp / "graph.sqlite"
                store: Any = EmbeddedStore(db)
                env, ready = cli_env("embedded", db=db), sqlite_write_held(db)
            else:
                store = Neo4jStore(neo.uri)
                env, ready = cli_env("neo4j", neo4j=settings), neo4j_writing_ties(settings)
            store.upsert(*world())
            before = snapshot(store)
            t0 = time.monotonic()
            proc = subprocess.Popen(
                [*CLI, "import", str(folder)],
                env=env,
                cwd=tmp,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            killed_after = kill_when(proc, ready, timeout=1200)
            after = snapshot(store)
            diff = len(after.node_ids ^ before.node_ids) + len(after.tie_keys ^ before.tie_keys)
            partial += diff
            t1 = time.monotonic()
            again = run_cli(["import", str(folder)], env=env, cwd=tmp, timeout=1800)
            rerun_s = time.monotonic() - t1
            counts = store.counts()
            out["stores"][kind] = {
                "killed_after_s": round(killed_after, 1),
                "partial_records": diff,
                "unchanged": after == before,
                "rerun_exit": again.returncode,
                "rerun_s": round(rerun_s, 1),
                "rerun_error": again.stderr[-500:] if again.returncode else "",
                "nodes_after_rerun": sum(counts.nodes.values()),
                "ties_after_rerun": sum(counts.ties.values()),
                "total_s": round(time.monotonic() - t0, 1),
            }
            store.close()
    out["partial_records"] = partial
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="town for the outage")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--down", type=float, default=45.0, help="seconds the crash lasts")
    parser.add_argument("--import-people", type=int, default=20_000)
    parser.add_argument("--skip", choices=["outage", "kill_import"], action="append", default=[])
    args = parser.parse_args()
    results: dict[str, Any] = {"load_average_before": list(os.getloadavg())}
    with TemporaryDirectory(prefix="graphsvc-faults-") as tmp:
        if "outage" not in args.skip:
            (Path(tmp) / "outage").mkdir()
            results["outage"] = outage(args, Path(tmp) / "outage")
            o = results["outage"]
            print(
                f"outage: {o['answers']:,} answers {o['statuses']}; bad {o['bad_statuses']}; "
                f"writes acknowledged {o['writes_acknowledged']}, lost {o['writes_lost']}"
            )
            for c in o["cycles"]:
                print(f"  {c}")
        if "kill_import" not in args.skip:
            (Path(tmp) / "kill").mkdir()
            results["kill_import"] = kill_import(args, Path(tmp) / "kill")
            k = results["kill_import"]
            print(
                f"kill -9 mid-import of {k['rows']:,} rows: partial records {k['partial_records']}"
            )
            for kind, r in k["stores"].items():
                print(f"  {kind}: {r}")
    results["load_average_after"] = list(os.getloadavg())
    m = machine()
    print(
        f"machine: {m['cpu']}, {m['cores']} cores; load {results['load_average_before'][0]:.1f}"
        f" -> {results['load_average_after'][0]:.1f}"
    )
    print(f"saved {save('faults', results)}")


if __name__ == "__main__":
    main()
