"""Time `graphsvc.synth.generate` at 1,000, 10,000 and 100,000 people.

Synthetic worlds feed the demos, the store benchmarks and the contract tests, so how long they
take to make bounds how big those can go. Prints one line per size and writes the results, with
the machine they ran on, to ``benchmarks/results/synth-<date>.json``.

Run from the repository root::

    .venv/bin/python benchmarks/synth.py              # 1k, 10k, 100k people
    .venv/bin/python benchmarks/synth.py 1000 5000    # other sizes
    .venv/bin/python benchmarks/synth.py --graph      # also time Synthetic.graph()

Wall time on a shared machine varies with whatever else runs, so CPU time is recorded too, and
each size is run ``--repeat`` times (the best run is the figure to quote).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graphsvc.synth import generate  # noqa: E402

SIZES = (1_000, 10_000, 100_000)


def machine() -> dict[str, Any]:
    """What the numbers were measured on, so results from different machines are not mixed."""
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }


def measure(people: int, *, seed: int, repeat: int, graph: bool) -> dict[str, Any]:
    """Best-of-``repeat`` wall and CPU seconds for one size, and what was generated."""
    runs = []
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        world = generate(people, seed=seed)
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    result: dict[str, Any] = {
        "people": people,
        "seed": seed,
        "nodes": len(world.nodes),
        "ties": len(world.ties),
        "ties_per_person": round(len(world.ties) / people, 3),
        "seconds": round(min(w for w, _ in runs), 3),
        "cpu_seconds": round(min(c for _, c in runs), 3),
        "all_seconds": [round(w, 3) for w, _ in runs],
        "summary": world.summary(),
    }
    if graph:
        wall = time.perf_counter()
        G = world.graph()
        result["graph_seconds"] = round(time.perf_counter() - wall, 3)
        assert G.number_of_edges() == len(world.ties)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--graph", action="store_true", help="also time building the graph")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args(argv)

    info = machine()
    print(f"{info['platform']} | {info['cpu_count']} CPUs | Python {info['python']}")
    print(f"{'people':>8} {'nodes':>9} {'ties':>10} {'ties/p':>7} {'seconds':>8} {'cpu s':>8}")
    results = []
    for people in args.sizes:
        r = measure(people, seed=args.seed, repeat=args.repeat, graph=args.graph)
        results.append(r)
        extra = f"  graph {r['graph_seconds']:.2f}s" if args.graph else ""
        print(f"{r['people']:>8} {r['nodes']:>9} {r['ties']:>10} {r['ties_per_person']:>7.2f} "
              f"{r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f}{extra}")  # fmt: skip

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"synth-{date.today().isoformat()}.json"
    report = {"benchmark": "graphsvc.synth.generate", "date": date.today().isoformat(),
              "machine": info, "results": results}  # fmt: skip
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
