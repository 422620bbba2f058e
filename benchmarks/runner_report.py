"""The runner's output: a table in the terminal and ``docs/performance.md``.

Both are made from the runner's JSON alone (``benchmarks/results/<date>-<commit>.json``), so
the page can be rebuilt at any time with ``python -m benchmarks --report`` and always says
exactly what was measured: each figure at each size, its goal and the issue that set it, the
ratio to the goal, and the machine and its load while the figure was taken.
"""

from __future__ import annotations

import math
import re
import textwrap
from pathlib import Path
from typing import Any

from benchmarks.runner_steps import FIGURES, LARGE, SMALL, STEPS, Figure

__all__ = ["figure_rows", "print_table", "write_docs"]

SIZED = [s for s in STEPS.values() if s.sizes is not None and s.name != "load"]


def _entry(runs: dict[str, Any], step: str, people: int | None) -> dict[str, Any] | None:
    key = f"{step}@{people}" if people else step
    entry = runs.get("steps", {}).get(key)
    if not entry or entry.get("status") != "ok":
        return None
    return entry  # type: ignore[no-any-return]


def value_at(runs: dict[str, Any], fig: Figure, people: int | None) -> float | None:
    entry = _entry(runs, fig.step, people)
    if entry is None:
        return None
    value = fig.find(entry.get("figures", {}))
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _num(value: float | None, decimals: int) -> str:
    if value is None:
        return "-"
    if math.isinf(value):
        return "inf"
    return f"{value:,.{decimals}f}"


def _goal(fig: Figure) -> str:
    if fig.goal is None:
        return ""
    if fig.goal == 0 and fig.better == "lower":
        return "0"
    sign = ">=" if fig.better == "higher" else "<="
    unit = f" {fig.unit}" if fig.unit and fig.unit != "x" else ("x" if fig.unit == "x" else "")
    goal = f"{fig.goal:,g}"
    return f"{sign} {goal}{unit}".replace(" x", "x")


def _status(runs: dict[str, Any], step: str, people: int | None) -> str:
    key = f"{step}@{people}" if people else step
    entry = runs.get("steps", {}).get(key)
    if entry is None:
        return "not run"
    return str(entry.get("status", "?"))


def _cell(runs: dict[str, Any], fig: Figure, people: int | None, value: float | None) -> str:
    """The value, or why there is none: "-" when the run did not measure it (a skipped part),
    the run's status in brackets when the run failed or did not happen."""
    if value is not None:
        return _num(value, fig.decimals)
    status = _status(runs, fig.step, people)
    return "-" if status == "ok" else f"({status})"


def figure_rows(runs: dict[str, Any]) -> list[dict[str, str]]:
    """One row per published figure: its values at each size, goal, ratio and verdict."""
    rows = []
    for fig in FIGURES:
        step = STEPS[fig.step]
        sizes: list[int | None] = list(step.sizes) if step.sizes else [None]
        values = {p: value_at(runs, fig, p) for p in sizes}
        at = fig.goal_people if fig.goal_people in values else sizes[-1]
        judged = values.get(at)
        ratio = fig.ratio(judged) if judged is not None else None
        met = fig.met(judged)
        cell = {p: _cell(runs, fig, p, v) for p, v in values.items()}
        rows.append(
            {
                "step": fig.step,
                "figure": fig.label + (f" ({fig.unit})" if fig.unit and fig.unit != "x" else ""),
                "goal": _goal(fig) + (f" at {at // 1000}k" if fig.goal is not None and at else ""),
                "issue": f"#{fig.issue}" if fig.issue else "",
                "small": cell.get(SMALL, ""),
                "large": cell.get(LARGE, ""),
                "once": cell.get(None, ""),
                "ratio": "" if ratio is None else f"{ratio:.2f}",
                "met": "" if met is None else ("yes" if met else "**no**"),
            }
        )
    return rows


