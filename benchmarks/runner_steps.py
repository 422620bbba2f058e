"""What ``python -m benchmarks`` runs, at which sizes, and which figures it reads back.

Each step is one script in ``benchmarks/`` run as its own process (as a person would run it),
once per size it takes. The scripts save their own figures with `benchmarks.common.save`; the
runner reads that file back and picks out the figures below, each beside the goal its issue
set. Goals are kept here, in one place, with the issue they come from, so the published table
and the goals cannot drift apart.

Sizes are people in a synthetic town (`graphsvc.synth.generate`): 10,000 people make about
15k nodes and 108k ties; 100,000 people about 151k nodes and 1.08M ties. Where an issue sets its
goal at one size, the goal is judged at that size only; other sizes are shown for the growth
curve.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["FIGURES", "STEPS", "Figure", "Step", "pick"]

SMALL, LARGE = 10_000, 100_000


@dataclass(frozen=True)
class Step:
    """One script and how to call it at a size; ``sizes`` is None for a script with no size."""

    name: str
    script: str
    result: str  # the name the script saves under: results/<result>-<date>-<commit>.json
    sizes: tuple[int, ...] | None = (SMALL, LARGE)
    extra: Callable[[int, Path], list[str]] = field(default=lambda people, tmp: [])
    timeout_s: int = 1500
    about: str = ""
    heavy: bool = False  # not part of --quick (minutes of load on the whole machine)
    env: Callable[[int], dict[str, str]] = field(default=lambda people: {})

    def args(self, people: int | None, tmp: Path) -> list[str]:
        """The command-line arguments for one run."""
        size = [] if people is None else ["--people", str(people)]
        return [*size, *self.extra(people or 0, tmp)]


def _import_files(people: int, tmp: Path) -> list[str]:
    # issue 8 sets the goal at a 100k-row CSV set (10,000 people); at 100,000 people (1.2M
    # rows) the Neo4j half alone would take over ten minutes on 2 cores, so only the embedded
    # store runs there: its memory growth is the figure wanted at that size
    return ["--skip-neo4j"] if people >= LARGE else []


def _import_env(people: int) -> dict[str, str]:
    # the 100k-person import is one transaction of 1.08M ties with their properties: with the
    # test server's default heap (2 GB) Neo4j runs out of memory (measured; see the runs), so
    # the large size gets 8 GB, said in the runs table
    return {"GRAPHSVC_NEO4J_HEAP": "-Xms1g -Xmx8g"} if people >= LARGE else {}


def _chains(people: int, tmp: Path) -> list[str]:
    # a database of the runner's own: the script's default /tmp file is shared with whoever
    # else runs it, and is emptied and refilled when the size differs
    return ["--db", str(tmp / f"chains-{people}.sqlite")]


# fmt: off
STEPS: dict[str, Step] = {s.name: s for s in (
    Step("import", "import.py", "import", env=_import_env,
         about="ties/s into the embedded store, Neo4j UNWIND and a per-row MERGE baseline"),
    Step("import_files", "import_files.py", "import_files", extra=_import_files,
         about="CSV files -> graphsvc import, rows/s and peak memory, each store"),
    Step("proximity", "proximity.py", "proximity",
         about="relational proximity of every tie, vectorised vs a per-tie loop"),
    Step("chains", "chains.py", "chains", extra=_chains,
         about="top-10 chains per person (embedded) vs all_simple_paths"),
    Step("assets", "assets.py", "assets",
         about="a neighbourhood's asset map on Neo4j: Cypher pushdown vs pull"),
    Step("api", "api.py", "api",
         about="a person's map through the HTTP API vs the bare store call, on Neo4j"),
    Step("load", "load.py", "load", sizes=(LARGE,), heavy=True, timeout_s=1200,
         about="50 concurrent clients, 60 s a phase, 2 API workers, mixed reads and writes"),
    Step("faults", "faults.py", "faults", sizes=None, heavy=True,
         about="Neo4j crashed and stopped under load; kill -9 of a 20k-person import"),
    Step("fuzz", "fuzz.py", "fuzz", sizes=None, heavy=True,
         about="schemathesis over the whole API for every role; the fuzz suite, longer"),
)}
# fmt: on


@dataclass(frozen=True)
class Figure:
    """One published number: where it is in a step's JSON, and its goal if an issue set one.

    ``better`` is ``"higher"`` or ``"lower"``; ``goal_people`` is the size the goal is set at.
    """

    step: str
    label: str
    path: tuple[str | int, ...]
    unit: str
    better: str = "higher"
    goal: float | None = None
    goal_people: int | None = None
    issue: int | None = None
    decimals: int = 0
    fallbacks: tuple[tuple[str | int, ...], ...] = ()  # older or newer shapes of the script's JSON

    def find(self, record: dict[str, Any]) -> Any:
        """The figure in a script's record: at ``path``, else at the first fallback found."""
        for path in (self.path, *self.fallbacks):
            value = pick(record, path)
            if value is not None:
                return value
        return None

    def ratio(self, value: float | None) -> float | None:
        """How the value stands to its goal, as a factor where >= 1 means the goal is met
        (value / goal when higher is better, goal / value when lower is); None where that
        means nothing (no goal, a goal of zero, a value of zero)."""
        if self.goal is None or value is None or self.goal == 0 or value == 0:
            return None
        return value / self.goal if self.better == "higher" else self.goal / value

    def met(self, value: float | None) -> bool | None:
        """Whether the goal is met; None with no goal or no value."""
        if self.goal is None or value is None:
            return None
        return value >= self.goal if self.better == "higher" else value <= self.goal


