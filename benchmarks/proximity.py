"""Time relational proximity on a synthetic graph of about a million ties.

Scores every ``KNOWS`` pair and every ``SUPPORTS`` tie of ``generate(100_000)`` (about 1.08
million ties of all types) with the vectorised `graphsvc.proximity.score_ties`, without and with
the plain-language reasons and both-sides views, and compares it with the per-tie path (the one
`score_tie` and `person_ties` use) run in a Python loop over a random sample of the same ties.
Both paths call the same formulas (`graphsvc.proximity.dimensions`) and sentence functions
(`graphsvc.proximity.reasons`); the tests hold them equal to 1e-9, word for word.

Making the world and building the NetworkX graph (`Synthetic.graph()`) are timed separately:
they are not part of scoring. Wall time on a shared machine varies with whatever else runs, so
each figure is the best of ``--repeat`` runs and CPU time is recorded too.

Run from the repository root::

    .venv/bin/python benchmarks/proximity.py                  # 100,000 people, ~1.08M ties
    .venv/bin/python benchmarks/proximity.py --people 10000   # a quicker look
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from common import machine, save

from graphsvc.proximity import ProximityConfig, score_ties
from graphsvc.proximity.score import _as_of, score_one
from graphsvc.proximity.single import graph_stats
from graphsvc.synth import generate

CFG = ProximityConfig(as_of=date(2024, 6, 30))


def best(fn: Callable[[], Any], repeat: int) -> tuple[Any, dict[str, float]]:
    """The result of ``fn`` and its best wall and CPU seconds over ``repeat`` runs."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return result, {
        "seconds": round(min(walls), 3),
        "cpu_seconds": round(min(cpus), 3),
        "all_seconds": [round(w, 3) for w in walls],
    }


def loop(G: Any, pairs: list[tuple[Any, Any]], *, reasons: bool) -> dict[str, float]:
    """The per-tie path over ``pairs``: ties per second, wall and CPU."""
    stats, as_of = graph_stats(G), _as_of(CFG)
    wall, cpu = time.perf_counter(), time.process_time()
    for u, v in pairs:
        score_one(G, u, v, stats, CFG, as_of, reasons=reasons, views=reasons)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "sample": len(pairs),
        "seconds": round(wall, 3),
        "ties_per_second": round(len(pairs) / wall, 1),
        "cpu_ties_per_second": round(len(pairs) / cpu, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample", type=int, default=5_000, help="ties for the per-tie loop")
    parser.add_argument("--no-save", action="store_true")
    args = parser.parse_args(argv)
    info = machine() | {"load_average": list(os.getloadavg())}
    print(info)

    wall = time.perf_counter()
    world = generate(args.people, seed=args.seed)
    generate_s = time.perf_counter() - wall
    wall = time.perf_counter()
    G = world.graph()
    graph_s = time.perf_counter() - wall
    summary = world.summary()
    del world
    print(f"generate({args.people}): {generate_s:.1f} s; Synthetic.graph(): {graph_s:.1f} s; "
          f"{G.number_of_edges():,} ties ({summary['KNOWS']:,} KNOWS accounts, "
          f"{summary['SUPPORTS']:,} SUPPORTS)")  # fmt: skip

    plain, t_plain = best(lambda: score_ties(G, CFG, reasons=False, views=False), args.repeat)
    n, knows_pairs = len(plain), int((~plain["paid"]).sum())
    print(f"score_ties, no reasons/views: {t_plain['seconds']:.2f} s "
          f"(cpu {t_plain['cpu_seconds']:.2f} s) for {n:,} scored ties "
          f"({knows_pairs:,} KNOWS pairs, {n - knows_pairs:,} SUPPORTS)")  # fmt: skip
    pairs = list(zip(plain["source"], plain["target"], strict=True))
    del plain
    _, t_full = best(lambda: score_ties(G, CFG), args.repeat)
    print(f"score_ties, with reasons and views: {t_full['seconds']:.2f} s "
          f"(cpu {t_full['cpu_seconds']:.2f} s)")  # fmt: skip

    sample = random.Random(args.seed).sample(pairs, min(args.sample, len(pairs)))
    slow = loop(G, sample, reasons=False)
    slow_full = loop(G, sample, reasons=True)
    speed = {
        "vectorised_ties_per_second": round(n / t_plain["seconds"], 1),
        "vectorised_with_reasons_ties_per_second": round(n / t_full["seconds"], 1),
        "loop_ties_per_second": slow["ties_per_second"],
        "loop_with_reasons_ties_per_second": slow_full["ties_per_second"],
    }
    speed["speedup"] = round(speed["vectorised_ties_per_second"] / slow["ties_per_second"], 1)
    speed["speedup_with_reasons"] = round(
        speed["vectorised_with_reasons_ties_per_second"] / slow_full["ties_per_second"], 1
    )
    # CPU time is less disturbed than wall time by other jobs on a shared machine
    speed["cpu_speedup"] = round(n / t_plain["cpu_seconds"] / slow["cpu_ties_per_second"], 1)
    speed["cpu_speedup_with_reasons"] = round(
        n / t_full["cpu_seconds"] / slow_full["cpu_ties_per_second"], 1
    )
    speed["loop_seconds_for_all_ties_estimate"] = round(n / slow["ties_per_second"], 1)
    print(f"per-tie loop ({len(sample):,} sampled ties): {slow['ties_per_second']:,.0f} ties/s "
          f"without reasons, {slow_full['ties_per_second']:,.0f} ties/s with; speed-up "
          f"{speed['speedup']}x and {speed['speedup_with_reasons']}x (by CPU time "
          f"{speed['cpu_speedup']}x and {speed['cpu_speedup_with_reasons']}x)")  # fmt: skip
    if not args.no_save:
        path = save("proximity", {
            "people": args.people, "seed": args.seed, "repeat": args.repeat,
            "load_average_at_start": info["load_average"],
            "generate_seconds": round(generate_s, 3), "graph_seconds": round(graph_s, 3),
            "ties_in_graph": G.number_of_edges(), "summary": summary,
            "scored_ties": n, "knows_pairs": knows_pairs, "supports_ties": n - knows_pairs,
            "score_ties_without_reasons": t_plain, "score_ties_with_reasons_and_views": t_full,
            "loop_without_reasons": slow, "loop_with_reasons_and_views": slow_full, **speed,
        })  # fmt: skip
        print("saved", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
