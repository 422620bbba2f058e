"""What every benchmark script shares: the machine it ran on, and where figures are written."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphsvc.config import Settings

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
if str(ROOT) not in sys.path:  # so scripts run as `python benchmarks/x.py` find tests/ too
    sys.path.insert(0, str(ROOT))


def machine() -> dict[str, Any]:
    """Enough about the machine to compare figures across runs."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        mem_kb = 0
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
    }


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def save(name: str, figures: dict[str, Any]) -> Path:
    """Write ``benchmarks/results/<name>-<date>-<commit>.json`` and return its path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    path = RESULTS / f"{name}-{now:%Y-%m-%d}-{commit()}.json"
    record = {
        "benchmark": name,
        "when": now.isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        **figures,
    }
    path.write_text(json.dumps(record, indent=2) + "\n")
    return path


def served_neo4j(stack: ExitStack) -> tuple[Settings, dict[str, str], str]:
    """The Neo4j a benchmark that runs ``graphsvc serve`` uses, for this process and the server.

    The one in ``NEO4J_URI`` if set, else one started from Maven artifacts as the tests do
    (page cache 1g), stopped with ``stack``. Returns this process's settings, the server's
    environment (this checkout on ``PYTHONPATH``; no stray ``GRAPHSVC_``/``NEO4J_`` variables
    but the Neo4j ones) and a description for the results.
    """
    from graphsvc.config import Settings

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRAPHSVC_", "NEO4J_"))}
    env["PYTHONPATH"] = str(ROOT)  # the server runs this checkout's graphsvc, as we do
    if os.environ.get("NEO4J_URI"):
        env |= {k: v for k, v in os.environ.items() if k.startswith("NEO4J_")}
        return Settings(store="neo4j"), env, "NEO4J_URI"
    from tests.neo4j_server import LocalNeo4j

    neo = stack.enter_context(LocalNeo4j(page_cache="1g"))
    assert neo.uri is not None
    env["NEO4J_URI"] = neo.uri
    settings = Settings(store="neo4j", neo4j_uri=neo.uri, neo4j_password=None)
    return settings, env, "LocalNeo4j (Community 5.26, page cache 1g)"