def pick(record: dict[str, Any], path: tuple[str | int, ...]) -> Any:
    """``record[path[0]][path[1]]...``, or None where any part is missing."""
    value: Any = record
    for part in path:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


F = Figure
# fmt: off
FIGURES: list[Figure] = [
    F("import", "Neo4j import, UNWIND batches", ("neo4j_unwind", "ties_per_s"), "ties/s",
      goal=50_000, goal_people=SMALL, issue=3),
    F("import", "UNWIND vs per-row MERGE baseline", ("unwind_vs_per_row",), "x",
      goal=20, goal_people=SMALL, issue=3, decimals=1),
    F("import", "Neo4j per-row MERGE (baseline)", ("neo4j_per_row", "ties_per_s"), "ties/s"),
    F("import", "Embedded store import", ("embedded", "ties_per_s"), "ties/s"),
    F("import_files", "CSV import, embedded (first run)", ("embedded", "first", "rows_per_s"),
      "rows/s", issue=8),
    F("import_files", "CSV import, Neo4j (first run)", ("neo4j", "first", "rows_per_s"),
      "rows/s", issue=8),
    F("import_files", "Peak memory of an embedded import", ("embedded", "first", "peak_rss_mib"),
      "MiB", better="lower", issue=8),
    F("import_files", "Peak memory of a Neo4j import (client)",
      ("neo4j", "first", "peak_rss_mib"), "MiB", better="lower", issue=8),
    F("proximity", "Score every tie, vectorised", ("score_ties_without_reasons", "seconds"), "s",
      better="lower", goal=10, goal_people=LARGE, issue=4, decimals=2),
    F("proximity", "... with reasons and both views",
      ("score_ties_with_reasons_and_views", "seconds"), "s", better="lower", decimals=2),
    F("proximity", "Vectorised vs per-tie loop", ("speedup",), "x", goal=50, goal_people=LARGE,
      issue=4, decimals=1),
    F("chains", "Top-10 chains, fetch + suggest, p95", ("total_ms", "p95"), "ms",
      better="lower", goal=150, goal_people=LARGE, issue=5, decimals=1,
      fallbacks=(("summary_median_of_runs", "total_ms_p95", "median"),)),
    F("chains", "Chains vs all_simple_paths (median)", ("speedup_vs_all_simple_paths", "median"),
      "x", goal=10, goal_people=LARGE, issue=5, decimals=1,
      fallbacks=(("summary_median_of_runs", "speedup_whole_call_median", "median"),)),
    # the search alone, after the shared proximity and index (decision 0006: which one the
    # issue's 10x means is for the issue's owner); before 27 Nov this timed the proximity in
    F("chains", "... search alone vs enumeration (median)",
      ("summary_median_of_runs", "speedup_search_only_median", "median"), "x", decimals=1),
    F("assets", "Asset map, Cypher pushdown", ("pushdown_map_ms",), "ms", better="lower",
      goal=300, goal_people=LARGE, issue=6, decimals=1),
    F("assets", "Pushdown vs pull", ("speedup",), "x", goal=5, goal_people=LARGE, issue=6,
      decimals=1),
    F("api", "Ego map through the API, p95", ("api", "p95_ms"), "ms", better="lower", goal=80,
      goal_people=LARGE, issue=7, decimals=1),
    F("api", "Ego map, bare store call, p95", ("bare", "p95_ms"), "ms", better="lower",
      decimals=1),
    F("api", "API overhead (p95 API / p95 bare)", ("overhead_p95",), "x", better="lower",
      goal=1.5, goal_people=LARGE, issue=7, decimals=2),
    F("api", "API overhead (p50 API / p50 bare)", ("overhead_p50",), "x", better="lower",
      decimals=2),
    F("load", "Mixed load: ego maps", ("kinds", "map", "rps"), "req/s", goal=400,
      goal_people=LARGE, issue=9, decimals=1),
    F("load", "Mixed load: ego map p95", ("kinds", "map", "p95_ms"), "ms", better="lower",
      decimals=1),
    F("load", "Mixed load: all requests", ("total", "rps"), "req/s", decimals=1),
    F("load", "Mixed load: errors", ("total", "errors"), "", better="lower", goal=0,
      goal_people=LARGE, issue=9),
    F("load", "Maps and writes only: ego maps", ("phases", "maps", "kinds", "map", "rps"),
      "req/s", goal=400, goal_people=LARGE, issue=9, decimals=1),
    F("load", "Maps and writes only: ego map p95", ("phases", "maps", "kinds", "map", "p95_ms"),
      "ms", better="lower", decimals=1),
    F("load", "Maps and writes only: errors", ("phases", "maps", "total", "errors"), "",
      better="lower", goal=0, goal_people=LARGE, issue=9),
    F("load", "Acknowledged writes lost", ("writes", "records_lost"), "", better="lower",
      goal=0, goal_people=LARGE, issue=9),
    F("faults", "Neo4j outage: answers not 200 or 503+Retry-After", ("outage", "bad_statuses"),
      "", better="lower", goal=0, issue=9),
    F("faults", "Neo4j outage: acknowledged writes lost", ("outage", "writes_lost"), "",
      better="lower", goal=0, issue=9),
    F("faults", "Neo4j outage: first 200 after Neo4j is back", ("outage", "recovered_after_s"),
      "s", better="lower", decimals=1),
    F("faults", "kill -9 mid-import: partial records left", ("kill_import", "partial_records"),
      "", better="lower", goal=0, issue=9),
    F("fuzz", "Schemathesis cases, all roles", ("schemathesis", "cases"), "", goal=2000, issue=9),
    F("fuzz", "Schemathesis server errors", ("schemathesis", "server_errors"), "",
      better="lower", goal=0, issue=9),
    F("fuzz", "Schemathesis schema violations", ("schemathesis", "schema_violations"), "",
      better="lower", goal=0, issue=9),
    F("fuzz", "Fuzz suite (5,000 examples a test): failures", ("suite", "failed"), "",
      better="lower", goal=0, issue=9),
]
# fmt: on
