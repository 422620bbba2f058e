"""What the fault tests share: the CLI as a separate process, and a store's contents in short.

The faults are about processes (one killed, one locked out, one that cannot reach its
server), so the CLI always runs as its own process with a clean environment naming exactly
the store under test, as a user's shell would.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphsvc.config import Settings
from graphsvc.store.base import GraphStore

__all__ = [
    "CLI",
    "Snapshot",
    "cli_env",
    "kill_when",
    "neo4j_writing_ties",
    "one_line_error",
    "run_cli",
    "snapshot",
    "sqlite_write_held",
]

CLI = [sys.executable, "-c", "from graphsvc.cli import main; main()"]
ROOT = Path(__file__).resolve().parents[2]


def cli_env(store: str, *, db: Path | None = None, neo4j: Settings | None = None) -> dict[str, str]:
    """An environment choosing one store: the embedded file ``db``, or the Neo4j of ``neo4j``.

    Inherited ``GRAPHSVC_*`` / ``NEO4J_*`` variables are dropped so nothing else leaks in; the
    checkout goes on ``PYTHONPATH`` so the child runs this graphsvc.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHSVC_", "NEO4J_"))}
    env["PYTHONPATH"] = str(ROOT)
    env["GRAPHSVC_STORE"] = store
    if db is not None:
        env["GRAPHSVC_DB"] = str(db)
    if neo4j is not None:
        env["NEO4J_URI"] = neo4j.neo4j_uri
        env["NEO4J_USER"] = neo4j.neo4j_user
        env["NEO4J_DATABASE"] = neo4j.neo4j_database
        if neo4j.neo4j_password is not None:
            env["NEO4J_PASSWORD"] = neo4j.neo4j_password.get_secret_value()
    return env


def run_cli(
    args: Sequence[str], *, env: dict[str, str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``graphsvc ARGS`` to the end and capture what it printed."""
    return subprocess.run(
        [*CLI, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout,
        check=False,
    )  # fmt: skip


@dataclass(frozen=True)
class Snapshot:
    """What a store holds, in short: counts by label and type, and every node and tie key."""

    nodes: dict[str, int]
    ties: dict[str, int]
    node_ids: frozenset[str]
    tie_keys: frozenset[tuple[str, str, str]]


def snapshot(store: GraphStore) -> Snapshot:
    """The store's current contents, for before/after comparisons on small graphs."""
    counts = store.counts()
    G = store.to_networkx()
    return Snapshot(
        nodes=dict(counts.nodes),
        ties=dict(counts.ties),
        node_ids=frozenset(G.nodes),
        tie_keys=frozenset((k, u, v) for u, v, k in G.edges(keys=True)),
    )


def one_line_error(stderr: str) -> str:
    """The error line of a failed command; fails the test if there is a traceback instead."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    return lines[0]


def sqlite_write_held(path: Path) -> Callable[[], bool]:
    """True while another connection holds the file's write lock (our importer, here)."""

    def held() -> bool:
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            return "locked" in str(exc) or "busy" in str(exc)
        else:
            db.execute("ROLLBACK")
            return False
        finally:
            db.close()

    return held


def neo4j_writing_ties(settings: Settings) -> Callable[[], bool]:
    """True once an open transaction runs a tie write: its nodes are already sent, uncommitted."""
    import neo4j

    password = settings.neo4j_password
    auth = (settings.neo4j_user, password.get_secret_value()) if password else None

    def writing() -> bool:
        # asked from the system database, whose own SHOW TRANSACTIONS the filter leaves out
        with (
            neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=auth) as driver,
            driver.session(database="system") as session,
        ):
            rows = session.run(
                "SHOW TRANSACTIONS YIELD currentQuery, database "
                "WHERE database = $db AND currentQuery CONTAINS ']->(' "
                "AND currentQuery CONTAINS 'UNWIND' RETURN count(*) AS n",
                db=settings.neo4j_database,
            ).single(strict=True)
            return bool(rows["n"])

    return writing


def kill_when(
    proc: subprocess.Popen[str], ready: Callable[[], bool], *, timeout: float = 120.0
) -> float:
    """SIGKILL ``proc`` as soon as ``ready()``; return the seconds that took.

    Raises `AssertionError` if the process ends first (the data was too small to catch it
    writing) or ``timeout`` passes.
    """
    t0 = time.monotonic()
    deadline = t0 + timeout
    while not ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(
                f"the import ended (exit {proc.returncode}) before it could be killed mid-write; "
                f"make the data bigger.\n{out[-2000:]}\n{err[-2000:]}"
            )
        if time.monotonic() > deadline:
            proc.kill()
            proc.communicate()
            raise AssertionError("the import never reached its write phase")
        time.sleep(0.02)
    took = time.monotonic() - t0
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    return took