def print_table(runs: dict[str, Any]) -> None:
    """The figures as a plain table on stdout."""
    rows = figure_rows(runs)
    head = ("figure", "goal", "10k", "100k", "ratio", "met")
    width = [max(len(head[0]), *(len(r["figure"]) for r in rows)), 18, 14, 14, 7, 5]
    print("  ".join(h.ljust(w) for h, w in zip(head, width, strict=True)))
    for r in rows:
        small = r["small"] if r["once"] == "" else r["once"]
        cells = (r["figure"], r["goal"], small, r["large"], r["ratio"], r["met"].strip("*"))
        print("  ".join(c.ljust(w) for c, w in zip(cells, width, strict=True)))


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return out


def _growth(runs: dict[str, Any]) -> list[list[str]]:
    """Each figure measured at both sizes, and the factor from 10k to 100k people."""
    rows = []
    for fig in FIGURES:
        a, b = value_at(runs, fig, SMALL), value_at(runs, fig, LARGE)
        if a is None or b is None or a == 0:
            continue
        rows.append(
            [
                fig.label + (f" ({fig.unit})" if fig.unit and fig.unit != "x" else ""),
                _num(a, fig.decimals),
                _num(b, fig.decimals),
                f"{b / a:.2f}",
            ]
        )
    return rows


def _load_rows(runs: dict[str, Any]) -> list[list[str]]:
    """Each phase of the load test, kind by kind."""
    entry = _entry(runs, "load", LARGE)
    if entry is None:
        return []
    rows = []
    for phase, figs in entry["figures"].get("phases", {}).items():
        for kind, k in sorted(figs.get("kinds", {}).items()):
            rows.append([
                phase, kind, f"{k['count']:,}", f"{k['rps']:.1f}", f"{k['p50_ms']:.1f}",
                f"{k['p95_ms']:.1f}", f"{k['p99_ms']:.1f}", f"{k['errors']:,}",
            ])  # fmt: skip
    return rows


def _runs_rows(runs: dict[str, Any]) -> list[list[str]]:
    """Every run, earlier attempts of a step included (a failure is a result too)."""
    entries = []
    for e in runs.get("steps", {}).values():
        entries += [*e.get("earlier", []), e]
    rows = []
    for e in sorted(entries, key=lambda x: x.get("started", "")):
        load = e.get("load_before", [None])[0], e.get("load_after", [None])[0]
        rows.append([
            f"`{e.get('command', '?')}`", e.get("status", "?"), e.get("started", "")[11:16],
            f"{e.get('seconds', 0):,.0f} s", f"{load[0]:.1f} -> {load[1]:.1f}"
            if None not in load else "", e.get("commit", ""),
            e.get("note") or (e.get("error", "") if e.get("status") != "ok" else ""),
        ])  # fmt: skip
    return rows


