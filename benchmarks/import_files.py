"""Import speed from spreadsheets: rows per second and peak memory, into each store.

    .venv/bin/python benchmarks/import_files.py [--people 10000] [--skip-neo4j]

The data set is ``graphsvc.synth.generate(people, seed=1)`` exported with the CSV exporter
(10,000 people give about 15k node rows and 108k tie rows in 17 files), so the benchmark runs
the path users take: files -> `graphsvc.io.import_files` -> one `upsert`. Each store's import
runs in its own process, and its memory is that process's resident high-water mark (Linux
``VmHWM``, reset before each run, reported above the resident size before the run);
``ru_maxrss`` is not used because it carries the parent's peak across fork and exec, and
tracemalloc is not because it slows Python allocation several times over. In that process the
files are imported twice:

- **first**: into an emptied store (every record new);
- **again**: the same files again, which must change nothing; the store now holds every id, so
  this also times the id lookup an import makes against a full store.

Each import is timed in two phases: *read and check* (parsing and validating every row) and
*write* (the checks against the store and the one transaction). For comparison, the same
records are then written by a bare ``store.upsert`` into an emptied store, and every id is
looked up in the full store with `stored_labels`: the floor under the write phase. Neo4j is the
server in ``NEO4J_URI``, or one started from Maven artifacts as the tests do; its first import
includes the JVM's warm-up, which is why the second is reported as well. The machine is
whatever it is: figures from a shared machine vary by tens of percent between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from common import ROOT, machine, save

from graphsvc.config import Settings
from graphsvc.io.export import write_csv
from graphsvc.io.importer import Importer
from graphsvc.io.lookup import stored_labels
from graphsvc.io.read import sources
from graphsvc.synth import generate

_STATUS = Path("/proc/self/status")


def _memory_mib() -> tuple[float, float]:
    """(resident now, resident peak) of this process, in MiB.

    Linux's ``VmHWM`` is this process's own peak; ``ru_maxrss`` is not used because it carries
    the parent's peak across fork and exec (the parent held the generated town).
    """
    fields = dict(line.split(":", 1) for line in _STATUS.read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def _reset_peak() -> None:
    """Start a new peak: writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+)."""
    Path("/proc/self/clear_refs").write_text("5")


def _timed_import(store: Any, folder: Path) -> dict[str, Any]:
    importer = Importer(store)
    t0 = time.perf_counter()
    rows = sum(importer.add(table) for table in sources([folder]))
    t1 = time.perf_counter()
    report = importer.finish()
    t2 = time.perf_counter()
    if not report.ok:
        raise SystemExit(f"the benchmark data did not import: {report.problems[:3]}")
    return {
        "rows": rows,
        "read_check_s": round(t1 - t0, 3),
        "write_s": round(t2 - t1, 3),
        "total_s": round(t2 - t0, 3),
        "rows_per_s": round(rows / (t2 - t0)),
        "read_check_rows_per_s": round(rows / (t1 - t0)),
        "nodes": report.total_nodes,
        "ties": report.total_ties,
    }


def child(store_kind: str, folder: Path, target: str) -> None:
    """Run in a fresh process: import twice, print the figures as JSON on stdout."""
    if store_kind == "embedded":
        from graphsvc.store.embedded import EmbeddedStore

        store: Any = EmbeddedStore(target)
    else:
        from graphsvc.store.neo4j import Neo4jStore

        password = os.environ.get("NEO4J_PASSWORD")
        store = Neo4jStore.from_settings(
            Settings(store="neo4j", neo4j_uri=target, neo4j_password=password)
        )
    figures: dict[str, Any] = {}
    try:
        store.clear()
        for run in ("first", "again"):
            baseline, _ = _memory_mib()
            _reset_peak()
            figures[run] = _timed_import(store, folder)
            figures[run]["rss_before_mib"] = round(baseline, 1)
            figures[run]["peak_rss_mib"] = round(_memory_mib()[1], 1)
            figures[run]["peak_over_before_mib"] = round(_memory_mib()[1] - baseline, 1)
        figures["reference"] = _reference(store, folder)
        counts = store.counts()
        figures["stored_nodes"] = sum(counts.nodes.values())
        figures["stored_ties"] = sum(counts.ties.values())
    finally:
        store.close()
    print(json.dumps(figures))


def _reference(store: Any, folder: Path) -> dict[str, float]:
    """What the store alone costs for the same records: the floor under an import's write."""
    importer = Importer(store, dry_run=True)
    for table in sources([folder]):
        importer.add(table)
    nodes, ties = importer.records()
    ids = {n.id for n in nodes}
    t0 = time.perf_counter()
    found = stored_labels(store, ids)
    t1 = time.perf_counter()
    assert len(found) == len(ids)
    store.clear()
    t2 = time.perf_counter()
    store.upsert(nodes, ties)
    t3 = time.perf_counter()
    return {
        "lookup_all_ids_in_full_store_s": round(t1 - t0, 3),
        "store_upsert_s": round(t3 - t2, 3),
    }


def _run_child(store_kind: str, folder: Path, target: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", store_kind, str(folder), target],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise SystemExit(f"{store_kind} import failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--skip-neo4j", action="store_true")
    parser.add_argument(
        "--child", nargs=3, metavar=("STORE", "FOLDER", "TARGET"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return

    results: dict[str, Any] = {"people": args.people, "seed": 1}
    with TemporaryDirectory() as tmp, ExitStack() as stack:
        folder = Path(tmp) / "csv"
        town = generate(args.people, seed=1)
        t0 = time.perf_counter()
        paths = write_csv(town.graph(), folder)
        results["export_csv_s"] = round(time.perf_counter() - t0, 3)
        results["files"] = len(paths)
        results["megabytes"] = round(sum(p.stat().st_size for p in paths) / 1e6, 1)
        results["node_rows"], results["tie_rows"] = len(town.nodes), len(town.ties)
        del town
        print(
            f"data: {args.people:,} people -> {results['node_rows']:,} node rows + "
            f"{results['tie_rows']:,} tie rows in {len(paths)} CSV files "
            f"({results['megabytes']} MB)"
        )
        results["embedded"] = _run_child("embedded", folder, str(Path(tmp) / "bench.sqlite"))
        if not args.skip_neo4j:
            uri = os.environ.get("NEO4J_URI")
            if not uri:
                from tests.neo4j_server import LocalNeo4j

                uri = stack.enter_context(LocalNeo4j()).uri
            results["neo4j"] = _run_child("neo4j", folder, uri)

    m = machine()
    print(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['platform']}")
    print(f"{'store':<10}{'run':<7}{'rows':>9}{'read+check s':>14}{'write s':>9}{'rows/s':>9}"
          f"{'peak MiB':>10}")  # fmt: skip
    for key in ("embedded", "neo4j"):
        if key not in results:
            continue
        for run in ("first", "again"):
            r = results[key][run]
            print(
                f"{key:<10}{run:<7}{r['rows']:>9,}{r['read_check_s']:>14.2f}{r['write_s']:>9.2f}"
                f"{r['rows_per_s']:>9,}{r['peak_over_before_mib']:>10,.0f}"
            )
        ref = results[key]["reference"]
        print(
            f"{'':<10}the store alone: upsert {ref['store_upsert_s']:.2f} s; "
            f"looking up every id in the full store {ref['lookup_all_ids_in_full_store_s']:.2f} s"
        )
    print(f"saved {save('import_files', results)}")


if __name__ == "__main__":
    main()