def write_docs(runs: dict[str, Any], path: Path, *, results_file: Path) -> None:
    """Write ``docs/performance.md`` from the runner's record."""
    m = runs.get("machine", {})
    rows = figure_rows(runs)
    sized = [r for r in rows if STEPS[r["step"]].sizes not in (None, (LARGE,))]
    once = [r for r in rows if STEPS[r["step"]].sizes in (None, (LARGE,))]
    dirty = " (with uncommitted changes in the working tree)" if runs.get("dirty") else ""
    source = results_file.relative_to(path.parents[1])
    lines = [
        "# Performance",
        "",
        "<!-- Written by `python -m benchmarks`; do not edit by hand: run "
        "`python -m benchmarks --report` to rewrite it from the results. -->",
        "",
        f"Measured on {runs.get('date')} at commit `{runs.get('commit')}`{dirty} by "
        f"`python -m benchmarks`; every figure comes from `{source}`, which also keeps each "
        "script's whole output.",
        "",
        f"**Machine:** {m.get('cpu', '?')}, {m.get('cores', '?')} cores, "
        f"{m.get('memory_gib', '?')} GiB, Python {m.get('python', '?')}, {m.get('platform', '?')}. "
        "Neo4j Community 5.26 started from Maven artifacts (`tests/neo4j_server.py`), on the same "
        "machine. The machine is shared: other work was running during most steps, so the load "
        "average before and after each run is listed below; wall times vary by tens of percent "
        "between runs on it.",
        "",
        "**Sizes:** synthetic towns (`graphsvc.synth.generate`, seed as in each script): 10,000 "
        "people are about 15k nodes and 108k ties; 100,000 people about 151k nodes and 1.08M "
        "ties.",
        "",
        "**Reading the table:** *goal* is the one set by the issue in the next column, at the "
        "size shown; "
        "*ratio* is value / goal when higher is better and goal / value when lower is, so 1.00 "
        "or more means the goal is met. A cell in brackets is a run that did not happen or did "
        "not finish (see the runs below); a dash, a figure that run does not take (the CSV "
        "import at 100k people runs on the embedded store only: the Neo4j half alone would "
        "take over ten minutes on two cores).",
        "",
        "## Speed at 10k and 100k people",
        "",
        *_md_table(
            ["figure", "goal", "issue", "10k people", "100k people", "ratio", "met"],
            [
                [r["figure"], r["goal"], r["issue"], r["small"], r["large"], r["ratio"], r["met"]]
                for r in sized
            ],
        ),
        "",
        "## Under load, faults and fuzzing",
        "",
        *_md_table(
            ["figure", "goal", "issue", "value", "ratio", "met"],
            [
                [r["figure"], r["goal"], r["issue"], r["large"] or r["once"], r["ratio"], r["met"]]
                for r in once
            ],
        ),
        "",
    ]
    load = _load_rows(runs)
    if load:
        lines += [
            "### The load test by kind of request",
            "",
            "`mixed` is a broker's session (maps, scores, chains, writes); `maps` is maps and "
            "writes only. Latency is measured by the clients, on the same machine.",
            "",
            *_md_table(
                ["phase", "kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
                load,
            ),
            "",
        ]
    growth = _growth(runs)
    if growth:
        lines += [
            "## Growth from 10k to 100k people",
            "",
            "The same figure at both sizes; 10x the people is about 10x the ties. "
            "`docs/scaling.md` reads these curves.",
            "",
            *_md_table(["figure", "10k", "100k", "100k / 10k"], growth),
            "",
        ]
    lines += [
        "## What each step measures",
        "",
        *[f"- `{s.name}` (`benchmarks/{s.script}`): {s.about}." for s in STEPS.values()],
        "",
        "## The runs",
        "",
        "Start times are UTC; load is the 1-minute load average before -> after.",
        "",
        *_md_table(
            ["command", "status", "start", "took", "load", "commit", "error or note"],
            _runs_rows(runs),
        ),
        "",
        "## Running it",
        "",
        "```sh",
        ".venv/bin/python -m benchmarks                 # every step at 10k and 100k people",
        ".venv/bin/python -m benchmarks --quick         # 10k people, no load/faults/fuzz",
        ".venv/bin/python -m benchmarks --only api load # some steps; adds to today's results",
        ".venv/bin/python -m benchmarks --report        # rewrite this page from the results",
        "```",
        "",
        "Each script can also be run alone (`benchmarks/<name>.py --help`).",
        "",
    ]
    path.write_text("\n".join(_wrapped(lines)))


def _wrapped(lines: list[str]) -> list[str]:
    """Prose wrapped at 100 columns like the other docs; tables, code and headings as they are."""
    out: list[str] = []
    in_code = False
    for line in lines:
        if line.startswith("```"):
            in_code = not in_code
        if in_code or line.startswith(("```", "|", "#", "<!--")) or len(line) <= 100:
            out.append(line)
        else:
            glued = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\0"), line)
            indent = "  " if line.startswith("- ") else ""
            wrapped = textwrap.wrap(glued, 100, subsequent_indent=indent, break_on_hyphens=False)
            out += [w.replace("\0", " ") for w in wrapped]  # code spans are never split
    return out
